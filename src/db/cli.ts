import { parseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openDatabase } from './database.js';

/**
 * `npm run migrate` and `npm run migrate:rollback`: the same database as
 * `npm start` (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR).
 */
const command = process.argv[2];
if (command !== 'migrate' && command !== 'rollback') {
  console.error('usage: tsx src/db/cli.ts migrate|rollback');
  process.exit(2);
}
const config = parseConfig(process.env);
const logger = createLogger(config.logLevel);
const database = await openDatabase(config, logger);
try {
  if (command === 'migrate') {
    const [batch, applied] = (await database.db.migrate.latest()) as [number, string[]];
    logger.info({ batch, applied }, applied.length ? 'migrated' : 'already up to date');
  } else {
    const [batch, reverted] = (await database.db.migrate.rollback()) as [number, string[]];
    logger.info({ batch, reverted }, 'rolled back the last batch');
  }
} finally {
  await database.close();
}
