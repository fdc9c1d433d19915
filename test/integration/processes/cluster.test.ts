import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/app.js';
import { findFreePort } from '../../support/free-port.js';
import { isAlive, startPortal, type PortalProcess } from '../../support/portal-process.js';
import { csrfTokenOf, type Agent } from '../../support/session.js';
import { waitFor } from '../../support/wait.js';

/**
 * `WEB_CONCURRENCY=2 npm start`: one primary (the embedded PostgreSQL, the jobs,
 * the development mail catcher) and two HTTP workers on one port. Outside
 * production each answer names its worker (X-Kmo-Worker). Every request opens a
 * connection of its own (Connection: close): the primary hands connections,
 * not requests, to the workers in turn.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-cluster-'));
fs.chmodSync(dataDir, 0o755);
let portal: PortalProcess;
let databasePort: number;
beforeAll(async () => {
  databasePort = await findFreePort();
  portal = await startPortal({
    WEB_CONCURRENCY: '2',
    DATA_DIR: dataDir,
    DATABASE_EMBEDDED_PORT: String(databasePort),
  });
  await waitFor(() => portal.output().includes('with 2 HTTP workers'), {
    timeoutMs: 60_000,
    message: 'the second worker did not listen',
  });
}, 120_000);
afterAll(async () => {
  await portal?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function get(agent: Agent, url: string) {
  return agent.get(url).set('Connection', 'close');
}

/** GETs `url` until answers from `count` different workers came (at most 20 tries); their pids. */
async function answersFromWorkers(agent: Agent, url: string, check: (text: string) => void, count = 2) {
  const workers = new Set<string>();
  for (let attempt = 0; attempt < 20 && workers.size < count; attempt++) {
    const response = await get(agent, url);
    expect(response.status).toBe(200);
    check(response.text);
    workers.add(String(response.headers['x-kmo-worker']));
  }
  return [...workers];
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('WEB_CONCURRENCY=2', () => {
  it('serves from two workers on one port, neither of them the primary', async () => {
    const workers = await answersFromWorkers(request.agent(portal.baseUrl), '/', () => undefined);
    expect(workers).toHaveLength(2);
    expect(workers).not.toContain(String(portal.child.pid));
    // The database was prepared once, by the primary.
    expect(portal.output().match(/demo data seeded/g)).toHaveLength(1);
  });

  it('keeps a session, its CSRF token and the login form working whichever worker answers', async () => {
    const agent = request.agent(portal.baseUrl);
    // The form from one worker, the post (with its CSRF token) most likely at the other: both in PostgreSQL.
    const token = await csrfTokenOf(agent, '/dienstverlener/login');
    const signedIn = await agent
      .post('/dienstverlener/login')
      .set('Connection', 'close')
      .type('form')
      .send({ _csrf: token, login: '0123456749', password: 'kmo-demo-2026' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/dienstverlener');
    const workers = await answersFromWorkers(agent, '/dienstverlener', (text) =>
      expect(text).toContain('Afmelden'),
    );
    expect(workers).toHaveLength(2);
    // And a stale token is refused at either.
    const refused = await agent
      .post('/dienstverlener/login')
      .set('Connection', 'close')
      .type('form')
      .send({ _csrf: 'not-the-token', login: '0123456749', password: 'kmo-demo-2026' });
    expect(refused.status).toBe(403);
  });

  it('shows at /dev/mailbox of every worker the mail a worker sent', async () => {
    const agent = request.agent(portal.baseUrl);
    const token = await csrfTokenOf(agent, '/dienstverlener/login-vergeten');
    const asked = await agent
      .post('/dienstverlener/login-vergeten')
      .set('Connection', 'close')
      .type('form')
      .send({ _csrf: token, enterpriseNumber: '0123456749', email: 'info@dienstverlener-kmo.test' });
    expect(asked.status).toBe(303);
    const seenBy = new Set<string>();
    await waitFor(
      async () => {
        const response = await get(request.agent(portal.baseUrl), '/dev/mailbox');
        if (response.text.includes('info@dienstverlener-kmo.test')) {
          seenBy.add(String(response.headers['x-kmo-worker']));
        }
        return seenBy.size === 2;
      },
      { timeoutMs: 20_000, intervalMs: 100, message: 'the mail did not show at both workers' },
    );
    // Its link and its page at the worker that did not catch it (the primary did).
    const page = await get(request.agent(portal.baseUrl), '/dev/mailbox');
    const mailPath = /href="(\/dev\/mailbox\/\d+)"/.exec(page.text)?.[1];
    expect(mailPath).toBeDefined();
    for (const worker of await answersFromWorkers(request.agent(portal.baseUrl), mailPath ?? '', (text) =>
      expect(text).toContain('info@dienstverlener-kmo.test'),
    )) {
      expect(seenBy.has(worker)).toBe(true);
    }
  });

  it('starts a worker killed with SIGKILL again and keeps answering meanwhile', async () => {
    const agent = request.agent(portal.baseUrl);
    const token = await csrfTokenOf(agent, '/dienstverlener/login');
    await agent
      .post('/dienstverlener/login')
      .set('Connection', 'close')
      .type('form')
      .send({ _csrf: token, login: '0123456749', password: 'kmo-demo-2026' })
      .expect(303);
    const before = await answersFromWorkers(agent, '/dienstverlener', () => undefined);
    const [victim, survivor] = before.map(Number);
    process.kill(victim ?? 0, 'SIGKILL');
    await waitFor(() => !isAlive(victim ?? 0), { message: 'the worker did not die' });

    // Meanwhile every request is answered (by the survivor), until a new worker answers too.
    const seen = new Set<number>();
    await waitFor(
      async () => {
        const response = await get(agent, '/dienstverlener');
        expect(response.status).toBe(200);
        expect(response.text).toContain('Afmelden');
        seen.add(Number(response.headers['x-kmo-worker']));
        return [...seen].some((pid) => pid !== survivor && pid !== victim);
      },
      { timeoutMs: 60_000, intervalMs: 100, message: 'no new worker answered' },
    );
    expect(seen.has(victim ?? 0)).toBe(false);
    expect(portal.output()).toContain('HTTP worker died; starting a new one');
  }, 90_000);

  it('stops everything on SIGTERM: workers, jobs, catcher and PostgreSQL, exit code 0', async () => {
    const workers = (await answersFromWorkers(request.agent(portal.baseUrl), '/', () => undefined)).map(
      Number,
    );
    // A request in flight (its headers half sent) when SIGTERM comes is still answered.
    const socket = net.connect(portal.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /readyz HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stopped = portal.stop();
    await waitFor(() => portal.output().includes('shutting down'), { message: 'no shutdown began' });
    socket.write('Connection: close\r\n\r\n');
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await stopped).toBe(0);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
    expect(await refusesConnections(portal.port)).toBe(true);
    expect(await refusesConnections(databasePort)).toBe(true);
    const output = portal.output();
    for (const step of ['http workers stopped', 'jobs stopped', 'embedded PostgreSQL stopped']) {
      expect(output).toContain(step);
    }
  }, 60_000);
});

describe('a malformed WEB_CONCURRENCY', () => {
  it.each(['0', '-2', 'twee', '65', '2.5'])(
    '"%s" stops the start naming it',
    async (value) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, NODE_ENV: 'development', DATA_DIR: dataDir, WEB_CONCURRENCY: value },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(errors).toContain(`WEB_CONCURRENCY: "${value}" is not a number of HTTP workers from 1 to 64`);
    },
    60_000,
  );
});

describe('more workers than the database has connections for', () => {
  it('stops the start naming WEB_CONCURRENCY and DATABASE_POOL_MAX, before any worker starts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-cluster-budget-'));
    fs.chmodSync(dataDir, 0o755);
    const port = await findFreePort();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'development',
          DATA_DIR: dataDir,
          WEB_CONCURRENCY: '8',
          DATABASE_POOL_MAX: '10',
          DATABASE_EMBEDDED_PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      // 2 × 10 + 3 for the primary, 2 × 10 + 1 for each of 8 workers; PostgreSQL's default allows 97.
      expect(output).toContain(
        'WEB_CONCURRENCY=8 with DATABASE_POOL_MAX=10 needs up to 191 database connections',
      );
      expect(output).not.toContain('listens on');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
