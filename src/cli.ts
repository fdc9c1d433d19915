import { parseConfig } from './config.js';
import { LedgerVerification } from './features/ledger/ledger-verification.js';
import { describeLedgerVerification } from './features/ledger/ledger.presenter.js';
import { createLogger } from './logger.js';
import { describeAuditChain, verifyAuditChain } from './db/audit-chain.js';
import { openDatabase } from './db/database.js';

/**
 * The command line, an entry point like server.ts: `npm run migrate`,
 * `npm run migrate:rollback`, `npm run audit:verify` and `npm run ledger:verify`:
 * the same database as `npm start` (DATABASE_URL, or the embedded PostgreSQL
 * in DATA_DIR). `audit-verify` walks the audit log's hash chain, prints what
 * it found and exits with 0 when the chain holds, 1 at the first broken link.
 * `ledger-verify` checks every project's ledger against its status
 * (domain/ledger.ts), prints each project that does not balance with the
 * reasons, and exits with 0 when all balance, else 1.
 */
const commands = ['migrate', 'rollback', 'audit-verify', 'ledger-verify'] as const;
const command = commands.find((name) => name === process.argv[2]);
if (!command) {
  console.error(`usage: tsx src/cli.ts ${commands.join('|')}`);
  process.exit(2);
}
const config = parseConfig(process.env);
const logger = createLogger(config.logLevel);
const database = await openDatabase(config, logger);
try {
  if (command === 'migrate') {
    const [batch, applied] = (await database.db.migrate.latest()) as [number, string[]];
    logger.info({ batch, applied }, applied.length ? 'migrated' : 'already up to date');
  } else if (command === 'rollback') {
    const [batch, reverted] = (await database.db.migrate.rollback()) as [number, string[]];
    logger.info({ batch, reverted }, 'rolled back the last batch');
  } else if (command === 'ledger-verify') {
    const result = await new LedgerVerification(database.db).verify();
    process.stdout.write(`${describeLedgerVerification(result)}\n`);
    process.exitCode = result.unbalanced.length === 0 ? 0 : 1;
  } else {
    const result = await verifyAuditChain(database.db);
    process.stdout.write(`${describeAuditChain(result)}\n`);
    if (result.ok) process.stdout.write(`Laatste hash: ${result.lastHash}\n`);
    process.exitCode = result.ok ? 0 : 1;
  }
} finally {
  await database.close();
}
