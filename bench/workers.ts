import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '../test/support/free-port.js';
import { loadUrl, type LatencySummary } from './load.js';

/**
 * The default overview page served by `npm start` itself (src/server.ts) with
 * WEB_CONCURRENCY = 1, 2, 4 …: one run per count, each a fresh server on the
 * benchmark's database, the same sessions and load. With one worker the server
 * is the single process of a plain `npm start`; with more, the cluster's
 * primary and its HTTP workers (src/cluster.ts).
 *
 * The imports, the rush and the mixed load leave their mails due (the
 * measuring app runs no jobs): the first server sends them for a while, as it
 * would after a restart, and the rest is postponed (clearBacklog), so that no
 * run carries that backlog.
 */
export interface WorkersRun {
  workers: number;
  load: LatencySummary;
  startMs: number;
}

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;
/** How long the first server sends the mails due before the rest is postponed. */
const BACKLOG_SECONDS = 20;

let running: ChildProcess | undefined;

/** For exit handlers: ends a server still running at once (its workers follow when it disconnects). */
export function killWorkersServer(): void {
  if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
  running = undefined;
}

export async function measureWorkers(options: {
  projectRoot: string;
  environment: Record<string, string>;
  counts: number[];
  path: string;
  cookies: string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** How many mails are due now (the outbox's pending mails whose time has come). */
  dueMails: () => Promise<number>;
  /** Moves the mails due to tomorrow; answers how many. */
  postponeDueMails: () => Promise<number>;
  print: (line: string) => void;
  silenced: () => boolean;
}): Promise<WorkersRun[]> {
  const runs: WorkersRun[] = [];
  for (const workers of options.counts) {
    const started = performance.now();
    const port = await findFreePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(options.projectRoot, 'src', 'server.ts')],
      {
        cwd: options.projectRoot,
        env: {
          ...options.environment,
          PORT: String(port),
          WEB_CONCURRENCY: String(workers),
          // The workers share the load's connections: each pool a share of the single process's,
          // so that 4 workers fit under PostgreSQL's default max_connections (the primary checks).
          ...(workers > 1
            ? {
                DATABASE_POOL_MAX: String(
                  Math.max(3, Math.ceil(Number(options.environment.DATABASE_POOL_MAX ?? 10) / workers) + 1),
                ),
              }
            : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    running = child;
    child.stdout?.on('data', (chunk: Buffer) => options.silenced() || process.stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => options.silenced() || process.stderr.write(chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const baseUrl = `http://127.0.0.1:${port}`;
      await ready(child, baseUrl, workers, exited);
      const startMs = performance.now() - started;
      await clearBacklog(options);
      const url = baseUrl + options.path;
      const load = {
        url,
        cookies: options.cookies,
        headers: options.headers,
        connections: options.connections,
      };
      await loadUrl({ ...load, seconds: options.warmupSeconds });
      const measured = await loadUrl({ ...load, seconds: options.seconds });
      options.print(
        `   ${workers} worker${workers === 1 ? ' ' : 's'}: p50 ${measured.p50.toFixed(1)} ms, p95 ${measured.p95.toFixed(1)} ms, ` +
          `${measured.perSecond.toFixed(0)} pages/s, ${measured.errors} errors (started in ${(startMs / 1000).toFixed(1)} s)`,
      );
      runs.push({ workers, load: measured, startMs });
    } finally {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      running = undefined;
      if (code !== 0) options.print(`   the server with ${workers} workers exited with code ${code}`);
    }
  }
  return runs;
}

/**
 * The mails due when the server starts (a full run leaves the imports' and the
 * rush's, 30,000 and more) go out for BACKLOG_SECONDS, which shows the outbox's
 * pace; what is left then is postponed by a day, so that no measured run
 * carries the backlog.
 */
async function clearBacklog(options: {
  dueMails: () => Promise<number>;
  postponeDueMails: () => Promise<number>;
  print: (line: string) => void;
}): Promise<void> {
  const due = await options.dueMails();
  if (due === 0) return;
  const started = performance.now();
  let left = due;
  while (left > 0 && performance.now() - started < BACKLOG_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    left = await options.dueMails();
  }
  const seconds = (performance.now() - started) / 1000;
  const sent = due - left;
  const postponed = left > 0 ? await options.postponeDueMails() : 0;
  options.print(
    `   outbox: ${sent} of the ${due} mails due at start-up went out in ${seconds.toFixed(1)} s ` +
      `(${(sent / seconds).toFixed(0)} mails/s)` +
      (postponed > 0 ? `; the other ${postponed} postponed by a day for the measurement` : ''),
  );
}

/** The single process answers /readyz; a cluster's primary says so over IPC once every worker listens. */
async function ready(
  child: ChildProcess,
  baseUrl: string,
  workers: number,
  exited: Promise<number | null>,
): Promise<void> {
  let failed: Error | undefined;
  void exited.then((code) => (failed = new Error(`the server exited during start-up (code ${code})`)));
  const allListening =
    workers > 1
      ? new Promise<void>((resolve) =>
          child.on('message', (message: { type?: string }) => message.type === 'kmo:listening' && resolve()),
        )
      : Promise.resolve();
  const deadline = Date.now() + START_TIMEOUT_MS;
  let listening = false;
  void allListening.then(() => (listening = true));
  for (;;) {
    if (failed) throw failed;
    if (Date.now() > deadline) throw new Error(`the server with ${workers} workers did not start in time`);
    if (listening) {
      try {
        if ((await fetch(`${baseUrl}/readyz`)).ok) return;
      } catch {
        // not yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
