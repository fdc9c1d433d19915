import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { createTestCompany, postForm, startDraft, trainingProject } from '../applications/support.js';
import {
  addRepresentative,
  AFTER_DEMO_DEADLINES,
  createCompany,
  deliverAll,
  mailsSince,
  mailsTo,
  runAndCollect,
  type TestCompany,
} from './support.js';
import { TEST_TODAY } from '../../support/clock.js';
import { dmy, plusDays } from '../../support/format.js';

/**
 * DOMAIN.md §5: an application is allowed up to 14 calendar days after the
 * start of the services. A draft of the wizard that is not submitted yet
 * reminds its person 3 days and 1 day before that last day.
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
const START = '2029-03-01';
// 14 calendar days after the start.
const LAST_DAY = '2029-03-15';

interface Applicant {
  company: TestCompany;
  personId: number;
  email: string | null;
}

let people = 0;
async function applicant(
  email: string | null = `aanvrager${(people += 1)}@deadlinebedrijf.test`,
): Promise<Applicant> {
  const company = await createCompany(db());
  const personId = await addRepresentative(db(), company.id, {
    firstName: 'Sara',
    lastName: 'Jacobs',
    email,
  });
  return { company, personId, email };
}

const ownerOf = (who: Applicant) => `onderneming-${who.company.id}-persoon-${who.personId}`;

/** A wizard draft as the application wizard stores it: the answers as typed. */
async function draft(
  who: Applicant,
  answers: Record<string, unknown>,
  options: { wizard?: string; submitted?: boolean; updatedAt?: string } = {},
): Promise<string> {
  const [row] = await db()('wizard_drafts')
    .insert({
      wizard: options.wizard ?? 'aanvraag',
      owner: ownerOf(who),
      answers: JSON.stringify(answers),
      submitted_at: options.submitted ? db().fn.now() : null,
      ...(options.updatedAt ? { updated_at: options.updatedAt, created_at: options.updatedAt } : {}),
    })
    .returning<{ id: string }[]>('id');
  if (!row) throw new Error('draft insert returned no row');
  return row.id;
}

const remindersTo = async (today: string, email: string | null) =>
  mailsTo(await runAndCollect(testApp, today), email ?? '(geen adres)');

