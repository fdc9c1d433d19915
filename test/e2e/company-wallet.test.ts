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
  rowValue,
  expectFocusedSummary,
} from '../support/browser.js';
import { dmy } from '../support/format.js';

const WALLET_PATH = '/onderneming';
const PROJECT_PAGE = /^\/onderneming\/projecten\/([0-9]{4}KMO[0-9]{6})$/;
const LEDGER = 'Stortingen, betalingen en terugbetalingen van dit project';

/** `€ 1.198,35` → 119835; `€ -5,00` → -500. Belgian notation, written out here. */
function cents(text: string): number {
  const match = /^€ (-?)([0-9.]+),([0-9]{2})$/.exec(squash(text));
  const [, sign, euros, rest] = match ?? [];
  if (euros === undefined || rest === undefined) throw new Error(`not an amount: ${text}`);
  const value = Number(euros.replaceAll('.', '')) * 100 + Number(rest);
  return sign ? -value : value;
}

/** 119835 → `1.198,35`, as a user types it. */
function euroInput(amount: number): string {
  const euros = String(Math.floor(amount / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${euros},${String(amount % 100).padStart(2, '0')}`;
}

/** The project number of the detail page the browser is on. */
async function projectPage(page: Page): Promise<string> {
  await page.waitForURL((url) => PROJECT_PAGE.test(url.pathname));
  return PROJECT_PAGE.exec(new URL(page.url()).pathname)?.[1] ?? '';
}

/** One of the "Wat moet u nog doen?" blocks of the wallet, by its heading. */
const actionBlock = (page: Page, heading: string) =>
  page.locator('.wallet-action', { has: page.locator('h3', { hasText: heading }) });

describe.runIf(browserAvailable)(
  "the company's wallet in Chromium: paying the provider and cancelling",
  () => {
    let harness: BrowserHarness;
    let page: Page;
    beforeAll(async () => {
      harness = await startBrowserHarness({ demo: true });
      page = await harness.newPage();
      await page.goto(WALLET_PATH);
      await page.waitForURL((url) => url.pathname === '/dev/idp');
      await page.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
      await page.waitForURL((url) => url.pathname === '/aanmelden/kies');
      await expectAccessible(page);
      await page.getByLabel('Testonderneming_C').check();
      await page.getByRole('button', { name: 'Verder' }).click();
      await page.waitForURL((url) => url.pathname === WALLET_PATH);
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("shows the ceiling and the projects, and pays part of a running project's balance", async () => {
      const today = dmy(TEST_TODAY);
      const year = TEST_TODAY.slice(0, 4);

      // The wallet: the yearly ceiling (€ 7.500 per calendar year, DOMAIN.md §6) and every project.
      expect(await page.locator('h1').textContent()).toBe('Mijn kmo-portefeuille');
      expect(await page.locator('.site-header__user').textContent()).toBe(
        'Aangemeld als Jan Peeters (Testonderneming_C)',
      );
      const ceiling = page.locator('.wallet-ceiling');
      expect(await ceiling.locator('h2').textContent()).toBe(`Uw steunplafond in ${year}`);
      expect(await rowValue(ceiling, 'Steunplafond')).toBe('€ 7.500,00');
      const granted = cents(await rowValue(ceiling, 'Al toegekend'));
      const left = cents(await rowValue(ceiling, 'Nog beschikbaar'));
      expect(granted).toBeGreaterThan(0);
      expect(left).toBe(Math.max(750_000 - granted, 0));
      expect(await ceiling.locator('meter').getAttribute('max')).toBe('750000');
      const projectRows = page.locator('#projecten tbody tr');
      expect(await projectRows.count()).toBeGreaterThan(0);
      expect(squash(await page.locator('#projecten p').first().textContent())).toMatch(
        /^[0-9]+ projecten in totaal\./,
      );
      await expectAccessible(page);

      // A running project with money left, from the reminder to pay the provider.
      const reminder = actionBlock(page, 'Vergeet uw dienstverlener niet te betalen').locator('li').first();
      const listedNumber = squash(await reminder.getByRole('link').first().textContent());
      expect(await reminder.getByRole('link', { name: /^Betalen/ }).getAttribute('href')).toBe(
        `/onderneming/projecten/${listedNumber}/betalen`,
      );
      await reminder.getByRole('link', { name: listedNumber, exact: true }).click();
      const projectNumber = await projectPage(page);
      expect(projectNumber).toBe(listedNumber);
      expect(await rowValue(page, 'Status')).toBe('Lopend');
      const balance = cents(await rowValue(page, 'Saldo'));
      const paid = cents(await rowValue(page, 'Betaald aan de dienstverlener'));
      expect(balance).toBeGreaterThan(1);
      const ledger = page.getByRole('region', { name: LEDGER }).locator('tbody tr');
      const movements = await ledger.count();
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Dienstverlener betalen' }).click();
      await page.waitForURL((url) => url.pathname === `/onderneming/projecten/${projectNumber}/betalen`);
      expect(await page.locator('h1').textContent()).toBe(`Dienstverlener betalen: project ${projectNumber}`);
      expect(cents(await rowValue(page, 'Saldo'))).toBe(balance);
      await expectAccessible(page);

      // More than the balance: refused beside the amount, the invoice kept.
      const invoiceNumber = 'F-E2E-0042';
      await page.getByLabel(/^Bedrag in euro/).fill(euroInput(balance + 1));
      await page.getByLabel(/^Factuurnummer/).fill(invoiceNumber);
      await page.getByLabel(/^Factuurdatum/).fill(today);
      await page.getByRole('button', { name: 'Betalen', exact: true }).click();
      await expectFocusedSummary(page);
      expect(new URL(page.url()).pathname).toBe(`/onderneming/projecten/${projectNumber}/betalen`);
      const tooMuch = `Het bedrag is hoger dan het saldo van dit project (€ ${euroInput(balance)}). U kunt niet meer betalen dan het saldo.`;
      expect(await page.locator('[data-error-summary]').getByRole('link').allTextContents()).toEqual([
        tooMuch,
      ]);
      expect(squash(await page.locator('#bedrag-fout').textContent())).toBe(`Fout: ${tooMuch}`);
      expect(await page.getByLabel(/^Bedrag in euro/).inputValue()).toBe(euroInput(balance + 1));
      expect(await page.getByLabel(/^Factuurnummer/).inputValue()).toBe(invoiceNumber);
      expect(await page.getByLabel(/^Factuurdatum/).inputValue()).toBe(today);
      await expectAccessible(page);

      // Part of the balance: booked, and the project shows it.
      const amount = Math.floor(balance / 2);
      await page.getByLabel(/^Bedrag in euro/).fill(euroInput(amount));
      await page.getByRole('button', { name: 'Betalen', exact: true }).click();
      expect(await projectPage(page)).toBe(projectNumber);
      expect(squash(await page.getByRole('status').textContent())).toBe(
        'Gelukt: De betaling is geboekt. Uw dienstverlener krijgt een e-mail.',
      );
      expect(await rowValue(page, 'Status')).toBe('Lopend');
      expect(cents(await rowValue(page, 'Saldo'))).toBe(balance - amount);
      expect(cents(await rowValue(page, 'Betaald aan de dienstverlener'))).toBe(paid + amount);
      expect(await ledger.count()).toBe(movements + 1);
      const payment = ledger.filter({ hasText: invoiceNumber });
      expect(await payment.count()).toBe(1);
      expect(squash(await payment.textContent())).toBe(
        // Until the agency's payout batch is executed, the payment waits to leave the wallet.
        `${today} Betaling aan de dienstverlener ${invoiceNumber} van ${today} € -${euroInput(amount)} In afwachting van uitbetaling`,
      );
      // Money is left: paying again is still offered.
      expect(await page.getByRole('link', { name: 'Dienstverlener betalen' }).isVisible()).toBe(true);
      await expectAccessible(page);
    }, 120_000);

    it('cancels a confirmed project whose own contribution is not deposited yet', async () => {
      await page.goto(WALLET_PATH);

      // A confirmed project, from the reminder to deposit the own contribution.
      const deposits = actionBlock(page, 'Eigen bijdrage storten');
      const listedNumber = squash(
        await deposits.locator('li').first().getByRole('link').first().textContent(),
      );
      await deposits.getByRole('link', { name: listedNumber, exact: true }).click();
      const projectNumber = await projectPage(page);
      expect(projectNumber).toBe(listedNumber);
      expect(await rowValue(page, 'Status')).toBe('Bevestigd');
      expect(cents(await rowValue(page, 'Gestort'))).toBe(0);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Project annuleren' }).click();
      await page.waitForURL((url) => url.pathname === `/onderneming/projecten/${projectNumber}/annuleren`);
      expect(await page.locator('h1').textContent()).toBe(`Project ${projectNumber} annuleren`);
      expect(await rowValue(page, 'Status')).toBe('Bevestigd');
      expect(await page.getByRole('link', { name: 'Niet annuleren' }).getAttribute('href')).toBe(
        `/onderneming/projecten/${projectNumber}`,
      );
      await expectAccessible(page);

      const reason = 'De opleiding werd verplaatst naar volgend jaar.';
      await page.getByLabel(/^Reden/).fill(reason);
      await page.getByRole('button', { name: 'Project annuleren' }).click();

      expect(await projectPage(page)).toBe(projectNumber);
      expect(squash(await page.getByRole('status').textContent())).toBe(
        'Gelukt: Het project is geannuleerd. U hoeft er geen eigen bijdrage voor te storten; uw dienstverlener krijgt een e-mail.',
      );
      expect(await rowValue(page, 'Status')).toBe('Project geannuleerd');
      // The status tag under the title.
      expect(squash(await page.locator('h1 + p').textContent())).toMatch(/^Project geannuleerd( |$)/);
      const history = page.getByRole('region', { name: 'Historiek van het project' }).locator('tbody tr');
      const cells = await history.filter({ hasText: reason }).locator('td').allTextContents();
      expect(cells.slice(1).map(squash)).toEqual([
        'Project geannuleerd',
        'Jan Peeters (Testonderneming_C)',
        reason,
      ]);
      // Nothing left to do for it: no cancel, no deposit.
      expect(await page.getByRole('link', { name: 'Project annuleren' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Stortingsinstructies bekijken' }).count()).toBe(0);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Terug naar mijn portefeuille' }).click();
      await page.waitForURL((url) => url.pathname === WALLET_PATH);
      expect(
        await actionBlock(page, 'Eigen bijdrage storten')
          .getByRole('link', { name: projectNumber, exact: true })
          .count(),
      ).toBe(0);
      await expectAccessible(page);
    }, 120_000);
  },
);
