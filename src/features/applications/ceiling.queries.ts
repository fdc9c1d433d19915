import type { Knex } from 'knex';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';

/** Statuses whose subsidy never reached the company: they leave the ceiling untouched. */
export const statusesOutsideCeiling = ['ProjectGeannuleerd', 'Vervallen'] as const;

/**
 * The subsidy an enterprise has taken in a calendar year (by application
 * date), against its yearly ceiling: every project of that year that was not
 * annulled or lapsed. A stopped project gives back its unused subsidy
 * (`subsidie_terug`) only when the stop fell in the application's own year
 * (DOMAIN.md §6, `stopFreesCeiling`): the return is booked on the day of the
 * stop (the business clock's), so only returns booked in the same year count.
 * A later stop still empties the wallet but leaves that year's ceiling used.
 * Pass the transaction that creates a new project, after locking the company
 * row, so two applications cannot both use the last euros.
 */
export async function subsidyUsedInYear(
  db: Knex | Knex.Transaction,
  companyId: number,
  year: number,
): Promise<number> {
  const row = await db('projects as pr')
    .where('pr.company_id', companyId)
    .whereNotIn('pr.status', statusesOutsideCeiling)
    .where('pr.application_date', '>=', `${year}-01-01`)
    .where('pr.application_date', '<=', `${year}-12-31`)
    .first<{ used: string | number | null }>(
      db.raw(
        `coalesce(sum(pr.subsidy_cents + case
           when pr.status = 'Stopgezet' then coalesce((
             select sum(l.amount_cents) from ledger_entries l
              where l.project_id = pr.id and l.kind = 'subsidie_terug'
                and l.booked_on between ? and ?), 0)
           else 0 end), 0) as used`,
        [`${year}-01-01`, `${year}-12-31`],
      ),
    );
  return Number(row?.used ?? 0);
}

/** Every dated rule parameter; a small table, read whole. */
export async function loadRuleParameters(db: Knex | Knex.Transaction): Promise<RuleParameterRow[]> {
  return db('rule_parameters').select('key', 'valid_from', 'value').orderBy(['key', 'valid_from']);
}
