/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

/** Phone, large phone, tablet, laptop, desktop (issue 21: "the wallet on any screen"). */
const WIDTHS = [320, 375, 768, 1280, 1440] as const;
/** Below this width a table of projects is a list of cards (public/css/main.css, 80em at 16px). */
const CARD_WIDTH = 1280;
/** Screenshots to look at by hand; the folder is git-ignored (.data/). */
const SHOTS = path.resolve('.data/screenshots');

/** What the browser measures on the page: sideways scrolling, and any text cut off. */
async function measure(page: Page, selector = '.table th, .table td, h1') {
  return page.evaluate((cells) => {
    const root = document.documentElement;
    const viewport = root.clientWidth;
    // Hidden on purpose: text for screen readers only (.visually-hidden, a clipped table head).
    const hidden = (element: Element | null) => {
      for (let at = element; at; at = at.parentElement)
        if (at.classList.contains('visually-hidden') || getComputedStyle(at).clipPath !== 'none') return true;
      return false;
    };
    // Every visible text in those elements, and the box it must stay inside: the viewport and its
    // table's wrapper.
    const cut: string[] = [];
    document.querySelectorAll<HTMLElement>(cells).forEach((cell) => {
      const wrapper = cell.closest('.table-wrapper') ?? root;
      const box = wrapper.getBoundingClientRect();
      const left = Math.max(box.left, 0);
      const right = Math.min(box.right, viewport);
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || hidden(node.parentElement)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const text = range.getBoundingClientRect();
        if (text.width === 0) continue;
        if (text.left < left - 0.5 || text.right > right + 0.5)
          cut.push(
            `${node.textContent.trim()} (${Math.round(text.left)}–${Math.round(text.right)} outside ${Math.round(left)}–${Math.round(right)})`,
          );
      }
    });
    const wrappers = Array.from(document.querySelectorAll<HTMLElement>('.table-wrapper')).map(
      (wrapper) => wrapper.scrollWidth - wrapper.clientWidth,
    );
    return { overflow: root.scrollWidth - root.clientWidth, wrappers, cut };
  }, selector);
}

/** On a narrow screen each row is a card: its cells stacked, each with its column's label. */
async function cardsOf(page: Page) {
  return page.locator('.table--cards tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = Array.from(row.children) as HTMLElement[];
      const lefts = new Set(
        cells
          .filter((cell) => cell.offsetHeight > 0)
          .map((cell) => Math.round(cell.getBoundingClientRect().left)),
      );
      return {
        // One column: every cell starts at the same left edge.
        columns: lefts.size,
        // The labels shown before the cells' values (a ::before of the cell's data-label).
        labels: cells
          .filter((cell) => getComputedStyle(cell, '::before').content !== 'none')
          .map((cell) => cell.dataset.label ?? ''),
        text: cells.map((cell) => cell.innerText.trim()),
      };
    }),
  );
}

async function checkAtEveryWidth(page: Page, url: string, name: string, expectedLabels: string[]) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
    const measured = await measure(page);
    expect(measured.overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
    expect(measured.cut, `${name} at ${width} px cuts text off`).toEqual([]);
    // No table scrolls sideways either: on a desktop it fits, on a phone it is cards.
    expect(
      measured.wrappers.every((extra) => extra <= 0),
      `${name} at ${width} px: a table scrolls`,
    ).toBe(true);
    const cards = await cardsOf(page);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      if (width < CARD_WIDTH) {
        expect(card.columns, `${name} at ${width} px: a card in one column`).toBe(1);
        expect(card.labels).toEqual(expect.arrayContaining(expectedLabels));
      } else {
        expect(card.columns, `${name} at ${width} px: a table row`).toBeGreaterThan(1);
      }
    }
    await expectAccessible(page);
  }
}

describe.runIf(browserAvailable)('the wallet and the projects list on any screen, in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("the company's wallet: a table that fits on a desktop, cards with status, amounts and next step on a phone", async () => {
    const page = await harness.newPage();
    await page.goto('/onderneming');
    await page.waitForURL((url) => url.pathname === '/dev/idp');
    await page.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
    await page.waitForURL((url) => url.pathname === '/aanmelden/kies');
    await page.getByLabel('Testonderneming_C').check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL((url) => url.pathname === '/onderneming');

    await checkAtEveryWidth(page, '/onderneming', 'wallet', [
      'Status',
      'Projectbedrag',
      'Subsidie',
      'Saldo',
      'Volgende stap',
    ]);

    // Each project's next step names its project for a screen reader (WCAG 2.5.3: the name
    // starts with the visible text).
    const first = (await page.locator('#projecten tbody th a').first().innerText()).trim();
    expect(first).toMatch(/^[0-9]{4}KMO[0-9]{6}$/);
    const row = page.locator('#projecten tbody tr').first();
    const next = row.locator('td').last().getByRole('link');
    expect(await next.count()).toBe(1);
    const visible = await next.evaluate((link) => link.firstChild?.textContent ?? '');
    expect(['Storten', 'Betalen', 'Bekijk']).toContain(visible);
    expect(await row.getByRole('link', { name: `${visible} project ${first}`, exact: true }).count()).toBe(1);
  });

  it("the provider's projects list fits at 1280 px, is cards on a phone, and every Bekijk link names its project", async () => {
    const page = await harness.newPage();
    await page.goto('/dienstverlener/login');
    await page.getByLabel(/^Login/).fill('0123456749');
    await page.getByLabel(/^Wachtwoord/).fill('kmo-demo-2026');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverlener');

    await checkAtEveryWidth(page, '/dienstverlener/projecten?jaren=alle', 'provider-projects', [
      'Onderneming',
      'Projectbedrag',
      'Status',
    ]);

    const numbers = await page.locator('table tbody th').allInnerTexts();
    expect(numbers.length).toBeGreaterThan(0);
    for (const number of numbers) {
      expect(
        await page.getByRole('link', { name: `Bekijk project ${number.trim()}`, exact: true }).count(),
      ).toBe(1);
    }
  });

  it('a long project number in a heading wraps at 320 px', async () => {
    const page = await harness.newPage();
    await page.goto('/dienstverlener/login');
    await page.getByLabel(/^Login/).fill('0123456749');
    await page.getByLabel(/^Wachtwoord/).fill('kmo-demo-2026');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverlener');
    await page.goto('/dienstverlener/projecten?jaren=alle');
    const number = (await page.locator('table tbody th').first().innerText()).trim();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`/dienstverlener/projecten/${number}`);
    expect(await page.locator('h1').innerText()).toContain(number);
    const measured = await measure(page, 'h1');
    expect(measured.overflow, 'the project page at 320 px scrolls sideways').toBeLessThanOrEqual(0);
    expect(measured.cut).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'provider-project-320.png'), fullPage: true });
  });
});
