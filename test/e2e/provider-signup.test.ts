/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

const EMAIL = 'info@fietsacademie.test';
const NEW_PASSWORD = 'Zonnige-fietstocht-naar-Brugge-7';

/** The sign-up form: checks it is on the right page. */
async function signupForm(page: Page) {
  await page.waitForURL('**/dienstverlener/aanmelden');
  expect(await page.locator('h1').textContent()).toBe('Uw organisatie aanmelden als dienstverlener');
  const field = (label: RegExp) => page.getByLabel(label);
  return {
    async fill(values: { postcode: string }) {
      await field(/^Maatschappelijke naam/).fill('Fietsacademie Brugge');
      await field(/^Ondernemingsnummer/).fill('0412.345.614');
      await field(/^Rechtsvorm/).selectOption('vzw');
      await field(/^Straat/).fill('Langestraat');
      await field(/^Huisnummer/).fill('8');
      await field(/^Postcode/).fill(values.postcode);
      await field(/^Gemeente/).fill('Brugge');
      await field(/^Naam van de contactpersoon/).fill('Pieter Vermeulen');
      await field(/^E-mailadres/).fill(EMAIL);
      await field(/^Telefoonnummer/).fill('050 12 34 56');
      await field(/^IBAN-rekeningnummer/).fill('BE68 5390 0754 7034');
      await field(/^BIC/).fill('GKCCBEBB');
      await page.getByLabel('Logistiek en transport', { exact: true }).check();
      await page.getByLabel('Specifieke expertise', { exact: true }).check();
      await field(/^Voorstelling van uw organisatie/).fill(
        'Wij leren bedrijven veilig fietsen en leveren met de bakfiets.',
      );
      await page.getByLabel('Wij zijn geen auditbureau').check();
    },
    postcode: () => field(/^Postcode/),
    submit: () => page.getByRole('button', { name: 'Organisatie aanmelden' }).click(),
  };
}

describe.runIf(browserAvailable)('provider sign-up in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('signs up, corrects a mistake, gets the mail, chooses its own password and requests a training registration', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Hoe registreer ik mij als dienstverlener?' }).click();

    let form = await signupForm(page);
    await form.fill({ postcode: '999' });
    await expect(page.getByText('U hebt nog 1938 tekens over.').isVisible()).resolves.toBe(true);
    await form.submit();

    // Refused: the summary lists the problem, takes the focus, and the input is kept.
    form = await signupForm(page);
    expect(await page.title()).toMatch(/^Fout: /);
    await expectAccessible(page);
    const summary = page.locator('[data-error-summary]');
    expect(await summary.textContent()).toContain(
      'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.',
    );
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    expect(await page.getByLabel(/^Maatschappelijke naam/).inputValue()).toBe('Fietsacademie Brugge');
    expect(await page.getByLabel('Wij zijn geen auditbureau').isChecked()).toBe(true);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('postcode');
    await form.postcode().fill('8000');
    await form.submit();

    await page.waitForURL('**/dienstverlener/aanmelden/bevestiging');
    expect(await page.locator('h1').textContent()).toBe('Uw aanmelding is ontvangen');
    expect(await page.locator('main').textContent()).toContain(EMAIL);
    await expectAccessible(page);

    await harness.testApp.container.mail.flush();
    await harness.testApp.container.mail.idle();
    const mail = harness.testApp.mailbox.list().find((candidate) => candidate.to.includes(EMAIL));
    if (!mail) throw new Error('the sign-up mail did not arrive');
    const oneTimePassword = /Eenmalig wachtwoord: (\S+)/.exec(mail.text)?.[1];
    if (!oneTimePassword) throw new Error(`no one-time password in the mail:\n${mail.text}`);
    expect(mail.text).toContain(`${harness.baseUrl}/dienstverlener/login`);

    await page.getByRole('link', { name: 'Naar aanmelden' }).click();
    await page.waitForURL('**/dienstverlener/login');
    await page.getByLabel(/^Login/).fill('0412.345.614');
    await page.getByLabel(/^Wachtwoord/).fill(oneTimePassword);
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();

    await page.waitForURL('**/dienstverlener/login-wijzigen');
    await page.locator('#oldPassword').fill(oneTimePassword);
    await page.locator('#newPassword').fill(NEW_PASSWORD);
    await page.locator('#newPasswordRepeated').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();

    await page.waitForURL((url) => url.pathname === '/dienstverlener');
    expect(await page.locator('h1').textContent()).toBe('Menu dienstverlener');

    // The new provider requests its first registration: training, for the whole organisation.
    await page.getByRole('link', { name: 'Registraties beheren' }).click();
    expect(await page.locator('main').textContent()).toContain('U hebt nog geen registraties.');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Nieuwe registratie aanvragen' }).click();
    await page.waitForURL('**/niveau');
    await expectAccessible(page);
    await page.getByLabel('De volledige organisatie').check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForURL('**/dienst');
    await page.getByLabel('Opleiding').check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForURL('**/basis');
    await page.getByRole('button', { name: 'Volgende' }).click();
    // Nothing chosen: both questions of the page say so, and the page stays accessible.
    // (The URL does not change, so wait for the refused page itself.)
    await page.locator('[data-error-summary]').waitFor();
    expect(await page.title()).toMatch(/^Fout: /);
    await expectAccessible(page);
    await page.getByLabel('Private dienstverlener').check();
    await page.getByLabel(/^Auditbureau/).selectOption('Kiwa Belgium');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForURL('**/verklaring-op-eer');
    await expectAccessible(page);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Verklaring op eer downloaden (PDF)' }).click();
    expect((await download).suggestedFilename()).toBe('verklaring-op-eer.pdf');
    await page
      .getByLabel(
        'Ik druk de verklaring op eer af, laat ze ondertekenen en laad ze na het indienen op bij mijn registratie.',
      )
      .check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForURL('**/overzicht');
    await expectAccessible(page);
    expect(await page.locator('main').textContent()).toContain('Kiwa Belgium');
    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();

    await page.waitForURL(/\/dienstverlener\/registraties\/\d+$/);
    expect(await page.locator('main').textContent()).toContain('A – Aangevraagd');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Terug naar de registraties' }).click();
    const row = page.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Opleiding');
    expect(await row.first().textContent()).toContain('A – Aangevraagd');
  });
});
