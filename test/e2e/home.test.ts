/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

describe.runIf(browserAvailable)('home page in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the quick links and has no serious accessibility violation', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    expect(await page.locator('h1').first().textContent()).toMatch(/kmo-portefeuille/i);
    await expect(
      page
        .getByRole('link', { name: /zoek een dienstverlener/i })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page);
  });

  it('is usable on a phone: nothing wider than the screen', async () => {
    const page = await harness.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  it('lets a keyboard user skip to the content', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(focused).toBe('Naar de inhoud');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inhoud');
  });

  it('shows the Dutch 404 page for an unknown address', async () => {
    const page = await harness.newPage();
    const response = await page.goto('/bestaat-niet');
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('Pagina niet gevonden');
    await expectAccessible(page);
  });
});
