import type { Knex } from 'knex';
import { resolveSamlSettings } from './auth/saml.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createContainer, disposeContainer, type Container } from './container.js';
import { DevMailCatcher } from './dev/mail-catcher.js';
import { createTransport } from './infra/mail/transport.js';
import { startJobs, type JobDeps } from './jobs/jobs.js';
import type { Logger } from './logger.js';

export interface Runtime {
  container: Container;
  /** Where mails go: SMTP_URL, or the development mail catcher started here. */
  smtpUrl: string;
  /** Stops what assemble started, in reverse order. */
  dispose(): Promise<void>;
}

/**
 * Everything between the database and the app: SAML settings (the development
 * IdP's keys when none are configured), the mail transport (the development
 * mail catcher when SMTP_URL is absent) and the container.
 */
export async function assemble(options: {
  config: Config;
  logger: Logger;
  db: Knex;
  databaseUrl: string;
  /** The business clock; the machine's when absent. */
  clock?: Clock;
  /**
   * A cluster worker's mirror of the primary's mail catcher (SMTP_URL then points at that
   * catcher): shown at /dev/mailbox instead of starting a catcher here.
   */
  devMailboxMirror?: DevMailCatcher;
}): Promise<Runtime> {
  const { config, logger } = options;
  const saml = await resolveSamlSettings(config);

  let devMailbox: DevMailCatcher | undefined = options.devMailboxMirror;
  let started: DevMailCatcher | undefined;
  let smtpUrl = config.mail.smtpUrl;
  if (!smtpUrl) {
    devMailbox = started = new DevMailCatcher(logger);
    const port = await started.start(0);
    smtpUrl = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
    logger.info({ port }, `development mail catcher listens; mails are at ${config.publicUrl}/dev/mailbox`);
  }

  const container = createContainer({
    ...options,
    saml,
    openMailTransport: () => createTransport(smtpUrl),
    devMailbox,
  });
  return {
    container,
    smtpUrl,
    dispose: async () => {
      await disposeContainer(container);
      await started?.stop();
    },
  };
}

/** What the background jobs need, from the container (tests replace a part, e.g. a failing import service). */
export function jobDepsOf(container: Container, logger: Logger): JobDeps {
  return {
    logger,
    clock: container.clock,
    mail: container.mail,
    registrations: container.services.registrations,
    deadlines: container.services.deadlines,
    settlement: container.services.settlement,
    depositImports: { service: container.services.depositImport, queue: container.depositImportQueue },
  };
}

/** The jobs of a process that runs them (the single process, the cluster's primary, the benchmark's app). */
export function startAppJobs(container: Container, logger: Logger, databaseUrl: string) {
  return startJobs(jobDepsOf(container, logger), databaseUrl);
}
