import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { insertDocument, type StoredDocument } from '../../db/documents.js';
import type { StatusStore } from '../../db/status-transition.js';
import { systemActor, type Actor } from '../../domain/actor.js';
import { formatAddress } from '../../domain/address.js';
import type { IsoDate } from '../../domain/dates.js';
import { ForbiddenError } from '../../domain/errors.js';
import type { RegistrationFileFacts } from '../../domain/registration-file.js';
import type { RegistrationStatus } from '../../domain/registration-status.js';
import type { RegistrationBasis, Service } from '../../domain/subsidy-terms.js';
import { loadRuleParameters } from '../applications/ceiling.queries.js';
import type { ProviderIdentity } from './registration.pdf.js';
import type { RegistrationWizardContext } from './registration.wizard.js';

/** Where registrations and their history live, for applyStatusTransition. */
export const registrationStore: StatusStore = {
  table: 'registrations',
  historyTable: 'registration_history',
  historyForeignKey: 'registration_id',
  entityType: 'registration',
  noun: 'deze registratie',
};

/** The columns of the registration file, empty: what a new request (renewal, re-registration) starts from. */
export const emptyRegistrationFile = {
  declaration_received_on: null,
  declaration_recorded_by: null,
  declaration_recorded_at: null,
  declaration_document_id: null,
  declaration_uploaded_by: null,
  declaration_uploaded_at: null,
  audit_report_document_id: null,
  audit_report_uploaded_by: null,
  audit_report_uploaded_at: null,
} as const;

/** A provider's own scope: the head office, or a department user's departments. */
export type ProviderRegistrationScope = Exclude<RegistrationScope, { kind: 'agency' }>;

/** What a certificate mail needs of the registration, its organisation and department. */
export interface CertificateFacts {
  service: Service;
  /** The registration number, when one was given. */
  number: string | null;
  provider: ProviderIdentity;
  contactEmail: string;
  departmentName: string | null;
  departmentEmail: string | null;
}

/** An organisation's address from its row, on one line. */
const addressOf = (row: {
  street: string;
  house_number: string;
  box: string | null;
  postcode: string;
  municipality: string;
}) => formatAddress({ ...row, houseNumber: row.house_number });

/** Whose registrations a query sees: the head office all of its organisation, a department user its departments. */
export type RegistrationScope =
  | { kind: 'provider'; providerId: number }
  | { kind: 'department'; providerId: number; departmentIds: number[] }
  | { kind: 'agency' };

export function registrationScopeOf(principal: Principal): RegistrationScope {
  if (principal.kind === 'provider') return { kind: 'provider', providerId: principal.providerId };
  if (principal.kind === 'department')
    return { kind: 'department', providerId: principal.providerId, departmentIds: principal.departmentIds };
  if (principal.kind === 'agency') return { kind: 'agency' };
  throw new ForbiddenError();
}

export function applyRegistrationScope(
  query: Knex.QueryBuilder,
  scope: RegistrationScope,
  alias = 'r',
): Knex.QueryBuilder {
  if (scope.kind === 'provider') return query.where(`${alias}.provider_id`, scope.providerId);
  if (scope.kind === 'department')
    return query
      .where(`${alias}.provider_id`, scope.providerId)
      .whereIn(`${alias}.department_id`, scope.departmentIds);
  return query;
}

export interface RegistrationRow {
  id: number;
  providerId: number;
  departmentId: number | null;
  departmentName: string | null;
  departmentEmail: string | null;
  providerName: string;
  service: Service;
  basis: RegistrationBasis;
  number: string | null;
  status: RegistrationStatus;
  conditional: boolean;
  auditBureau: string | null;
  validFrom: string | null;
  validUntil: string | null;
  requestedAt: Date;
  /** The file: the paper declaration's date of receipt and who recorded it. */
  declarationReceivedOn: IsoDate | null;
  declarationRecordedBy: string | null;
  declarationRecordedAt: Date | null;
  /** The signed declaration uploaded as PDF, who uploaded it and when. */
  declarationDocumentId: number | null;
  declarationUploadedBy: string | null;
  declarationUploadedAt: Date | null;
  /** The audit bureau's report, who uploaded it and when. */
  auditReportDocumentId: number | null;
  auditReportUploadedBy: string | null;
  auditReportUploadedAt: Date | null;
}

