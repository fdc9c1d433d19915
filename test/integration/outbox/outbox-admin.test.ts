import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { bodyRowsOf, flashTextsOf, textOf } from '../../support/html.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  demoAgent,
  newAgent,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';
import { waitFor } from '../../support/wait.js';

let testApp: TestApp;
let staff: Agent;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = newAgent(testApp.app);
  await signInWithSaml(staff, testApp.container, 'agency-staff');
});
afterAll(async () => {
  await testApp.close();
});
beforeEach(async () => {
  // Each test sees only the mails it writes.
  await testApp.container.mail.idle();
  await testApp.database.db('mail_outbox').delete();
});

/** A mail written straight into the outbox. A pending one waits until 2099, so no run sends it. */
async function newMail(values: {
  status: 'pending' | 'sent' | 'failed';
  subject: string;
  to?: string;
  attempts?: number;
  lastError?: string | null;
  createdAt?: string;
  sentAt?: string;
}): Promise<number> {
  const [row] = await testApp.database
    .db('mail_outbox')
    .insert({
      to_address: values.to ?? 'ontvanger@voorbeeld.test',
      subject: values.subject,
      text_body: `Beste,\n\nDit is de tekst van "${values.subject}".\n\n<b>geen HTML</b>`,
      html_body: null,
      status: values.status,
      attempts: values.attempts ?? 0,
      last_error: values.lastError ?? null,
      next_attempt_at: values.status === 'pending' ? '2099-01-01 00:00:00+00' : '2026-11-10 09:00:00+00',
      sent_at: values.sentAt ?? null,
      created_at: values.createdAt ?? '2026-11-10 09:00:00 Europe/Brussels',
    })
    .returning('id');
  return row.id as number;
}

async function mailRow(id: number) {
  return testApp.database
    .db('mail_outbox')
    .where({ id })
    .first('status', 'attempts', 'last_error', 'sent_at');
}

async function resendAudits(id: number) {
  return testApp.database.db('audit_log').where({ action: 'mail.resend', entity_id: String(id) });
}

async function resend(agent: Agent, id: number) {
  const token = await csrfTokenOf(agent, `/beheer/mails/${id}`);
  return agent.post(`/beheer/mails/${id}/opnieuw`).type('form').send({ _csrf: token });
}

function delivered(subject: string) {
  return testApp.mailbox.list().filter((mail) => mail.subject === subject);
}

