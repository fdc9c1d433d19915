import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/app.js';
import { EMBEDDED_DATABASE_NAME } from '../../../src/db/database.js';
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from '../../../src/db/embedded-postgres.js';
import { createKnex } from '../../../src/db/knex.js';
import { findFreePort } from '../../support/free-port.js';
import { waitFor } from '../../support/wait.js';

/**
 * `npm start` as a user runs it: the embedded PostgreSQL in a data folder of
 * its own, migrations, demo data, the portal on PORT; SIGTERM stops it all.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-start-'));
fs.chmodSync(dataDir, 0o755);
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  port: number;
  /** The embedded PostgreSQL's database, for a look behind the portal. */
  databaseUrl: string;
}

async function startPortal(): Promise<Started> {
  const port = await findFreePort();
  const databasePort = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_EMBEDDED_PORT: String(databasePort),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = async () => {
    if (child.exitCode !== null) throw new Error(`the portal exited early:\n${output}`);
    try {
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await waitFor(ready, { timeoutMs: 60_000, intervalMs: 100, message: 'the portal did not become ready' });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}:\n${output}`);
  }
  return {
    child,
    output: () => output,
    port,
    databaseUrl: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${databasePort}/${EMBEDDED_DATABASE_NAME}`,
  };
}

/** The test's backlog of mails ("Achterstand …") by outbox status, read from the portal's database. */
async function backlogByStatus(databaseUrl: string): Promise<Record<string, number>> {
  const db = createKnex(databaseUrl, 1);
  try {
    const rows = await db('mail_outbox')
      .where('subject', 'like', 'Achterstand %')
      .groupBy('status')
      .select<{ status: string; n: string }[]>('status', db.raw('count(*) as n'));
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  } finally {
    await db.destroy();
  }
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('starting and stopping the portal', () => {
  it('starts on the embedded PostgreSQL with demo data, stops cleanly on SIGTERM, and reuses the data', async () => {
    const first = await startPortal();
    const home = await fetch(`http://127.0.0.1:${first.port}/`);
    expect(home.status).toBe(200);
    expect(first.output()).toContain('demo data seeded');
    expect(await stop(first.child)).toBe(0);
    expect(first.output()).toContain('http server stopped');
    expect(first.output()).toContain('embedded PostgreSQL stopped');

    const second = await startPortal();
    expect(second.output()).not.toContain('demo data seeded');
    expect(second.output()).not.toContain('creating the embedded PostgreSQL cluster');
    expect(await stop(second.child)).toBe(0);
  }, 180_000);

  it('stops cleanly on SIGTERM while a backlog of mails goes out, and leaves the rest due for the next start', async () => {
    const BACKLOG = 5_000;
    const first = await startPortal();
    const db = createKnex(first.databaseUrl, 1);
    try {
      await db.batchInsert(
        'mail_outbox',
        Array.from({ length: BACKLOG }, (_, index) => ({
          to_address: 'ontvanger@voorbeeld.test',
          subject: `Achterstand ${index + 1}`,
          text_body: 'Tekst',
          status: 'pending',
          next_attempt_at: db.fn.now(),
        })),
        1_000,
      );
    } finally {
      await db.destroy();
    }
    expect(await stop(first.child)).toBe(0);

    // At start the portal sends what was left before the restart: stopped while that goes on,
    // it ends after the mail in flight instead of waiting for the whole backlog (and being cut
    // off after its grace time, exit code 1, half-way through a send).
    const second = await startPortal();
    await waitFor(async () => ((await backlogByStatus(second.databaseUrl)).sent ?? 0) >= 10, {
      timeoutMs: 60_000,
      intervalMs: 250,
      message: 'the backlog did not start going out',
    });
    expect(await stop(second.child)).toBe(0);
    expect(second.output()).not.toContain('graceful shutdown took too long');
    expect(second.output()).toContain('services stopped');

    // Nothing lost or given up: every mail is sent or still due (the next start sends it).
    const third = await startPortal();
    const statuses = await backlogByStatus(third.databaseUrl);
    expect(Object.keys(statuses).filter((status) => status !== 'sent' && status !== 'pending')).toEqual([]);
    expect((statuses.sent ?? 0) + (statuses.pending ?? 0)).toBe(BACKLOG);
    expect(statuses.pending).toBeGreaterThan(0);
    expect(await stop(third.child)).toBe(0);
  }, 240_000);

  it('refuses to start in production without its settings and names them', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errorOutput = '';
    child.stderr?.on('data', (chunk: Buffer) => (errorOutput += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(errorOutput).toContain('DATABASE_URL is required in production');
    expect(errorOutput).toContain('SESSION_SECRET is required in production');
    expect(errorOutput).toContain('SAML_IDP_CERT is required in production');
  }, 60_000);
});