/** What the approval rule reads of a registration's file. */
export function registrationFileFacts(row: {
  basis: RegistrationBasis;
  declarationReceivedOn: IsoDate | null;
  declarationDocumentId: number | null;
  auditReportDocumentId: number | null;
}): RegistrationFileFacts {
  return {
    basis: row.basis,
    declarationReceivedOn: row.declarationReceivedOn,
    hasDeclarationDocument: row.declarationDocumentId !== null,
    hasAuditReport: row.auditReportDocumentId !== null,
  };
}

/** The two documents of a registration's file. */
export type RegistrationFileDocument = 'declaration' | 'audit_report';

const fileDocumentColumns: Record<RegistrationFileDocument, { document: string; by: string; at: string }> = {
  declaration: {
    document: 'declaration_document_id',
    by: 'declaration_uploaded_by',
    at: 'declaration_uploaded_at',
  },
  audit_report: {
    document: 'audit_report_document_id',
    by: 'audit_report_uploaded_by',
    at: 'audit_report_uploaded_at',
  },
};

export interface RegistrationHistoryRow {
  at: Date;
  fromStatus: RegistrationStatus | null;
  toStatus: RegistrationStatus;
  action: string;
  actorLabel: string;
  reason: string | null;
}

export type RegistrationSort = 'service' | 'number' | 'validUntil' | 'provider' | 'type' | 'status';

const sortColumns: Record<RegistrationSort, string> = {
  service: 'r.service',
  number: 'r.number',
  validUntil: 'r.valid_until',
  provider: 'provider_label',
  type: 'type_order',
  status: 'r.status',
};

const selection = {
  id: 'r.id',
  providerId: 'r.provider_id',
  departmentId: 'r.department_id',
  departmentName: 'd.name',
  departmentEmail: 'd.contact_email',
  providerName: 'p.legal_name',
  service: 'r.service',
  basis: 'r.basis',
  number: 'r.number',
  status: 'r.status',
  conditional: 'r.conditional',
  auditBureau: 'r.audit_bureau',
  validFrom: 'r.valid_from',
  validUntil: 'r.valid_until',
  requestedAt: 'r.requested_at',
  declarationReceivedOn: 'r.declaration_received_on',
  declarationRecordedBy: 'r.declaration_recorded_by',
  declarationRecordedAt: 'r.declaration_recorded_at',
  declarationDocumentId: 'r.declaration_document_id',
  declarationUploadedBy: 'r.declaration_uploaded_by',
  declarationUploadedAt: 'r.declaration_uploaded_at',
  auditReportDocumentId: 'r.audit_report_document_id',
  auditReportUploadedBy: 'r.audit_report_uploaded_by',
  auditReportUploadedAt: 'r.audit_report_uploaded_at',
};

/** A provider organisation's name, identity and address, as the wizard and the certificate read them. */
interface OrganisationRow {
  legal_name: string;
  enterprise_number: string;
  legal_form: string;
  street: string;
  house_number: string;
  box: string | null;
  postcode: string;
  municipality: string;
}

/** What the agency's approval and a change to the file read of a locked registration. */
export interface LockedRegistration {
  id: number;
  status: RegistrationStatus;
  service: Service;
  basis: RegistrationBasis;
  number: string | null;
  valid_until: string | null;
  declaration_received_on: IsoDate | null;
  declaration_document_id: number | null;
  audit_report_document_id: number | null;
}

/** The file facts of a locked row. */
export function lockedFileFacts(row: LockedRegistration): RegistrationFileFacts {
  return registrationFileFacts({
    basis: row.basis,
    declarationReceivedOn: row.declaration_received_on,
    declarationDocumentId: row.declaration_document_id,
    auditReportDocumentId: row.audit_report_document_id,
  });
}

/** Registrations: writes, and reads always within a scope (a foreign id is not found). */
export class RegistrationRepository {
  constructor(private readonly db: Knex) {}

  private base(db: Knex | Knex.Transaction = this.db) {
    return db('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id');
  }

  async list(
    scope: RegistrationScope,
    options: {
      onlyActive: boolean;
      activeStatuses: readonly RegistrationStatus[];
      sort: RegistrationSort;
      direction: 'asc' | 'desc';
    },
  ): Promise<RegistrationRow[]> {
    const query = this.base()
      .select(selection)
      .select(this.db.raw(`coalesce(d.name, p.legal_name) as provider_label`))
      .select(this.db.raw(`case when r.department_id is null then 0 else 1 end as type_order`));
    applyRegistrationScope(query, scope);
    if (options.onlyActive) query.whereIn('r.status', options.activeStatuses);
    const nulls = options.direction === 'asc' ? 'nulls last' : 'nulls first';
    query.orderByRaw(`${sortColumns[options.sort]} ${options.direction} ${nulls}`).orderBy('r.id', 'asc');
    return (await query) as RegistrationRow[];
  }

