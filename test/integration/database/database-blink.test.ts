import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/app.js';
import { createKnex } from '../../../src/db/knex.js';
import { findFreePort } from '../../support/free-port.js';
import { startOwnCluster, type OwnCluster } from '../../support/postgres-cluster.js';
import { csrfTokenOf, signInAsProvider } from '../../support/session.js';
import { waitFor } from '../../support/wait.js';

/**
 * The database blinks: the real portal process runs against a PostgreSQL of
 * this test's own, which is stopped (fast mode) for a few seconds while
 * requests keep coming, then started again. The portal answers 503 meanwhile
 * (Dutch, input kept), never hangs, never half-saves, never crashes, and
 * reconnects by itself.
 */

const DATABASE = 'kmo_blink';
const OUTAGE_MS = 4_000;
/** The settings under test, shorter than the defaults so the test stays short. */
const timeouts = {
  DATABASE_CONNECT_TIMEOUT_MS: '2000',
  DATABASE_ACQUIRE_TIMEOUT_MS: '3000',
  DATABASE_STATEMENT_TIMEOUT_MS: '5000',
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '10000',
};
/** No request may take longer than the longest of those, plus slack for a busy machine. */
const LONGEST_ALLOWED_MS = 5_000 + 2_000;
/** A request that takes this long hangs: the client gives up and the test fails. */
const HANG_MS = 30_000;

// The demo provider (seeds/demo.ts), head office of its organisation.
const PROVIDER_LOGIN = '0123456749';
const PROVIDER_PASSWORD = 'kmo-demo-2026';

let cluster: OwnCluster;
let portal: ChildProcess;
let output = '';
let base = '';
const appDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-blink-app-'));

beforeAll(async () => {
  cluster = await startOwnCluster('kmo-blink-', DATABASE);
  const port = await findFreePort();
  base = `http://127.0.0.1:${port}`;
  portal = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: appDataDir,
      DATABASE_URL: cluster.url(DATABASE),
      LOG_LEVEL: 'warn',
      ...timeouts,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  portal.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  portal.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    async () => {
      if (portal.exitCode !== null) throw new Error(`the portal exited early:\n${output}`);
      return (await fetch(`${base}/readyz`).catch(() => undefined))?.ok === true;
    },
    { timeoutMs: 120_000, intervalMs: 200, message: 'the portal did not become ready' },
  );
}, 180_000);

afterAll(async () => {
  if (portal && portal.exitCode === null) {
    const exited = new Promise((resolve) => portal.once('exit', resolve));
    portal.kill('SIGTERM');
    await exited;
  }
  await cluster?.destroy();
  fs.rmSync(appDataDir, { recursive: true, force: true });
});

interface Sample {
  path: string;
  startedAt: number;
  ms: number;
  status: number | 'hang' | 'network error';
}

