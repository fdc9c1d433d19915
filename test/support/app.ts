import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { inject } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { parseConfig, type Environment } from '../../src/config.js';
import type { Container } from '../../src/container.js';
import { DevMailCatcher } from '../../src/dev/mail-catcher.js';
import { createLogger } from '../../src/logger.js';
import { assemble } from '../../src/runtime.js';
import { testClock } from './clock.js';
import { connectToTestDatabase, createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: Express;
  container: Container;
  database: TestDatabase;
  /** What the app mailed, caught by the development SMTP server. */
  mailbox: DevMailCatcher;
  close(): Promise<void>;
}

/**
 * The real application on a fresh database of its own, for supertest or a
 * browser. With `shareDatabaseWith`, a second app process on another test
 * app's database instead: its own pools; the database stays when it closes.
 * `clock` is the app's "now" and "today": by default noon of TEST_TODAY, the
 * day the demo data is seeded for.
 */
export async function createTestApp(
  options: { demo?: boolean; environment?: Environment; shareDatabaseWith?: TestApp; clock?: Clock } = {},
): Promise<TestApp> {
  const database = options.shareDatabaseWith
    ? connectToTestDatabase(options.shareDatabaseWith.database)
    : await createTestDatabase({ demo: options.demo });
  const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
  // Production names its SMTP server: the test points it at a mail catcher of its own.
  const ownMailbox =
    options.environment?.NODE_ENV === 'production' ? new DevMailCatcher(createLogger(logLevel)) : undefined;
  const ownSmtpPort = ownMailbox ? await ownMailbox.start(0) : undefined;
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: logLevel,
    // Generated SAML key pairs are shared by every test app of the run.
    DATA_DIR: inject('testDataDir'),
    ...options.environment,
    ...(ownSmtpPort ? { SMTP_URL: `smtp://127.0.0.1:${ownSmtpPort}?ignoreTLS=true` } : {}),
  });
  const runtime = await assemble({
    config,
    logger: createLogger(config.logLevel),
    db: database.db,
    databaseUrl: database.url,
    clock: options.clock ?? testClock,
  });
  const { container } = runtime;
  const mailbox = container.devMailbox ?? ownMailbox;
  if (!mailbox) throw new Error('tests expect the development mail catcher');
  return {
    app: createApp(container),
    container,
    database,
    mailbox,
    close: async () => {
      await runtime.dispose();
      await ownMailbox?.stop();
      await database.destroy();
    },
  };
}

/**
 * A complete production environment (every setting production requires), for
 * `createTestApp({ environment: productionEnvironment() })`. The database and the
 * SMTP server are the test's own; the SAML keys are the run's generated pairs.
 * Production runs behind one proxy (TRUST_PROXY=1): requests say `X-Forwarded-Proto: https`
 * and `X-Forwarded-For` the client's address.
 */
export function productionEnvironment(): Environment {
  const keys = (name: string) => fs.readFileSync(path.join(inject('testDataDir'), name), 'utf8');
  return {
    NODE_ENV: 'production',
    SESSION_SECRET: 'production-session-secret-for-the-tests-0123456789',
    PUBLIC_URL: 'https://www.kmo-portefeuille.be',
    SAML_ENTRY_POINT: 'https://idp.example.be/saml/sso',
    SAML_ISSUER: 'https://www.kmo-portefeuille.be/auth/saml/metadata',
    SAML_CALLBACK_URL: 'https://www.kmo-portefeuille.be/auth/saml/acs',
    SAML_IDP_CERT: keys('dev-idp.crt'),
    // The run's IdP key pair is the development IdP's: responses carry its entity id.
    SAML_IDP_ISSUER: 'urn:kmo-portefeuille:dev-idp',
    SAML_SP_KEY: keys('saml-sp.key'),
    SAML_SP_CERT: keys('saml-sp.crt'),
    PAYMENT_INSTITUTION_NAME: 'Pluxee Belgium nv',
    PAYMENT_INSTITUTION_ADDRESS: 'Vorstlaan 165, 1160 Oudergem',
    PAYMENT_INSTITUTION_IBAN: 'BE68539007547034',
    PAYMENT_INSTITUTION_BIC: 'BBRUBEBB',
    TRUST_PROXY: '1',
  };
}
