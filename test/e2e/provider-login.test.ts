/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

/** The head-office login page: checks it is there, and that it passes axe. */
async function loginPage(page: Page) {
  await page.waitForURL('**/dienstverlener/login');
  expect(await page.locator('h1').textContent()).toBe('Aanmelden als dienstverlener');
  await expectAccessible(page);
  return {
    async signIn(login: string, password: string) {
      await page.getByLabel(/^Login/).fill(login);
      await page.getByLabel(/^Wachtwoord/).fill(password);
      await page.getByRole('button', { name: 'Aanmelden' }).click();
    },
  };
}

/** The provider menu. */
async function menuPage(page: Page) {
  await page.waitForURL('**/dienstverlener');
  expect(await page.locator('h1').textContent()).toBe('Menu dienstverlener');
  await expectAccessible(page);
  return page;
}

/** The login change page. */
async function changeLoginPage(page: Page) {
  await page.waitForURL('**/dienstverlener/login-wijzigen');
  expect(await page.locator('h1').textContent()).toBe('Login en wachtwoord wijzigen');
  await expectAccessible(page);
  return {
    async submit(values: { oldPassword: string; newPassword: string; newPasswordRepeated: string }) {
      await page.getByLabel(/^Huidig wachtwoord/).fill(values.oldPassword);
      await page.getByLabel(/^Nieuw wachtwoord$/).fill(values.newPassword);
      await page.getByLabel(/^Nieuw wachtwoord \(herhaal\)/).fill(values.newPasswordRepeated);
      await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    },
  };
}

describe.runIf(browserAvailable)('head-office sign-in in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('refuses a wrong password, signs in, shows the login change and its errors, and signs out', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Aanmelden dienstverlener' }).first().click();

    let login = await loginPage(page);
    await login.signIn('0123.456.749', 'niet-het-juiste-wachtwoord');

    // Refused: the summary names the problem, takes the focus; the login stays, the password does not.
    login = await loginPage(page);
    expect(await page.title()).toMatch(/^Fout: /);
    const summary = page.locator('[data-error-summary]');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain('Deze combinatie van login en wachtwoord is niet juist.');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    expect(await page.getByLabel(/^Login/).inputValue()).toBe('0123.456.749');
    expect(await page.getByLabel(/^Wachtwoord/).inputValue()).toBe('');
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login');

    await login.signIn('0123.456.749', 'kmo-demo-2026');
    await menuPage(page);
    expect(await page.locator('.site-header__user').textContent()).toContain(
      'Aangemeld als Dienstverlener kmo-portefeuille',
    );

    await page.getByRole('link', { name: 'Login en wachtwoord wijzigen' }).click();
    const change = await changeLoginPage(page);
    expect(await page.getByLabel(/^Nieuwe login/).inputValue()).toBe('0123456749');
    await change.submit({
      oldPassword: 'kmo-demo-2026',
      newPassword: 'fietsen langs de Leie in mei',
      newPasswordRepeated: 'fietsen langs de Leie in juni',
    });

    await changeLoginPage(page);
    expect(await page.title()).toMatch(/^Fout: /);
    const errors = page.locator('[data-error-summary]');
    expect(await errors.textContent()).toContain('De twee nieuwe wachtwoorden zijn niet gelijk.');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    expect(await page.locator('#newPasswordRepeated-fout').textContent()).toContain(
      'De twee nieuwe wachtwoorden zijn niet gelijk.',
    );
    expect(await page.getByLabel(/^Nieuw wachtwoord \(herhaal\)/).getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.locator('.flash').textContent()).toContain('U bent afgemeld.');
    await expectAccessible(page);
    await page.goto('/dienstverlener');
    await loginPage(page);
  });
});
