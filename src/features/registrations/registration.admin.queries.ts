import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import { registrationValidityInForce, type RegistrationValidityYears } from '../../domain/rule-parameters.js';
import { loadRuleParameters } from '../applications/ceiling.queries.js';
import { openRequestStatuses, type RegistrationStatus } from '../../domain/registration-status.js';
import type { RegistrationBasis, Service } from '../../domain/subsidy-terms.js';

/** One row of the agency's queue. */
export interface RegistrationQueueRow {
  id: number;
  providerName: string;
  departmentName: string | null;
  enterpriseNumber: string;
  service: Service;
  basis: RegistrationBasis;
  status: RegistrationStatus;
  /** When the request in its current status was made: the history row that led there, else the first request. */
  requestedAt: Date;
}

/** The agency's read models of registrations: every provider's (the agency sees all). */
export class RegistrationAdminQueries {
  constructor(private readonly db: Knex) {}

  /** The years an approval on `date` gives, as the decision buttons name them. */
  async validityYears(date: IsoDate): Promise<RegistrationValidityYears> {
    return registrationValidityInForce(await loadRuleParameters(this.db), date);
  }

  /** The queue, oldest request first; by default the requests awaiting a decision (A, G/V, L/H). */
  async queue(filter: {
    statuses?: readonly RegistrationStatus[];
    service?: Service;
  }): Promise<RegistrationQueueRow[]> {
    const query = this.db('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .whereIn('r.status', filter.statuses ?? openRequestStatuses)
      .select({
        id: 'r.id',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        enterpriseNumber: 'p.enterprise_number',
        service: 'r.service',
        basis: 'r.basis',
        status: 'r.status',
      })
      .select(
        this.db.raw(
          `coalesce((select max(h.created_at) from registration_history h
                      where h.registration_id = r.id and h.to_status = r.status), r.requested_at) as "requestedAt"`,
        ),
      )
      .orderBy([
        { column: 'requestedAt', order: 'asc' },
        { column: 'r.id', order: 'asc' },
      ]);
    if (filter.service) query.where('r.service', filter.service);
    return (await query) as RegistrationQueueRow[];
  }

  /** How many registrations await the agency's decision, per status (A, G/V, L/H). */
  async awaitingDecisionCounts(): Promise<Partial<Record<RegistrationStatus, number>>> {
    const rows = await this.db('registrations')
      .whereIn('status', openRequestStatuses)
      .groupBy('status')
      .select<{ status: RegistrationStatus; count: number }[]>(
        'status',
        this.db.raw('count(*)::int as count'),
      );
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }
}
