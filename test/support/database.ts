import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { createKnex } from '../../src/db/knex.js';
import { DEMO_TEMPLATE_DATABASE, TEMPLATE_DATABASE } from './test-database-names.js';

export interface TestDatabase {
  db: Knex;
  url: string;
  name: string;
  destroy(): Promise<void>;
}

/**
 * A fresh database for one test file, copied from a migrated template (with
 * the demo data when asked). Never a mock: the real PostgreSQL of the run.
 */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = inject('databaseServerUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template = options.demo ? DEMO_TEMPLATE_DATABASE : TEMPLATE_DATABASE;
  await adminQuery(serverUrl, `create database "${name}" template "${template}"`);
  const url = withDatabase(serverUrl, name);
  const db = createKnex(url, 5);
  return {
    db,
    url,
    name,
    destroy: async () => {
      await db.destroy();
      await adminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

/**
 * Another connection pool to an existing test database, as a second app
 * process has. Closing it leaves the database to its owner.
 */
export function connectToTestDatabase(database: Pick<TestDatabase, 'url' | 'name'>): TestDatabase {
  const db = createKnex(database.url, 5);
  return { db, url: database.url, name: database.name, destroy: () => db.destroy() };
}

/** An empty database (not migrated), for the migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('databaseServerUrl');
  const name = `empty_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database "${name}"`);
  const url = withDatabase(serverUrl, name);
  const db = createKnex(url, 2);
  return {
    db,
    url,
    name,
    destroy: async () => {
      await db.destroy();
      await adminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance database (as the superuser). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    // Cloning a template fails while another session is connected to it; retry briefly.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await client.end();
  }
}
