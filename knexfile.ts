import { parseConfig } from './src/config.js';
import { EMBEDDED_DATABASE_NAME } from './src/db/database.js';
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from './src/db/embedded-postgres.js';
import { migrationSource } from './migrations/index.js';

/**
 * For the knex command line (`npx knex --knexfile knexfile.ts migrate:status`).
 * Without DATABASE_URL it points at the embedded PostgreSQL of `npm start`,
 * which must be running.
 */
const config = parseConfig(process.env);
const connection =
  config.database.url ??
  `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${config.database.embeddedPort}/${EMBEDDED_DATABASE_NAME}`;

export default {
  client: 'pg',
  connection,
  migrations: { migrationSource, tableName: 'knex_migrations' },
};
