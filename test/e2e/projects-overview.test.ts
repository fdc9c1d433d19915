/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

/** "€ 1.198,35" → 119835. */
const cents = (text: string) => Number(text.replace(/[^0-9]/g, ''));

/** The projects overview: checks it is there and, unless told otherwise, that it passes axe. */
async function projectsPage(page: Page, options: { axe: boolean } = { axe: true }) {
  await page.waitForURL('**/dienstverlener/projecten**');
  expect(await page.locator('h1').textContent()).toBe('Projecten');
  if (options.axe) await expectAccessible(page);
  const rows = page.locator('table.table tbody tr');
  const column = async (index: number) =>
    await rows.evaluateAll(
      (elements, at) => elements.map((row) => row.children[at]?.textContent?.trim() ?? ''),
      index,
    );
  return {
    found: async () => page.locator('#projecten-gevonden').textContent(),
    companies: () => column(1),
    amounts: async () => (await column(3)).map(cents),
    numbers: () => column(0),
    verified: () => column(6),
    verifiedOf: async (projectNumber: string) =>
      rows
        .filter({ has: page.locator('th', { hasText: projectNumber }) })
        .locator('td')
        .nth(5)
        .textContent(),
    async filterOnCompany(text: string) {
      await page.getByLabel('Onderneming bevat').fill(text);
      await page.getByRole('button', { name: 'Filteren' }).click();
    },
    async sortBy(label: string) {
      await page.locator('th a.table__sort', { hasText: label }).click();
    },
    async open(projectNumber: string) {
      await rows
        .filter({ has: page.locator('th', { hasText: projectNumber }) })
        .getByRole('link', { name: 'Bekijk' })
        .click();
    },
  };
}

/** A project's detail page; checked with axe unless told otherwise. */
async function projectPage(page: Page, projectNumber: string, options: { axe: boolean } = { axe: true }) {
  // The list's links carry the way back (?terug=…): the page is known by its path.
  await page.waitForURL((url) => url.pathname === `/dienstverlener/projecten/${projectNumber}`);
  expect(await page.locator('h1').textContent()).toBe(`Project ${projectNumber}`);
  if (options.axe) await expectAccessible(page);
  return {
    verified: async () => (await page.getByText(/^Geverifieerd: (Ja|Nee)$/).textContent())?.trim(),
    markVerified: () => page.getByRole('button', { name: 'Markeer als geverifieerd' }).click(),
    backToList: () => page.getByRole('link', { name: 'Terug naar de projecten' }).click(),
  };
}

describe.runIf(browserAvailable)('the projects overview in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  // A long journey with three axe runs over a table of 50 rows: more time than one page needs.
  it(
    'filters, sorts, opens a project, marks it verified and shows that in the list',
    { timeout: 120_000 },
    async () => {
      const page = await harness.newPage();
      await page.goto('/dienstverlener/login');
      await page.getByLabel(/^Login/).fill('0123456749');
      await page.getByLabel(/^Wachtwoord/).fill('kmo-demo-2026');
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      await page.waitForURL('**/dienstverlener');
      await page
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Projecten' })
        .click();

      let list = await projectsPage(page);
      expect(await list.found()).toMatch(/^[0-9.]+ projecten gevonden$/);
      expect(await page.getByText(/^Periode: Aanvragen van [0-9]{4} en [0-9]{4}/).count()).toBe(1);

      await list.filterOnCompany('onderneming_c');
      list = await projectsPage(page, { axe: false });
      expect(new URL(page.url()).searchParams.get('onderneming')).toBe('onderneming_c');
      expect(await page.getByText('Onderneming bevat “onderneming_c”').count()).toBe(1);
      expect(new Set(await list.companies())).toEqual(new Set(['Testonderneming_C']));

      await list.sortBy('Projectbedrag');
      list = await projectsPage(page, { axe: false });
      expect(new URL(page.url()).searchParams.get('sorteer')).toBe('bedrag');
      const amounts = await list.amounts();
      expect(amounts.length).toBeGreaterThan(1);
      expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
      expect(new Set(await list.companies())).toEqual(new Set(['Testonderneming_C']));

      const numbers = await list.numbers();
      const verified = await list.verified();
      const projectNumber = numbers[verified.indexOf('Nee')];
      if (!projectNumber) throw new Error('no unverified project on the page');
      await list.open(projectNumber);

      let project = await projectPage(page, projectNumber);
      expect(await project.verified()).toBe('Geverifieerd: Nee');
      await project.markVerified();
      project = await projectPage(page, projectNumber, { axe: false });
      expect(await page.locator('.flash__text').textContent()).toContain(
        'Het project is gemarkeerd als geverifieerd.',
      );
      expect(await project.verified()).toBe('Geverifieerd: Ja');

      await project.backToList();
      list = await projectsPage(page);
      // Back on the same view: the filter and the sort are kept, and the mark shows at once.
      expect(new URL(page.url()).searchParams.get('onderneming')).toBe('onderneming_c');
      expect(new URL(page.url()).searchParams.get('sorteer')).toBe('bedrag');
      expect(await list.verifiedOf(projectNumber)).toBe('Ja');
    },
  );
});
