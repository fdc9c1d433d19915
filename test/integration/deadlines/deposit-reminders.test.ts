import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderKinds } from '../../../src/features/deadlines/deadline-schedule.js';
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
  structured,
  TRAINING_DEPARTMENT_EMAIL,
  type TestCompany,
  type TestProject,
} from './support.js';
import { dmy, plusDays } from '../../support/format.js';

/**
 * DOMAIN.md §6: the deposit deadline must not lapse silently — the company is
 * reminded 7 and 2 days before it, the provider once, 7 days before, so it
 * can nudge its client.
 */

const PUBLIC_URL = 'https://kmo.example.test';
const institution = {
  PAYMENT_INSTITUTION_NAME: 'Pluxee Belgium nv',
  PAYMENT_INSTITUTION_ADDRESS: 'Vorstlaan 165, 1160 Oudergem',
  PAYMENT_INSTITUTION_IBAN: 'BE68539007547034',
  PAYMENT_INSTITUTION_BIC: 'BBRUBEBB',
};
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true, environment: { PUBLIC_URL, ...institution } });
  await runAndCollect(testApp, AFTER_DEMO_DEADLINES);
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const APPLIED = '2029-03-01';
const DEADLINE = '2029-03-31';

/** The reminders (not the lapse notices) about a project. */
const remindersAbout = (mails: Parameters<typeof mailsAbout>[0], project: TestProject) =>
  mailsAbout(mails, project.projectNumber).filter((mail) => !mail.subject.includes('vervallen'));

async function bevestigdProject(company: TestCompany, options: { department?: 'training' } = {}) {
  return createProject(db(), {
    companyId: company.id,
    status: 'Bevestigd',
    applicationDate: APPLIED,
    depositDeadline: DEADLINE,
    ownContributionCents: 119_835,
    subsidyCents: 51_358,
    ...options,
  });
}

