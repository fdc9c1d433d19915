/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDate } from '../../src/domain/dates.js';
import { TEST_TODAY } from '../support/clock.js';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
  squash,
  rowValue,
} from '../support/browser.js';

const WIZARD_PAGE = /^\/onderneming\/aanvraag\/[0-9a-f-]{36}\/([a-z]+)$/;
const DEPOSIT_PAGE = /^\/onderneming\/projecten\/([0-9]{4}KMO[0-9]{6})\/storting$/;
const TRAINING_REGISTRATION = 'DV.O218724';

/** Waits for the wizard page with this slug and returns the draft's base path. */
async function wizardPage(page: Page, slug: string): Promise<string> {
  await page.waitForURL((url) => WIZARD_PAGE.exec(url.pathname)?.[1] === slug);
  return new URL(page.url()).pathname.replace(/\/[a-z]+$/, '');
}

/** The text of a calculation figure on the project page (data-figure="…"). */
const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"]`).textContent();

describe.runIf(browserAvailable)('applying for a subsidy in Chromium, through the wizard', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('signs in, fills the wizard with the live calculation, submits once and reaches the deposit instructions', async () => {
    const { db } = harness.testApp.database;
    const today = TEST_TODAY;
    const company: {
      id: number;
    } = await db('companies').where({ enterprise_number: '0765432146' }).first('id');
    const projectsBefore = await db('projects').where({ company_id: company.id }).count<{ n: string }[]>({
      n: '*',
    });

    const page = await harness.newPage();

    // Signed out: the wizard sends the browser through the development IdP.
    await page.goto('/onderneming/aanvraag');
    await page.waitForURL((url) => url.pathname === '/dev/idp');
    await page.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
    await page.waitForURL((url) => url.pathname === '/aanmelden/kies');
    await page.getByLabel('Testonderneming_A en B').check();
    await page.getByRole('button', { name: 'Verder' }).click();

    // Back where the user was going (RelayState).
    // Step 1: the main activity, prefilled from the enterprise's data.
    const draft = await wizardPage(page, 'activiteit');
    expect(await page.locator('.site-header__user').textContent()).toBe(
      'Aangemeld als Jan Peeters (Testonderneming_A en B)',
    );
    expect(await page.getByText('Subsidie aanvragen – stap 1 van 6').isVisible()).toBe(true);
    expect(await page.getByLabel(/^Wat is de hoofdactiviteit/).inputValue()).toBe('43222');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 2: the project, with the figures computed as the user types.
    await wizardPage(page, 'project');
    expect(await page.getByText('Subsidie aanvragen – stap 2 van 6').isVisible()).toBe(true);
    // With JavaScript the round-trip button is not needed.
    expect(await page.getByRole('button', { name: 'Herbereken' }).isHidden()).toBe(true);
    expect(await page.locator('#herbereken').evaluate((button: HTMLButtonElement) => button.hidden)).toBe(
      true,
    );
    expect(await figure(page, 'subsidy')).toBe('–');

    await page.getByRole('radio', { name: 'Opleiding' }).check();
    await page.getByRole('radio', { name: 'Klassikaal (extern)' }).check();
    await page.getByLabel(/^Thema en subthema/).selectOption({ label: 'Welzijn op het werk' });
    await page.getByLabel(/^Aantal deelnemers/).fill('2');
    await page.getByLabel(/^Aantal uren/).fill('7,5');
    await page.getByLabel(/^Datum van de overeenkomst/).fill(formatDate(addDays(today, -10)));
    await page.getByLabel(/^Startdatum van de dienstverlening/).fill(formatDate(addDays(today, -3)));
    await page.getByRole('checkbox', { name: /^Ik bevestig dat het project dient/ }).check();
    await page.getByLabel(/^Inschrijvingskost/).fill('1.200,00');

    // Typing the eligible costs asks the server for the figures; the page is not submitted.
    // (Choosing the service and subtheme above asked already, without an amount: wait for this one.)
    const calculated = page.waitForResponse((response) => {
      const url = new URL(response.url());
      return url.pathname === `${draft}/berekening` && url.searchParams.get('eligibleCosts') === '1.000,00';
    });
    await page.getByLabel(/^Subsidiabele kosten/).fill('1.000,00');
    const response = await calculated;
    expect(response.status()).toBe(200);
    expect(new URL(response.url()).searchParams.get('eligibleCosts')).toBe('1.000,00');
    // 30 % for a small enterprise (DOMAIN.md §6), own contribution the rest.
    await expect.poll(() => figure(page, 'subsidy')).toBe('€ 300,00');
    expect(await figure(page, 'projectAmount')).toBe('€ 1.000,00');
    expect(await figure(page, 'ownContribution')).toBe('€ 700,00');
    expect(await page.locator('[data-figure-rate]').textContent()).toBe(' (30 %)');
    expect(new URL(page.url()).pathname).toBe(`${draft}/project`);
    expect(await page.getByLabel(/^Titel van het project/).inputValue()).toBe('');

    // Cybersecurity training gets the higher rate: 45 % for a small enterprise.
    await page.getByLabel(/^Thema en subthema/).selectOption({ label: 'Cybersecurity' });
    await expect.poll(() => figure(page, 'subsidy')).toBe('€ 450,00');
    expect(await figure(page, 'ownContribution')).toBe('€ 550,00');
    expect(await page.locator('[data-figure-rate]').textContent()).toBe(' (45 %)');
    expect(await figure(page, 'note')).toContain('45 % verhoogd steunpercentage');
    await page.getByLabel(/^Thema en subthema/).selectOption({ label: 'Welzijn op het werk' });
    await expect.poll(() => figure(page, 'subsidy')).toBe('€ 300,00');
    expect(await figure(page, 'ownContribution')).toBe('€ 700,00');
    await expectAccessible(page);

    // Without a title: the error summary, focused, and every other answer kept.
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForSelector('[data-error-summary]');
    expect(new URL(page.url()).pathname).toBe(`${draft}/project`);
    expect(await page.title()).toMatch(/^Fout: /);
    const summary = page.locator('[data-error-summary]');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(squash(await summary.textContent())).toContain('Vul de titel van het project in.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary') ?? false))
      .toBe(true);
    expect(squash(await page.locator('#title-fout').textContent())).toBe(
      'Fout: Vul de titel van het project in.',
    );
    expect(await page.getByRole('radio', { name: 'Opleiding' }).isChecked()).toBe(true);
    expect(await page.getByLabel(/^Thema en subthema/).inputValue()).toBe('hr.welzijn');
    expect(await page.getByLabel(/^Aantal uren/).inputValue()).toBe('7,5');
    expect(await page.getByLabel(/^Subsidiabele kosten/).inputValue()).toBe('1.000,00');
    expect(await figure(page, 'subsidy')).toBe('€ 300,00');
    await expectAccessible(page);
    // The summary's link goes to the field.
    await summary.getByRole('link', { name: 'Vul de titel van het project in.' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('title');

    await page.getByLabel(/^Titel van het project/).fill('Opleiding welzijn op het werk');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 2b: the participants' names.
    await wizardPage(page, 'deelnemers');
    expect(await page.locator('legend', { hasText: /^Deelnemer/ }).count()).toBe(2);
    await page.locator('#firstName-1').fill('An');
    await page.locator('#lastName-1').fill('Claes');
    await page.locator('#firstName-2').fill('Bert');
    await page.locator('#lastName-2').fill('De Smet');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Step 3: the provider, found by name.
    await wizardPage(page, 'dienstverlener');
    expect(await page.getByText('Subsidie aanvragen – stap 3 van 6').isVisible()).toBe(true);
    await page.getByLabel(/^Naam van de dienstverlener/).fill('kmo-portefeuille');
    await page.getByRole('button', { name: 'Zoek' }).click();
    await page.waitForURL((url) => url.searchParams.get('zoek') === 'kmo-portefeuille');
    const results = page.locator('.result-list__item');
    expect(await results.count()).toBeGreaterThan(1);
    const headOffice = results.filter({ hasText: `Registratie ${TRAINING_REGISTRATION} ` });
    expect(await headOffice.count()).toBe(1);
    expect(await page.locator('#zoekresultaten').textContent()).toMatch(/dienstverleners? gevonden$/);
    await expectAccessible(page);
    await headOffice.getByRole('button', { name: /^Selecteer/ }).click();

    // Step 4: the summary and the declaration.
    await page.waitForURL((url) => url.pathname === `${draft}/overzicht`);
    expect(await page.getByText('Subsidie aanvragen – stap 4 van 6').isVisible()).toBe(true);
    expect(await rowValue(page, 'Projectbedrag')).toBe('€ 1.000,00');
    expect(await rowValue(page, 'Steun van de Vlaamse overheid')).toBe('€ 300,00 (30 %)');
    expect(await rowValue(page, 'Uw eigen bijdrage')).toBe('€ 700,00');
    expect(await rowValue(page, 'Registratienummer')).toBe(TRAINING_REGISTRATION);
    expect(await rowValue(page, 'Aanvraagdatum')).toBe(formatDate(today));
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await page.waitForSelector('[data-error-summary]');
    expect(new URL(page.url()).pathname).toBe(`${draft}/overzicht`);
    expect(await page.title()).toMatch(/^Fout: /);
    expect(squash(await page.locator('[data-error-summary]').textContent())).toContain(
      'Vink de verklaring op eer aan om uw aanvraag in te dienen.',
    );
    // The same summary in a second tab of the same session, left open while the first submits.
    const stale = await page.context().newPage();
    await stale.goto(`${draft}/overzicht`);
    expect(await stale.getByRole('button', { name: 'Aanvraag indienen' }).isVisible()).toBe(true);

    await page.getByRole('checkbox', { name: /^Ik verklaar op eer/ }).check();
    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();

    // Step 5: the deposit instructions of the new project.
    await page.waitForURL((url) => DEPOSIT_PAGE.test(url.pathname));
    const projectNumber = DEPOSIT_PAGE.exec(new URL(page.url()).pathname)?.[1] ?? '';
    expect(projectNumber).toMatch(new RegExp(`^${today.slice(0, 4)}KMO[0-9]{6}$`));
    expect(await page.getByText('Subsidie aanvragen – stap 5 van 6').isVisible()).toBe(true);
    expect(await page.locator('h1').textContent()).toBe('Storting van uw eigen bijdrage');
    expect(await rowValue(page, 'Projectnummer')).toBe(projectNumber);
    expect(await rowValue(page, 'Te storten bedrag')).toBe('€ 700,00');
    expect(await rowValue(page, 'Gestructureerde mededeling')).toMatch(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
    expect(await rowValue(page, 'Uiterste stortingsdatum')).toBe(
      `${formatDate(addDays(today, 30))} | nog 30 dagen`,
    );
    expect(await page.getByRole('link', { name: 'Download als PDF' }).isVisible()).toBe(true);
    await expectAccessible(page);

    // Step 6: what happens next.
    await page.getByRole('link', { name: 'Volgende stap: wat gebeurt er nu?' }).click();
    await page.waitForURL(
      (url) => url.pathname === `/onderneming/projecten/${projectNumber}/volgende-stappen`,
    );
    expect(await page.getByText('Subsidie aanvragen – stap 6 van 6').isVisible()).toBe(true);
    expect(await page.locator('.timeline__step').count()).toBe(3);
    await expectAccessible(page);

    // The browser's back button from the instructions goes to the summary, which is now
    // answered by the project's instructions: nothing to submit a second time.
    await page.goBack();
    await page.waitForURL((url) => DEPOSIT_PAGE.test(url.pathname));
    const back = await page.goBack();
    expect(new URL(back?.request().redirectedFrom()?.url() ?? '').pathname).toBe(`${draft}/overzicht`);
    expect(new URL(page.url()).pathname).toBe(`/onderneming/projecten/${projectNumber}/storting`);
    expect(await rowValue(page, 'Projectnummer')).toBe(projectNumber);

    // A summary still on screen (a second tab, or a page kept by the browser) submitted again:
    // the same project's instructions.
    await stale.getByRole('checkbox', { name: /^Ik verklaar op eer/ }).check();
    await stale.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await stale.waitForURL((url) => url.pathname === `/onderneming/projecten/${projectNumber}/storting`);
    expect(await rowValue(stale, 'Projectnummer')).toBe(projectNumber);
    await stale.close();

    const projectsAfter = await db('projects').where({ company_id: company.id }).count<{ n: string }[]>({
      n: '*',
    });
    expect(Number(projectsAfter[0]?.n)).toBe(Number(projectsBefore[0]?.n) + 1);
    await page.goto('/onderneming');
    const rows = page.locator('#projecten tbody tr', { hasText: 'Opleiding welzijn op het werk' });
    expect(await rows.count()).toBe(1);
    expect(squash(await rows.textContent())).toContain(projectNumber);
  }, 240_000);

  it('recalculates with the "Herbereken" button when JavaScript is off', async () => {
    const context = await harness.browser.newContext({
      baseURL: harness.baseUrl,
      locale: 'nl-BE',
      javaScriptEnabled: false,
    });
    const page = await context.newPage();

    // Without script the IdP's response is posted with its button.
    await page.goto('/onderneming/aanvraag');
    await page.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
    await page.getByRole('button', { name: 'Verder naar de kmo-portefeuille' }).click();
    await page.waitForURL((url) => url.pathname === '/aanmelden/kies');
    await page.getByLabel('Testonderneming_C').check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await wizardPage(page, 'activiteit');
    await page.getByRole('button', { name: 'Volgende' }).click();

    const draft = await wizardPage(page, 'project');
    expect(await page.getByRole('button', { name: 'Herbereken' }).isVisible()).toBe(true);
    await page.getByRole('radio', { name: 'Opleiding' }).check();
    await page.getByLabel(/^Thema en subthema/).selectOption({ label: 'Welzijn op het werk' });
    await page.getByLabel(/^Subsidiabele kosten/).fill('1.000,00');
    expect(await figure(page, 'subsidy')).toBe('–');
    await page.getByRole('button', { name: 'Herbereken' }).click();

    // The same page again, at the calculation, the answers kept and no error shown.
    await page.waitForURL((url) => url.pathname === `${draft}/project` && url.hash === '#berekening');
    expect(await page.locator('[data-error-summary]').count()).toBe(0);
    expect(await page.getByLabel(/^Subsidiabele kosten/).inputValue()).toBe('1.000,00');
    expect(await page.getByLabel(/^Thema en subthema/).inputValue()).toBe('hr.welzijn');
    // 20 % for a medium-sized enterprise (DOMAIN.md §6).
    expect(await figure(page, 'projectAmount')).toBe('€ 1.000,00');
    expect(await figure(page, 'subsidy')).toBe('€ 200,00');
    expect(await figure(page, 'ownContribution')).toBe('€ 800,00');

    // Cybersecurity: 35 % for a medium-sized enterprise.
    await page.getByLabel(/^Thema en subthema/).selectOption({ label: 'Cybersecurity' });
    await page.getByRole('button', { name: 'Herbereken' }).click();
    await expect.poll(() => figure(page, 'subsidy')).toBe('€ 350,00');
    expect(await figure(page, 'ownContribution')).toBe('€ 650,00');
    await context.close();
  });

  it('warns before "Volgende" about what the server will refuse, and the server still refuses it', async () => {
    const context = await harness.browser.newContext({ baseURL: harness.baseUrl, locale: 'nl-BE' });
    const page = await context.newPage();
    await page.goto('/onderneming/aanvraag?nieuw');
    await page.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
    await page.waitForURL((url) => url.pathname === '/aanmelden/kies');
    await page.getByLabel('Testonderneming_C').check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await wizardPage(page, 'activiteit');
    await page.getByRole('button', { name: 'Volgende' }).click();
    const draft = await wizardPage(page, 'project');

    const warnings = page.locator('[data-warnings]');
    expect(await warnings.isHidden()).toBe(true);
    // The warnings sit in the live region of the calculation, above "Volgende".
    expect(await page.locator('[aria-live="polite"] [data-warnings]').count()).toBe(1);
    const adviceOnlyCyber =
      'Sinds 01/02/2026 komt advies enkel in aanmerking met het thema cybersecurity. Kies het subthema Cybersecurity, of vraag steun aan voor een opleiding.';
    const underMinimum = 'Het projectbedrag (€ 400,00) is lager dan het minimum van € 500,00 voor advies.';

    await page.getByRole('radio', { name: 'Advies' }).check();
    await page.getByLabel(/^Thema en subthema/).selectOption({ label: 'Welzijn op het werk' });
    await expect
      .poll(async () => (await warnings.isVisible()) && squash(await warnings.textContent()))
      .toBe(`Let op: zo wordt uw aanvraag geweigerd. ${adviceOnlyCyber}`);
    await page.getByLabel(/^Subsidiabele kosten/).fill('400,00');
    await expect
      .poll(async () => page.locator('[data-warning-list] li').allTextContents())
      .toEqual([underMinimum, adviceOnlyCyber]);
    expect(await warnings.isVisible()).toBe(true);
    // Shown before the user reaches "Volgende": above it in the page.
    const warningsBox = await warnings.boundingBox();
    const nextBox = await page.getByRole('button', { name: 'Volgende' }).boundingBox();
    expect(warningsBox && nextBox && warningsBox.y < nextBox.y).toBe(true);
    await expectAccessible(page);

    // The warning is a courtesy: "Volgende" is refused with the same words.
    await page.getByLabel(/^Titel van het project/).fill('Advies personeelsbeleid');
    await page.getByLabel(/^Aantal uren/).fill('8');
    await page.getByLabel(/^Datum van de overeenkomst/).fill(formatDate(addDays(TEST_TODAY, -5)));
    await page.getByLabel(/^Startdatum van de dienstverlening/).fill(formatDate(addDays(TEST_TODAY, -2)));
    await page.getByRole('checkbox', { name: /^Ik bevestig dat het project dient/ }).check();
    await page.getByLabel(/^Inschrijvingskost/).fill('400,00');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForSelector('[data-error-summary]');
    expect(new URL(page.url()).pathname).toBe(`${draft}/project`);
    const refused = squash(await page.locator('[data-error-summary]').textContent());
    expect(refused).toContain(underMinimum);
    expect(refused).toContain(adviceOnlyCyber);
    // The page shown after the refusal carries the same warnings.
    expect(await page.locator('[data-warning-list] li').allTextContents()).toEqual([
      underMinimum,
      adviceOnlyCyber,
    ]);

    // Fixed: the warnings go away.
    await page.getByLabel(/^Thema en subthema/).selectOption({ label: 'Cybersecurity' });
    await page.getByLabel(/^Inschrijvingskost/).fill('600,00');
    await page.getByLabel(/^Subsidiabele kosten/).fill('600,00');
    await expect.poll(() => warnings.isHidden()).toBe(true);
    await context.close();
  });
});
