import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoData } from '../../../seeds/demo.js';
import { createApp } from '../../../src/app.js';
import { parseConfig } from '../../../src/config.js';
import { createKnex, type Database } from '../../../src/db/knex.js';
import { createLogger } from '../../../src/logger.js';
import { assemble, type Runtime } from '../../../src/runtime.js';
import { TEST_TODAY, testClock } from '../../support/clock.js';
import { cheapPasswordHash } from '../../support/password.js';
import {
  startOwnCluster,
  startStreamingReplica,
  type OwnCluster,
  type StreamingReplica,
} from '../../support/postgres-cluster.js';
import { newAgent, signInAsProvider, type Agent } from '../../support/session.js';
import { waitFor } from '../../support/wait.js';

/**
 * DATABASE_READ_URL against a real streaming replica of a cluster of this
 * test's own. The proof that a page reads from the replica: replay is paused
 * there, a change is made on the primary; the pages that read from the replica
 * do not see it yet, the others do. After replay resumes, all of them do.
 */

const DATABASE = 'kmo_replicated';

let primary: OwnCluster;
let replica: StreamingReplica;
let primaryDb: Database;
let runtime: Runtime;
let app: Express;

beforeAll(async () => {
  primary = await startOwnCluster('kmo-primary-', DATABASE);
  primaryDb = createKnex(primary.url(DATABASE), 2);
  await primaryDb.migrate.latest();
  await seedDemoData(primaryDb, { today: TEST_TODAY, hashPassword: cheapPasswordHash });
  replica = await startStreamingReplica(primary);
  await replica.catchUp();
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: primary.url(DATABASE),
    DATABASE_READ_URL: replica.url(DATABASE),
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: inject('testDataDir'),
  });
  runtime = await assemble({
    config,
    logger: createLogger(config.logLevel),
    db: primaryDb,
    databaseUrl: primary.url(DATABASE),
    clock: testClock,
  });
  app = createApp(runtime.container);
}, 180_000);

afterAll(async () => {
  await runtime?.dispose();
  await primaryDb?.destroy();
  await replica?.destroy();
  await primary?.destroy();
});

async function headOffice(): Promise<Agent> {
  const agent = newAgent(app);
  expect((await signInAsProvider(agent, '0123456749', 'kmo-demo-2026')).headers.location).toBe(
    '/dienstverlener',
  );
  return agent;
}

/** The number of providers the public search says it found. */
function foundIn(html: string): number {
  const match = /<h2 id="resultaten">([0-9]+) /.exec(html);
  if (!match) throw new Error('no result count on the search page');
  return Number(match[1]);
}

describe('a read replica (DATABASE_READ_URL)', () => {
  it('is a real hot standby: it refuses writes and receives the primary’s', async () => {
    const [{ standby }] = (await replica.query<{ standby: boolean }>(
      'select pg_is_in_recovery() as standby',
    )) as [{ standby: boolean }];
    expect(standby).toBe(true);
    await expect(replica.query(`create table nope (id int)`)).rejects.toThrow(/read-only transaction/);
    const marker = `replicated ${Date.now()}`;
    await primaryDb.raw('create table replication_probe (note text)');
    await primaryDb('replication_probe').insert({ note: marker });
    await replica.catchUp();
    const replicaDb = createKnex(replica.url(DATABASE), 1);
    try {
      expect(await replicaDb('replication_probe').select('note')).toEqual([{ note: marker }]);
    } finally {
      await replicaDb.destroy();
    }
  });

  it('serves the projects overview, its CSV export and the public search from the replica, the rest from the primary', async () => {
    const agent = await headOffice();
    const csv = await agent.get('/dienstverlener/projecten.csv?periode=alle').expect(200);
    const firstRow = csv.text.split(/\r?\n/)[1] ?? '';
    const [projectNumber, companyName] = firstRow.split(';').map((field) => field.replace(/^"|"$/g, ''));
    expect(projectNumber).toMatch(/\S/);
    expect(companyName).toMatch(/\S/);
    const overview = await agent.get('/dienstverlener/projecten?periode=alle').expect(200);
    expect(overview.text).toContain(companyName);

    const provider = await primaryDb('provider_organisations')
      .where({ enterprise_number: '0123456749' })
      .first<{ id: number; legal_name: string }>('id', 'legal_name');
    if (!provider) throw new Error('the demo provider is missing');
    const search = await agent
      .get(`/dienstverleners/zoeken?naam=${encodeURIComponent(provider.legal_name)}`)
      .expect(200);
    expect(foundIn(search.text)).toBeGreaterThan(0);

    // The overview's connections are the replica's ("kmo-portefeuille-read" there, by application_name).
    const readers = await replica.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where application_name = 'kmo-portefeuille-read'`,
    );
    expect(readers[0]?.n).toBeGreaterThan(0);

    // Replay paused: the primary moves on, the replica stays where it is.
    await replica.query('select pg_wal_replay_pause()');
    await waitFor(async () => {
      const rows = await replica.query<{ state: string }>('select pg_get_wal_replay_pause_state() as state');
      return rows[0]?.state === 'paused';
    });
    const newCompanyName = `Replicaproef bv ${Date.now()}`;
    const newProviderName = `Replicaproef Opleidingen ${Date.now()}`;
    await primaryDb('companies').where({ name: companyName }).update({ name: newCompanyName });
    await primaryDb('provider_organisations')
      .where({ id: provider.id })
      .update({ legal_name: newProviderName });

    // The detail page reads from the primary: the new name.
    const detail = await agent
      .get(`/dienstverlener/projecten/${encodeURIComponent(projectNumber as string)}`)
      .expect(200);
    expect(detail.text).toContain(newCompanyName);
    // The overview, the export and the search read from the paused replica: the old names.
    const staleOverview = await agent.get('/dienstverlener/projecten?periode=alle').expect(200);
    expect(staleOverview.text).toContain(companyName);
    expect(staleOverview.text).not.toContain(newCompanyName);
    const staleCsv = await agent.get('/dienstverlener/projecten.csv?periode=alle').expect(200);
    expect(staleCsv.text).not.toContain(newCompanyName);
    const staleSearch = await agent
      .get(`/dienstverleners/zoeken?naam=${encodeURIComponent(newProviderName)}`)
      .expect(200);
    expect(foundIn(staleSearch.text)).toBe(0);

    // Replay resumes: the replica catches up and the same pages show the change.
    await replica.query('select pg_wal_replay_resume()');
    await replica.catchUp();
    const freshOverview = await agent.get('/dienstverlener/projecten?periode=alle').expect(200);
    expect(freshOverview.text).toContain(newCompanyName);
    const freshCsv = await agent.get('/dienstverlener/projecten.csv?periode=alle').expect(200);
    expect(freshCsv.text).toContain(newCompanyName);
    const freshSearch = await agent
      .get(`/dienstverleners/zoeken?naam=${encodeURIComponent(newProviderName)}`)
      .expect(200);
    expect(foundIn(freshSearch.text)).toBeGreaterThan(0);
    expect(freshSearch.text.split('id="resultaten"')[1]).toContain(newProviderName);
  }, 60_000);
});
