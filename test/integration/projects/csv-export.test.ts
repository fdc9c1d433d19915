import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { newAgent, signInAsProvider } from '../../support/session.js';
import { waitFor } from '../../support/wait.js';

/**
 * The CSV export of a long list, over a real socket: it streams from a
 * cursor (a client that stops reading holds the export up, instead of the
 * server reading the whole list into memory), and a client that goes away
 * half-way gives the database connection back.
 */

const EXTRA_PROJECTS = 100_000;

let testApp: TestApp;
let db: Knex;
let server: http.Server;
let baseUrl: string;
let cookie: string;
let serverResponse: http.ServerResponse | undefined;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  const provider = await db('provider_organisations').where({ enterprise_number: '0123456749' }).first();
  const source = await db('projects')
    .where({ provider_id: provider.id })
    .whereNull('department_id')
    .orderBy('id')
    .first();
  const columns = Object.keys(source).filter(
    (column) =>
      !['id', 'project_number', 'structured_communication', 'created_at', 'updated_at'].includes(column),
  );
  const { max } = (await db('projects')
    .max({ max: db.raw('structured_communication::bigint') })
    .first()) as {
    max: number;
  };
  // Copies of one project with numbers no demo project has (the demo's years are recent).
  await db.raw(
    `insert into projects (project_number, structured_communication, ${columns.join(', ')})
     select '2018KMO' || lpad(n::text, 6, '0'), lpad((?::bigint + n)::text, 12, '0'), ${columns.join(', ')}
     from projects, generate_series(1, ?) as n where projects.id = ?`,
    [max, EXTRA_PROJECTS, source.id],
  );

  server = testApp.app.listen(0, '127.0.0.1');
  // The server's side of the latest request: how much the export has written, and whether it waits.
  server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    serverResponse = response;
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = newAgent(testApp.app);
  const login = await signInAsProvider(agent, '0123456749', 'kmo-demo-2026');
  const setCookie = login.headers['set-cookie'] as unknown as string[];
  cookie = (setCookie[0] ?? '').split(';')[0] ?? '';
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await testApp?.close();
});

const connectionsInUse = () => (db.client as { pool: { numUsed(): number } }).pool.numUsed();

function get(path: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(`${baseUrl}${path}`, { headers: { cookie } }, resolve).on('error', reject);
  });
}

/** Reads a response to its end, counting its lines without keeping it. */
function countLines(response: http.IncomingMessage): Promise<number> {
  return new Promise((resolve, reject) => {
    let lines = 0;
    response.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
    });
    response.on('end', () => resolve(lines));
    response.on('error', reject);
  });
}

describe('the CSV export of a long list', () => {
  it('streams every row', async () => {
    const { count } = (await db('projects as p')
      .join('provider_organisations as o', 'o.id', 'p.provider_id')
      .where('o.enterprise_number', '0123456749')
      .count({ count: '*' })
      .first()) as { count: number };
    const response = await get('/dienstverlener/projecten.csv?jaren=alle');
    expect(response.statusCode).toBe(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    // The header and one line per project (no name in the demo data holds a line break).
    expect(await countLines(response)).toBe(Number(count) + 1);
    await waitFor(() => connectionsInUse() === 0, { timeoutMs: 2_000, message: 'connection not given back' });
  });

  it('waits for a slow client, and gives the connection back when the client goes away', async () => {
    expect(connectionsInUse()).toBe(0);
    const response = await get('/dienstverlener/projecten.csv?jaren=alle&sorteer=bedrag');
    expect(response.statusCode).toBe(200);
    await new Promise<void>((resolve) => response.once('data', () => resolve()));
    response.pause();
    // The client reads no further: the export comes to a stop (the response waits for 'drain' and
    // what it has written stops growing) with its cursor open, instead of reading on. An export that
    // read on would only stop at the end of the list, with its connection given back.
    let written = -1;
    await waitFor(
      () => {
        const response = serverResponse;
        if (!response?.writableNeedDrain) return false;
        const now = (response.socket?.bytesWritten ?? 0) + response.writableLength;
        const stopped = now === written;
        written = now;
        return stopped;
      },
      { timeoutMs: 20_000, intervalMs: 100, message: 'the export did not come to a stop' },
    );
    expect(connectionsInUse()).toBe(1);
    const open = await db('pg_stat_activity')
      .where({ datname: testApp.database.name })
      .whereILike('query', '%order by pr.project_amount_cents%')
      .count({ count: '*' })
      .first();
    expect(Number(open?.count)).toBe(1);

    response.destroy();
    await waitFor(() => connectionsInUse() === 0, { timeoutMs: 5_000, message: 'connection not given back' });
    await waitFor(
      async () => {
        const left = await db('pg_stat_activity')
          .where({ datname: testApp.database.name })
          .whereNot({ state: 'idle' })
          .whereILike('query', '%order by pr.project_amount_cents%')
          .count({ count: '*' })
          .first();
        return Number(left?.count) === 0;
      },
      { timeoutMs: 5_000, message: 'the export query is still running' },
    );

    // The pool is healthy: the next export runs to its end.
    const again = await get('/dienstverlener/projecten.csv?nummer=2018KMO00001&jaren=alle');
    expect(again.statusCode).toBe(200);
    // Of the copies, 2018KMO000010 … 2018KMO000019 contain "2018KMO00001": 10 rows.
    expect(await countLines(again)).toBe(1 + 10);
  });
});
