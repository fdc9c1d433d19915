import type { Knex } from 'knex';
import cluster, { type Worker } from 'node:cluster';
import type { IncomingMessage, ServerResponse } from 'node:http';
import PgBoss from 'pg-boss';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase } from './db/prepare.js';
import { DevMailCatcher, type CaughtMail } from './dev/mail-catcher.js';
import { closeServer, installShutdown, listen, SHUTDOWN_GRACE_MS, type StopStep } from './lifecycle.js';
import type { Logger } from './logger.js';
import { assemble, startAppJobs } from './runtime.js';

/**
 * WEB_CONCURRENCY=N (N > 1): one primary process and N HTTP workers on one port
 * (node:cluster). The primary owns what must exist once: the embedded
 * PostgreSQL (started, migrated and seeded once), the pg-boss jobs and the
 * development mail catcher. Workers get the database's and the catcher's URLs
 * in their environment, and a mirror of the catcher's mails over IPC for
 * /dev/mailbox. Sessions, CSRF secrets, the SAML binding and rate limits live
 * in PostgreSQL, so any worker answers any request. A worker that dies is
 * started again after a pause that doubles with each quick death; SIGTERM to
 * the primary stops the workers (each finishes its requests in flight), then
 * the jobs, the catcher and the database.
 */

export const MAX_WEB_CONCURRENCY = 64;

/** WEB_CONCURRENCY: absent or empty is 1 (one process, no cluster); else a whole number 1–64. */
export function parseWebConcurrency(value: string | undefined): number | { problem: string } {
  if (value === undefined || value.trim() === '') return 1;
  const trimmed = value.trim();
  if (/^[0-9]{1,3}$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= MAX_WEB_CONCURRENCY) {
    return Number(trimmed);
  }
  return {
    problem: `WEB_CONCURRENCY: "${value}" is not a number of HTTP workers from 1 to ${MAX_WEB_CONCURRENCY}`,
  };
}

/** A worker that lived shorter than this died "quickly": the next start waits longer. */
const QUICK_DEATH_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 30_000;

/** The pause before starting a worker again after `quickDeaths` quick deaths in a row. */
export function restartDelay(quickDeaths: number): number {
  if (quickDeaths <= 0) return 0;
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (quickDeaths - 1));
}

/** Set in a worker's environment when the primary runs the development mail catcher. */
const MAILBOX_MIRROR_ENV = 'KMO_DEV_MAILBOX_MIRROR';

interface MailMessage {
  type: 'kmo:mail';
  mail: CaughtMail;
}

function isMailMessage(message: unknown): message is MailMessage {
  return typeof message === 'object' && message !== null && (message as MailMessage).type === 'kmo:mail';
}

/** Outside production each answer names the worker's pid (X-Kmo-Worker), so one sees the balancing. */
function withWorkerHeader(config: Config, app: ReturnType<typeof createApp>) {
  if (config.isProduction) return app;
  const pid = String(process.pid);
  return (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('X-Kmo-Worker', pid);
    app(req, res);
  };
}

/**
 * The connections the portal may open on its primary database with this many
 * workers: each process has the app's pool and the session store's pool
 * (DATABASE_POOL_MAX each); the primary's jobs (pg-boss) up to 3 more, each
 * worker's job sender 1. The read replica's pool is on the replica.
 */
export function connectionsNeeded(workers: number, poolMax: number): number {
  const primary = 2 * poolMax + 3;
  const worker = 2 * poolMax + 1;
  return primary + workers * worker;
}

/**
 * Fails closed when the database cannot take every pool full at once: a worker
 * would otherwise meet "too many clients" under load, long after start-up.
 */
export async function checkConnectionBudget(db: Knex, workers: number, poolMax: number): Promise<void> {
  const { rows } = await db.raw<{ rows: { available: number }[] }>(
    `select current_setting('max_connections')::int
            - current_setting('superuser_reserved_connections')::int
            - coalesce(current_setting('reserved_connections', true)::int, 0) as available`,
  );
  const available = rows[0]?.available ?? 0;
  const needed = connectionsNeeded(workers, poolMax);
  if (needed > available) {
    throw new Error(
      `WEB_CONCURRENCY=${workers} with DATABASE_POOL_MAX=${poolMax} needs up to ${needed} database connections; ` +
        `the database allows ${available}. Lower WEB_CONCURRENCY or DATABASE_POOL_MAX, or raise max_connections.`,
    );
  }
}

