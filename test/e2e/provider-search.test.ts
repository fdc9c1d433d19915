/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
  squash,
} from '../support/browser.js';

const SEARCH_PATH = '/dienstverleners/zoeken';
const NUMBER_MESSAGE = 'Een registratienummer ziet eruit als DV.O218724 (opleiding) of DV.A218723 (advies).';

/** The registration numbers of the results on the page, sorted. */
async function numbersOn(page: Page): Promise<string[]> {
  const texts = await page.locator('.result-list__item').allInnerTexts();
  return texts.map((text) => /registratie (DV\.[OA][0-9]{6})/.exec(text)?.[1] ?? text).sort();
}

/** The page is no wider than the window: nothing to scroll sideways. */
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe.runIf(browserAvailable)('finding a registered provider in Chromium, without signing in', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('goes from the home page to the search, filters by service and explains a malformed number', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    await expectAccessible(page);
    // The card on the home page (the menu has a link of the same name).
    await page.getByRole('main').getByRole('link', { name: 'Zoek een dienstverlener' }).click();

    // Every registration a company can choose today (the demo's four; DOMAIN.md §8).
    await page.waitForURL((url) => url.pathname === SEARCH_PATH);
    expect(await page.locator('h1').textContent()).toBe('Zoek een dienstverlener');
    expect(await page.locator('.site-header__user').count()).toBe(0);
    expect(squash(await page.locator('#resultaten').textContent())).toBe(
      '4 geregistreerde dienstverleners gevonden',
    );
    expect(await numbersOn(page)).toEqual(['DV.A218723', 'DV.O207315', 'DV.O218721', 'DV.O218724']);
    await expectAccessible(page);

    // Only advice: the one advice registration.
    await page.getByLabel('Dienst', { exact: true }).selectOption({ label: 'Advies' });
    await page.getByRole('button', { name: 'Zoek' }).click();
    await page.waitForURL(
      (url) => url.pathname === SEARCH_PATH && url.searchParams.get('dienst') === 'advies',
    );
    expect(squash(await page.locator('#resultaten').textContent())).toBe(
      '1 geregistreerde dienstverlener gevonden',
    );
    expect(await numbersOn(page)).toEqual(['DV.A218723']);
    expect(squash(await page.locator('.result-list__item').textContent())).toContain(
      'Advies · registratie DV.A218723',
    );
    // The search stays in the form.
    expect(await page.getByLabel('Dienst', { exact: true }).inputValue()).toBe('advies');
    await expectAccessible(page);

    // A malformed registration number: the error summary, focused, and the message beside the field.
    await page.getByLabel(/^Registratienummer/).fill('12345');
    await page.getByRole('button', { name: 'Zoek' }).click();
    await page.waitForURL((url) => url.searchParams.get('nummer') === '12345');
    await page.waitForSelector('[data-error-summary]');
    expect(await page.title()).toMatch(/^Fout: /);
    const summary = page.locator('[data-error-summary]');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.getByRole('link').allTextContents()).toEqual([NUMBER_MESSAGE]);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary') ?? false))
      .toBe(true);
    expect(squash(await page.locator('#nummer-fout').textContent())).toBe(`Fout: ${NUMBER_MESSAGE}`);
    expect(await page.getByLabel(/^Registratienummer/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel(/^Registratienummer/).inputValue()).toBe('12345');
    expect(await page.getByLabel('Dienst', { exact: true }).inputValue()).toBe('advies');
    expect(squash(await page.locator('#resultaten').textContent())).toBe('Geen zoekresultaten');
    expect(await page.locator('.result-list__item').count()).toBe(0);
    await expectAccessible(page);
    // The summary's link goes to the field.
    await summary.getByRole('link', { name: NUMBER_MESSAGE }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('nummer');
  }, 120_000);

  it('fits a 390 px wide phone screen without scrolling sideways', async () => {
    const context = await harness.browser.newContext({
      baseURL: harness.baseUrl,
      locale: 'nl-BE',
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();

    await page.goto(SEARCH_PATH);
    expect(await page.locator('.result-list__item').count()).toBe(4);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await expectAccessible(page);

    // With the error summary and a field error too.
    await page.goto(`${SEARCH_PATH}?nummer=12345&dienst=advies`);
    await page.waitForSelector('[data-error-summary]');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await context.close();
  });
  it('forgives a typo with "Bedoelde u …?" and opens the provider\'s public page, also on a phone', async () => {
    const page = await harness.newPage();
    await page.goto(SEARCH_PATH);
    await page.getByLabel(/^Naam/).fill('Leistreek');
    await page.getByRole('button', { name: 'Zoek' }).click();
    await page.waitForURL((url) => url.searchParams.get('naam') === 'Leistreek');
    // Found by similarity, with the question spelled as the name is.
    expect(await numbersOn(page)).toEqual(['DV.O207315']);
    expect(squash(await page.locator('.search-suggestion').textContent())).toBe('Bedoelde u Leiestreek?');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Leiestreek', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('naam') === 'Leiestreek');
    expect(await page.locator('.search-suggestion').count()).toBe(0);
    expect(await numbersOn(page)).toEqual(['DV.O207315']);

    // The result's name leads to the public page.
    await page.getByRole('link', { name: 'Opleidingscentrum Leiestreek' }).click();
    await page.waitForURL((url) => /^\/dienstverleners\/[0-9]+$/.test(url.pathname));
    expect(await page.locator('h1').textContent()).toBe('Opleidingscentrum Leiestreek');
    expect(await page.getByRole('table').getByRole('rowheader').allTextContents()).toEqual(['Opleiding']);
    expect(squash(await page.getByRole('table').textContent())).toMatch(
      /DV\.O207315 Hele organisatie [0-9]{2}\/[0-9]{2}\/[0-9]{4} [0-9]{2}\/[0-9]{2}\/[0-9]{4}/,
    );
    await expectAccessible(page);
    const providerPath = new URL(page.url()).pathname;

    const phone = await harness.browser.newContext({
      baseURL: harness.baseUrl,
      locale: 'nl-BE',
      viewport: { width: 390, height: 844 },
    });
    const small = await phone.newPage();
    await small.goto(providerPath);
    expect(await scrollWidth(small)).toBeLessThanOrEqual(390);
    await expectAccessible(small);
    await small.goto(`${SEARCH_PATH}?naam=Dienstverlner`);
    expect(squash(await small.locator('.search-suggestion').textContent())).toBe(
      'Bedoelde u Dienstverlener?',
    );
    expect(await scrollWidth(small)).toBeLessThanOrEqual(390);
    await expectAccessible(small);
    await phone.close();
  }, 120_000);
});