describe('the list', () => {
  it('says when there are no mails yet, and when a status has none', async () => {
    const empty = await staff.get('/beheer/mails');
    expect(bodyRowsOf(empty.text)).toEqual(['Er zijn nog geen mails.']);
    const noneFailed = await staff.get('/beheer/mails').query({ status: 'mislukt' });
    expect(textOf(noneFailed.text)).toContain('Er zijn geen mails met deze status.');
    expect(textOf(noneFailed.text)).toContain('0 mails zijn mislukt');
  });

  it('shows every mail newest first, with the failed count, and filters by status', async () => {
    const sent = await newMail({
      status: 'sent',
      subject: 'Uw registratie is goedgekeurd',
      attempts: 1,
      createdAt: '2026-11-10 09:00:00 Europe/Brussels',
      sentAt: '2026-11-10 09:00:05 Europe/Brussels',
    });
    const failed = await newMail({
      status: 'failed',
      subject: 'Uw aanvraag is ontvangen',
      to: 'kapot@voorbeeld.test',
      attempts: 12,
      lastError: 'Error: 550 mailbox unavailable',
      createdAt: '2026-11-12 14:07:00 Europe/Brussels',
    });
    const pending = await newMail({
      status: 'pending',
      subject: 'Herinnering: storting',
      attempts: 2,
      lastError: 'Error: connect ECONNREFUSED',
      createdAt: '2026-11-11 08:30:00 Europe/Brussels',
    });

    const response = await staff.get('/beheer/mails');
    expect(response.status).toBe(200);
    expect(bodyRowsOf(response.text)).toEqual([
      '12/11/2026 14:07 kapot@voorbeeld.test Uw aanvraag is ontvangen Mislukt 12 Error: 550 mailbox unavailable',
      '11/11/2026 08:30 ontvanger@voorbeeld.test Herinnering: storting Wacht 2 Error: connect ECONNREFUSED',
      '10/11/2026 09:00 ontvanger@voorbeeld.test Uw registratie is goedgekeurd Verstuurd 1',
    ]);
    expect(textOf(response.text)).toContain('1 mail is mislukt');
    expect(response.text).toContain('href="/beheer/mails?status=mislukt"');
    expect(response.text).toContain('<strong class="tag tag--red">Mislukt</strong>');
    expect(response.text).toContain(`href="/beheer/mails/${failed}"`);

    const onlyFailed = await staff.get('/beheer/mails').query({ status: 'mislukt' });
    expect(bodyRowsOf(onlyFailed.text)).toEqual([
      '12/11/2026 14:07 kapot@voorbeeld.test Uw aanvraag is ontvangen Mislukt 12 Error: 550 mailbox unavailable',
    ]);
    const onlySent = await staff.get('/beheer/mails').query({ status: 'verstuurd' });
    expect(onlySent.text).toContain(`href="/beheer/mails/${sent}"`);
    expect(onlySent.text).not.toContain(`href="/beheer/mails/${pending}"`);
    const onlyPending = await staff.get('/beheer/mails').query({ status: 'wacht' });
    expect(onlyPending.text).toContain(`href="/beheer/mails/${pending}"`);
    expect(onlyPending.text).not.toContain(`href="/beheer/mails/${failed}"`);

    await testApp.database.db('mail_outbox').where({ id: failed }).delete();
    const none = await staff.get('/beheer/mails').query({ status: 'mislukt' });
    expect(textOf(none.text)).toContain('Er zijn geen mails met deze status.');
    expect(textOf(none.text)).toContain('0 mails zijn mislukt');
  });

  it('shows 50 mails a page, with links to the next page', async () => {
    await testApp.database.db('mail_outbox').insert(
      Array.from({ length: 51 }, (_, index) => ({
        to_address: 'veel@voorbeeld.test',
        subject: `Mail ${index + 1}`,
        text_body: 'Tekst',
        status: 'sent',
        attempts: 1,
        created_at: `2026-11-10 09:${String(index).padStart(2, '0')}:00 Europe/Brussels`,
      })),
    );
    const first = await staff.get('/beheer/mails');
    expect(bodyRowsOf(first.text)).toHaveLength(50);
    expect(bodyRowsOf(first.text)[0]).toContain('Mail 51');
    expect(first.text).toContain('href="/beheer/mails?pagina=2"');
    const second = await staff.get('/beheer/mails').query({ pagina: '2' });
    expect(bodyRowsOf(second.text)).toEqual(['10/11/2026 09:00 veel@voorbeeld.test Mail 1 Verstuurd 1']);
  });
});

describe('the home', () => {
  it('counts the failed mails and links to the list filtered on failed', async () => {
    await newMail({ status: 'failed', subject: 'Eén', attempts: 12, lastError: 'x' });
    await newMail({ status: 'failed', subject: 'Twee', attempts: 12, lastError: 'y' });
    await newMail({ status: 'sent', subject: 'Drie', attempts: 1 });
    const response = await staff.get('/beheer');
    expect(textOf(response.text)).toContain('2 mails zijn mislukt');
    expect(response.text).toContain('href="/beheer/mails?status=mislukt"');
  });
});

