/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  signInAsStaff,
  startBrowserHarness,
  squash,
  type BrowserHarness,
} from '../support/browser.js';

describe.runIf(browserAvailable)('agency staff send a failed mail again in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('goes from /beheer to the failed mails, opens one and sends it again', async () => {
    const { db } = harness.testApp.database;
    await harness.testApp.container.mail.idle();
    await db('mail_outbox').delete();
    await db('mail_outbox').insert({
      to_address: 'kapot@voorbeeld.test',
      subject: 'Uw aanvraag is ontvangen',
      text_body: 'Beste,\n\nUw aanvraag is ontvangen.',
      status: 'failed',
      attempts: 12,
      last_error: 'Error: 550 mailbox unavailable',
    });

    const page = await harness.newPage();
    await signInAsStaff(page);

    await page.getByRole('link', { name: '1 mail is mislukt' }).click();
    await page.waitForURL((url) => url.pathname === '/beheer/mails' && url.search === '?status=mislukt');
    expect(await page.locator('h1').textContent()).toBe('Mails');
    expect(squash(await page.locator('tbody').textContent())).toContain('Error: 550 mailbox unavailable');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Uw aanvraag is ontvangen' }).click();
    await page.waitForURL((url) => /^\/beheer\/mails\/\d+$/.test(url.pathname));
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Opnieuw versturen' }).click();
    await page.waitForURL((url) => /^\/beheer\/mails\/\d+$/.test(url.pathname));
    expect(squash(await page.getByRole('status').textContent())).toContain(
      'De mail aan kapot@voorbeeld.test staat opnieuw klaar om te versturen.',
    );
    expect(await page.getByRole('button', { name: 'Opnieuw versturen' }).count()).toBe(0);
    await expectAccessible(page);
  });
});
