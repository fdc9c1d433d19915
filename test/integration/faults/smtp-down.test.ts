import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../../src/infra/mail/sender.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { bodyRowsOf, textOf } from '../../support/html.js';
import { completeRegistrationFile } from '../../support/registration-file.js';
import { csrfTokenIn, demoAgent, type Agent } from '../../support/session.js';
import { waitFor } from '../../support/wait.js';

/**
 * Issue 20, "SMTP down": the app's mail server (the development mail catcher,
 * a real SMTP server on loopback) is stopped while staff make decisions that
 * mail. The decisions are saved, their mails wait in the outbox with growing
 * pauses between attempts; when the server is back on the same port, every
 * mail arrives exactly once, counted at the server, with its attachment. A
 * mail the server refuses for good (550) is failed at once and shows on
 * /beheer/mails with the server's answer.
 */

let testApp: TestApp;
let staff: Agent;
let port: number;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
  const listening = testApp.mailbox.port;
  if (!listening) throw new Error('the mail catcher does not listen');
  port = listening;
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const SECOND_PROVIDER = '0456789034';
const HEAD_OFFICE = 'info@leiestreek-opleidingen.test';

/** A request (A) of the second demo provider, in a department of its own, with a complete file. */
async function request(departmentEmail: string): Promise<number> {
  const provider = await db()('provider_organisations')
    .where({ enterprise_number: SECOND_PROVIDER })
    .first<{ id: number }>('id');
  const [department] = await db()('departments')
    .insert({ provider_id: provider.id, name: `Afdeling ${departmentEmail}`, contact_email: departmentEmail })
    .returning<{ id: number }[]>('id');
  const [row] = await db()('registrations')
    .insert({
      provider_id: provider.id,
      department_id: department?.id,
      service: 'advies',
      basis: 'privaat',
      audit_bureau: 'SGS Belgium',
      status: 'A',
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('registration insert returned no row');
  await completeRegistrationFile(db(), row.id);
  return row.id;
}

/** Staff open the decision page and post its form, as in the browser. */
async function decide(id: number, slug: 'goedkeuren' | 'weigeren', fields: Record<string, string> = {}) {
  const page = await staff.get(`/beheer/registraties/${id}/${slug}`).expect(200);
  const expectedFrom = /name="expectedFrom" value="([^"]+)"/.exec(page.text)?.[1];
  const response = await staff
    .post(`/beheer/registraties/${id}/${slug}`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), expectedFrom, ...fields });
  expect(response.status).toBe(303);
}

interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  attachments: { filename: string; documentId: number }[];
  wait_seconds: number;
}

const outboxOf = (ids: number[]) =>
  db()('mail_outbox')
    .whereIn('id', ids)
    .orderBy('id')
    .select<OutboxRow[]>(
      'id',
      'to_address',
      'subject',
      'status',
      'attempts',
      'last_error',
      'sent_at',
      'attachments',
      db().raw('extract(epoch from next_attempt_at - now())::int as wait_seconds'),
    );

/** As if the pause before the next attempt had passed: the sender's clock is the database's. */
const pauseOver = (ids: number[]) =>
  db()('mail_outbox')
    .whereIn('id', ids)
    .update({ next_attempt_at: db().raw("now() - interval '1 second'") });

const newestOutboxId = async () =>
  (await db()('mail_outbox').max<{ max: number | null }>('id as max').first())?.max ?? 0;