describe('the detail', () => {
  it('shows the headers, the attempts, the last error and the text as plain text', async () => {
    const id = await newMail({
      status: 'failed',
      subject: 'Uw aanvraag is ontvangen',
      to: 'kapot@voorbeeld.test',
      attempts: 12,
      lastError: 'Error: 550 mailbox unavailable',
      createdAt: '2026-11-12 14:07:00 Europe/Brussels',
    });
    const response = await staff.get(`/beheer/mails/${id}`);
    expect(response.status).toBe(200);
    const text = textOf(response.text);
    expect(text).toContain('Aan kapot@voorbeeld.test');
    expect(text).toContain('Onderwerp Uw aanvraag is ontvangen');
    expect(text).toContain('Aangemaakt 12/11/2026 14:07');
    expect(text).toContain('Pogingen 12');
    expect(text).toContain('Verstuurd op Nog niet verstuurd');
    expect(text).toContain('Laatste fout Error: 550 mailbox unavailable');
    expect(response.text).toContain(
      '<pre class="mail-body">Beste,\n\nDit is de tekst van &#34;Uw aanvraag is ontvangen&#34;.\n\n&lt;b&gt;geen HTML&lt;/b&gt;</pre>',
    );
    expect(response.text).toContain(`action="/beheer/mails/${id}/opnieuw"`);
    expect(text).toContain('Opnieuw versturen');
  });

  it('shows when a sent mail left, and no resend button', async () => {
    const id = await newMail({
      status: 'sent',
      subject: 'Verstuurd',
      attempts: 1,
      sentAt: '2026-11-10 09:00:05 Europe/Brussels',
    });
    const response = await staff.get(`/beheer/mails/${id}`);
    expect(textOf(response.text)).toContain('Verstuurd op 10/11/2026 09:00');
    expect(response.text).not.toContain('/opnieuw');
  });

  it('answers 404 for a mail that does not exist', async () => {
    expect((await staff.get('/beheer/mails/999999')).status).toBe(404);
    expect((await staff.get('/beheer/mails/abc')).status).toBe(404);
    const token = await csrfTokenOf(staff, '/beheer/mails');
    expect(
      (await staff.post('/beheer/mails/999999/opnieuw').type('form').send({ _csrf: token })).status,
    ).toBe(404);
  });
});

