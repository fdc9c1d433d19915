import PgBoss from 'pg-boss';
import type { Container } from '../container.js';

export const MAIL_QUEUE = 'mail-outbox';

/**
 * Background jobs on pg-boss, in the same Postgres: every minute the outbox is
 * sent (retrying what failed), on whichever app process picks the job up.
 */
export async function startJobs(
  container: Container,
  databaseUrl: string,
): Promise<{ stop(): Promise<void> }> {
  const { logger } = container;
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 3 });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(MAIL_QUEUE);
  await boss.schedule(MAIL_QUEUE, '* * * * *', {}, { tz: 'Europe/Brussels' });
  await boss.work(MAIL_QUEUE, async () => {
    const result = await container.mail.flush();
    if (result.sent || result.failed) logger.info(result, 'mail outbox run');
  });
  // Anything left from before a restart goes out now, not at the next minute.
  container.mail.kick();
  return { stop: () => boss.stop({ graceful: true, wait: true, timeout: 5000 }) };
}