  async find(
    scope: RegistrationScope,
    id: number,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<RegistrationRow | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const query = this.base(db).where('r.id', id).first(selection);
    applyRegistrationScope(query, scope);
    return (await query) as RegistrationRow | undefined;
  }

  async history(registrationId: number): Promise<RegistrationHistoryRow[]> {
    return this.db('registration_history')
      .where({ registration_id: registrationId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select({
        at: 'created_at',
        fromStatus: 'from_status',
        toStatus: 'to_status',
        action: 'action',
        actorLabel: 'actor_label',
        reason: 'reason',
      });
  }

  /** Registrations of one provider at one level (head office: departmentId null), for the open-request rule. */
  async atLevel(
    db: Knex | Knex.Transaction,
    providerId: number,
    departmentId: number | null,
    service: Service,
  ): Promise<{ id: number; status: RegistrationStatus }[]> {
    const query = db('registrations').where({ provider_id: providerId, service }).select('id', 'status');
    if (departmentId === null) query.whereNull('department_id');
    else query.where({ department_id: departmentId });
    return query;
  }

  /**
   * What the request wizard checks against, within the provider's scope: the
   * organisation, the departments the user may request for and the
   * registrations already there.
   */
  async wizardContext(scope: ProviderRegistrationScope, today: IsoDate): Promise<RegistrationWizardContext> {
    const provider = await this.db('provider_organisations')
      .where({ id: scope.providerId })
      .first<OrganisationRow | undefined>();
    if (!provider) throw new Error(`provider ${scope.providerId} vanished`);
    const departmentQuery = this.db('departments')
      .where({ provider_id: scope.providerId })
      .orderBy('name')
      .select<{ id: number; name: string }[]>('id', 'name');
    if (scope.kind === 'department') departmentQuery.whereIn('id', scope.departmentIds);
    const existingQuery = this.db('registrations as r').select<
      { department_id: number | null; service: Service; status: RegistrationStatus }[]
    >('r.department_id', 'r.service', 'r.status');
    applyRegistrationScope(existingQuery, scope);
    const [departments, existing, rules] = await Promise.all([
      departmentQuery,
      existingQuery,
      loadRuleParameters(this.db),
    ]);
    return {
      providerId: scope.providerId,
      provider: {
        legalName: provider.legal_name,
        enterpriseNumber: provider.enterprise_number,
        legalForm: provider.legal_form,
        address: addressOf(provider),
      },
      headOfficeAllowed: scope.kind === 'provider',
      departments,
      rules,
      today,
      existing: existing.map((row) => ({
        departmentId: row.department_id,
        service: row.service,
        status: row.status,
      })),
    };
  }

  /** Locks the provider: two submits for the same level and service queue up. */
  async lockProvider(trx: Knex.Transaction, providerId: number): Promise<void> {
    await trx('provider_organisations').where({ id: providerId }).forUpdate().first('id');
  }

  /** A new request in status A with its first history row. */
  async insertRequest(
    trx: Knex.Transaction,
    values: {
      providerId: number;
      departmentId: number | null;
      service: Service;
      basis: RegistrationBasis;
      auditBureau: string | null;
    },
    actor: Actor,
  ): Promise<number> {
    const [row] = await trx('registrations')
      .insert({
        provider_id: values.providerId,
        department_id: values.departmentId,
        service: values.service,
        basis: values.basis,
        audit_bureau: values.auditBureau,
        status: 'A',
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('registration insert returned no row');
    await trx(registrationStore.historyTable).insert({
      registration_id: row.id,
      from_status: null,
      to_status: 'A',
      action: 'request',
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
    });
    return row.id;
  }

  /** The registration's row, locked, for the agency's approval. */
  async findForUpdate(trx: Knex.Transaction, id: number): Promise<LockedRegistration | undefined> {
    return trx('registrations').where({ id }).forUpdate().first<LockedRegistration | undefined>();
  }

  /** The registration's row, locked, if the scope may see it: for a change to its file. */
  async findInScopeForUpdate(
    trx: Knex.Transaction,
    scope: RegistrationScope,
    id: number,
  ): Promise<LockedRegistration | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const query = trx('registrations as r').where('r.id', id).forUpdate().first('r.*');
    applyRegistrationScope(query, scope);
    return (await query) as LockedRegistration | undefined;
  }

  /** Staff record the date the paper declaration on honour arrived. */
  async recordDeclarationReceived(
    trx: Knex.Transaction,
    id: number,
    receivedOn: IsoDate,
    actor: Actor,
  ): Promise<void> {
    await trx('registrations').where({ id }).update({
      declaration_received_on: receivedOn,
      declaration_recorded_by: actor.label,
      declaration_recorded_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    });
  }

  /** Stores an uploaded PDF as the file's declaration or audit report (a new one replaces the last); returns its id. */
  async attachFileDocument(
    trx: Knex.Transaction,
    id: number,
    kind: RegistrationFileDocument,
    document: { filename: string; contentType: string; content: Buffer },
    actor: Actor,
  ): Promise<number> {
    const documentId = await insertDocument(trx, document, actor);
    const columns = fileDocumentColumns[kind];
    await trx('registrations')
      .where({ id })
      .update({
        [columns.document]: documentId,
        [columns.by]: actor.label,
        [columns.at]: trx.fn.now(),
        updated_at: trx.fn.now(),
      });
    return documentId;
  }

  /**
   * A document of the registration's file (its current declaration or audit
   * report), if the scope may see the registration: another party's answers
   * undefined, as does a document that is not (or no longer) in the file.
   */
  async findFileDocument(
    scope: RegistrationScope,
    registrationId: number,
    documentId: number,
  ): Promise<StoredDocument | undefined> {
    if (![registrationId, documentId].every((id) => Number.isSafeInteger(id) && id > 0)) return undefined;
    const query = this.db('registrations as r')
      .join('documents as doc', function () {
        this.on('doc.id', '=', 'r.declaration_document_id').orOn('doc.id', '=', 'r.audit_report_document_id');
      })
      .where({ 'r.id': registrationId, 'doc.id': documentId })
      .first({
        id: 'doc.id',
        filename: 'doc.filename',
        contentType: 'doc.content_type',
        content: 'doc.content',
      });
    applyRegistrationScope(query, scope);
    return (await query) as StoredDocument | undefined;
  }

  /** Approved registrations whose expiry date lies before `today`. */
  async dueForExpiry(today: IsoDate): Promise<number[]> {
    return this.db('registrations').where({ status: 'G' }).andWhere('valid_until', '<', today).pluck('id');
  }

  /** The organisation and department of a registration, read outside a transaction (the declaration PDF). */
  async identityFacts(id: number): Promise<CertificateFacts | undefined> {
    return this.certificateFacts(this.db, id);
  }

  /** The organisation and department of a registration, as its certificate and mail name them. */
  async certificateFacts(trx: Knex | Knex.Transaction, id: number): Promise<CertificateFacts | undefined> {
    const row = await trx('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .where('r.id', id)
      .first<
        | (OrganisationRow & {
            service: Service;
            number: string | null;
            contact_email: string;
            department_name: string | null;
            department_email: string | null;
          })
        | undefined
      >(
        'r.service',
        'r.number',
        'p.legal_name',
        'p.enterprise_number',
        'p.legal_form',
        'p.street',
        'p.house_number',
        'p.box',
        'p.postcode',
        'p.municipality',
        'p.contact_email',
        'd.name as department_name',
        'd.contact_email as department_email',
      );
    if (!row) return undefined;
    return {
      service: row.service,
      number: row.number,
      provider: {
        legalName: row.legal_name,
        enterpriseNumber: row.enterprise_number,
        legalForm: row.legal_form,
        address: addressOf(row),
      },
      contactEmail: row.contact_email,
      departmentName: row.department_name,
      departmentEmail: row.department_email,
    };
  }

  /** A PDF the system made (a certificate), stored for the mail that carries it. */
  async insertSystemDocument(trx: Knex.Transaction, filename: string, pdf: Buffer): Promise<number> {
    return insertDocument(trx, { filename, contentType: 'application/pdf', content: pdf }, systemActor);
  }

  async nextNumber(trx: Knex.Transaction, service: Service): Promise<string> {
    const result = await trx.raw<{ rows: { value: number }[] }>(
      `select nextval('registration_number_seq')::int as value`,
    );
    const value = result.rows[0]?.value;
    if (value === undefined) throw new Error('no registration number');
    return `DV.${service === 'opleiding' ? 'O' : 'A'}${String(value).padStart(6, '0')}`;
  }
}
