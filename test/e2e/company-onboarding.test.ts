/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TODAY } from '../support/clock.js';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
  squash,
  expectFocusedSummary,
} from '../support/browser.js';

const SIZE_PATH = '/onderneming/grootte';
const DETAILS_PATH = '/onderneming/gegevens';
const APPLICATION_PATH = '/onderneming/aanvraag';
const WIZARD_PAGE = /^\/onderneming\/aanvraag\/[0-9a-f-]{36}\/([a-z]+)$/;

const SIZE_MESSAGE = 'Kies of uw onderneming klein, middelgroot of groot is.';
const IBAN_MESSAGE =
  'Vul een geldig IBAN-rekeningnummer van een SEPA-land in, bijvoorbeeld BE71 0961 2345 6769.';

/** The id (or else the tag name) of the focused element. */
const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');

describe.runIf(browserAvailable)('a new company on its way to its first application, in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('confirms its size with the keyboard, completes its data and reaches the wizard', async () => {
    const year = TEST_TODAY.slice(0, 4);
    const page = await harness.newPage();

    // Lotte Vermeulen represents one enterprise only: no choice after the IdP.
    await page.goto('/onderneming');
    await page.waitForURL((url) => url.pathname === '/dev/idp');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Aanmelden als Lotte Vermeulen' }).click();
    await page.waitForURL((url) => url.pathname === '/onderneming');
    expect(await page.locator('.site-header__user').textContent()).toBe(
      'Aangemeld als Lotte Vermeulen (Vermeulen Interieur)',
    );

    // The wallet says what comes first; the ceiling is that of the proposed size until she confirms it.
    const notice = page.locator('.inset', { hasText: `Bevestig de grootte van uw onderneming voor ${year}` });
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.getByRole('link', { name: 'Grootte bevestigen' }).getAttribute('href')).toBe(
      SIZE_PATH,
    );
    expect(squash(await page.locator('.wallet-ceiling').textContent())).toContain(
      `U bevestigde de grootte van uw onderneming voor ${year} nog niet: dit plafond geldt voor de voorgestelde grootte (kleine onderneming).`,
    );
    await expectAccessible(page);

    // Applying sends her to the size first, keeping where she was going.
    await page.getByRole('link', { name: 'Subsidie aanvragen' }).click();
    await page.waitForURL((url) => url.pathname === SIZE_PATH);
    expect(new URL(page.url()).searchParams.get('terug')).toBe(APPLICATION_PATH);
    expect(await page.locator('h1').textContent()).toBe(`Grootte van uw onderneming in ${year}`);
    expect(squash(await page.getByRole('status').textContent())).toBe(
      `Ter info: Voor u subsidie aanvraagt, bevestigt u de grootte van uw onderneming voor ${year}.`,
    );
    for (const label of ['Kleine onderneming', 'Middelgrote onderneming', 'Grote onderneming'])
      expect(await page.getByRole('radio', { name: label, exact: true }).isChecked()).toBe(false);
    await expectAccessible(page);

    // No choice: the error summary, focused, and the message beside the radios.
    await page.getByRole('button', { name: 'Grootte bevestigen' }).click();
    await expectFocusedSummary(page);
    expect(new URL(page.url()).pathname).toBe(SIZE_PATH);
    expect(new URL(page.url()).searchParams.get('terug')).toBe(APPLICATION_PATH);
    const summary = page.locator('[data-error-summary]');
    expect(await summary.getByRole('link').allTextContents()).toEqual([SIZE_MESSAGE]);
    expect(squash(await page.locator('#size-fout').textContent())).toBe(`Fout: ${SIZE_MESSAGE}`);
    const sizeGroup = page.getByRole('group', { name: /^Welke grootte heeft uw onderneming/ });
    expect(await sizeGroup.getAttribute('aria-describedby')).toContain('size-fout');
    await expectAccessible(page);

    // By keyboard only: Tab reaches the radios, Space chooses, Tab reaches the button, Enter sends.
    for (let presses = 0; presses < 40 && (await focused(page)) !== 'size'; presses++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('size');
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: 'Kleine onderneming', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() =>
        document.activeElement instanceof HTMLButtonElement ? document.activeElement.textContent : '',
      ),
    ).toBe('Grootte bevestigen');
    await page.keyboard.press('Enter');

    // Next: the company data, still on the way to the application.
    await page.waitForURL((url) => url.pathname === DETAILS_PATH);
    expect(new URL(page.url()).searchParams.get('terug')).toBe(APPLICATION_PATH);
    expect(await page.locator('h1').textContent()).toBe('Gegevens van uw onderneming');
    expect(squash(await page.getByRole('status').textContent())).toBe(
      `Gelukt: U hebt bevestigd dat Vermeulen Interieur in ${year} een kleine onderneming is.`,
    );
    await expectAccessible(page);

    const iban = page.getByLabel(/^Rekeningnummer \(IBAN\)/);
    const bic = page.getByLabel('BIC', { exact: true });
    const turnover = page.getByLabel(/^Jaaromzet in euro/);
    const employees = page.getByLabel(/^Aantal werknemers in voltijdse equivalenten/);
    const nace = page.getByLabel(/^NACE-BEL-code/);

    // An IBAN with a wrong check digit: only that field is refused, every answer kept.
    await iban.fill('BE71 0961 2345 6760');
    await bic.fill('GKCCBEBB');
    await turnover.fill('850.000,00');
    await employees.fill('7,5');
    await nace.fill('62010');
    await page.getByRole('button', { name: 'Gegevens bewaren' }).click();
    await expectFocusedSummary(page);
    expect(new URL(page.url()).pathname).toBe(DETAILS_PATH);
    expect(await summary.getByRole('link').allTextContents()).toEqual([IBAN_MESSAGE]);
    expect(squash(await page.locator('#iban-fout').textContent())).toBe(`Fout: ${IBAN_MESSAGE}`);
    expect(await iban.getAttribute('aria-invalid')).toBe('true');
    expect(await iban.inputValue()).toBe('BE71 0961 2345 6760');
    expect(await bic.inputValue()).toBe('GKCCBEBB');
    expect(await turnover.inputValue()).toBe('850.000,00');
    expect(await employees.inputValue()).toBe('7,5');
    expect(await nace.inputValue()).toBe('62010');
    await expectAccessible(page);
    await summary.getByRole('link', { name: IBAN_MESSAGE }).click();
    await expect.poll(() => focused(page)).toBe('iban');

    await iban.fill('BE71 0961 2345 6769');
    await page.getByRole('button', { name: 'Gegevens bewaren' }).click();

    // Ready: the application wizard's first step, with the main activity just given.
    await page.waitForURL((url) => WIZARD_PAGE.exec(url.pathname)?.[1] === 'activiteit');
    expect(squash(await page.getByRole('status').textContent())).toMatch(
      /^Gelukt: De gegevens van uw onderneming zijn bewaard\./,
    );
    expect(await page.getByText('Subsidie aanvragen – stap 1 van 6').isVisible()).toBe(true);
    expect(await page.getByLabel(/^Wat is de hoofdactiviteit/).inputValue()).toBe('62010');
    await expectAccessible(page);

    const company: Record<string, unknown> = await harness.testApp.database
      .db('companies')
      .where({ enterprise_number: '0791827331' })
      .first('iban', 'bic', 'turnover_cents', 'nace_code');
    expect(company).toEqual({
      iban: 'BE71096123456769',
      bic: 'GKCCBEBB',
      turnover_cents: 85_000_000,
      nace_code: '62010',
    });

    // The wallet no longer asks for anything; the ceiling is that of the confirmed size.
    await page.getByRole('link', { name: 'Mijn portefeuille' }).click();
    await page.waitForURL((url) => url.pathname === '/onderneming');
    expect(await page.locator('.inset', { hasText: 'Bevestig de grootte' }).count()).toBe(0);
    expect(await page.locator('#plafond-titel').textContent()).toBe(`Uw steunplafond in ${year}`);
    expect(squash(await page.locator('.wallet-ceiling').textContent())).not.toContain('nog niet');
    await expectAccessible(page);
  }, 120_000);
});
