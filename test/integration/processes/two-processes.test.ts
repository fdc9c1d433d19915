import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../../src/db/knex.js';
import { DevMailCatcher } from '../../../src/dev/mail-catcher.js';
import { todayInBrussels } from '../../../src/domain/dates.js';
import { DEADLINES_QUEUE } from '../../../src/jobs/jobs.js';
import { createLogger } from '../../../src/logger.js';
import { findFreePort } from '../../support/free-port.js';
import { plusDays } from '../../support/format.js';
import { startPortal, type PortalProcess } from '../../support/portal-process.js';
import { csrfTokenIn, csrfTokenOf } from '../../support/session.js';
import { waitFor } from '../../support/wait.js';
import { createCompany, createProject, PROVIDER_EMAIL, type TestProject } from '../deadlines/support.js';

/**
 * Two `npm start` processes behind one load balancer, on one PostgreSQL: the
 * first on the embedded PostgreSQL, the second on DATABASE_URL pointing at it.
 * Each runs its own HTTP server and its own pg-boss jobs; both send mail to one
 * SMTP server (a catcher the test runs) and share PUBLIC_URL, DATA_DIR's
 * development secrets and SAML keys, as one deployment's processes share theirs.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-two-'));
fs.chmodSync(dataDir, 0o755);
const catcher = new DevMailCatcher(createLogger('silent'));
let first: PortalProcess;
let second: PortalProcess;
let db: Knex;
let databaseUrl: string;
beforeAll(async () => {
  const smtpPort = await catcher.start(0);
  const databasePort = await findFreePort();
  const shared = {
    DATA_DIR: dataDir,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
    PUBLIC_URL: 'http://localhost:8080',
  };
  first = await startPortal({ ...shared, DATABASE_EMBEDDED_PORT: String(databasePort) });
  databaseUrl = `postgres://postgres:postgres@127.0.0.1:${databasePort}/kmo_portefeuille`;
  second = await startPortal({ ...shared, DATABASE_URL: databaseUrl });
  db = createKnex(databaseUrl, 2);
}, 180_000);
afterAll(async () => {
  await db?.destroy();
  expect(await second?.stop()).toBe(0);
  expect(await first?.stop()).toBe(0);
  await catcher.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function sessionCookieFrom(response: { headers: Record<string, unknown> }): string {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  const session = cookies.find((cookie) => cookie.startsWith('kmo.sid='));
  if (!session) throw new Error('no session cookie set');
  return session.split(';')[0] ?? '';
}

describe('two app processes on one database', () => {
  it('accept at the second a session made at the first, and the other way round', async () => {
    for (const [signIn, other] of [
      [first, second],
      [second, first],
    ] as const) {
      const agent = request.agent(signIn.baseUrl);
      const token = await csrfTokenOf(agent, '/dienstverlener/login');
      const signedIn = await agent
        .post('/dienstverlener/login')
        .type('form')
        .send({ _csrf: token, login: '0123456749', password: 'kmo-demo-2026' });
      expect(signedIn.status).toBe(303);
      const page = await request(other.baseUrl)
        .get('/dienstverlener')
        .set('Cookie', sessionCookieFrom(signedIn));
      expect(page.status).toBe(200);
      expect(page.text).toContain('Afmelden');
    }
    // Signed out at the first, the session is gone at the second too.
    const agent = request.agent(first.baseUrl);
    const token = await csrfTokenOf(agent, '/dienstverlener/login');
    const signedIn = await agent
      .post('/dienstverlener/login')
      .type('form')
      .send({ _csrf: token, login: '0123456749', password: 'kmo-demo-2026' });
    const cookie = sessionCookieFrom(signedIn);
    const home = await agent.get('/dienstverlener').expect(200);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfTokenIn(home.text) });
    const after = await request(second.baseUrl).get('/dienstverlener').set('Cookie', cookie);
    expect(after.status).toBe(302);
    expect(after.headers.location).toContain('/dienstverlener/login');
  });

  it('complete at the second a SAML sign-in started at the first, through the development IdP', async () => {
    const browser = request.agent(first.baseUrl);
    const started = await browser.get('/auth/saml/login');
    expect(started.status).toBe(302);
    const atIdp = new URL(String(started.headers.location));
    expect(atIdp.pathname).toBe('/dev/idp');
    const binding = (started.headers['set-cookie'] as unknown as string[])
      .find((cookie) => cookie.startsWith('kmo.saml='))
      ?.split(';')[0];
    expect(binding).toBeDefined();

    // The IdP's page and its post at the second process, the response to the ACS of the second too.
    const idpBrowser = request.agent(second.baseUrl);
    const idpPage = await idpBrowser.get(`${atIdp.pathname}${atIdp.search}`).expect(200);
    const requestId = /name="requestId" value="([^"]+)"/.exec(idpPage.text)?.[1];
    const posted = await idpBrowser
      .post('/dev/idp')
      .type('form')
      .send({ _csrf: csrfTokenIn(idpPage.text), person: 'agency-staff', requestId, RelayState: '' })
      .expect(200);
    const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(posted.text)?.[1];
    expect(samlResponse).toBeDefined();
    const accepted = await request(second.baseUrl)
      .post('/auth/saml/acs')
      .set('Cookie', binding ?? '')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: '' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe('/beheer');
    const page = await request(first.baseUrl)
      .get('/beheer')
      .set('Cookie', sessionCookieFrom(accepted))
      .expect(200);
    expect(page.text).toContain('Aangemeld als <strong>Sofie Maes</strong>');
  });

  it('runs the nightly deadline job sent to both at once only once: each reminder and lapse once, each mail sent once', async () => {
    const today = todayInBrussels(new Date());
    const remind: TestProject[] = [];
    const lapse: TestProject[] = [];
    const companyEmail = new Map<number, string>();
    for (let index = 0; index < 30; index++) {
      const company = await createCompany(db);
      const project = await createProject(db, {
        companyId: company.id,
        status: 'Bevestigd',
        applicationDate: plusDays(today, -20),
        // Seven days before its deposit deadline (reminders), or one day past it (lapse).
        depositDeadline: index < 20 ? plusDays(today, 7) : plusDays(today, -1),
      });
      (index < 20 ? remind : lapse).push(project);
      companyEmail.set(project.id, company.email ?? '');
    }
    const runsBefore = runsIn(first) + runsIn(second);

    // What each process's scheduler would send at 00:15: two jobs at the same moment.
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: 'pgboss',
      max: 2,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    await boss.start();
    try {
      const ids = await Promise.all([boss.send(DEADLINES_QUEUE, {}), boss.send(DEADLINES_QUEUE, {})]);
      await waitFor(
        async () => {
          const jobs = await Promise.all(ids.map((id) => boss.getJobById(DEADLINES_QUEUE, id ?? '')));
          return jobs.every((job) => job?.state === 'completed');
        },
        { timeoutMs: 60_000, intervalMs: 200, message: 'the deadline jobs did not complete' },
      );
    } finally {
      await boss.stop({ graceful: false });
    }
    // Both jobs ran (pg-boss hands each to one process; in our runs each process took one).
    expect(runsIn(first) + runsIn(second) - runsBefore).toBe(2);

    // Every mail of the outbox sent, and caught exactly once.
    await waitFor(
      async () => {
        const pending = await db('mail_outbox').whereNot({ status: 'sent' }).count<{ count: string }[]>();
        return Number(pending[0]?.count) === 0 && catcher.list().length === (await sentCount());
      },
      { timeoutMs: 60_000, intervalMs: 200, message: 'the outbox was not sent' },
    );
    const outbox = await db('mail_outbox').select<{ to_address: string; subject: string }[]>(
      'to_address',
      'subject',
    );
    const caught = catcher.list().map((mail) => ({ to_address: mail.to.join(','), subject: mail.subject }));
    expect(tally(caught)).toEqual(tally(outbox));

    const about = (project: TestProject) =>
      catcher.list().filter((mail) => mail.subject.includes(project.projectNumber));
    for (const project of remind) {
      expect(
        about(project)
          .map((mail) => mail.to.join(','))
          .sort(),
      ).toEqual([companyEmail.get(project.id), PROVIDER_EMAIL].sort());
      const registered = await db('deadline_reminders').where({
        subject_type: 'project',
        subject_id: String(project.id),
      });
      expect(registered).toHaveLength(2);
    }
    for (const project of lapse) {
      expect(await db('projects').where({ id: project.id }).first('status')).toEqual({ status: 'Vervallen' });
      const audit = await db('audit_log').where({
        entity_type: 'project',
        entity_id: String(project.id),
        action: 'project.lapse',
      });
      expect(audit).toHaveLength(1);
      expect(await db('project_history').where({ project_id: project.id, action: 'lapse' })).toHaveLength(1);
      const lapseMails = about(project).filter((mail) => /vervallen/.test(mail.subject));
      expect(lapseMails.map((mail) => mail.to.join(',')).sort()).toEqual(
        [companyEmail.get(project.id), PROVIDER_EMAIL].sort(),
      );
    }
  }, 180_000);
});

function runsIn(portal: PortalProcess): number {
  return portal.output().match(/deadline run: lapsed projects and reminders sent/g)?.length ?? 0;
}

async function sentCount(): Promise<number> {
  const [row] = await db('mail_outbox').where({ status: 'sent' }).count<{ count: string }[]>();
  return Number(row?.count);
}

function tally(mails: { to_address: string; subject: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const mail of mails) {
    const key = `${mail.to_address} | ${mail.subject}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
