import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../../src/db/knex.js';
import { isDatabaseUnavailable } from '../../../src/db/unavailable.js';
import { createTestApp, type TestApp } from '../../support/app.js';

/**
 * The DATABASE_*_TIMEOUT_MS settings reach PostgreSQL and the pools: a slow
 * statement is cancelled, a server that accepts but never answers is given up
 * on — each within its setting, as an error the app answers with its 503 page.
 */

let testApp: TestApp;
let silent: net.Server;
let silentPort: number;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  testApp = await createTestApp({
    environment: {
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      DATABASE_STATEMENT_TIMEOUT_MS: '400',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '700',
    },
  });
  // A "database" that takes the connection and never says a word (a black-holed network).
  silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await testApp.close();
});

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  try {
    await work();
    return { ms: Date.now() - started, error: undefined };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describe('database timeouts', () => {
  it('the session store’s pool has the statement and idle-in-transaction timeouts', async () => {
    const pool = testApp.container.sessionPool;
    expect((await pool.query('show statement_timeout')).rows).toEqual([{ statement_timeout: '400ms' }]);
    expect((await pool.query('show idle_in_transaction_session_timeout')).rows).toEqual([
      { idle_in_transaction_session_timeout: '700ms' },
    ]);
    const slow = await timed(() => pool.query('select pg_sleep(3)'));
    expect((slow.error as { code?: string }).code).toBe('57014');
    expect(isDatabaseUnavailable(slow.error)).toBe(true);
    expect(slow.ms).toBeLessThan(2000);
  });

  it('a knex pool cancels a slow statement and ends a transaction left idle', async () => {
    const timeouts = { connectMs: 500, acquireMs: 1000, statementMs: 400, idleInTransactionMs: 700 };
    const db = createKnex(testApp.database.url, 2, timeouts);
    try {
      const slow = await timed(() => db.raw('select pg_sleep(3)'));
      expect((slow.error as { code?: string }).code).toBe('57014');
      expect(slow.ms).toBeLessThan(2000);

      const idle = await timed(() =>
        db.transaction(async (trx) => {
          await trx.raw('select 1');
          await new Promise((resolve) => setTimeout(resolve, 1500));
          await trx.raw('select 1');
        }),
      );
      expect(isDatabaseUnavailable(idle.error)).toBe(true);
      // The pool replaces the connection the server ended: the next query works.
      expect((await db.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it('gives up on a server that never answers after the connect timeout', async () => {
    const timeouts = { connectMs: 500, acquireMs: 5000, statementMs: 400, idleInTransactionMs: 700 };
    const db = createKnex(`postgres://postgres:postgres@127.0.0.1:${silentPort}/nothing`, 2, timeouts);
    try {
      const attempt = await timed(() => db.raw('select 1'));
      expect(isDatabaseUnavailable(attempt.error)).toBe(true);
      expect(attempt.ms).toBeGreaterThanOrEqual(450);
      expect(attempt.ms).toBeLessThan(2000);
    } finally {
      await db.destroy();
    }
  });
});
