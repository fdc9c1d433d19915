import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import { registrationStatusLabels, type RegistrationStatus } from '../../domain/registration-status.js';
import { serviceLabels, type RegistrationBasis, type Service } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import {
  applyRegistrationScope,
  type ProviderRegistrationScope,
  type RegistrationRepository,
} from '../registrations/registration.repository.js';
import type { ApiEndpoint } from './api.router.js';
import { registrationScopeOfCaller } from './api-scope.js';
import { decodeCursor, encodeCursor, parseLimit } from './pagination.js';
import { notFound } from './problem.js';

interface RegistrationApiRow {
  id: number;
  number: string | null;
  service: Service;
  basis: RegistrationBasis;
  status: RegistrationStatus;
  conditional: boolean;
  departmentId: number | null;
  departmentName: string | null;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
  requestedAt: Date;
}

const selection = {
  id: 'r.id',
  number: 'r.number',
  service: 'r.service',
  basis: 'r.basis',
  status: 'r.status',
  conditional: 'r.conditional',
  departmentId: 'r.department_id',
  departmentName: 'd.name',
  validFrom: 'r.valid_from',
  validUntil: 'r.valid_until',
  requestedAt: 'r.requested_at',
};

/** The registrations as the API reads them: within the token's scope, in id order for the cursor. */
export class RegistrationApiQueries {
  constructor(private readonly db: Knex) {}

  private base(scope: ProviderRegistrationScope) {
    const query = this.db('registrations as r').leftJoin('departments as d', 'd.id', 'r.department_id');
    applyRegistrationScope(query, scope);
    return query;
  }

  async page(
    scope: ProviderRegistrationScope,
    afterId: number,
    limit: number,
  ): Promise<RegistrationApiRow[]> {
    return this.base(scope)
      .where('r.id', '>', afterId)
      .orderBy('r.id', 'asc')
      .limit(limit)
      .select<RegistrationApiRow[]>(selection);
  }

  async find(scope: ProviderRegistrationScope, id: number): Promise<RegistrationApiRow | undefined> {
    return this.base(scope).where('r.id', id).first<RegistrationApiRow | undefined>(selection);
  }
}

function presentRegistration(row: RegistrationApiRow) {
  return {
    id: row.id,
    number: row.number,
    service: row.service,
    serviceLabel: serviceLabels[row.service],
    basis: row.basis,
    status: row.status,
    statusLabel: registrationStatusLabels[row.status],
    conditional: row.conditional,
    department: row.departmentId === null ? null : { id: row.departmentId, name: row.departmentName ?? '' },
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    requestedAt: row.requestedAt.toISOString(),
    links: { self: paths.api.registration(row.id) },
  };
}

/** GET /api/v1/registrations and /registrations/{id}: the token's registrations. */
export function registrationEndpoints(deps: {
  queries: RegistrationApiQueries;
  /** The registrations' own history reader (the provider's and the agency's detail pages read it too). */
  registrations: Pick<RegistrationRepository, 'history'>;
}): ApiEndpoint[] {
  const { queries, registrations } = deps;
  return [
    {
      path: '/registrations',
      query: ['limit', 'cursor'],
      handle: async ({ caller, query }) => {
        const limit = parseLimit(query.limit);
        const [afterId] = decodeCursor(query.cursor, ['number'] as const) ?? [0];
        // One more than asked: whether there is a next page.
        const rows = await queries.page(registrationScopeOfCaller(caller), afterId, limit + 1);
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        const next =
          rows.length > limit && last
            ? `${paths.api.registrations()}?${new URLSearchParams({ limit: String(limit), cursor: encodeCursor([last.id]) }).toString()}`
            : null;
        return { data: items.map(presentRegistration), links: { next } };
      },
    },
    {
      path: '/registrations/:id',
      query: [],
      handle: async ({ caller, params }) => {
        const raw = params.id ?? '';
        if (!/^[1-9][0-9]{0,8}$/.test(raw)) throw notFound();
        const row = await queries.find(registrationScopeOfCaller(caller), Number(raw));
        if (!row) throw notFound();
        const history = await registrations.history(row.id);
        return {
          ...presentRegistration(row),
          history: history.map((entry) => ({
            at: entry.at.toISOString(),
            fromStatus: entry.fromStatus,
            toStatus: entry.toStatus,
            action: entry.action,
            reason: entry.reason,
          })),
        };
      },
    },
  ];
}
