import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  addRepresentative,
  AFTER_DEMO_DEADLINES,
  book,
  createCompany,
  createProject,
  deliverAll,
  mailsAbout,
  mailsSince,
  mailsTo,
  PROVIDER_EMAIL,
  runAndCollect,
  TRAINING_DEPARTMENT_EMAIL,
  type TestProject,
} from './support.js';
import { dmy, plusDays } from '../../support/format.js';

/**
 * DOMAIN.md §6: the own contribution is deposited within 30 calendar days
 * after the application, else the project lapses (Vervallen) and the subsidy
 * is lost. The deadline day itself still counts: the project lapses the day after.
 */

const PUBLIC_URL = 'https://kmo.example.test';
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true, environment: { PUBLIC_URL } });
  await runAndCollect(testApp, AFTER_DEMO_DEADLINES);
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const APPLIED = '2029-03-01';
const DEADLINE = '2029-03-31';
const reason = `De eigen bijdrage werd niet gestort vóór de uiterste stortingsdatum ${dmy(DEADLINE)}.`;

const statusOf = async (project: TestProject) =>
  (await db()('projects').where({ id: project.id }).first<{ status: string }>('status')).status;
const historyOf = (project: TestProject) =>
  db()('project_history').where({ project_id: project.id }).orderBy('id');
const auditOf = (project: TestProject) =>
  db()('audit_log')
    .where({ entity_type: 'project', entity_id: String(project.id) })
    .orderBy('id');

describe('a project without deposit', () => {
  it('stays Bevestigd on its deposit deadline and lapses the day after, once, with history, audit and mails', async () => {
    const company = await createCompany(db());
    const project = await createProject(db(), {
      companyId: company.id,
      status: 'Bevestigd',
      applicationDate: APPLIED,
      depositDeadline: DEADLINE,
      ownContributionCents: 119_835,
      subsidyCents: 51_358,
    });

    const onDeadline = await runAndCollect(testApp, DEADLINE);
    expect(await statusOf(project)).toBe('Bevestigd');
    expect(
      mailsAbout(onDeadline, project.projectNumber).filter((mail) => /vervallen/.test(mail.subject)),
    ).toEqual([]);

    const dayAfter = await runAndCollect(testApp, plusDays(DEADLINE, 1));
    expect(await statusOf(project)).toBe('Vervallen');
    const history = await historyOf(project);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      from_status: 'Bevestigd',
      to_status: 'Vervallen',
      action: 'lapse',
      actor_type: 'system',
      actor_id: null,
      reason,
    });
    const audit = await auditOf(project);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'system', action: 'project.lapse' });
    expect(audit[0].details).toMatchObject({ status: { old: 'Bevestigd', new: 'Vervallen' }, reason });

    const [toCompany, ...moreToCompany] = mailsTo(dayAfter, company.email ?? '');
    expect(moreToCompany).toEqual([]);
    expect(toCompany?.subject).toBe(`Uw project ${project.projectNumber} is vervallen`);
    expect(toCompany?.text).toContain(
      `Uw eigen bijdrage van € 1.198,35 was niet binnen op de uiterste stortingsdatum (${dmy(DEADLINE)}). Het project is daarom vervallen en de subsidie van € 513,58 is verloren.`,
    );
    expect(toCompany?.text).toContain('Stort niets meer.');
    expect(toCompany?.text).toContain(`${PUBLIC_URL}/onderneming/projecten/${project.projectNumber}`);

    // The project is the head office's: its contact address hears of it.
    const toProvider = mailsAbout(mailsTo(dayAfter, PROVIDER_EMAIL), project.projectNumber);
    expect(toProvider).toHaveLength(1);
    expect(toProvider[0]?.subject).toBe(
      `Project ${project.projectNumber} is vervallen: de eigen bijdrage werd niet gestort`,
    );
    expect(toProvider[0]?.text).toContain(company.name);
    expect(toProvider[0]?.text).toContain(`${PUBLIC_URL}/dienstverlener/projecten/${project.projectNumber}`);
    expect(mailsAbout(dayAfter, project.projectNumber)).toHaveLength(2);

    // A second run, that day or later, changes and sends nothing more.
    const again = [
      ...(await runAndCollect(testApp, plusDays(DEADLINE, 1))),
      ...(await runAndCollect(testApp, plusDays(DEADLINE, 5))),
    ];
    expect(mailsAbout(again, project.projectNumber)).toEqual([]);
    expect(await historyOf(project)).toHaveLength(1);
    expect(await auditOf(project)).toHaveLength(1);
  });

  it('of a department mails the head office and the department, and a company without address its representatives', async () => {
    const company = await createCompany(db(), { email: null });
    await addRepresentative(db(), company.id, {
      firstName: 'Els',
      lastName: 'Wouters',
      email: 'els@wouters.test',
    });
    await addRepresentative(db(), company.id, {
      firstName: 'Kris',
      lastName: 'Wouters',
      email: 'kris@wouters.test',
    });
    await addRepresentative(db(), company.id, { firstName: 'Zonder', lastName: 'Adres', email: null });
    const project = await createProject(db(), {
      companyId: company.id,
      status: 'Bevestigd',
      applicationDate: APPLIED,
      depositDeadline: DEADLINE,
      department: 'training',
    });

    const mails = mailsAbout(await runAndCollect(testApp, plusDays(DEADLINE, 2)), project.projectNumber);
    expect(await statusOf(project)).toBe('Vervallen');
    expect(mails.map((mail) => mail.to).sort()).toEqual(
      [['els@wouters.test'], ['kris@wouters.test'], [PROVIDER_EMAIL], [TRAINING_DEPARTMENT_EMAIL]].sort(),
    );
  });
});

