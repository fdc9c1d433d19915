import type { Express } from 'express';
import { inject } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig, type Environment } from '../../src/config.js';
import type { Container } from '../../src/container.js';
import type { DevMailCatcher } from '../../src/infra/mail/dev-mail-catcher.js';
import { createLogger } from '../../src/logger.js';
import { assemble } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: Express;
  container: Container;
  database: TestDatabase;
  /** What the app mailed, caught by the development SMTP server. */
  mailbox: DevMailCatcher;
  close(): Promise<void>;
}

/** The real application on a fresh database of its own, for supertest or a browser. */
export async function createTestApp(
  options: { demo?: boolean; environment?: Environment } = {},
): Promise<TestApp> {
  const database = await createTestDatabase({ demo: options.demo });
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Generated SAML key pairs are shared by every test app of the run.
    DATA_DIR: inject('testDataDir'),
    ...options.environment,
  });
  const runtime = await assemble({
    config,
    logger: createLogger(config.logLevel),
    db: database.db,
    databaseUrl: database.url,
  });
  const { container } = runtime;
  if (!container.devMailbox) throw new Error('tests expect the development mail catcher');
  return {
    app: createApp(container),
    container,
    database,
    mailbox: container.devMailbox,
    close: async () => {
      await runtime.dispose();
      await database.destroy();
    },
  };
}
