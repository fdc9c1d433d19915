import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectStatus } from '../../../src/domain/project-status.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
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
  type TestCompany,
} from './support.js';

/**
 * DOMAIN.md §6: services finished and paid by 31 December of the year after
 * the application; the company forgets the final "pay the provider" step most
 * often. A running project with money left in its wallet reminds the company
 * 60 and 14 days before that deadline, and the provider 14 days before.
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
// Applied in 2029: finished and paid by 31/12/2030 (completion_deadline_years = 1 since 2016).
const APPLIED = '2029-05-10';
const COMPLETION = '2030-12-31';
const SIXTY_DAYS_BEFORE = '2030-11-01';
const FOURTEEN_DAYS_BEFORE = '2030-12-17';

/**
 * A project with own contribution € 700 and subsidy € 300 in its wallet, of
 * which `paidCents` went to the provider.
 */
async function projectWithBalance(
  company: TestCompany,
  options: { status?: ProjectStatus; paidCents?: number; applied?: string; department?: 'training' } = {},
) {
  const applied = options.applied ?? APPLIED;
  const project = await createProject(db(), {
    companyId: company.id,
    status: options.status ?? 'Lopend',
    applicationDate: applied,
    depositDeadline: '2029-06-09',
    ownContributionCents: 70_000,
    subsidyCents: 30_000,
    department: options.department,
  });
  await book(db(), project.id, 'eigen_bijdrage', 70_000, applied);
  await book(db(), project.id, 'subsidie', 30_000, applied);
  const paid = options.paidCents ?? 40_000;
  if (paid > 0) await book(db(), project.id, 'betaling_dienstverlener', -paid, applied);
  return project;
}

