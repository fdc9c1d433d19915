/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

describe.runIf(browserAvailable)('SAML sign-in in Chromium, through the development IdP', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('signs an entrepreneur in for the enterprise chosen and out again', async () => {
    const page = await harness.newPage();

    // Signed out: the wallet sends the browser to our SP, and our SP to the IdP.
    await page.goto('/onderneming');
    await page.waitForURL((url) => url.pathname === '/dev/idp');
    expect(new URL(page.url()).searchParams.get('RelayState')).toBe('/onderneming');
    await expect(page.locator('h1').textContent()).resolves.toBe('Test-IdP: kies een persoon');
    await expectAccessible(page);

    // The IdP posts its signed response to the ACS (auto-submitted by script).
    await page.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
    await page.waitForURL((url) => url.pathname === '/aanmelden/kies');
    await expect(page.locator('legend').textContent()).resolves.toContain(
      'Voor wie werkt u nu, Jan Peeters?',
    );
    await expect(page.getByLabel('Testonderneming_A en B').isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await page.getByLabel('Testonderneming_C').check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL((url) => url.pathname === '/onderneming');
    const header = page.locator('.site-header__user');
    await expect(header.textContent()).resolves.toBe('Aangemeld als Jan Peeters (Testonderneming_C)');
    await expect(page.locator('h1').textContent()).resolves.toBe('Mijn kmo-portefeuille');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.getByRole('status').textContent()).resolves.toContain('U bent afgemeld.');
    await expect(header.count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Aanmelden onderneming' }).isVisible()).resolves.toBe(true);
  });
});
