import type pg from 'pg';
import { getPage } from './http.js';
import type { AppHandle } from './app-handle.js';
import { loadRounds, loadUrl, type LatencySummary } from './load.js';
import type { CapturedQuery } from './protocol.js';
import { describe } from './sql.js';

/**
 * The public provider search (/dienstverleners/zoeken, issue 22) through HTTP
 * against the same SQL straight through pg. The app runs a search in one
 * transaction (the similarity threshold is set for that transaction only), so
 * the replay runs the captured statements in order on one connection, between
 * BEGIN and COMMIT, as the app does: the same round trips.
 */

export interface SearchQuery {
  name: string;
  path: string;
}

export interface SearchResult {
  query: SearchQuery;
  found: string | undefined;
  statements: { sql: string; bindings: unknown[] }[];
  app: LatencySummary;
  direct: LatencySummary;
}

export const SEARCH_FACTOR = 2;
export const SEARCH_ALLOWANCE_MS = 20;

/** Exact and misspelled name, theme, exact and misspelled municipality (names from bench/generate.ts). */
export function searchQueries(): SearchQuery[] {
  const at = (query: Record<string, string>) =>
    `/dienstverleners/zoeken?${new URLSearchParams(query).toString()}`;
  return [
    { name: 'name "Vermeulen Academie"', path: at({ naam: 'Vermeulen Academie' }) },
    { name: 'misspelled name "Dienstverlner"', path: at({ naam: 'Dienstverlner' }) },
    { name: 'theme "energie"', path: at({ thema: 'energie' }) },
    { name: 'municipality "Kortrijk"', path: at({ gemeente: 'Kortrijk' }) },
    { name: 'misspelled municipality "Kortrik"', path: at({ gemeente: 'Kortrik' }) },
  ];
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback)\b/i;

/** The statements of one search as the replay runs them: without knex's BEGIN/COMMIT (added around). */
export function searchStatements(queries: CapturedQuery[]): { sql: string; bindings: unknown[] }[] {
  return [...queries]
    .sort((a, b) => a.startedAt - b.startedAt)
    .filter((query) => !TRANSACTION_CONTROL.test(query.sql))
    .map((query) => ({ sql: query.sql, bindings: query.bindings }));
}

/** One search's statements on one connection, in one transaction, one after the other. */
export async function runSearch(
  pool: pg.Pool,
  statements: { sql: string; bindings: unknown[] }[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const statement of statements) await client.query(statement.sql, statement.bindings);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** `connections` workers repeating the search's transaction for `seconds`; one latency per transaction. */
export function loadSearchSql(options: {
  pool: pg.Pool;
  statements: { sql: string; bindings: unknown[] }[];
  connections: number;
  seconds: number;
}): Promise<LatencySummary> {
  return loadRounds(() => runSearch(options.pool, options.statements), options);
}

/** EXPLAIN (ANALYZE, BUFFERS) of each select, in the transaction as the app runs it (threshold set first). */
export async function explainSearch(
  pool: pg.Pool,
  statements: { sql: string; bindings: unknown[] }[],
  print: (line: string) => void,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const statement of statements) {
      if (/set_config/.test(statement.sql)) {
        await client.query(statement.sql, statement.bindings);
        continue;
      }
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${statement.sql}`,
        statement.bindings,
      );
      print(`   EXPLAIN ANALYZE ${describe(statement.sql, 400)} — ${JSON.stringify(statement.bindings)}`);
      for (const row of rows) print(`      ${row['QUERY PLAN']}`);
    }
    await client.query('commit');
  } finally {
    client.release();
  }
}

export async function measureSearch(options: {
  appHandle: AppHandle;
  pool: pg.Pool;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  explain: boolean;
  print: (line: string) => void;
}): Promise<SearchResult[]> {
  const { appHandle, pool, headers, connections, seconds, warmupSeconds, print } = options;
  const results: SearchResult[] = [];
  for (const query of searchQueries()) {
    print(`\n== public search: ${query.name} — ${query.path}`);
    const url = appHandle.baseUrl + query.path;
    for (let warm = 0; warm < 3; warm += 1) await getPage(url, headers);
    const { result: page, queries } = await appHandle.capture(() => getPage(url, headers));
    if (page.status !== 200) throw new Error(`the search answered HTTP ${page.status}`);
    const found = /([\d.]+)\s+geregistreerde dienstverleners? gevonden/.exec(page.body)?.[1];
    const suggestion = /Bedoelde u[^<]*<a[^>]*>([^<]*)</i.exec(page.body)?.[1];
    const statements = searchStatements(queries);
    print(
      `   one request: ${page.ms.toFixed(1)} ms, ${(Buffer.byteLength(page.body) / 1024).toFixed(0)} KB, ` +
        `${found ?? '?'} found${suggestion ? `, suggests "${suggestion.trim()}"` : ''}; ` +
        `its SQL (${queries.length} statements with knex's BEGIN/COMMIT):`,
    );
    statements.forEach((statement, index) =>
      print(`     ${index + 1}: ${describe(statement.sql)} — ${JSON.stringify(statement.bindings)}`),
    );
    const load = { url, cookies: [''], headers, connections };
    await loadUrl({ ...load, seconds: warmupSeconds });
    const app = await loadUrl({ ...load, seconds });
    print(`   app:    ${line(app)}`);
    const sql = { pool, statements, connections };
    await loadSearchSql({ ...sql, seconds: warmupSeconds });
    const direct = await loadSearchSql({ ...sql, seconds });
    print(`   direct: ${line(direct)}`);
    if (options.explain) await explainSearch(pool, statements, print);
    results.push({ query, found, statements, app, direct });
  }
  return results;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (summary: LatencySummary) =>
  `p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, ${summary.perSecond.toFixed(0)}/s, ` +
  `${summary.completed} completed, ${summary.errors} errors${summary.firstError ? ` (${summary.firstError})` : ''}`;

/** The report's rows: app and direct p50 / p95, the target per query. Counts the targets missed. */
export function searchReportRows(results: SearchResult[]): { rows: string[][]; missed: number } {
  let missed = 0;
  const rows = results.map((result) => {
    const limit = SEARCH_FACTOR * result.direct.p95 + SEARCH_ALLOWANCE_MS;
    const met = result.app.p95 <= limit;
    if (!met) missed += 1;
    return [
      `public search, ${result.query.name}: p50 / p95`,
      `${ms(result.app.p50)} / ${ms(result.app.p95)}`,
      `${ms(result.direct.p50)} / ${ms(result.direct.p95)}`,
      `${(result.app.p95 / result.direct.p95).toFixed(2)}× p95`,
      `p95 ≤ 2 × ${ms(result.direct.p95)} + 20 ms = ${ms(limit)}`,
      met ? 'met' : 'MISSED',
    ];
  });
  return { rows, missed };
}