describe('pay-your-provider reminders', () => {
  it('reach the company 60 and 14 days before the completion deadline and the provider 14 days before', async () => {
    const company = await createCompany(db());
    const project = await projectWithBalance(company);
    const byDay: Record<string, string[]> = {};
    for (const today of [
      '2030-10-31',
      SIXTY_DAYS_BEFORE,
      '2030-11-02',
      '2030-12-16',
      FOURTEEN_DAYS_BEFORE,
      '2030-12-18',
      COMPLETION,
      '2031-01-01',
    ]) {
      const mails = mailsAbout(await runAndCollect(testApp, today), project.projectNumber);
      if (mails.length > 0) byDay[today] = mails.map((mail) => mail.to.join(',')).sort();
    }
    expect(byDay).toEqual({
      [SIXTY_DAYS_BEFORE]: [company.email],
      [FOURTEEN_DAYS_BEFORE]: [company.email, PROVIDER_EMAIL].sort(),
    });
  });

  it('tell the company the balance, the deadline and where to pay', async () => {
    const company = await createCompany(db());
    const project = await projectWithBalance(company, { paidCents: 25_050 });
    const [mail, ...more] = mailsTo(await runAndCollect(testApp, SIXTY_DAYS_BEFORE), company.email ?? '');
    expect(more).toEqual([]);
    expect(mail?.subject).toBe(
      `Herinnering: betaal uw dienstverlener voor project ${project.projectNumber} uiterlijk op 31/12/2030`,
    );
    // € 700 + € 300 − € 250,50 paid.
    expect(mail?.text).toContain('Voor het volgende project staat nog € 749,50 in uw kmo-portefeuille.');
    expect(mail?.text).toContain(
      'De dienstverlening moet afgewerkt en betaald zijn uiterlijk op 31/12/2030 (nog 60 dagen).',
    );
    expect(mail?.text).toContain(
      `Betaal uw dienstverlener: ${PUBLIC_URL}/onderneming/projecten/${project.projectNumber}/betalen`,
    );

    const late = mailsTo(await runAndCollect(testApp, FOURTEEN_DAYS_BEFORE), company.email ?? '');
    expect(late).toHaveLength(1);
    expect(late[0]?.text).toContain('uiterlijk op 31/12/2030 (nog 14 dagen)');
  });

  it("tell the provider (the head office and the department for a department's project) to invoice in time", async () => {
    const company = await createCompany(db());
    const project = await projectWithBalance(company, { department: 'training' });
    const mails = mailsAbout(await runAndCollect(testApp, FOURTEEN_DAYS_BEFORE), project.projectNumber);
    const toProvider = mailsTo(mails, TRAINING_DEPARTMENT_EMAIL);
    expect(toProvider).toHaveLength(1);
    expect(mailsTo(mails, PROVIDER_EMAIL).map((mail) => mail.subject)).toEqual([toProvider[0]?.subject]);
    expect(toProvider[0]?.subject).toBe(
      `Herinnering: project ${project.projectNumber} moet betaald zijn uiterlijk op 31/12/2030`,
    );
    expect(toProvider[0]?.text).toContain('Saldo: € 600,00');
    expect(toProvider[0]?.text).toContain(`${PUBLIC_URL}/dienstverlener/projecten/${project.projectNumber}`);
  });

  it.each([
    ['a running project whose wallet is empty', 'Lopend', 100_000],
    ['a finished project', 'Afgewerkt', 100_000],
    ['a project whose stop was requested', 'StopzettingAangevraagd', 40_000],
    ['a stopped project', 'Stopgezet', 40_000],
  ] as const)('are not sent for %s', async (_label, status, paidCents) => {
    const company = await createCompany(db());
    const project = await projectWithBalance(company, { status, paidCents });
    const mails = [
      ...(await runAndCollect(testApp, SIXTY_DAYS_BEFORE)),
      ...(await runAndCollect(testApp, FOURTEEN_DAYS_BEFORE)),
    ];
    expect(mailsAbout(mails, project.projectNumber)).toEqual([]);
  });

  it('are sent once when two app processes run at the same moment, and once more runs send nothing', async () => {
    const second = await createTestApp({ shareDatabaseWith: testApp, environment: { PUBLIC_URL } });
    try {
      const company = await createCompany(db());
      const project = await projectWithBalance(company);
      const before = [testApp.mailbox.list().length, second.mailbox.list().length] as const;
      const results = await Promise.all([
        testApp.container.services.deadlines.run(FOURTEEN_DAYS_BEFORE),
        second.container.services.deadlines.run(FOURTEEN_DAYS_BEFORE),
      ]);
      await deliverAll(testApp);
      await deliverAll(second);
      const mails = [...mailsSince(testApp, before[0]), ...mailsSince(second, before[1])];
      expect(results.map((result) => result.failed)).toEqual([0, 0]);
      expect(
        mailsAbout(mails, project.projectNumber)
          .map((mail) => mail.to[0])
          .sort(),
      ).toEqual([company.email, PROVIDER_EMAIL].sort());
      expect(mailsAbout(await runAndCollect(testApp, FOURTEEN_DAYS_BEFORE), project.projectNumber)).toEqual(
        [],
      );
    } finally {
      await second.close();
    }
  });

  // Last: it adds a rule parameter for the rest of this file's database.
  it('follow the completion rule in force on the application date', async () => {
    // A (hypothetical) decree: from 01/07/2029, two years after the application year.
    await db()('rule_parameters').insert({
      key: 'completion_deadline_years',
      valid_from: '2029-07-01',
      value: 2,
      note: 'test',
    });
    const company = await createCompany(db());
    const before = await projectWithBalance(company, { applied: '2029-06-30' });
    const after = await projectWithBalance(company, { applied: '2029-07-01' });

    const in2030 = await runAndCollect(testApp, SIXTY_DAYS_BEFORE);
    expect(mailsAbout(in2030, before.projectNumber)).toHaveLength(1);
    expect(mailsAbout(in2030, after.projectNumber)).toEqual([]);

    const in2031 = await runAndCollect(testApp, '2031-11-01');
    expect(mailsAbout(in2031, before.projectNumber)).toEqual([]);
    const [mail] = mailsAbout(in2031, after.projectNumber);
    expect(mail?.subject).toContain('uiterlijk op 31/12/2031');
  });
});
