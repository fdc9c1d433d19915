import { projectMailFacts } from '../../infra/mail/mail-templates.js';
import type { Knex } from 'knex';
import { applyStatusTransition } from '../../db/status-transition.js';
import type { Clock } from '../../clock.js';
import type { IsoDate } from '../../domain/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { formatEuro } from '../../domain/money.js';
import { projectMachine, projectStatusLabels, type ProjectStatus } from '../../domain/project-status.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { projectStore } from '../projects/project.repository.js';
import { enqueueLedgerPayouts } from '../payouts/payout-instruction.repository.js';
import type { WalletRepository } from './wallet.repository.js';
import { cancelRefusal, paymentRefusal } from './wallet-rules.js';

export const NOT_FOUND_MESSAGE = 'Dit project bestaat niet of hoort niet bij u.';

/** The history's reason when the last payment empties the wallet and the project is finished. */
export const COMPLETED_REASON = 'Het volledige saldo is betaald aan de dienstverlener.';

/** A payment form made for another balance: a second click, another tab, or a stop in between. */
export function staleBalanceMessage(balanceCents: number): string {
  return `Het saldo van dit project is intussen gewijzigd: het is nu ${formatEuro(balanceCents)}. Misschien verstuurde u het formulier twee keer. Kijk bij de bewegingen of uw betaling al geboekt is voor u opnieuw betaalt.`;
}

export interface CancelInput {
  actor: Actor;
  /** The status the company saw on the confirmation page. */
  expectedFrom: ProjectStatus;
  /** Optional: an empty reason is stored as none. */
  reason: string;
  requestId?: string;
}

export interface PaymentInput {
  actor: Actor;
  /** The balance the payment page showed. */
  expectedBalanceCents: number;
  amountCents: number;
  invoiceNumber: string;
  invoiceDate: IsoDate;
  requestId?: string;
}

export interface PaymentResult {
  ledgerEntryId: number;
  balanceCents: number;
  /** The payment emptied the wallet: the project is now Afgewerkt. */
  completed: boolean;
}

/**
 * The company's actions on a project from its wallet (DOMAIN.md §5–§6):
 * cancelling while Bevestigd and paying the provider from the balance. Each
 * runs in one transaction — find the project in the company, lock its row,
 * recheck what the page showed and the rules, write the change with its
 * history and audit rows, queue the provider's mail — and kicks the mail
 * sender after the commit. A second click or a stale page finds another
 * status or balance and changes nothing.
 */
export class WalletService {
  constructor(
    private readonly db: Knex,
    private readonly repository: WalletRepository,
    private readonly options: {
      publicUrl: string;
      paymentInstitutionName: string;
      onMailQueued: () => void;
      clock: Clock;
    },
  ) {}

  private today(): IsoDate {
    return this.options.clock.today();
  }

  /** Bevestigd → ProjectGeannuleerd (action cancel, actor company); the provider is mailed. */
  async cancel(companyId: number, projectNumber: string, input: CancelInput): Promise<void> {
    await this.db.transaction(async (trx) => {
      const project = await this.repository.findInCompany(companyId, projectNumber, trx);
      if (!project) throw new NotFoundError(NOT_FOUND_MESSAGE);
      const facts = await this.repository.facts(project.id, { trx, lock: true });
      if (facts.status !== input.expectedFrom) {
        throw new ConflictError(
          `Dit project heeft intussen de status "${projectStatusLabels[facts.status]}". Annuleren kan daardoor niet meer. Bekijk de actuele gegevens.`,
        );
      }
      const refusal = cancelRefusal(facts);
      if (refusal) throw new InvalidTransitionError(refusal);
      const reason = input.reason.trim();
      await applyStatusTransition(trx, projectMachine, projectStore, {
        id: project.id,
        action: 'cancel',
        actorKind: 'company',
        actor: input.actor,
        expectedFrom: input.expectedFrom,
        reason: reason === '' ? undefined : reason,
        requestId: input.requestId,
      });
      const context = await this.repository.providerMailContext(trx, project.id);
      for (const address of context.providerEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('project-cancelled-by-company', {
            ...projectMailFacts(context),
            reason,
            projectUrl: `${this.options.publicUrl}${paths.provider.project(context.projectNumber)}`,
          }),
        });
      }
    });
    this.options.onMailQueued();
  }

  /**
   * Pays the provider from the project's balance against an invoice: a
   * betaling_dienstverlener entry (negative), an audit row and the provider's
   * mail. When the balance becomes zero the project goes Lopend → Afgewerkt
   * (action complete, actor company) in the same transaction. The row lock and
   * the balance the page showed make two payments at once impossible: the
   * second waits, then finds another balance and is refused.
   */
  async pay(companyId: number, projectNumber: string, input: PaymentInput): Promise<PaymentResult> {
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
      throw new InvalidTransitionError('Het bedrag moet groter zijn dan € 0,00.');
    }
    const result = await this.db.transaction(async (trx) => {
      const project = await this.repository.findInCompany(companyId, projectNumber, trx);
      if (!project) throw new NotFoundError(NOT_FOUND_MESSAGE);
      const facts = await this.repository.facts(project.id, { trx, lock: true });
      if (facts.balanceCents !== input.expectedBalanceCents) {
        throw new ConflictError(staleBalanceMessage(facts.balanceCents));
      }
      const refusal = paymentRefusal(facts);
      if (refusal) throw new InvalidTransitionError(refusal);
      if (input.amountCents > facts.balanceCents) {
        throw new InvalidTransitionError(
          `Het bedrag is hoger dan het saldo van dit project (${formatEuro(facts.balanceCents)}). U kunt niet meer betalen dan het saldo.`,
        );
      }
      const ledgerEntryId = await this.repository.insertPayment(trx, project.id, {
        amountCents: input.amountCents,
        bookedOn: this.today(),
        invoiceNumber: input.invoiceNumber,
        invoiceDate: input.invoiceDate,
      });
      // The money leaves the payment institution's account in the next payout batch.
      await enqueueLedgerPayouts(trx, [ledgerEntryId]);
      const balanceCents = facts.balanceCents - input.amountCents;
      await recordAudit(trx, {
        actor: input.actor,
        action: 'project.pay_provider',
        entityType: 'project',
        entityId: project.id,
        details: {
          ledgerEntryId,
          amountCents: input.amountCents,
          invoiceNumber: input.invoiceNumber,
          invoiceDate: input.invoiceDate,
          balanceCents: { old: facts.balanceCents, new: balanceCents },
        },
        requestId: input.requestId,
      });
      const completed = balanceCents === 0;
      if (completed) {
        await applyStatusTransition(trx, projectMachine, projectStore, {
          id: project.id,
          action: 'complete',
          actorKind: 'company',
          actor: input.actor,
          expectedFrom: 'Lopend',
          reason: COMPLETED_REASON,
          requestId: input.requestId,
        });
      }
      const context = await this.repository.providerMailContext(trx, project.id);
      for (const address of context.providerEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('provider-paid', {
            ...projectMailFacts(context),
            amountCents: input.amountCents,
            invoiceNumber: input.invoiceNumber,
            invoiceDate: input.invoiceDate,
            balanceCents,
            completed,
            paymentInstitutionName: this.options.paymentInstitutionName,
            providerIban: context.providerIban,
            projectUrl: `${this.options.publicUrl}${paths.provider.project(context.projectNumber)}`,
          }),
        });
      }
      return { ledgerEntryId, balanceCents, completed };
    });
    this.options.onMailQueued();
    return result;
  }
}
