import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from '../../migrations/index.js';
import type { DatabaseTimeouts } from '../config.js';

// Cents are bigint columns: read them as numbers (exact up to 2^53 cents).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Calendar dates stay 'YYYY-MM-DD' strings: no time zone can shift them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Database = Knex;
export type Transaction = Knex.Transaction;

/** The defaults of DATABASE_*_TIMEOUT_MS (src/config.ts). */
export const defaultDatabaseTimeouts: DatabaseTimeouts = {
  connectMs: 5_000,
  acquireMs: 10_000,
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
};

/**
 * The pg client settings that keep a request from waiting on a database that
 * is away: a connection attempt gives up after connectMs; PostgreSQL cancels a
 * statement after statementMs and ends a session left idle in a transaction.
 * (No client-side query_timeout: pg arms it for a cursor too, whose callback
 * never runs, so it would break a long CSV export half-way.)
 */
export function pgClientSettings(url: string, timeouts: DatabaseTimeouts, applicationName: string) {
  return {
    connectionString: url,
    application_name: applicationName,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
  };
}

/**
 * A knex pool. A connection that breaks (the server restarted) is marked by
 * knex's pg client on its 'error' event and dropped by the pool at its next
 * checkout, so the pool reconnects by itself; a failed connection attempt
 * rejects the waiting query at once (propagateCreateError) rather than after
 * the acquire timeout.
 */
export function createKnex(
  url: string,
  poolMax = 10,
  timeouts: DatabaseTimeouts = defaultDatabaseTimeouts,
  applicationName = 'kmo-portefeuille',
): Knex {
  return knexFactory({
    client: 'pg',
    connection: pgClientSettings(url, timeouts, applicationName),
    pool: { min: 0, max: poolMax, propagateCreateError: true },
    acquireConnectionTimeout: timeouts.acquireMs,
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
}

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest();
}
