import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { demoAgent, csrfTokenIn } from '../../support/session.js';
import { textOf } from '../../support/html.js';
import {
  AFTER_DEMO_DEADLINES,
  mailsTo,
  PROVIDER_EMAIL,
  runAndCollect,
  TRAINING_DEPARTMENT_EMAIL,
} from './support.js';
import type { CaughtMail } from '../../../src/dev/mail-catcher.js';

/**
 * Issue 20: an approved registration is valid until its expiry date; after it
 * a full new procedure is needed (DOMAIN.md §2). The nightly run mails the
 * provider — the head office, and the department when the registration is a
 * department's — 3 months and 1 month before, once each, with a link to ask
 * the renewal. The registrations here expire in 2040, long after the demo's.
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
let serial = 0;

/** An approved registration of the demo provider (head office, or its training department). */
async function registration(options: {
  validUntil: string;
  department?: boolean;
  status?: string;
}): Promise<{ id: number; number: string }> {
  serial += 1;
  const number = `DV.O${String(960_000 + serial)}`;
  const provider = await db()('provider_organisations')
    .where({ contact_email: PROVIDER_EMAIL })
    .first<{ id: number }>('id');
  const department = options.department
    ? await db()('departments')
        .where({ contact_email: TRAINING_DEPARTMENT_EMAIL })
        .first<{ id: number }>('id')
    : undefined;
  const [row] = await db()('registrations')
    .insert({
      provider_id: provider.id,
      department_id: department?.id ?? null,
      service: 'opleiding',
      basis: 'privaat',
      number,
      status: options.status ?? 'G',
      audit_bureau: 'Auditbureau Vlaanderen',
      valid_from: '2035-06-01',
      valid_until: options.validUntil,
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('registration insert returned no row');
  return { id: row.id, number };
}

const about = (mails: readonly CaughtMail[], number: string) =>
  mails.filter((mail) => mail.subject.includes(number));

describe('a head-office registration valid until 31/05/2040', () => {
  it('mails the head office on 29/02/2040 (3 months before) and on 30/04/2040 (1 month before), once each', async () => {
    const { id, number } = await registration({ validUntil: '2040-05-31' });
    expect(about(await runAndCollect(testApp, '2040-02-28'), number)).toEqual([]);

    const threeMonths = about(await runAndCollect(testApp, '2040-02-29'), number);
    expect(threeMonths).toHaveLength(1);
    const [first] = threeMonths;
    expect(first?.to).toEqual([PROVIDER_EMAIL]);
    expect(first?.subject).toBe(
      `Uw registratie ${number} voor opleiding vervalt op 31/05/2040: vraag tijdig een verlenging aan`,
    );
    expect(first?.text).toContain('Geldig tot en met: 31/05/2040 (nog 92 dagen)');
    expect(first?.text).toContain(
      `Vraag de verlenging aan: ${PUBLIC_URL}/dienstverlener/registraties/${id}/verlengen`,
    );
    expect(first?.html).toContain(`href="${PUBLIC_URL}/dienstverlener/registraties/${id}/verlengen"`);

    // The same night again, and every night until the 1-month mark: nothing new.
    expect(about(await runAndCollect(testApp, '2040-02-29'), number)).toEqual([]);
    expect(about(await runAndCollect(testApp, '2040-04-29'), number)).toEqual([]);

    const oneMonth = about(await runAndCollect(testApp, '2040-04-30'), number);
    expect(oneMonth.map((mail) => mail.to)).toEqual([[PROVIDER_EMAIL]]);
    expect(oneMonth[0]?.text).toContain('Geldig tot en met: 31/05/2040 (nog 31 dagen)');
    expect(about(await runAndCollect(testApp, '2040-05-31'), number)).toEqual([]);
    expect(about(await runAndCollect(testApp, '2040-06-01'), number)).toEqual([]);

    const register = await db()('deadline_reminders')
      .where({ subject_type: 'registration', subject_id: String(id) })
      .orderBy('id')
      .select('kind', 'recipient', 'due_on', 'deadline', 'sent_on');
    expect(register).toEqual([
      {
        kind: 'renewal_provider_3m',
        recipient: PROVIDER_EMAIL,
        due_on: '2040-02-29',
        deadline: '2040-05-31',
        sent_on: '2040-02-29',
      },
      {
        kind: 'renewal_provider_1m',
        recipient: PROVIDER_EMAIL,
        due_on: '2040-04-30',
        deadline: '2040-05-31',
        sent_on: '2040-04-30',
      },
    ]);
  });
});

describe('a department registration', () => {
  it('mails the head office and the department, one mail each', async () => {
    const { number } = await registration({ validUntil: '2041-03-15', department: true });
    const mails = about(await runAndCollect(testApp, '2040-12-15'), number);
    expect(mails).toHaveLength(2);
    expect(mailsTo(mails, PROVIDER_EMAIL)).toHaveLength(1);
    expect(mailsTo(mails, TRAINING_DEPARTMENT_EMAIL)).toHaveLength(1);
    expect(mailsTo(mails, TRAINING_DEPARTMENT_EMAIL)[0]?.text).toMatch(/^Beste Departement Opleidingen,/);
    expect(about(await runAndCollect(testApp, '2040-12-16'), number)).toEqual([]);
  });
});

describe('a run that catches up', () => {
  it('sends a registration first seen within its last month the 1-month mail alone, once', async () => {
    const { number } = await registration({ validUntil: '2042-05-31' });
    // The portal was down from before the 3-month mark until well after the 1-month mark.
    const mails = about(await runAndCollect(testApp, '2042-05-20'), number);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('(nog 11 dagen)');
    expect(about(await runAndCollect(testApp, '2042-05-21'), number)).toEqual([]);
  });

  it('sends a missed 3-month mail late, then the 1-month mail on its day', async () => {
    const { number } = await registration({ validUntil: '2043-05-31' });
    expect(about(await runAndCollect(testApp, '2043-03-10'), number)).toHaveLength(1);
    expect(about(await runAndCollect(testApp, '2043-04-30'), number)).toHaveLength(1);
  });
});

describe('no reminder', () => {
  it('once the provider asked the renewal (G/V), nor for any other status than approved', async () => {
    const asked = await registration({ validUntil: '2044-05-31', status: 'G/V' });
    const suspended = await registration({ validUntil: '2044-05-31', status: 'S' });
    const mails = await runAndCollect(testApp, '2044-04-30');
    expect(about(mails, asked.number)).toEqual([]);
    expect(about(mails, suspended.number)).toEqual([]);
  });
});

describe('the link in the mail', () => {
  it('takes the provider to the renewal request, which puts the registration in G/V; no later reminder', async () => {
    const { id, number } = await registration({ validUntil: '2045-05-31' });
    const [mail] = about(await runAndCollect(testApp, '2045-02-28'), number);
    const link = /Vraag de verlenging aan: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
    const path = link.replace(PUBLIC_URL, '');
    expect(path).toBe(`/dienstverlener/registraties/${id}/verlengen`);

    const agent = await demoAgent(testApp, 'head office');
    const confirm = await agent.get(path).expect(200);
    expect(textOf(confirm.text)).toContain(number);
    await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfTokenIn(confirm.text), expectedFrom: 'G' })
      .expect(303);
    expect(await db()('registrations').where({ id }).first('status')).toEqual({ status: 'G/V' });
    expect(about(await runAndCollect(testApp, '2045-04-30'), number)).toEqual([]);
  });

  it('gives a renewed registration (a later expiry date) its own reminders for the next period', async () => {
    const { id, number } = await registration({ validUntil: '2046-05-31' });
    expect(about(await runAndCollect(testApp, '2046-04-30'), number)).toHaveLength(1);
    // The agency renewed it: five more years after the current expiry date, same number.
    await db()('registrations').where({ id }).update({ valid_until: '2051-05-31' });
    expect(about(await runAndCollect(testApp, '2051-02-28'), number)).toHaveLength(1);
    expect(about(await runAndCollect(testApp, '2051-04-30'), number)).toHaveLength(1);
    expect(about(await runAndCollect(testApp, '2051-05-01'), number)).toEqual([]);
  });
});
