/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  signInAsStaff,
  startBrowserHarness,
  squash,
  type BrowserHarness,
} from '../support/browser.js';

describe.runIf(browserAvailable)('agency staff set a new subsidy rate in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('goes from /beheer to the rules, is refused a date of today, then adds the rate from a date to come', async () => {
    const page = await harness.newPage();
    await signInAsStaff(page);

    await page.getByRole('link', { name: 'Regels', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === '/beheer/regels');
    expect(await page.locator('h1').textContent()).toBe('Regels');
    await expectAccessible(page);

    await page
      .getByRole('link', {
        name: 'Nieuwe waarde toevoegen voor Steunpercentage kleine onderneming',
        exact: true,
      })
      .click();
    await page.waitForURL((url) => url.pathname === '/beheer/regels/steunpercentage-klein');
    await expectAccessible(page);

    await page.getByLabel('Nieuw percentage').fill('32,5');
    await page.getByLabel('Geldig vanaf').fill('18/11/2026');
    await page.getByLabel('Toelichting').fill('Besluit van de Vlaamse Regering van 20 november 2026');
    await page.getByRole('button', { name: 'Waarde toevoegen' }).click();
    await page.waitForURL((url) => url.pathname === '/beheer/regels/steunpercentage-klein');
    expect(squash(await page.locator('.error-summary').textContent())).toContain(
      'Een nieuwe waarde geldt ten vroegste vanaf morgen: kies 19/11/2026 of later.',
    );
    expect(await page.getByLabel('Nieuw percentage').inputValue()).toBe('32,5');
    await expectAccessible(page);

    await page.getByLabel('Geldig vanaf').fill('01/01/2027');
    await page.getByRole('button', { name: 'Waarde toevoegen' }).click();
    await page.waitForURL((url) => url.pathname === '/beheer/regels/steunpercentage-klein');
    expect(squash(await page.getByRole('status').textContent())).toContain(
      'Steunpercentage kleine onderneming: 32,5 % vanaf 01/01/2027.',
    );
    expect(squash(await page.locator('tbody tr').first().textContent())).toContain(
      '01/01/2027 32,5 % gepland',
    );
    await expectAccessible(page);
  });
});
