import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';

/** One row of a rule's history, as the agency's rules page shows it. */
export interface RuleParameterHistoryRow {
  id: number;
  key: string;
  validFrom: IsoDate;
  value: number;
  note: string;
  createdByLabel: string | null;
  createdAt: Date;
}

/** The agency's read model of the dated rule parameters: every row, a small table. */
export class RuleParameterAdminQueries {
  constructor(private readonly db: Knex) {}

  /** Every row of every key (or of one key), newest valid_from first. */
  async history(key?: string): Promise<RuleParameterHistoryRow[]> {
    const query = this.db('rule_parameters').select<RuleParameterHistoryRow[]>({
      id: 'id',
      key: 'key',
      validFrom: 'valid_from',
      value: 'value',
      note: 'note',
      createdByLabel: 'created_by_label',
      createdAt: 'created_at',
    });
    if (key !== undefined) query.where({ key });
    return query.orderBy([
      { column: 'key', order: 'asc' },
      { column: 'valid_from', order: 'desc' },
    ]);
  }
}