describe('sending a failed mail again', () => {
  it('puts it back as pending with 0 attempts, writes an audit row, and delivers it', async () => {
    const id = await newMail({
      status: 'failed',
      subject: 'Opnieuw te versturen',
      to: 'terug@voorbeeld.test',
      attempts: 12,
      lastError: 'Error: 550 mailbox unavailable',
    });
    const response = await resend(staff, id);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/beheer/mails/${id}`);

    const audits = await resendAudits(id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity_type: 'mail', actor_type: 'agency' });

    await waitFor(() => delivered('Opnieuw te versturen').length === 1, {
      message: 'the resent mail did not arrive',
    });
    expect(delivered('Opnieuw te versturen')[0]?.to).toEqual(['terug@voorbeeld.test']);
    await testApp.container.mail.idle();
    // Sent on its first new attempt; the sender cleared the old error.
    expect(await mailRow(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });

    const detail = await staff.get(`/beheer/mails/${id}`);
    expect(flashTextsOf(detail.text)).toEqual([
      'Gelukt: De mail aan terug@voorbeeld.test staat opnieuw klaar om te versturen.',
    ]);
  });

  it('resets the row to pending, 0 attempts, due now, keeping the last error until the next try', async () => {
    const id = await newMail({
      status: 'failed',
      subject: 'Rij na klaarzetten',
      attempts: 12,
      lastError: 'Error: 550 mailbox unavailable',
    });
    const before = await testApp.database
      .db('mail_outbox')
      .where({ id })
      .first<{ next_attempt_at: Date }>('next_attempt_at');
    // Read inside the requeueing transaction: once committed, the sender may deliver it at any moment.
    const trx = await testApp.database.db.transaction();
    try {
      expect(await testApp.container.repositories.outbox.requeueFailed(trx, id)).toBe(true);
      const after = await trx('mail_outbox')
        .where({ id })
        .first<{ status: string; attempts: number; last_error: string; next_attempt_at: Date }>(
          'status',
          'attempts',
          'last_error',
          'next_attempt_at',
        );
      expect(after).toMatchObject({
        status: 'pending',
        attempts: 0,
        last_error: 'Error: 550 mailbox unavailable',
      });
      expect(after?.next_attempt_at.getTime()).toBeGreaterThan(before?.next_attempt_at.getTime() ?? 0);
    } finally {
      await trx.rollback();
    }
  });

  it.each([
    ['sent', 'sent' as const],
    ['pending', 'pending' as const],
  ])('refuses a %s mail: no button, a message on POST, nothing changed', async (_name, status) => {
    const id = await newMail({
      status,
      subject: `Niet opnieuw ${status}`,
      attempts: status === 'sent' ? 1 : 3,
    });
    const before = await mailRow(id);
    const page = await staff.get(`/beheer/mails/${id}`);
    expect(page.text).not.toContain('Opnieuw versturen');
    const response = await staff
      .post(`/beheer/mails/${id}/opnieuw`)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text) });
    expect(response.status).toBe(303);
    const detail = await staff.get(`/beheer/mails/${id}`);
    expect(flashTextsOf(detail.text)).toEqual([
      'Let op: Deze mail is niet (meer) mislukt: hij is al opnieuw klaargezet of verstuurd. Er is niets gewijzigd.',
    ]);
    expect(await mailRow(id)).toEqual(before);
    expect(await resendAudits(id)).toHaveLength(0);
  });

  it('takes ten concurrent clicks as one: one audit row, one delivery', async () => {
    const id = await newMail({
      status: 'failed',
      subject: 'Tien keer geklikt',
      attempts: 12,
      lastError: 'Error: 550 mailbox unavailable',
    });
    const token = await csrfTokenOf(staff, `/beheer/mails/${id}`);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        staff.post(`/beheer/mails/${id}/opnieuw`).type('form').send({ _csrf: token }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    expect(await resendAudits(id)).toHaveLength(1);
    await waitFor(() => delivered('Tien keer geklikt').length >= 1);
    await testApp.container.mail.idle();
    await testApp.container.mail.flush();
    expect(delivered('Tien keer geklikt')).toHaveLength(1);
    expect(await mailRow(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('refuses a POST without a CSRF token', async () => {
    const id = await newMail({ status: 'failed', subject: 'Zonder token', attempts: 12, lastError: 'x' });
    await staff.get(`/beheer/mails/${id}`);
    const response = await staff.post(`/beheer/mails/${id}/opnieuw`).type('form').send({});
    expect(response.status).toBe(403);
    expect(await mailRow(id)).toMatchObject({ status: 'failed', attempts: 12 });
    expect(await resendAudits(id)).toHaveLength(0);
  });
});

describe('who may see the mails', () => {
  it.each(['head office', 'department user', 'entrepreneur'] as const)(
    'answers 403 to the %s on GET and POST',
    async (role) => {
      const id = await newMail({ status: 'failed', subject: 'Verboden', attempts: 12, lastError: 'x' });
      const agent = await demoAgent(testApp, role);
      expect((await agent.get('/beheer/mails')).status).toBe(403);
      expect((await agent.get(`/beheer/mails/${id}`)).status).toBe(403);
      // A valid token of the agent's own session (the sign-out form on the home page carries it).
      const token = await csrfTokenOf(agent, '/');
      const response = await agent.post(`/beheer/mails/${id}/opnieuw`).type('form').send({ _csrf: token });
      expect(response.status).toBe(403);
      expect(textOf(response.text)).toContain('U hebt geen toegang tot deze pagina.');
      expect(await mailRow(id)).toMatchObject({ status: 'failed', attempts: 12 });
      expect(await resendAudits(id)).toHaveLength(0);
    },
  );
});