/** Requests one after the other on each of `paths`, until stopped; every answer timed. */
function keepRequesting(paths: string[], headers: Record<string, string>) {
  const samples: Sample[] = [];
  let running = true;
  const loops = paths.map(async (pathname) => {
    while (running) {
      const startedAt = Date.now();
      let status: Sample['status'];
      try {
        const response = await fetch(`${base}${pathname}`, {
          headers,
          redirect: 'manual',
          signal: AbortSignal.timeout(HANG_MS),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        status = (error as Error).name === 'TimeoutError' ? 'hang' : 'network error';
      }
      samples.push({ path: pathname, startedAt, ms: Date.now() - startedAt, status });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

function hiddenFields(html: string): Record<string, string> {
  const form = /<form method="post"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] as string] = (match[2] as string).replace(/&#34;/g, '"').replace(/&amp;/g, '&');
  }
  return fields;
}

describe('PostgreSQL stops for a few seconds while the portal serves', () => {
  it('answers 503 meanwhile, keeps the input of a form, saves nothing half, and reconnects by itself', async () => {
    const agent = request.agent(base);
    const signIn = await signInAsProvider(agent, PROVIDER_LOGIN, PROVIDER_PASSWORD);
    expect(signIn.status).toBe(303);
    const sessionCookie = signIn.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    expect(sessionCookie).not.toBe('');
    // The signed-in overview must work before the outage.
    await agent.get('/dienstverlener/vestigingen').expect(200);
    const token = await csrfTokenOf(agent, '/dienstverlener/vestigingen/nieuw');
    const street = `Storingsstraat ${Date.now()}`;
    const posted = {
      _csrf: token,
      street,
      houseNumber: '12',
      box: 'b3',
      postcode: '9000',
      municipality: 'Gent',
    };

    const load = keepRequesting(['/readyz', '/', '/dienstverleners/zoeken', '/dienstverlener/vestigingen'], {
      cookie: sessionCookie,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const stoppedAt = Date.now();
    await cluster.stop();
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 503, {
      timeoutMs: 10_000,
      intervalMs: 50,
      message: '/readyz did not answer 503 while PostgreSQL was away',
    });
    const awayAt = Date.now();

    // A form sent during the outage: a Dutch "try again" page with what was typed, ready to resend.
    const during = await agent.post('/dienstverlener/vestigingen/nieuw').type('form').send(posted);
    expect(during.status).toBe(503);
    expect(during.headers['retry-after']).toBe('5');
    expect(during.text).toContain('Probeer het over enkele ogenblikken opnieuw');
    expect(during.text).toContain('Uw wijziging is niet bewaard');
    expect(during.text).toContain(street);
    expect(during.text).toContain('Gent');
    // What was typed is listed under the form's Dutch labels, not the field names.
    expect(during.text).toMatch(/<dt[^>]*>\s*Straat\s*<\/dt>\s*<dd[^>]*>\s*Storingsstraat/);
    expect(during.text).toMatch(/<dt[^>]*>\s*Huisnummer\s*<\/dt>/);
    expect(during.text).not.toContain('houseNumber</dt>');
    const resend = hiddenFields(during.text);
    expect(resend).toEqual(posted);
    expect(during.text).toContain('action="/dienstverlener/vestigingen/nieuw"');

    // A signed-in page during the outage (its session is in PostgreSQL): the 503 page, not a 500 or a hang.
    const page = await agent.get('/dienstverlener/vestigingen');
    expect(page.status).toBe(503);
    expect(page.text).toContain('Even geen verbinding met onze databank');

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())));
    const startedAt = Date.now();
    await cluster.start();
    const outageMs = Date.now() - stoppedAt;
    await waitFor(async () => (await fetch(`${base}/readyz`)).ok, {
      timeoutMs: 15_000,
      intervalMs: 50,
      message: 'the portal did not reconnect',
    });
    const recoveryMs = Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await load.stop();

    // The same session still works: it was kept in PostgreSQL.
    await agent.get('/dienstverlener/vestigingen').expect(200);

    // Nothing of the form was saved; resending it from the 503 page saves it once.
    const db = createKnex(cluster.url(DATABASE), 1);
    try {
      expect(await db('establishments').where({ street }).count({ n: '*' })).toEqual([{ n: 0 }]);
      const saved = await agent.post('/dienstverlener/vestigingen/nieuw').type('form').send(resend);
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toMatch(/^\/dienstverlener\/vestigingen\/[0-9]+$/);
      const rows = await db('establishments').where({ street }).select('house_number', 'box', 'postcode');
      expect(rows).toEqual([{ house_number: '12', box: 'b3', postcode: '9000' }]);
    } finally {
      await db.destroy();
    }

    const { samples } = load;
    const outage = samples.filter((s) => s.startedAt >= awayAt && s.startedAt < startedAt);
    const longest = samples.reduce((max, s) => Math.max(max, s.ms), 0);
    const figures = {
      outageMs,
      recoveryMs,
      requests: samples.length,
      requestsDuringOutage: outage.length,
      answers503: samples.filter((s) => s.status === 503).length,
      longestRequestMs: longest,
      statuses: [...new Set(samples.map((s) => s.status))].sort(),
    };
    // The figures docs/OPERATIONS.md quotes.
    process.stdout.write(`database blink: ${JSON.stringify(figures)}\n`);

    expect(samples.filter((s) => s.status === 'hang' || s.status === 'network error')).toEqual([]);
    // A 500 names its cause: the portal's error lines that are neither the outage's own 57P01 nor a
    // 503, and whatever it wrote outside its JSON log (a stack Express printed itself).
    const causes = output
      .split('\n')
      .filter(
        (line) =>
          (line.includes('"level":50') && !line.includes('57P01') && !line.includes('code 503')) ||
          (line.trim() !== '' && !line.startsWith('{')),
      )
      .map((line) => line.slice(0, 2_000));
    expect(
      samples.filter((s) => typeof s.status === 'number' && s.status >= 500 && s.status !== 503),
      causes.join('\n'),
    ).toEqual([]);
    expect(outage.length).toBeGreaterThan(10);
    expect(outage.filter((s) => s.status !== 503)).toEqual([]);
    expect(longest).toBeLessThan(LONGEST_ALLOWED_MS);
    // After the restart every path answers as before.
    const after = samples.filter((s) => s.startedAt >= startedAt + recoveryMs);
    for (const pathname of ['/readyz', '/', '/dienstverleners/zoeken', '/dienstverlener/vestigingen']) {
      expect(after.filter((s) => s.path === pathname).map((s) => s.status)).toContain(200);
    }
    // The process never went down.
    expect(portal.exitCode).toBeNull();
    expect(output).not.toMatch(/uncaught|unhandled rejection/i);
  }, 120_000);
});