describe('reminders of an unfinished application', () => {
  it('reach the person 3 days and 1 day before the last application day, on exactly those days', async () => {
    const who = await applicant();
    await draft(who, { naceCode: '62010', title: 'Opleiding boekhouding', startDate: dmy(START) });
    const byDay: Record<string, number> = {};
    for (let day = -5; day <= 1; day += 1) {
      const today = plusDays(LAST_DAY, day);
      const mails = await remindersTo(today, who.email);
      if (mails.length > 0) byDay[today] = mails.length;
    }
    expect(byDay).toEqual({ [plusDays(LAST_DAY, -3)]: 1, [plusDays(LAST_DAY, -1)]: 1 });
  });

  it('say until when the application can be submitted, for which company and project, with a link to the wizard', async () => {
    const who = await applicant();
    await draft(who, { title: 'Opleiding boekhouding', startDate: '1/3/2029' });
    const [mail, ...more] = await remindersTo(plusDays(LAST_DAY, -3), who.email);
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Uw aanvraag voor de kmo-portefeuille is nog niet ingediend');
    const lines = mail?.text.split('\n') ?? [];
    expect(lines).toContain('Beste Sara,');
    expect(lines).toContain('Uw aanvraag is nog niet ingediend; u kunt ze indienen tot 15/03/2029.');
    expect(lines).toContain(`Onderneming: ${who.company.name}`);
    expect(lines).toContain('Project: Opleiding boekhouding');
    expect(lines).toContain('Start van de dienstverlening: 01/03/2029');
    expect(mail?.text).toContain(
      'U kunt steun aanvragen tot 14 kalenderdagen na de start van de dienstverlening.',
    );
    expect(lines).toContain(`Werk uw aanvraag af en dien ze in: ${PUBLIC_URL}/onderneming/aanvraag`);

    const registered = await db()('deadline_reminders')
      .where({ subject_type: 'application_draft', recipient: who.email })
      .select('kind', 'due_on', 'deadline', 'sent_on');
    expect(registered).toEqual([
      {
        kind: 'application_person_3d',
        due_on: plusDays(LAST_DAY, -3),
        deadline: LAST_DAY,
        sent_on: plusDays(LAST_DAY, -3),
      },
    ]);
  });

  it('go out for a draft made through the wizard itself', async () => {
    // The wizard checks dates against the app's today: start 3 days ago, so the last day is in 11 days.
    const today = TEST_TODAY;
    const company = await createTestCompany(db(), testApp.app, testApp.container, {
      year: Number(today.slice(0, 4)),
    });
    const base = await startDraft(company.agent);
    await postForm(company.agent, `${base}/activiteit`, { naceCode: '62010' });
    const posted = await postForm(company.agent, `${base}/project`, trainingProject(today));
    expect(posted.status).toBe(303);

    const person: {
      email: string;
    } = await db()('persons').where({ id: company.personId }).first('email');
    const lastDay = plusDays(today, 11);
    const [mail, ...more] = await remindersTo(plusDays(lastDay, -3), person.email);
    expect(more).toEqual([]);
    expect(mail?.text).toContain(`u kunt ze indienen tot ${dmy(lastDay)}.`);
    expect(mail?.text).toContain(`Onderneming: ${company.name}`);
    expect(mail?.text).toContain('Project: Opleiding welzijn op het werk');
  });

  it('go out once however often and however concurrently the run happens', async () => {
    const second = await createTestApp({ shareDatabaseWith: testApp, environment: { PUBLIC_URL } });
    try {
      const who = await applicant();
      await draft(who, { startDate: dmy(START) });
      const day = plusDays(LAST_DAY, -1);
      const before = [testApp.mailbox.list().length, second.mailbox.list().length] as const;
      const results = await Promise.all([
        testApp.container.services.deadlines.run(day),
        second.container.services.deadlines.run(day),
      ]);
      await deliverAll(testApp);
      await deliverAll(second);
      const mails = [...mailsSince(testApp, before[0]), ...mailsSince(second, before[1])];
      expect(results.map((result) => result.failed)).toEqual([0, 0]);
      expect(mailsTo(mails, who.email ?? '')).toHaveLength(1);
      expect(await remindersTo(day, who.email)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});

describe('no reminder', () => {
  const day = plusDays(LAST_DAY, -3);

  it('for a submitted application', async () => {
    const who = await applicant();
    await draft(who, { startDate: dmy(START) }, { submitted: true });
    expect(await remindersTo(day, who.email)).toEqual([]);
  });

  it('for an older draft its owner left for a newer one (here: submitted)', async () => {
    const who = await applicant();
    await draft(who, { startDate: dmy(START) }, { updatedAt: '2029-03-02T10:00:00Z' });
    await draft(who, { startDate: dmy(START) }, { submitted: true, updatedAt: '2029-03-03T10:00:00Z' });
    expect(await remindersTo(day, who.email)).toEqual([]);
  });

  it('for a person without an e-mail address, and nothing is registered', async () => {
    const who = await applicant(null);
    await draft(who, { startDate: dmy(START) });
    await runAndCollect(testApp, day);
    const drafts = await db()('wizard_drafts')
      .where({ owner: ownerOf(who) })
      .pluck('id');
    expect(await db()('deadline_reminders').whereIn('subject_id', drafts)).toEqual([]);
  });

  it('for a person who no longer represents the company', async () => {
    const who = await applicant();
    await draft(who, { startDate: dmy(START) });
    await db()('company_representatives').where({ person_id: who.personId }).delete();
    expect(await remindersTo(day, who.email)).toEqual([]);
  });

  it.each([
    ['without a start date', { title: 'Nog geen data' }],
    ['with an unreadable start date', { startDate: '1 maart 2029' }],
    ['with an impossible start date', { startDate: '30/02/2029' }],
  ])('for a draft %s', async (_label, answers) => {
    const who = await applicant();
    await draft(who, answers);
    expect(await remindersTo(day, who.email)).toEqual([]);
  });

  it('for a draft of another wizard (a provider registration)', async () => {
    const who = await applicant();
    await draft(who, { startDate: dmy(START) }, { wizard: 'registratie' });
    expect(await remindersTo(day, who.email)).toEqual([]);
  });
});
