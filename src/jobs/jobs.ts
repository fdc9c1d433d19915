import PgBoss from 'pg-boss';
import type { Clock } from '../clock.js';
import { systemActor } from '../domain/actor.js';
import type { DeadlineService } from '../features/deadlines/deadline.service.js';
import type { DepositImportService } from '../features/deposits/deposit-import.service.js';
import type { SettlementService } from '../features/settlement/settlement.service.js';
import type { RegistrationService } from '../features/registrations/registration.service.js';
import type { MailDispatcher } from '../infra/mail/dispatcher.js';
import type { Logger } from '../logger.js';

export const MAIL_QUEUE = 'mail-outbox';
export const EXPIRE_REGISTRATIONS_QUEUE = 'registrations-expire';
export const DEADLINES_QUEUE = 'deadlines-nightly';
export const SETTLEMENT_QUEUE = 'settlement-nightly';
export const DEPOSIT_IMPORT_QUEUE = 'deposit-import';
export const DEPOSIT_IMPORT_SWEEP_QUEUE = 'deposit-import-sweep';

/** A bank statement import's job: retried with growing pauses, expired when it runs an hour. */
const depositImportJob = { retryLimit: 3, retryDelay: 20, retryBackoff: true, expireInSeconds: 60 * 60 };
/** An import not finished and not touched for this long has its job sent again. */
const STALE_IMPORT_MINUTES = 5;

/**
 * Sends bank statement imports to their job once the jobs run (`startJobs`
 * attaches the queue). Before that — a test app, which runs the import itself
 * with `processImport` — sending does nothing, and the sweep of `startJobs`
 * sends every import still waiting when the jobs start.
 */
export class DepositImportQueue {
  private boss: PgBoss | undefined;
  private options: PgBoss.SendOptions = depositImportJob;

  attach(boss: PgBoss | undefined, options: Partial<typeof depositImportJob> = {}): void {
    this.boss = boss;
    this.options = { ...depositImportJob, ...options };
  }

  async send(importId: number): Promise<void> {
    await this.boss?.send(DEPOSIT_IMPORT_QUEUE, { importId }, this.options);
  }
}

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
  depositImports: {
    service: Pick<DepositImportService, 'processImport' | 'markFailed' | 'staleImports'>;
    queue: DepositImportQueue;
    /** Tests retry sooner and fewer times. */
    jobOptions?: Partial<typeof depositImportJob>;
  };
}

export async function startJobs(deps: JobDeps, databaseUrl: string): Promise<{ stop(): Promise<void> }> {
  const { logger, clock, mail, registrations, deadlines, settlement, depositImports } = deps;
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
  // A bank statement uploaded: its pending credits are matched and booked in chunks (issue 18). A
  // failed run is retried (what earlier chunks booked stays booked); after the last retry the
  // import shows "mislukt".
  await boss.createQueue(DEPOSIT_IMPORT_QUEUE);
  await boss.work<{ importId: number }>(
    DEPOSIT_IMPORT_QUEUE,
    { includeMetadata: true, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (!job) return;
      const { importId } = job.data;
      try {
        const status = await depositImports.service.processImport(importId);
        logger.info({ importId, status }, 'bank statement import run');
      } catch (error) {
        const attempt = job.retryCount + 1;
        logger.error({ err: error, importId, attempt }, 'bank statement import run failed');
        if (job.retryCount >= job.retryLimit) {
          await depositImports.service.markFailed(importId, importFailureText(attempt, error));
        }
        throw error;
      }
    },
  );
  depositImports.queue.attach(boss, depositImports.jobOptions);
  // Every five minutes, and now: an import waiting or half done without progress (its job lost
  // when a process died between the upload's commit and the send) gets its job again. A job sent
  // twice does no harm: the second finds nothing pending.
  const sweepImports = async () => {
    for (const importId of await depositImports.service.staleImports(STALE_IMPORT_MINUTES)) {
      await depositImports.queue.send(importId);
      logger.warn({ importId }, 'bank statement import sent again');
    }
  };
  await boss.createQueue(DEPOSIT_IMPORT_SWEEP_QUEUE);
  await boss.schedule(DEPOSIT_IMPORT_SWEEP_QUEUE, '*/5 * * * *', {}, { tz: 'Europe/Brussels' });
  await boss.work(DEPOSIT_IMPORT_SWEEP_QUEUE, sweepImports);
  await sweepImports();
  // Anything left from before a restart goes out now, not at the next minute.
  mail.kick();
  return {
    stop: async () => {
      depositImports.queue.attach(undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/** What the import's page says after the last retry failed (the technical reason in brackets, for support). */
function importFailureText(attempts: number, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Het inlezen is ${attempts} keer geprobeerd en telkens mislukt (${reason.slice(0, 300)}). Kies "Opnieuw proberen" zodra de oorzaak verholpen is, of meld dit aan de technische dienst.`;
}
