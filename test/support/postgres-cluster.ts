import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  EMBEDDED_PASSWORD,
  EMBEDDED_USER,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../src/db/embedded-postgres.js';
import { createLogger } from '../../src/logger.js';
import { findFreePort } from './free-port.js';
import { waitFor } from './wait.js';

/**
 * A PostgreSQL cluster of one test file's own (not the run's shared server),
 * for tests that stop and start it or copy its files: the embedded binaries in
 * a fresh temporary folder, on a free port.
 */
export interface OwnCluster {
  port: number;
  dataDir: string;
  url(database: string): string;
  isRunning(): boolean;
  /** Fast shutdown (SIGINT): sessions are ended, the server stops. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it if running and removes its folder. */
  destroy(): Promise<void>;
}

export async function startOwnCluster(prefix: string, database: string): Promise<OwnCluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dataDir, 0o755);
  const port = await findFreePort();
  const logger = createLogger('warn');
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres({ dataDir, port, logger });
  await ensureDatabase(server.url('postgres'), database);
  const url = server.url.bind(server);
  return {
    port,
    dataDir,
    url,
    isRunning: () => server !== undefined,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    start: async () => {
      server ??= await startEmbeddedPostgres({ dataDir, port, logger });
    },
    destroy: async () => {
      await server?.stop();
      server = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface StreamingReplica {
  port: number;
  url(database: string): string;
  /** Runs one statement on the replica (read-only; pg_wal_replay_pause() and the like). */
  query<Row extends Record<string, unknown>>(sql: string, values?: unknown[]): Promise<Row[]>;
  /** Waits until the replica has replayed everything the primary has written so far. */
  catchUp(): Promise<void>;
  destroy(): Promise<void>;
}

/** The postgres binary of the embedded-postgres package for this platform (as embedded-postgres finds it). */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  return binaries.postgres;
}

/**
 * A hot standby of `primary`, streaming its WAL. The embedded binaries have no
 * pg_basebackup, so the base backup is made as pg_basebackup makes it, with
 * PostgreSQL's low-level API: pg_backup_start, a copy of the data folder,
 * pg_backup_stop's backup_label; then standby.signal and primary_conninfo. A
 * replication slot keeps the primary's WAL until the standby has it.
 */
export async function startStreamingReplica(primary: OwnCluster): Promise<StreamingReplica> {
  const admin = new pg.Client({ connectionString: primary.url('postgres') });
  await admin.connect();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-replica-'));
  fs.chmodSync(root, 0o755);
  const replicaDir = path.join(root, 'postgres');
  const port = await findFreePort();
  const slot = `kmo_replica_${port}`;
  try {
    await admin.query('select pg_create_physical_replication_slot($1, true)', [slot]);
    const dataDirectory = (await admin.query<{ data_directory: string }>('show data_directory')).rows[0]
      ?.data_directory as string;
    await admin.query(`select pg_backup_start('kmo-replica', true)`);
    const skipped = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map']);
    const emptied = new Set([
      'pg_wal',
      'pg_replslot',
      'pg_stat_tmp',
      'pg_snapshots',
      'pg_notify',
      'pg_serial',
      'pg_dynshmem',
    ]);
    fs.cpSync(dataDirectory, replicaDir, {
      recursive: true,
      filter: (source) => {
        const relative = path.relative(dataDirectory, source);
        if (relative === '') return true;
        const [top, ...rest] = relative.split(path.sep);
        if (rest.length === 0) return !skipped.has(top as string);
        return (
          !emptied.has(top as string) ||
          (top === 'pg_wal' && relative === path.join('pg_wal', 'archive_status'))
        );
      },
    });
    const stopped = await admin.query<{ labelfile: string }>('select labelfile from pg_backup_stop(true)');
    fs.writeFileSync(path.join(replicaDir, 'backup_label'), stopped.rows[0]?.labelfile as string);
  } finally {
    await admin.end();
  }
  fs.writeFileSync(path.join(replicaDir, 'standby.signal'), '');
  fs.appendFileSync(
    path.join(replicaDir, 'postgresql.auto.conf'),
    `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=${EMBEDDED_USER} password=${EMBEDDED_PASSWORD} application_name=kmo_replica'\n` +
      `primary_slot_name = '${slot}'\nhot_standby = on\n`,
  );
  // As root, PostgreSQL runs as OS user "postgres" (as embedded-postgres does): it must own the copy.
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (owner) chownTree(root, owner.uid, owner.gid);
  fs.chmodSync(replicaDir, 0o700);

  const server = spawn(await postgresBinary(), ['-D', replicaDir, '-p', String(port)], {
    ...(owner ?? {}),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = (database: string) =>
    `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
  const query = async <Row extends Record<string, unknown>>(sql: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return (await client.query<Row>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  const destroy = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      await exited;
    }
    const primaryAdmin = new pg.Client({ connectionString: primary.url('postgres') });
    await primaryAdmin.connect().catch(() => undefined);
    await primaryAdmin.query('select pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
    await primaryAdmin.end().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (server.exitCode !== null) throw new Error(`the replica stopped:\n${log}`);
        const rows = await query<{ standby: boolean }>('select pg_is_in_recovery() as standby').catch(
          () => undefined,
        );
        return rows?.[0]?.standby === true;
      },
      { timeoutMs: 30_000, intervalMs: 100, message: 'the replica did not start' },
    );
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    port,
    url,
    query,
    catchUp: async () => {
      const primaryAdmin = new pg.Client({ connectionString: primary.url('postgres') });
      await primaryAdmin.connect();
      let target: string;
      try {
        target = (await primaryAdmin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'))
          .rows[0]?.lsn as string;
      } finally {
        await primaryAdmin.end();
      }
      await waitFor(
        async () => {
          const rows = await query<{ behind: boolean }>(
            'select pg_last_wal_replay_lsn() < $1::pg_lsn as behind',
            [target],
          );
          return rows[0]?.behind === false;
        },
        { timeoutMs: 15_000, intervalMs: 50, message: 'the replica did not catch up' },
      );
    },
    destroy,
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root needs an OS user "postgres" for PostgreSQL');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else fs.chownSync(full, uid, gid);
  }
}
