import type pg from 'pg';
import { hashApiToken, newApiToken } from '../src/domain/api-token.js';
import type { AppHandle } from './app-handle.js';
import { getPage } from './http.js';
import { loadSql, loadUrl, type LatencySummary, type StatementGroups } from './load.js';
import { lockWaitLines, sampleLockWaits } from './lock-waits.js';
import { describe, groupByOverlap } from './sql.js';

/**
 * The providers' API (issue 23): GET /api/v1/projects as the big provider's
 * token, its first page and the page after it (through the cursor of the
 * first), against the same SQL straight through pg. A request of the API runs
 * more than its list: the token's lookup, the rate limit's counter (an upsert
 * in rate_limits), the list, and the audit row (one insert whose chain is
 * built at commit under the audit chain's advisory lock, ADR 0007). The target
 * holds the app to all of it replayed; the list alone and the audit insert
 * alone are measured beside it, so that what each part costs shows.
 */

export const API_FACTOR = 2;
export const API_ALLOWANCE_MS = 20;

export interface ApiRun {
  name: string;
  path: string;
  items: number;
  statements: StatementGroups;
  app: LatencySummary;
  /** Every statement the request ran, replayed in its groups. */
  direct: LatencySummary;
  /** Only the list's statement(s). */
  listOnly: LatencySummary | undefined;
  /** Only the audit row's insert. */
  auditOnly: LatencySummary | undefined;
}

/** A token of the provider, stored as the app stores one (its SHA-256 only). */
export async function createBenchToken(pool: pg.Pool, providerId: number): Promise<string> {
  const token = newApiToken();
  await pool.query(
    `insert into api_tokens (provider_id, name, token_hash, created_by, created_at, expires_on)
     values ($1, 'Benchmark', $2, 'benchmark', now(), current_date + 300)`,
    [providerId, hashApiToken(token)],
  );
  return token;
}

const isList = (sql: string) => /from "projects" as "pr"/.test(sql);
const isAudit = (sql: string) => /insert into "audit_log"/i.test(sql);

export async function measureApi(options: {
  appHandle: AppHandle;
  pool: pg.Pool;
  providerId: number;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  explain: boolean;
  print: (line: string) => void;
}): Promise<ApiRun[]> {
  const { appHandle, pool, connections, seconds, warmupSeconds, print } = options;
  const token = await createBenchToken(pool, options.providerId);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

  const first = await getPage(`${appHandle.baseUrl}/api/v1/projects`, headers);
  if (first.status !== 200)
    throw new Error(`GET /api/v1/projects answered HTTP ${first.status}: ${first.body}`);
  const next = (JSON.parse(first.body) as { links: { next: string | null } }).links.next;
  if (next === null) throw new Error('the first page of /api/v1/projects has no next page');
  const targets = [
    { name: 'first page', path: '/api/v1/projects' },
    { name: 'next page (cursor)', path: next },
  ];

  const runs: ApiRun[] = [];
  for (const target of targets) {
    print(`\n== API: ${target.name} — ${target.path}`);
    const url = appHandle.baseUrl + target.path;
    for (let warm = 0; warm < 3; warm += 1) await getPage(url, headers);
    const { result: page, queries } = await appHandle.capture(() => getPage(url, headers));
    if (page.status !== 200) throw new Error(`${target.path} answered HTTP ${page.status}`);
    const items = (JSON.parse(page.body) as { data: unknown[] }).data.length;
    const groups = groupByOverlap(queries);
    print(
      `   one request: ${page.ms.toFixed(1)} ms, ${(Buffer.byteLength(page.body) / 1024).toFixed(0)} KB of JSON, ` +
        `${items} items; its SQL:`,
    );
    groups.forEach((group, index) => {
      for (const statement of group)
        print(
          `     ${index + 1}${group.length > 1 ? ' (concurrently)' : ''}: ${describe(statement.sql)} — ` +
            JSON.stringify(statement.bindings).slice(0, 200),
        );
    });

    const load = { url, cookies: [''], headers, connections };
    await loadUrl({ ...load, seconds: warmupSeconds });
    // Who waits on what while the app is loaded: the audit chain's lock would show here.
    const waits = sampleLockWaits(pool);
    const app = await loadUrl({ ...load, seconds });
    print(`   app:         ${line(app)}`);
    for (const waitLine of lockWaitLines(await waits.stop())) print(`   ${waitLine}`);
    const sql = { pool, connections };
    await loadSql({ ...sql, groups, seconds: warmupSeconds });
    const direct = await loadSql({ ...sql, groups, seconds });
    print(`   direct, all: ${line(direct)}`);
    const only = (test: (sql: string) => boolean) =>
      groups
        .map((group) => group.filter((statement) => test(statement.sql)))
        .filter((group) => group.length > 0);
    const listGroups = only(isList);
    const listOnly =
      listGroups.length > 0 ? await loadSql({ ...sql, groups: listGroups, seconds }) : undefined;
    if (listOnly) print(`   direct, the list alone: ${line(listOnly)}`);
    const auditGroups = only(isAudit);
    const auditOnly =
      auditGroups.length > 0 ? await loadSql({ ...sql, groups: auditGroups, seconds }) : undefined;
    if (auditOnly) print(`   direct, the audit insert alone: ${line(auditOnly)}`);
    if (options.explain) {
      for (const statement of listGroups.flat()) {
        const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${statement.sql}`,
          statement.bindings,
        );
        print(`   EXPLAIN ANALYZE ${describe(statement.sql, 400)} — ${JSON.stringify(statement.bindings)}`);
        for (const row of rows) print(`      ${row['QUERY PLAN']}`);
      }
    }
    runs.push({ ...target, items, statements: groups, app, direct, listOnly, auditOnly });
  }
  return runs;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (summary: LatencySummary) =>
  `p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, ${summary.perSecond.toFixed(0)}/s, ` +
  `${summary.completed} completed, ${summary.errors} errors${summary.firstError ? ` (${summary.firstError})` : ''}`;

/** The report's rows: app and direct p50 / p95, the target per page. Counts the targets missed. */
export function apiReportRows(runs: ApiRun[]): { rows: string[][]; missed: number } {
  let missed = 0;
  const rows = runs.map((run) => {
    const limit = API_FACTOR * run.direct.p95 + API_ALLOWANCE_MS;
    const met = run.app.p95 <= limit;
    if (!met) missed += 1;
    return [
      `API /api/v1/projects, ${run.name}: p50 / p95`,
      `${ms(run.app.p50)} / ${ms(run.app.p95)}`,
      `${ms(run.direct.p50)} / ${ms(run.direct.p95)}` +
        (run.listOnly ? ` (list alone ${ms(run.listOnly.p95)}` : '') +
        (run.auditOnly ? `, audit insert alone ${ms(run.auditOnly.p95)})` : run.listOnly ? ')' : ''),
      `${(run.app.p95 / run.direct.p95).toFixed(2)}× p95`,
      `p95 ≤ 2 × ${ms(run.direct.p95)} + 20 ms = ${ms(limit)}`,
      met ? 'met' : 'MISSED',
    ];
  });
  return { rows, missed };
}