describe('deposit reminders', () => {
  it('reach the company 7 and 2 days before the deadline and the provider 7 days before, on exactly those days', async () => {
    const company = await createCompany(db());
    const project = await bevestigdProject(company);

    const byDay: Record<string, string[]> = {};
    for (let day = -9; day <= 1; day += 1) {
      const today = plusDays(DEADLINE, day);
      const mails = remindersAbout(await runAndCollect(testApp, today), project);
      if (mails.length > 0) byDay[today] = mails.map((mail) => mail.to.join(',')).sort();
    }
    expect(byDay).toEqual({
      [plusDays(DEADLINE, -7)]: [company.email, PROVIDER_EMAIL].sort(),
      [plusDays(DEADLINE, -2)]: [company.email],
    });
    // Without a deposit the project lapsed the day after the deadline.
    expect(await db()('projects').where({ id: project.id }).first('status')).toEqual({ status: 'Vervallen' });
  });

  it('tell the company what to transfer, where, with which communication, and link to the instructions', async () => {
    const company = await createCompany(db());
    const project = await bevestigdProject(company);
    const mails = mailsTo(await runAndCollect(testApp, plusDays(DEADLINE, -7)), company.email ?? '');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe(
      `Herinnering: stort uw eigen bijdrage voor project ${project.projectNumber} uiterlijk op ${dmy(DEADLINE)}`,
    );
    const lines = mail?.text.split('\n') ?? [];
    expect(lines).toContain(`Project: ${project.projectNumber} – ${project.title}`);
    expect(lines).toContain('Begunstigde: Pluxee Belgium nv, Vorstlaan 165, 1160 Oudergem');
    expect(lines).toContain('Rekeningnummer (IBAN): BE68 5390 0754 7034');
    expect(lines).toContain('BIC: BBRUBEBB');
    expect(lines).toContain('Bedrag: € 1.198,35');
    expect(lines).toContain(`Gestructureerde mededeling: ${structured(project.structuredCommunication)}`);
    expect(mail?.text).toContain(
      `Stort € 1.198,35 uiterlijk op ${dmy(DEADLINE)} (nog 7 dagen). Komt uw eigen bijdrage niet op tijd binnen, dan vervalt het project en verliest u de subsidie van € 513,58.`,
    );
    expect(lines).toContain(
      `Bekijk de stortingsinstructies: ${PUBLIC_URL}/onderneming/projecten/${project.projectNumber}/storting`,
    );

    const second = mailsTo(await runAndCollect(testApp, plusDays(DEADLINE, -2)), company.email ?? '');
    expect(second).toHaveLength(1);
    expect(second[0]?.text).toContain(`Stort € 1.198,35 uiterlijk op ${dmy(DEADLINE)} (nog 2 dagen).`);
  });

  it("tell the provider (the head office and the department for a department's project) that its client has not deposited", async () => {
    const company = await createCompany(db());
    const project = await bevestigdProject(company, { department: 'training' });
    const mails = remindersAbout(await runAndCollect(testApp, plusDays(DEADLINE, -7)), project);
    const toProvider = mailsTo(mails, TRAINING_DEPARTMENT_EMAIL);
    expect(toProvider).toHaveLength(1);
    expect(mailsTo(mails, PROVIDER_EMAIL).map((mail) => mail.subject)).toEqual([toProvider[0]?.subject]);
    expect(toProvider[0]?.subject).toBe(
      `Eigen bijdrage nog niet gestort voor project ${project.projectNumber} (uiterste stortingsdatum ${dmy(DEADLINE)})`,
    );
    expect(toProvider[0]?.text).toContain(
      `${company.name} heeft de eigen bijdrage voor het volgende project nog niet gestort.`,
    );
    expect(toProvider[0]?.text).toContain('Eigen bijdrage: € 1.198,35');
    expect(toProvider[0]?.text).toContain(`${PUBLIC_URL}/dienstverlener/projecten/${project.projectNumber}`);
  });

  it('go out once however often the run happens that day, and are registered', async () => {
    const company = await createCompany(db());
    const project = await bevestigdProject(company);
    const day = plusDays(DEADLINE, -7);
    const first = remindersAbout(await runAndCollect(testApp, day), project);
    const again = remindersAbout(
      [...(await runAndCollect(testApp, day)), ...(await runAndCollect(testApp, plusDays(DEADLINE, -6)))],
      project,
    );
    expect(first).toHaveLength(2);
    expect(again).toEqual([]);
    const registered = await db()('deadline_reminders')
      .where({ subject_type: 'project', subject_id: String(project.id) })
      .orderBy('kind')
      .select('kind', 'recipient', 'due_on', 'deadline', 'sent_on');
    expect(registered).toEqual([
      { kind: 'deposit_company_7d', recipient: company.email, due_on: day, deadline: DEADLINE, sent_on: day },
      {
        kind: 'deposit_provider_7d',
        recipient: PROVIDER_EMAIL,
        due_on: day,
        deadline: DEADLINE,
        sent_on: day,
      },
    ]);
  });

  it('missed on their day (no run that night) go out at the next run, once', async () => {
    const company = await createCompany(db());
    const project = await bevestigdProject(company);
    const late = plusDays(DEADLINE, -5);
    const mails = remindersAbout(await runAndCollect(testApp, late), project);
    expect(mails.map((mail) => mail.to[0]).sort()).toEqual([company.email, PROVIDER_EMAIL].sort());
    expect(mailsTo(mails, company.email ?? '')[0]?.text).toContain(
      `uiterlijk op ${dmy(DEADLINE)} (nog 5 dagen)`,
    );
    expect(remindersAbout(await runAndCollect(testApp, plusDays(DEADLINE, -4)), project)).toEqual([]);
    expect(
      await db()('deadline_reminders')
        .where({ subject_type: 'project', subject_id: String(project.id), kind: 'deposit_company_7d' })
        .first('due_on', 'sent_on'),
    ).toEqual({ due_on: plusDays(DEADLINE, -7), sent_on: late });
  });

  it.each([
    ['an annulled project', 'ProjectGeannuleerd', false],
    ['a running project', 'Lopend', true],
    ['a Bevestigd project whose own contribution was booked', 'Bevestigd', true],
  ] as const)('are not sent for %s', async (_label, status, deposited) => {
    const company = await createCompany(db());
    const project = await createProject(db(), {
      companyId: company.id,
      status,
      applicationDate: APPLIED,
      depositDeadline: DEADLINE,
    });
    if (deposited) await book(db(), project.id, 'eigen_bijdrage', 70_000, APPLIED);
    const mails = [
      ...(await runAndCollect(testApp, plusDays(DEADLINE, -7))),
      ...(await runAndCollect(testApp, plusDays(DEADLINE, -2))),
    ];
    expect(mailsAbout(mails, project.projectNumber)).toEqual([]);
    expect(await db()('deadline_reminders').where({ subject_id: String(project.id) })).toEqual([]);
  });

  it('are sent once when two app processes run at the same moment', async () => {
    const second = await createTestApp({
      shareDatabaseWith: testApp,
      environment: { PUBLIC_URL, ...institution },
    });
    try {
      const company = await createCompany(db());
      const projects = await Promise.all([bevestigdProject(company), bevestigdProject(company)]);
      const before = [testApp.mailbox.list().length, second.mailbox.list().length] as const;
      const day = plusDays(DEADLINE, -7);
      const results = await Promise.all([
        testApp.container.services.deadlines.run(day),
        second.container.services.deadlines.run(day),
      ]);
      await deliverAll(testApp);
      await deliverAll(second);
      const mails = [...mailsSince(testApp, before[0]), ...mailsSince(second, before[1])];
      expect(results.map((result) => result.failed)).toEqual([0, 0]);
      expect(results[0].depositReminders + results[1].depositReminders).toBe(4);
      for (const project of projects) {
        expect(
          mailsAbout(mails, project.projectNumber)
            .map((mail) => mail.to[0])
            .sort(),
        ).toEqual([company.email, PROVIDER_EMAIL].sort());
      }
    } finally {
      await second.close();
    }
  });
});

describe('the register of reminders', () => {
  it('allows exactly the kinds of the schedule', async () => {
    const result = await db().raw<{ rows: { definition: string }[] }>(
      "select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'deadline_reminder_kind'",
    );
    const allowed = [...(result.rows[0]?.definition ?? '').matchAll(/'([^']+)'::text/g)].map(
      (match) => match[1],
    );
    expect(allowed.sort()).toEqual([...reminderKinds].sort());
  });

  it('refuses the same reminder to the same recipient twice', async () => {
    const row = {
      kind: 'deposit_company_7d',
      subject_type: 'project',
      subject_id: '999999',
      recipient: 'dubbel@deadlinebedrijf.test',
      due_on: '2029-03-24',
      deadline: DEADLINE,
      sent_on: '2029-03-24',
    };
    await db()('deadline_reminders').insert(row);
    await expect(db()('deadline_reminders').insert({ ...row, sent_on: '2029-03-25' })).rejects.toThrow(
      /deadline_reminders_once_key/,
    );
  });
});