describe('no lapse', () => {
  it('for a project whose own contribution was booked, even while still Bevestigd', async () => {
    const company = await createCompany(db());
    const project = await createProject(db(), {
      companyId: company.id,
      status: 'Bevestigd',
      applicationDate: APPLIED,
      depositDeadline: DEADLINE,
    });
    await book(db(), project.id, 'eigen_bijdrage', 70_000, DEADLINE);
    const mails = await runAndCollect(testApp, plusDays(DEADLINE, 1));
    expect(await statusOf(project)).toBe('Bevestigd');
    expect(await historyOf(project)).toEqual([]);
    expect(mailsAbout(mails, project.projectNumber)).toEqual([]);
  });

  it.each(['Lopend', 'ProjectGeannuleerd', 'Afgewerkt'] as const)('for a %s project', async (status) => {
    const company = await createCompany(db());
    const project = await createProject(db(), {
      companyId: company.id,
      status,
      applicationDate: APPLIED,
      depositDeadline: DEADLINE,
    });
    const mails = await runAndCollect(testApp, plusDays(DEADLINE, 1));
    expect(await statusOf(project)).toBe(status);
    expect(await historyOf(project)).toEqual([]);
    expect(mailsAbout(mails, project.projectNumber)).toEqual([]);
  });
});

describe('two app processes running at once', () => {
  it('lapse each project once, with one history row, one audit row and one mail per recipient', async () => {
    const second = await createTestApp({ shareDatabaseWith: testApp, environment: { PUBLIC_URL } });
    try {
      const company = await createCompany(db());
      const projects = await Promise.all(
        [0, 1, 2].map(() =>
          createProject(db(), {
            companyId: company.id,
            status: 'Bevestigd',
            applicationDate: '2029-04-10',
            depositDeadline: '2029-05-10',
          }),
        ),
      );
      const before = [testApp.mailbox.list().length, second.mailbox.list().length] as const;
      const results = await Promise.all([
        testApp.container.services.deadlines.run('2029-05-11'),
        second.container.services.deadlines.run('2029-05-11'),
      ]);
      await deliverAll(testApp);
      await deliverAll(second);
      const mails = [...mailsSince(testApp, before[0]), ...mailsSince(second, before[1])];

      expect(results.map((result) => result.failed)).toEqual([0, 0]);
      expect(results[0].lapsed + results[1].lapsed).toBe(3);
      for (const project of projects) {
        expect(await statusOf(project)).toBe('Vervallen');
        expect(await historyOf(project)).toHaveLength(1);
        expect(await auditOf(project)).toHaveLength(1);
        const about = mailsAbout(mails, project.projectNumber);
        expect(about.map((mail) => mail.to[0]).sort()).toEqual([company.email, PROVIDER_EMAIL].sort());
      }
      // Of the two runs, each project was lapsed by exactly one.
      const ours = await db()('project_history')
        .whereIn(
          'project_id',
          projects.map((project) => project.id),
        )
        .count<{ count: string }[]>('* as count');
      expect(Number(ours[0]?.count)).toBe(3);
    } finally {
      await second.close();
    }
  });
});
