/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';
import { csrfTokenOf, newAgent } from '../support/session.js';

const SUBJECT = 'Kies een nieuw wachtwoord voor de kmo-portefeuille';

describe.runIf(browserAvailable)('the development mailbox in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows a mail as HTML in a sandboxed frame (under the page CSP) and as plain text', async () => {
    const agent = newAgent(harness.testApp.app);
    const token = await csrfTokenOf(agent, '/dienstverlener/login-vergeten');
    await agent
      .post('/dienstverlener/login-vergeten')
      .type('form')
      .send({ _csrf: token, enterpriseNumber: '0123.456.749', email: 'info@dienstverlener-kmo.test' })
      .expect(303);
    await harness.testApp.container.mail.flush();
    const mail = await harness.testApp.mailbox.waitFor((candidate) => candidate.subject === SUBJECT);

    const page = await harness.newPage();
    await page.goto('/dev/mailbox');
    expect(await page.locator('h1').textContent()).toBe('Ontwikkeling: mailbox');
    await expectAccessible(page);
    await page.getByRole('link', { name: SUBJECT }).click();
    await page.waitForURL(`**/dev/mailbox/${mail.id}`);
    expect(await page.locator('h1').textContent()).toBe(SUBJECT);
    expect(await page.locator('h2').allTextContents()).toEqual(
      expect.arrayContaining(['HTML-versie', 'Tekstversie']),
    );
    // axe cannot run inside a frame that allows no script; the mail's HTML is checked on its own below.
    await expectAccessible(page, { exclude: 'iframe.mail-html' });

    // The mail's own document renders inside the frame: heading, link, no script.
    const frame = page.frameLocator('iframe.mail-html');
    expect(await frame.locator('h1').textContent()).toBe(SUBJECT);
    expect(await frame.getByRole('link').getAttribute('href')).toMatch(
      new RegExp(`^${harness.baseUrl}/dienstverlener/login-herstellen/[A-Za-z0-9_-]{43}$`),
    );
    expect(await frame.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('iframe.mail-html').getAttribute('sandbox')).toBe('');

    expect(await page.locator('pre.mail-body').textContent()).toBe(mail.text);

    // The mail's HTML on a page of its own passes axe too.
    const alone = await harness.newPage();
    await alone.setContent(mail.html ?? '');
    expect(await alone.title()).toBe(SUBJECT);
    await expectAccessible(alone);
  });
});
