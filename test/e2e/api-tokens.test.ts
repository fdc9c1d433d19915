/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER } from '../../seeds/demo.js';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

describe.runIf(browserAvailable)('API tokens in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('the head office creates a token, sees it once, the API answers to it, and revokes it', async () => {
    const page = await harness.newPage();
    await page.goto('/dienstverlener/login');
    await page.getByLabel(/^Login/).fill(DEMO_PROVIDER.login);
    await page.getByLabel(/^Wachtwoord/).fill(DEMO_PROVIDER.password);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverlener');
    await page.getByRole('link', { name: 'API-toegang' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverlener/api-toegang');
    await expectAccessible(page);

    // A refused form first: the error summary, the message beside the field.
    await page.getByLabel(/^Vervaldatum/).fill('01/01/2020');
    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverlener/api-toegang');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Vul een naam in voor het token.',
    );
    await expectAccessible(page);

    await page.getByLabel(/^Naam van het token/).fill('Facturatie');
    await page.getByLabel(/^Vervaldatum/).fill('31/12/2026');
    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Token aangemaakt');
    const token = await page.getByLabel('Het token').inputValue();
    expect(token).toMatch(/^kmo_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page);

    const answer = await fetch(`${harness.baseUrl}/api/v1/registrations`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);

    await page.getByRole('link', { name: 'Naar de lijst van uw tokens' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverlener/api-toegang');
    const table = page.getByRole('table', { name: 'Uw tokens' });
    await expect(table.textContent()).resolves.toContain('Facturatie');
    expect(await page.content()).not.toContain(token);

    await table.getByRole('link', { name: /Intrekken/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Token Facturatie intrekken');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Token intrekken' }).click();
    await page.waitForURL((url) => url.pathname === '/dienstverlener/api-toegang');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Het token Facturatie is ingetrokken.',
    );
    await expect(table.textContent()).resolves.toContain('Ingetrokken');
    await expectAccessible(page);

    const refused = await fetch(`${harness.baseUrl}/api/v1/registrations`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);
  });
});
