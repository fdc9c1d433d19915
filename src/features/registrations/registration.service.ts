import type { Knex } from 'knex';
import { applyStatusTransition } from '../../db/status-transition.js';
import type { Clock } from '../../clock.js';
import { addDays } from '../../domain/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { approvalRefusal, mayCompleteFile } from '../../domain/registration-file.js';
import {
  mayApproveConditionally,
  registrationMachine,
  registrationStatusLabels,
  type RegistrationAction,
  type RegistrationStatus,
} from '../../domain/registration-status.js';
import { serviceLabels, type RegistrationBasis, type Service } from '../../domain/subsidy-terms.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { recordAudit } from '../../db/audit-log.js';
import { registrationValidityInForce } from '../../domain/rule-parameters.js';
import { loadRuleParameters } from '../applications/ceiling.queries.js';
import type { Actor } from '../../domain/actor.js';
import { registrationCertificatePdf } from './registration.pdf.js';
import { startsNewFile } from '../../domain/registration-file.js';
import {
  emptyRegistrationFile,
  lockedFileFacts,
  registrationStore,
  type RegistrationRepository,
  type RegistrationScope,
} from './registration.repository.js';
import {
  blockingRegistration,
  departmentIdOfLevel,
  type RegistrationWizardContext,
} from './registration.wizard.js';
import { providerRecipients } from '../projects/provider-recipients.js';
import { paths } from '../../paths.js';

/** The agency's decisions other than an approval, each mailed to the provider. */
export type AgencyDecision = Exclude<RegistrationAction, 'approve' | 'renew'>;

/** The last day of a validity of n years starting on `from`: 2026-03-01 + 5 years → 2031-02-28. */
export function validityEnd(from: string, years: number): string {
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  const sameDayLater = new Date(Date.UTC(year + years, month - 1, day));
  // 29 February without a leap year rolls over to 1 March; either way the day before is the last one.
  return addDays(sameDayLater.toISOString().slice(0, 10), -1);
}

/** Registration use cases: the provider's request and actions, the agency's decisions. */
export class RegistrationService {
  constructor(
    private readonly db: Knex,
    private readonly registrations: RegistrationRepository,
    private readonly options: { onMailQueued: () => void; clock: Clock; publicUrl: string },
  ) {}

  private today(): string {
    return this.options.clock.today();
  }

  /** The wizard's submit: a registration in status A with its first history row. */
  async submitRequest(
    trx: Knex.Transaction,
    answers: Record<string, unknown>,
    context: RegistrationWizardContext,
    actor: Actor,
    requestId?: string,
  ): Promise<number> {
    const service = answers.service as Service;
    const departmentId = departmentIdOfLevel(answers.level);
    // Lock the provider so that two submits for the same level and service queue up.
    await this.registrations.lockProvider(trx, context.providerId);
    const existing = await this.registrations.atLevel(trx, context.providerId, departmentId, service);
    const blocking = blockingRegistration(
      answers,
      { ...context, existing: existing.map((row) => ({ ...row, departmentId, service })) },
      service,
    );
    if (blocking) throw new ConflictError(blocking);

    const basis = answers.basis as RegistrationBasis;
    const id = await this.registrations.insertRequest(
      trx,
      {
        providerId: context.providerId,
        departmentId,
        service,
        basis,
        auditBureau: basis === 'publiek' ? null : String(answers.auditBureau),
      },
      actor,
    );
    await recordAudit(trx, {
      actor,
      action: 'registration.request',
      entityType: 'registration',
      entityId: id,
      details: { service, basis, departmentId },
      requestId,
    });
    await this.mailRequest(trx, id, basis);
    return id;
  }

  /** Wakes the mail sender after a commit that queued mail outside this service (the wizard's submit). */
  mailQueued(): void {
    this.options.onMailQueued();
  }

  /** A provider's action (renewal, re-registration, withdrawal, stop) on a registration in its scope. */
  async providerAction(
    scope: RegistrationScope,
    id: number,
    action: RegistrationAction,
    input: { actor: Actor; expectedFrom: RegistrationStatus; reason?: string; requestId?: string },
  ): Promise<RegistrationStatus> {
    return this.db.transaction(async (trx) => {
      const registration = await this.registrations.find(scope, id, trx);
      if (!registration) throw new NotFoundError('Deze registratie bestaat niet of hoort niet bij u.');
      const { to } = await applyStatusTransition(trx, registrationMachine, registrationStore, {
        id,
        action,
        actorKind: 'provider',
        actor: input.actor,
        expectedFrom: input.expectedFrom,
        reason: input.reason,
        requestId: input.requestId,
        changes: () => (startsNewFile(action) ? emptyRegistrationFile : {}),
      });
      return to;
    });
  }