describe('the mail server is down', () => {
  it('keeps the decisions, holds their mails back with growing pauses, and delivers each exactly once when it returns', async () => {
    const approvedIds = [await request('a@leiestreek.test'), await request('b@leiestreek.test')];
    const refusedId = await request('c@leiestreek.test');
    const caughtBefore = testApp.mailbox.list().length;
    const outboxBefore = await newestOutboxId();

    await testApp.mailbox.stop();
    for (const id of approvedIds) await decide(id, 'goedkeuren');
    await decide(refusedId, 'weigeren', { reason: 'Het auditrapport volgt de norm niet.' });
    await testApp.container.mail.idle();

    // The decisions are saved.
    const statuses = await db()('registrations')
      .whereIn('id', [...approvedIds, refusedId])
      .orderBy('id')
      .pluck('status');
    expect(statuses).toEqual(['G', 'G', 'N']);
    // Six mails (head office and department for each), pending after one failed attempt.
    const ids = await db()('mail_outbox').where('id', '>', outboxBefore).orderBy('id').pluck('id');
    expect(ids).toHaveLength(6);
    let rows = await outboxOf(ids);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
      expect(row.last_error).toContain('ECONNREFUSED');
      // 1 minute before the next attempt.
      expect(row.wait_seconds).toBeGreaterThan(50);
      expect(row.wait_seconds).toBeLessThanOrEqual(60);
    }
    expect(rows.filter((row) => row.attachments.length === 1)).toHaveLength(4);

    // The scheduled run a minute later: still down; the pause doubles.
    await pauseOver(ids);
    const run = await testApp.container.mail.flush();
    expect(run).toMatchObject({ sent: 0, failed: 6 });
    rows = await outboxOf(ids);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'pending', attempts: 2, sent_at: null });
      expect(row.wait_seconds).toBeGreaterThan(110);
      expect(row.wait_seconds).toBeLessThanOrEqual(120);
    }
    expect(testApp.mailbox.list()).toHaveLength(caughtBefore);

    // The server is back on the same port; the pause is over; the scheduled run (or a kick) sends.
    expect(await testApp.mailbox.start(port)).toBe(port);
    await pauseOver(ids);
    testApp.container.mail.kick();
    await waitFor(() => testApp.mailbox.list().length === caughtBefore + 6, {
      message: 'not every held-back mail arrived',
    });
    await testApp.container.mail.idle();
    // More runs and kicks send nothing again.
    expect(await testApp.container.mail.flush()).toMatchObject({ sent: 0, failed: 0 });
    testApp.container.mail.kick();
    await testApp.container.mail.idle();

    const caught = testApp.mailbox.list().slice(0, testApp.mailbox.list().length - caughtBefore);
    expect(caught).toHaveLength(6);
    rows = await outboxOf(ids);
    expect(rows.map((row) => row.status)).toEqual(Array(6).fill('sent'));
    // Every outbox mail arrived once: same recipient, same subject.
    const key = (to: string, subject: string) => `${to} | ${subject}`;
    expect(caught.map((mail) => key(mail.to.join(','), mail.subject)).sort()).toEqual(
      rows.map((row) => key(row.to_address, row.subject)).sort(),
    );
    expect(caught.filter((mail) => mail.to.includes(HEAD_OFFICE))).toHaveLength(3);
    // The certificates arrived whole: the bytes stored with the mail, under their file name.
    for (const row of rows.filter((candidate) => candidate.attachments.length > 0)) {
      const mail = caught.find(
        (candidate) => candidate.to[0] === row.to_address && candidate.subject === row.subject,
      );
      const [attachment] = row.attachments;
      const document = await db()('documents')
        .where({ id: attachment?.documentId })
        .first<{ content: Buffer }>('content');
      expect(mail?.attachments).toHaveLength(1);
      expect(mail?.attachments[0]?.filename).toBe(attachment?.filename);
      expect(mail?.attachments[0]?.filename).toMatch(/^attest-DV\.A\d{6}\.pdf$/);
      expect(mail?.attachments[0]?.content.equals(document.content)).toBe(true);
    }
  });
});

/** A mail server on the app's port that refuses one address for good (550) and takes the rest. */
async function refusingServer(refused: string) {
  const accepted: { to: string[]; subject: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (address.address === refused) {
        callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          accepted.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('a mail that fails for good', () => {
  it('is failed at once on a 550, and shows on the agency mail page with the server answer', async () => {
    const refused = 'bestaat-niet@leiestreek.test';
    const id = await request(refused);
    const outboxBefore = await newestOutboxId();
    await testApp.mailbox.stop();
    const server = await refusingServer(refused);
    try {
      await decide(id, 'goedkeuren');
      await waitFor(
        async () =>
          (await db()('mail_outbox').where('id', '>', outboxBefore).whereNot('status', 'pending')).length ===
          2,
        {
          message: 'the mails were not tried',
        },
      );
      await testApp.container.mail.idle();
    } finally {
      await server.close();
      await testApp.mailbox.start(port);
    }
    const rows = await db()('mail_outbox')
      .where('id', '>', outboxBefore)
      .orderBy('id')
      .select('id', 'to_address', 'status', 'attempts', 'last_error');
    const failed = rows.find((row) => row.to_address === refused);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.last_error).toContain('550');
    expect(rows.find((row) => row.to_address === HEAD_OFFICE)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(server.accepted.map((mail) => mail.to)).toEqual([[HEAD_OFFICE]]);

    const list = await staff.get('/beheer/mails?status=mislukt').expect(200);
    const row = bodyRowsOf(list.text).find((text) => text.includes(refused));
    expect(row).toContain('Mislukt');
    expect(row).toContain('550');
    const detail = await staff.get(`/beheer/mails/${failed?.id}`).expect(200);
    expect(textOf(detail.text)).toMatch(/Laatste fout .*550/);
    expect(textOf(detail.text)).toContain('Opnieuw versturen');
  });

  it('is failed after the last of its attempts while the server stays away', async () => {
    const [row] = await db()('mail_outbox')
      .insert({
        to_address: 'wacht@voorbeeld.test',
        subject: 'Laatste poging',
        text_body: 'Tekst',
        status: 'pending',
        attempts: MAX_ATTEMPTS - 1,
        next_attempt_at: db().raw("now() - interval '1 second'"),
      })
      .returning<{ id: number }[]>('id');
    await testApp.mailbox.stop();
    try {
      await testApp.container.mail.flush();
    } finally {
      await testApp.mailbox.start(port);
    }
    const stored = await db()('mail_outbox').where({ id: row?.id }).first('status', 'attempts', 'last_error');
    expect(stored).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(stored.last_error).toContain('ECONNREFUSED');
    const list = await staff.get('/beheer/mails?status=mislukt').expect(200);
    expect(bodyRowsOf(list.text).find((text) => text.includes('Laatste poging'))).toContain('ECONNREFUSED');
  });
});
