import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailDispatcher } from '../../../src/infra/mail/dispatcher.js';
import { createTransport } from '../../../src/infra/mail/transport.js';
import { createLogger } from '../../../src/logger.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';

/**
 * The dispatcher sends the outbox when a change commits (kick). Tests here run
 * no scheduled job, so a mail the kicked run leaves behind is never sent: what
 * arrives, arrived because of the kick alone.
 */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({});
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

async function dueMails(subjectPrefix: string, count: number): Promise<number[]> {
  const rows = await db()('mail_outbox')
    .insert(
      Array.from({ length: count }, (_, index) => ({
        to_address: 'ontvanger@voorbeeld.test',
        subject: `${subjectPrefix} ${index + 1}`,
        text_body: 'Tekst',
        status: 'pending',
        next_attempt_at: '2026-11-10 09:00:00+00',
      })),
    )
    .returning<{ id: number }[]>('id');
  return rows.map((row) => row.id);
}

const arrived = (subjectPrefix: string) =>
  testApp.mailbox.list().filter((mail) => mail.subject.startsWith(`${subjectPrefix} `)).length;

describe('a kicked send run', () => {
  it('looks again at a due mail another transaction held locked, and sends it once the lock is gone', async () => {
    const [id] = await dueMails('Vergrendeld', 1);
    const holder = await db().transaction();
    try {
      // Another request (or process) holds the row: the run passes it by (SKIP LOCKED).
      await holder('mail_outbox').where({ id }).forUpdate().first();
      testApp.container.mail.kick();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(arrived('Vergrendeld')).toBe(0);
    } finally {
      await holder.commit();
    }
    await waitFor(() => arrived('Vergrendeld') === 1, { message: 'the mail waited for a scheduled run' });
    await testApp.container.mail.idle();
    expect(arrived('Vergrendeld')).toBe(1);
    expect(await db()('mail_outbox').where({ id }).first('status')).toEqual({ status: 'sent' });
  });

  it("sends more than one run's limit of 50 mails after a single kick", async () => {
    await dueMails('Veel', 51);
    testApp.container.mail.kick();
    // 51 SMTP sessions: on a loaded machine that takes longer than the default 10 s; a dispatcher
    // that leaves the rest for the scheduled run never gets there, however long one waits.
    await waitFor(() => arrived('Veel') === 51, {
      timeoutMs: 60_000,
      message: 'the mails beyond the first 50 were left',
    });
    await testApp.container.mail.idle();
    expect(arrived('Veel')).toBe(51);
  }, 90_000);
});

describe('a dispatcher that stops (the process shuts down)', () => {
  const statusesOf = async (ids: number[]) =>
    (await db()('mail_outbox').whereIn('id', ids).select<{ status: string }[]>('status')).map(
      (row) => row.status,
    );

  it('ends after the mail it is sending: the rest of a backlog stays due for the next process, none goes out twice', async () => {
    const ids = await dueMails('Achterstand', 150);
    // A process of its own, sending to the same mail catcher as the test app's.
    const stopping = new MailDispatcher(
      db(),
      () => createTransport(`smtp://127.0.0.1:${testApp.mailbox.port}?ignoreTLS=true`),
      {
        from: 'kmo-portefeuille@vlaio.test',
        logger: createLogger('silent'),
      },
    );
    stopping.kick();
    await waitFor(() => arrived('Achterstand') >= 3, { message: 'the backlog did not start going out' });
    await stopping.stop();
    const sentAtStop = (await statusesOf(ids)).filter((status) => status === 'sent').length;
    // It stopped within its run of 50, not after the whole backlog (three runs).
    expect(sentAtStop).toBeGreaterThanOrEqual(3);
    expect(sentAtStop).toBeLessThan(50);
    // A kick after the stop starts nothing.
    stopping.kick();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await statusesOf(ids)).filter((status) => status === 'sent')).toHaveLength(sentAtStop);
    // What the mail server took is exactly what is marked sent: nothing will go out a second time.
    await waitFor(() => arrived('Achterstand') === sentAtStop, { message: 'a sent mail did not arrive' });
    expect(arrived('Achterstand')).toBe(sentAtStop);

    // The next process sends the rest, each mail once.
    testApp.container.mail.kick();
    await waitFor(() => arrived('Achterstand') === 150, {
      timeoutMs: 60_000,
      message: 'the rest of the backlog was not sent by the next process',
    });
    await testApp.container.mail.idle();
    expect(arrived('Achterstand')).toBe(150);
    expect(
      new Set(
        testApp.mailbox
          .list()
          .filter((mail) => mail.subject.startsWith('Achterstand '))
          .map((mail) => mail.subject),
      ).size,
    ).toBe(150);
    expect(new Set(await statusesOf(ids))).toEqual(new Set(['sent']));
  }, 120_000);
});