export async function runPrimary(config: Config, logger: Logger, workers: number): Promise<void> {
  const database = await openDatabase(config, logger);
  const steps: StopStep[] = [{ name: 'database', run: () => database.close() }];
  let stopping = false;
  // Workers get SHUTDOWN_GRACE_MS to finish; then the jobs, catcher and database their own time.
  const shutdown = installShutdown(logger, steps, SHUTDOWN_GRACE_MS + 5_000);
  process.on('SIGTERM', () => (stopping = true));
  process.on('SIGINT', () => (stopping = true));
  try {
    await prepareDatabase(database.db, {
      seedDemo: !config.isProduction,
      today: systemClock.today(),
      logger,
    });
    await checkConnectionBudget(database.db, workers, config.database.poolMax);
    // The SAML keys and the session secret (development) are made here, before any worker reads them.
    const runtime = await assemble({ config, logger, db: database.db, databaseUrl: database.url });
    steps.unshift({ name: 'services', run: () => runtime.dispose() });
    const jobs = await startAppJobs(runtime.container, logger, database.url);
    steps.unshift({ name: 'jobs', run: () => jobs.stop() });

    const catcher = runtime.container.devMailbox;
    const workerEnvironment: Record<string, string> = {};
    if (!config.database.url) workerEnvironment.DATABASE_URL = database.url;
    if (catcher) {
      workerEnvironment.SMTP_URL = runtime.smtpUrl;
      workerEnvironment[MAILBOX_MIRROR_ENV] = '1';
    }
    // Buffers (attachments) and dates cross the IPC channel as they are.
    cluster.setupPrimary({ serialization: 'advanced' });

    const startedAt = new Map<number, number>();
    let quickDeaths = 0;
    const fork = () => {
      if (stopping) return;
      const worker = cluster.fork(workerEnvironment);
      startedAt.set(worker.id, Date.now());
      if (catcher) {
        // The mails caught so far, oldest first; the later ones come from onReceived.
        worker.once('online', () => {
          for (const mail of [...catcher.list()].reverse()) sendMail(worker, mail);
        });
      }
    };
    catcher?.onReceived((mail) => {
      for (const worker of Object.values(cluster.workers ?? {})) if (worker) sendMail(worker, mail);
    });
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
      startedAt.delete(worker.id);
      if (stopping) return;
      quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
      const delay = restartDelay(quickDeaths);
      logger.error(
        { worker: worker.process.pid, code, signal, restartInMs: delay },
        'HTTP worker died; starting a new one',
      );
      setTimeout(fork, delay).unref();
    });

    steps.unshift({ name: 'http workers', run: () => stopWorkers(logger) });
    const listening = new Promise<void>((resolve) => {
      let count = 0;
      const onListening = () => {
        if (++count < workers) return;
        cluster.off('listening', onListening);
        resolve();
      };
      cluster.on('listening', onListening);
    });
    for (let index = 0; index < workers; index++) fork();
    await listening;
    logger.info(
      { url: config.publicUrl, port: config.port, workers },
      `kmo-portefeuille listens on ${config.publicUrl} with ${workers} HTTP workers`,
    );
    // A supervisor that started us with an IPC channel (npm run bench) learns that all workers listen.
    process.send?.({ type: 'kmo:listening', workers });
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    stopping = true;
    await shutdown(1);
  }
}

function sendMail(worker: Worker, mail: CaughtMail): void {
  if (!worker.isConnected()) return;
  const message: MailMessage = { type: 'kmo:mail', mail };
  worker.send(message, () => undefined);
}

/** SIGTERM to every worker; each closes its server and finishes its requests; SIGKILL after the grace time. */
async function stopWorkers(logger: Logger): Promise<void> {
  const running = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => Boolean(worker));
  await Promise.all(
    running.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const timer = setTimeout(() => {
            logger.error({ worker: worker.process.pid }, 'HTTP worker did not stop in time; killing it');
            worker.process.kill('SIGKILL');
          }, SHUTDOWN_GRACE_MS);
          worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    ),
  );
}

export async function runWorker(config: Config, primaryLogger: Logger): Promise<void> {
  // Each line a worker logs names it.
  const logger = primaryLogger.child({ worker: process.pid });
  const database = await openDatabase(config, logger);
  const steps: StopStep[] = [{ name: 'database', run: () => database.close() }];
  const shutdown = installShutdown(logger, steps);
  // The primary is gone (killed): a worker does not outlive it.
  process.on('disconnect', () => void shutdown(0));
  try {
    let mirror: DevMailCatcher | undefined;
    if (process.env[MAILBOX_MIRROR_ENV] === '1') {
      const kept = (mirror = new DevMailCatcher(logger));
      process.on('message', (message: unknown) => {
        if (isMailMessage(message)) kept.mirror(message.mail);
      });
    }
    const runtime = await assemble({
      config,
      logger,
      db: database.db,
      databaseUrl: database.url,
      devMailboxMirror: mirror,
    });
    steps.unshift({ name: 'services', run: () => runtime.dispose() });
    // The jobs run in the primary; a worker only sends (a bank statement's import job).
    const sender = new PgBoss({
      connectionString: database.url,
      schema: 'pgboss',
      max: 1,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    sender.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    await sender.start();
    runtime.container.depositImportQueue.attach(sender);
    steps.unshift({
      name: 'job sender',
      run: async () => {
        runtime.container.depositImportQueue.attach(undefined);
        await sender.stop({ graceful: true, wait: true, timeout: 5000 });
      },
    });
    const server = await listen(withWorkerHeader(config, createApp(runtime.container)), config.port);
    steps.unshift({ name: 'http server', run: () => closeServer(server) });
    logger.info({ port: config.port }, 'HTTP worker listens');
  } catch (error) {
    logger.fatal({ err: error }, 'HTTP worker start-up failed');
    await shutdown(1);
  }
}
