import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDemoData } from '../../seeds/demo.js';
import { loadOrCreateKeyPair } from '../../src/auth/saml-keys.js';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { createKnex } from '../../src/db/knex.js';
import { createLogger } from '../../src/logger.js';
import { TEST_TODAY } from './clock.js';
import { findFreePort } from './free-port.js';
import { cheapPasswordHash } from './password.js';
import { DEMO_TEMPLATE_DATABASE, TEMPLATE_DATABASE } from './test-database-names.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
    /** DATA_DIR of every test app: the development SAML key pairs, generated once. */
    testDataDir: string;
    /**
     * The calendar day (Brussels) the demo template is seeded for: TEST_TODAY,
     * the day of the test apps' clock, so the demo's deadlines and periods lie
     * where they would for a user on that day.
     */
    demoToday: string;
  }
}

/**
 * One embedded PostgreSQL for the whole run, in a fresh temporary folder. It
 * holds two migrated template databases (empty, and with the demo data);
 * every test file clones one of them.
 */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-test-'));
  fs.chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await findFreePort(),
    logger: createLogger('warn'),
  });
  const demoToday = TEST_TODAY;
  try {
    await buildTemplate(server.url('postgres'), server.url(TEMPLATE_DATABASE), TEMPLATE_DATABASE);
    await buildTemplate(
      server.url('postgres'),
      server.url(DEMO_TEMPLATE_DATABASE),
      DEMO_TEMPLATE_DATABASE,
      demoToday,
    );
  } catch (error) {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('databaseServerUrl', server.url('postgres'));
  const testDataDir = path.join(dataDir, 'app');
  await loadOrCreateKeyPair(testDataDir, 'saml-sp', 'kmo-portefeuille SP (test)');
  await loadOrCreateKeyPair(testDataDir, 'dev-idp', 'kmo-portefeuille development IdP (test)');
  project.provide('testDataDir', testDataDir);
  project.provide('demoToday', demoToday);

  return async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

/** A migrated template database; with `demoToday`, also the demo data seeded for that day. */
async function buildTemplate(adminUrl: string, url: string, name: string, demoToday?: string): Promise<void> {
  await ensureDatabase(adminUrl, name);
  const db = createKnex(url, 2);
  try {
    await db.migrate.latest();
    if (demoToday) await seedDemoData(db, { today: demoToday, hashPassword: cheapPasswordHash });
  } finally {
    await db.destroy();
  }
}