  /**
   * The agency approves a request (A → G), a renewal (G/V → G, same number,
   * five more years after the current expiry) or a re-registration (L/H → G):
   * a number is given when there is none, the validity is set (the years of
   * the dated rule in force on the approval date: 5, or 2 when conditional),
   * and the certificate goes by mail as PDF — all in one transaction. Refused
   * while the registration's file is incomplete (domain/registration-file.ts).
   */
  async approve(
    id: number,
    input: { actor: Actor; conditional?: boolean; expectedFrom?: RegistrationStatus; requestId?: string },
  ): Promise<{ number: string; validFrom: string; validUntil: string }> {
    const today = this.today();
    const result = await this.db.transaction(async (trx) => {
      const current = await this.registrations.findForUpdate(trx, id);
      if (!current) throw new NotFoundError();
      const conditional = input.conditional ?? false;
      if (conditional && !mayApproveConditionally(current.status)) {
        throw new InvalidTransitionError('Alleen een eerste aanvraag kan voorwaardelijk goedgekeurd worden.');
      }
      // The file must be complete: the declaration received, the audit report there or not needed.
      // (In any other status the status machine refuses the approval with its own message.)
      const incomplete = mayCompleteFile(current.status)
        ? approvalRefusal(lockedFileFacts(current))
        : undefined;
      if (incomplete) throw new InvalidTransitionError(incomplete);
      const action: RegistrationAction = current.status === 'G/V' ? 'renew' : 'approve';
      const number = current.number ?? (await this.registrations.nextNumber(trx, current.service));
      const validFrom =
        action === 'renew' && current.valid_until && current.valid_until >= today
          ? addDays(current.valid_until, 1)
          : today;
      const validity = registrationValidityInForce(await loadRuleParameters(trx), today);
      const validUntil = validityEnd(validFrom, conditional ? validity.conditionalYears : validity.years);
      await applyStatusTransition(trx, registrationMachine, registrationStore, {
        id,
        action,
        actorKind: 'agency',
        actor: input.actor,
        expectedFrom: input.expectedFrom,
        requestId: input.requestId,
        changes: () => ({ number, valid_from: validFrom, valid_until: validUntil, conditional }),
      });
      await this.mailCertificate(trx, id, { number, validFrom, validUntil, conditional });
      return { number, validFrom, validUntil };
    });
    this.options.onMailQueued();
    return result;
  }

  /** The agency's other decisions (refuse, suspend, lift, exclude): a status change with its reason. */
  async agencyDecision(
    id: number,
    action: AgencyDecision,
    input: { actor: Actor; reason?: string; expectedFrom?: RegistrationStatus; requestId?: string },
  ): Promise<RegistrationStatus> {
    const to = await this.db.transaction(async (trx) => {
      const { to } = await applyStatusTransition(trx, registrationMachine, registrationStore, {
        id,
        action,
        actorKind: 'agency',
        ...input,
      });
      await this.mailDecision(trx, id, { action, to, reason: input.reason?.trim() || null });
      return to;
    });
    this.options.onMailQueued();
    return to;
  }

  /** The nightly run: every approved registration whose expiry date has passed becomes L. */
  async expireDue(actor: Actor): Promise<number> {
    const today = this.today();
    const due = await this.registrations.dueForExpiry(today);
    for (const id of due) {
      await this.db.transaction((trx) =>
        applyStatusTransition(trx, registrationMachine, registrationStore, {
          id,
          action: 'expire',
          actorKind: 'system',
          actor,
          expectedFrom: 'G',
        }),
      );
    }
    return due.length;
  }

  /** The provider's confirmation of its request, in the request's transaction: what is left to send, and where. */
  private async mailRequest(trx: Knex.Transaction, id: number, basis: RegistrationBasis): Promise<void> {
    const row = await this.registrations.certificateFacts(trx, id);
    if (!row) throw new NotFoundError();
    for (const to of providerRecipients(row.contactEmail, row.departmentEmail)) {
      await enqueueMail(trx, {
        to,
        ...composeMail('registration-requested', {
          recipientName: row.departmentName ?? row.provider.legalName,
          serviceLabel: serviceLabels[row.service],
          registrationUrl: `${this.options.publicUrl}${paths.provider.registration(id)}`,
          auditExempt: basis === 'publiek',
        }),
      });
    }
  }

  private async mailDecision(
    trx: Knex.Transaction,
    id: number,
    decision: { action: AgencyDecision; to: RegistrationStatus; reason: string | null },
  ): Promise<void> {
    const row = await this.registrations.certificateFacts(trx, id);
    if (!row) throw new NotFoundError();
    for (const to of providerRecipients(row.contactEmail, row.departmentEmail)) {
      await enqueueMail(trx, {
        to,
        ...composeMail('registration-decided', {
          recipientName: row.departmentName ?? row.provider.legalName,
          serviceLabel: serviceLabels[row.service],
          registrationNumber: row.number,
          decision: decision.action,
          status: decision.to,
          statusLabel: registrationStatusLabels[decision.to],
          reason: decision.reason,
        }),
      });
    }
  }

  private async mailCertificate(
    trx: Knex.Transaction,
    id: number,
    validity: { number: string; validFrom: string; validUntil: string; conditional: boolean },
  ): Promise<void> {
    const row = await this.registrations.certificateFacts(trx, id);
    if (!row) throw new NotFoundError();
    const { provider } = row;
    const pdf = await registrationCertificatePdf({
      provider,
      departmentName: row.departmentName,
      service: row.service,
      ...validity,
    });
    const filename = `attest-${validity.number}.pdf`;
    const documentId = await this.registrations.insertSystemDocument(trx, filename, pdf);
    for (const to of providerRecipients(row.contactEmail, row.departmentEmail)) {
      await enqueueMail(trx, {
        to,
        ...composeMail('registration-approved', {
          recipientName: row.departmentName ?? provider.legalName,
          serviceLabel: serviceLabels[row.service],
          registrationNumber: validity.number,
          validFrom: validity.validFrom,
          validUntil: validity.validUntil,
          conditional: validity.conditional,
        }),
        attachments: [{ filename, contentType: 'application/pdf', documentId }],
      });
    }
  }
}
