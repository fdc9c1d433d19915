import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { seedDemoData } from '../../seeds/demo.js';
import type { IsoDate } from '../domain/dates.js';

/**
 * Brings the schema to the latest migration and, in development, seeds the
 * demo data into an empty database, around `today` (the app's clock).
 */
export async function prepareDatabase(
  db: Knex,
  options: { seedDemo: boolean; today: IsoDate; logger: Logger },
): Promise<void> {
  const [batch, applied] = (await db.migrate.latest()) as [number, string[]];
  if (applied.length > 0) options.logger.info({ batch, applied }, 'database migrated');
  if (options.seedDemo) {
    const seeded = await seedDemoData(db, { today: options.today });
    if (seeded) options.logger.info('demo data seeded');
  }
}
