import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { ForbiddenError } from '../../domain/errors.js';
import type { RegistrationStatus } from '../../domain/registration-status.js';
import type { RegistrationBasis, Service } from '../../domain/subsidy-terms.js';

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
}

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
};

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

  async insertRequest(
    trx: Knex.Transaction,
    values: {
      providerId: number;
      departmentId: number | null;
      service: Service;
      basis: RegistrationBasis;
      auditBureau: string | null;
    },
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
    return row.id;
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
