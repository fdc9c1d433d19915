import autocannon from 'autocannon';
import type pg from 'pg';

/** Latency of one load run: every completed request (or SQL round) counted, in milliseconds. */
export interface LatencySummary {
  completed: number;
  errors: number;
  p50: number;
  p95: number;
  perSecond: number;
  /** Every latency counted, sorted: runs of the same load combine (combineRuns). */
  latencies: number[];
  /** The first error met, to show when something went wrong. */
  firstError?: string;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

function summarise(
  latencies: number[],
  errors: number,
  seconds: number,
  firstError?: string,
): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    completed: latencies.length,
    errors,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    perSecond: latencies.length / seconds,
    latencies: sorted,
    firstError,
  };
}

/** Several runs of one load as one: their latencies and errors together, over their seconds together. */
export function combineRuns(runs: LatencySummary[], seconds: number): LatencySummary {
  return summarise(
    runs.flatMap((run) => run.latencies),
    runs.reduce((errors, run) => errors + run.errors, 0),
    seconds,
    runs.find((run) => run.firstError !== undefined)?.firstError,
  );
}

/**
 * GETs one URL with `connections` concurrent keep-alive connections for
 * `seconds`; each connection carries the cookie of its own session (as
 * concurrent users would). autocannon reports no p95, so the latency of every
 * response is kept and summarised here, like the SQL runs below.
 */
export function loadUrl(options: {
  url: string;
  cookies: string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<LatencySummary> {
  const { url, cookies, headers, connections, seconds } = options;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let nextSession = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 30,
        headers,
        setupClient: (client) => {
          const cookie = cookies[nextSession++ % cookies.length] ?? '';
          client.setHeaders({ ...headers, cookie });
        },
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const failed = errors + result.errors + result.timeouts;
        if (result.errors + result.timeouts > 0)
          firstError ??= `${result.errors} connection errors, ${result.timeouts} timeouts`;
        resolve(summarise(latencies, failed, seconds, firstError));
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
      else {
        errors += 1;
        firstError ??= `HTTP ${statusCode}`;
      }
    });
  });
}

/** One request's statements: the statements of a group ran concurrently, the groups one after another. */
export type StatementGroups = { sql: string; bindings: unknown[] }[][];

/**
 * `connections` workers, each repeating `round` for `seconds`; one latency per
 * round. A failed round counts as an error (with the first one kept), and the
 * workers give up after 100 of them.
 */
export async function loadRounds(
  round: () => Promise<unknown>,
  options: { connections: number; seconds: number },
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await round();
        latencies.push(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
        if (errors > 100) break;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  return summarise(latencies, errors, options.seconds, firstError);
}

/**
 * Runs the same statements the app runs for a page straight through pg, with
 * the same concurrency: `connections` workers, each repeating the page's
 * statement groups for `seconds`; one latency per repetition.
 */
export function loadSql(options: {
  pool: pg.Pool;
  groups: StatementGroups;
  connections: number;
  seconds: number;
}): Promise<LatencySummary> {
  const { pool, groups } = options;
  return loadRounds(() => runGroups(pool, groups), options);
}

/** One request's statements, straight through pg: each group's statements at once, the groups in order. */
export async function runGroups(pool: pg.Pool, groups: StatementGroups): Promise<void> {
  for (const group of groups) {
    await Promise.all(group.map((statement) => pool.query(statement.sql, statement.bindings)));
  }
}
