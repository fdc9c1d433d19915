import { inlineBindings } from '../src/db/inline-bindings.js';
import type { StatementGroups } from './load.js';
import type { CapturedQuery } from './protocol.js';

/**
 * The app's SQL as the benchmark replays it: captured from knex while the app
 * served one request, grouped the way the app ran it (statements that
 * overlapped in time ran concurrently), and, for COPY, with the bindings
 * written into the text.
 */

/** Statements that started before every earlier one of their group had answered ran concurrently. */
export function groupByOverlap(queries: CapturedQuery[]): StatementGroups {
  const groups: StatementGroups = [];
  let current: { sql: string; bindings: unknown[] }[] = [];
  let currentEnd = Number.NEGATIVE_INFINITY;
  for (const query of [...queries].sort((a, b) => a.startedAt - b.startedAt)) {
    if (current.length > 0 && query.startedAt >= currentEnd) {
      groups.push(current);
      current = [];
      currentEnd = Number.NEGATIVE_INFINITY;
    }
    current.push({ sql: query.sql, bindings: query.bindings });
    currentEnd = Math.max(currentEnd, query.answeredAt ?? Number.POSITIVE_INFINITY);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * The statement that produced an export's rows: the one knex streamed (knex
 * reports no answer for a stream), else the longest-running one.
 */
export function exportStatement(queries: CapturedQuery[]): CapturedQuery | undefined {
  const streamed = queries.filter((query) => query.answeredAt === undefined);
  if (streamed.length > 0) return streamed[streamed.length - 1];
  return [...queries].sort(
    (a, b) => (b.answeredAt ?? 0) - b.startedAt - ((a.answeredAt ?? 0) - a.startedAt),
  )[0];
}

/** `$n` replaced by the binding as a literal, for statements that take no parameters (COPY): the app's own. */
export { inlineBindings };

/** One line per statement, for the report. */
export function describe(sql: string, width = 150): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/**
 * What a correct overview runs, written by hand: used only when the app does
 * not answer a view yet, so that the direct figures are still measured.
 */
export function referenceStatements(view: {
  providerId: number;
  since: string | undefined;
  companyContains: string | undefined;
  orderBy: 'date' | 'amount';
}): { count: { sql: string; bindings: unknown[] }; page: { sql: string; bindings: unknown[] } } {
  const bindings: unknown[] = [view.providerId];
  let where = 'pr.provider_id = $1';
  if (view.since) {
    bindings.push(view.since);
    where += ` and pr.application_date >= $${bindings.length}`;
  }
  if (view.companyContains) {
    bindings.push(`%${view.companyContains}%`);
    where += ` and c.name ilike $${bindings.length}`;
  }
  const from = 'from projects pr join companies c on c.id = pr.company_id';
  const order =
    view.orderBy === 'amount'
      ? 'pr.project_amount_cents desc, pr.id desc'
      : 'pr.application_date desc, pr.id desc';
  return {
    count: { sql: `select count(*)::int as count ${from} where ${where}`, bindings },
    page: {
      sql: `select pr.project_number, c.name as company_name, pr.application_date, pr.project_amount_cents,
                   pr.service, pr.status, pr.verified
              ${from} where ${where} order by ${order} limit 50 offset 0`,
      bindings,
    },
  };
}

/** The rows of a hand-written export, formatted as the app's CSV (fallback, like referenceStatements). */
export function referenceExport(providerId: number, companyContains?: string): string {
  const filter = companyContains ? ` and c.name ilike ${inlineBindings('$1', [`%${companyContains}%`])}` : '';
  return `select pr.project_number, c.name, to_char(pr.application_date, 'DD/MM/YYYY'),
                 (pr.project_amount_cents / 100)::text || ',' || lpad((pr.project_amount_cents % 100)::text, 2, '0'),
                 pr.service, pr.status, case when pr.verified then 'Ja' else 'Nee' end
            from projects pr join companies c on c.id = pr.company_id
           where pr.provider_id = ${providerId}${filter}
           order by pr.application_date desc, pr.id desc`;
}
