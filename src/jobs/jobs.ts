import PgBoss from 'pg-boss';
import type { Clock } from '../clock.js';
import { systemActor } from '../domain/actor.js';
import type { DeadlineService } from '../features/deadlines/deadline.service.js';
import type { SettlementService } from '../features/settlement/settlement.service.js';
import type { RegistrationService } from '../features/registrations/registration.service.js';
import type { MailDispatcher } from '../infra/mail/dispatcher.js';
import type { Logger } from '../logger.js';

export const MAIL_QUEUE = 'mail-outbox';
export const EXPIRE_REGISTRATIONS_QUEUE = 'registrations-expire';
export const DEADLINES_QUEUE = 'deadlines-nightly';
export const SETTLEMENT_QUEUE = 'settlement-nightly';

/**
 * Background jobs on pg-boss, in the same Postgres, on whichever app process
 * picks a job up: every minute the outbox is sent (retrying what failed), every
 * night expired registrations are marked, projects past their deposit
 * deadline lapse and the deadline reminders go out, and projects past their
 * payment period are settled.
 */
export interface JobDeps {
  logger: Logger;
  clock: Clock;
  mail: Pick<MailDispatcher, 'flush' | 'kick'>;
  registrations: Pick<RegistrationService, 'expireDue'>;
  deadlines: Pick<DeadlineService, 'run'>;
  settlement: Pick<SettlementService, 'run'>;
}

export async function startJobs(deps: JobDeps, databaseUrl: string): Promise<{ stop(): Promise<void> }> {
  const { logger, clock, mail, registrations, deadlines, settlement } = deps;
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 3 });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(MAIL_QUEUE);
  await boss.schedule(MAIL_QUEUE, '* * * * *', {}, { tz: 'Europe/Brussels' });
  await boss.work(MAIL_QUEUE, async () => {
    const result = await mail.flush();
    if (result.sent || result.failed) logger.info(result, 'mail outbox run');
  });
  // Every night: approved registrations past their expiry date become L (Verlopen).
  await boss.createQueue(EXPIRE_REGISTRATIONS_QUEUE);
  await boss.schedule(EXPIRE_REGISTRATIONS_QUEUE, '5 0 * * *', {}, { tz: 'Europe/Brussels' });
  await boss.work(EXPIRE_REGISTRATIONS_QUEUE, async () => {
    const expired = await registrations.expireDue(systemActor);
    logger.info({ expired }, 'registrations past their expiry date expired');
  });
  // Every night: projects without deposit past their deadline lapse, and the reminders before the
  // deposit, payment and application deadlines go out (once each: the run is idempotent).
  await boss.createQueue(DEADLINES_QUEUE);
  await boss.schedule(DEADLINES_QUEUE, '15 0 * * *', {}, { tz: 'Europe/Brussels' });
  await boss.work(DEADLINES_QUEUE, async () => {
    const today = clock.today();
    const result = await deadlines.run(today);
    // The run kicks the mail sender itself once it queued anything.
    logger.info({ today, ...result }, 'deadline run: lapsed projects and reminders sent');
  });
  // Every night: Lopend projects whose payment period ended are settled (refund, subsidy back,
  // Afgewerkt). Idempotent: a missed night is caught up by the next run, for the day it runs on.
  await boss.createQueue(SETTLEMENT_QUEUE);
  await boss.schedule(SETTLEMENT_QUEUE, '25 0 * * *', {}, { tz: 'Europe/Brussels' });
  await boss.work(SETTLEMENT_QUEUE, async () => {
    const today = clock.today();
    const result = await settlement.run(today);
    logger.info({ today, ...result }, 'settlement run: projects past their payment period settled');
  });
  // Anything left from before a restart goes out now, not at the next minute.
  mail.kick();
  return { stop: () => boss.stop({ graceful: true, wait: true, timeout: 5000 }) };
}
