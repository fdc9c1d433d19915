import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import type { IsoDate } from '../../domain/dates.js';
import type { UploadedDocument } from '../../domain/documents.js';
import { InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { auditReportRefusal, fileChangeRefusal } from '../../domain/registration-file.js';
import type {
  LockedRegistration,
  RegistrationFileDocument,
  RegistrationRepository,
  RegistrationScope,
} from './registration.repository.js';

interface FileInput {
  actor: Actor;
  requestId?: string;
}

const notFoundMessage = 'Deze registratie bestaat niet of hoort niet bij u.';

/**
 * The registration file: staff record the date the paper declaration on
 * honour arrived; the provider uploads the signed declaration; staff or the
 * provider upload the audit report. Each change locks the registration (an
 * approval waits for it), checks that a request still awaits a decision, and
 * writes its audit row in the same transaction.
 */
export class RegistrationFileService {
  constructor(
    private readonly db: Knex,
    private readonly registrations: RegistrationRepository,
    private readonly clock: Clock,
  ) {}

  /** Staff: the paper declaration arrived on this date (not after today). */
  async recordDeclarationReceived(id: number, receivedOn: IsoDate, input: FileInput): Promise<void> {
    if (receivedOn > this.clock.today())
      throw new InvalidTransitionError('De datum van ontvangst mag niet in de toekomst liggen.');
    await this.db.transaction(async (trx) => {
      const current = await this.lockOpen(trx, { kind: 'agency' }, id);
      await this.registrations.recordDeclarationReceived(trx, id, receivedOn, input.actor);
      await recordAudit(trx, {
        actor: input.actor,
        action: 'registration.record_declaration',
        entityType: 'registration',
        entityId: id,
        details: { declarationReceivedOn: { old: current.declaration_received_on, new: receivedOn } },
        requestId: input.requestId,
      });
    });
  }

  /** The provider: the signed declaration on honour as PDF. */
  async uploadDeclaration(
    scope: RegistrationScope,
    id: number,
    document: UploadedDocument,
    input: FileInput,
  ): Promise<number> {
    return this.attach(scope, id, 'declaration', document, input);
  }

  /** Staff or the provider: the audit bureau's report as PDF; a public provider needs none. */
  async uploadAuditReport(
    scope: RegistrationScope,
    id: number,
    document: UploadedDocument,
    input: FileInput,
  ): Promise<number> {
    return this.attach(scope, id, 'audit_report', document, input);
  }

  private async attach(
    scope: RegistrationScope,
    id: number,
    kind: RegistrationFileDocument,
    document: UploadedDocument,
    input: FileInput,
  ): Promise<number> {
    return this.db.transaction(async (trx) => {
      const current = await this.lockOpen(trx, scope, id);
      if (kind === 'audit_report') {
        const exempt = auditReportRefusal(current.basis);
        if (exempt) throw new InvalidTransitionError(exempt);
      }
      const previous =
        kind === 'declaration' ? current.declaration_document_id : current.audit_report_document_id;
      const documentId = await this.registrations.attachFileDocument(trx, id, kind, document, input.actor);
      await recordAudit(trx, {
        actor: input.actor,
        action:
          kind === 'declaration' ? 'registration.upload_declaration' : 'registration.upload_audit_report',
        entityType: 'registration',
        entityId: id,
        details: {
          [kind === 'declaration' ? 'declarationDocumentId' : 'auditReportDocumentId']: {
            old: previous,
            new: documentId,
          },
          filename: document.filename,
          sizeBytes: document.content.length,
        },
        requestId: input.requestId,
      });
      return documentId;
    });
  }

  /** The registration, locked, in the scope and in a status whose file may still change. */
  private async lockOpen(
    trx: Knex.Transaction,
    scope: RegistrationScope,
    id: number,
  ): Promise<LockedRegistration> {
    const current = await this.registrations.findInScopeForUpdate(trx, scope, id);
    if (!current) throw new NotFoundError(notFoundMessage);
    const refusal = fileChangeRefusal(current.status);
    if (refusal) throw new InvalidTransitionError(refusal);
    return current;
  }
}
