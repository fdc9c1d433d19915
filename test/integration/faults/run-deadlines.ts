/**
 * The nightly deadline run as a process of its own, for the "killed mid-run"
 * test: `node --import tsx test/integration/faults/run-deadlines.ts <today>`
 * against DATABASE_URL. The same service and repository the pg-boss job of
 * src/jobs/jobs.ts calls; it queues mails and leaves sending them to the app.
 * Prints the run's result as JSON when it finishes.
 */
import { parseConfig } from '../../../src/config.js';
import { createKnex } from '../../../src/db/knex.js';
import { DeadlineRepository } from '../../../src/features/deadlines/deadline.repository.js';
import { DeadlineService } from '../../../src/features/deadlines/deadline.service.js';
import { createLogger } from '../../../src/logger.js';

const today = process.argv[2];
if (!today) throw new Error('usage: run-deadlines.ts <YYYY-MM-DD>');
const config = parseConfig(process.env);
const url = config.database.url;
if (!url) throw new Error('DATABASE_URL is required');
const db = createKnex(url, 2);
try {
  const service = new DeadlineService(db, new DeadlineRepository(db), {
    publicUrl: config.publicUrl,
    paymentInstitution: config.paymentInstitution,
    logger: createLogger(config.logLevel),
    onMailQueued: () => undefined,
  });
  process.stdout.write(`${JSON.stringify(await service.run(today))}\n`);
} finally {
  await db.destroy();
}
