import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from '../../migrations/index.js';

// Cents are bigint columns: read them as numbers (exact up to 2^53 cents).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Calendar dates stay 'YYYY-MM-DD' strings: no time zone can shift them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Database = Knex;
export type Transaction = Knex.Transaction;

export function createKnex(url: string, poolMax = 10): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'kmo-portefeuille' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
}

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest();
}
