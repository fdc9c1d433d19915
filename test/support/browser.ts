import type { Server } from 'node:http';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { createTestApp, type TestApp } from './app.js';
import { findFreePort } from './free-port.js';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The pages the browser tests have open (test/support/browser-hooks.ts reports them on a failure). */
export const openPages = new Set<Page>();

/** True when Debian's Chromium is there (always in CI: the setup fails otherwise). */
export const browserAvailable = inject('chromiumPath') !== null;

export interface BrowserHarness {
  baseUrl: string;
  browser: Browser;
  testApp: TestApp;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The real app on its own database and port, and a headless Chromium to drive it. */
export async function startBrowserHarness(options: { demo?: boolean } = {}): Promise<BrowserHarness> {
  const chromiumPath = inject('chromiumPath');
  if (!chromiumPath) throw new Error('Chromium is not available');
  // PUBLIC_URL is the address the browser uses: the SAML redirects (to the
  // development IdP and back to the ACS) are built from it.
  const baseUrl = `http://127.0.0.1:${await findFreePort()}`;
  const testApp = await createTestApp({ demo: options.demo, environment: { PUBLIC_URL: baseUrl } });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = testApp.app.listen(Number(new URL(baseUrl).port), '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
  const errors: string[] = [];
  return {
    baseUrl,
    browser,
    testApp,
    newPage: async () => {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'nl-BE' });
      const page = await context.newPage();
      openPages.add(page);
      page.on('close', () => openPages.delete(page));
      // A blocked script or style (CSP) shows up here; pages must have none.
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        // A page the test opens on purpose may answer 404 or 403; its own status is not a console problem.
        if (message.text().startsWith('Failed to load resource') && message.location().url === page.url())
          return;
        errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      return page;
    },
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.close();
      expect(errors, 'browser console errors').toEqual([]);
    },
  };
}

/**
 * Runs axe on the page: no serious or critical violation is allowed. `exclude` (a CSS
 * selector) leaves out a part, such as a frame that allows no script: axe cannot run in it.
 */
export async function expectAccessible(page: Page, options: { exclude?: string } = {}): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (options.exclude) builder.exclude(options.exclude);
  const results = await builder.analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  expect(blocking, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** Text with its runs of white space made one space, trimmed (innerText keeps line breaks). */
export const squash = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();

/** The value of a summary-list row (dt → dd) on the page or in a part of it; its lines joined with " | ". */
export async function rowValue(scope: Page | Locator, key: string): Promise<string> {
  const value = scope.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }).locator('xpath=../dd');
  return (await value.first().innerText()).split('\n').map(squash).join(' | ');
}

/** The error summary is there, announced (role alert) and has the focus (public/js/error-summary.js). */
export async function expectFocusedSummary(page: Page): Promise<void> {
  await page.waitForSelector('[data-error-summary]');
  expect(await page.title()).toMatch(/^Fout: /);
  expect(await page.locator('[data-error-summary]').getAttribute('role')).toBe('alert');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary') ?? false))
    .toBe(true);
}

/**
 * Agency staff sign in through the development IdP: the browser opens `path`
 * (an agency page), is sent to the IdP, picks Sofie Maes and lands back on it.
 */
export async function signInAsStaff(page: Page, path = '/beheer'): Promise<void> {
  await page.goto(path);
  await page.waitForURL((url) => url.pathname === '/dev/idp');
  await page.getByRole('button', { name: 'Aanmelden als Sofie Maes' }).click();
  await page.waitForURL((url) => url.pathname === path);
}
