import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.js';
import { createKnex } from './knex.js';

export const EMBEDDED_DATABASE_NAME = 'kmo_portefeuille';

export interface DatabaseHandle {
  db: Knex;
  url: string;
  embedded: boolean;
  /** Closes the pool and, when embedded, stops the server. */
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL in DATA_DIR and
 * creates the portal's database on it.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.database.url) {
    const db = createKnex(config.database.url, config.database.poolMax, config.database.timeouts);
    return { db, url: config.database.url, embedded: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.database.embeddedPort,
    logger,
  });
  try {
    await ensureDatabase(server.url('postgres'), EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = server.url(EMBEDDED_DATABASE_NAME);
  const db = createKnex(url, config.database.poolMax, config.database.timeouts);
  return {
    db,
    url,
    embedded: true,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
