/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TODAY } from '../support/clock.js';
import {
  browserAvailable,
  expectAccessible,
  rowValue,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

describe.runIf(browserAvailable)('paying the own contribution in Chromium: QR code and copy buttons', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('copies the IBAN and the communication, says "Gekopieerd", and shows the QR code', async () => {
    const { db } = harness.testApp.database;
    const project: { number: string; communication: string } = await db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .where({ 'c.name': 'Testonderneming_A en B', 'pr.status': 'Bevestigd' })
      .where('pr.deposit_deadline', '>=', TEST_TODAY)
      .whereNotExists(db('ledger_entries as l').whereRaw('l.project_id = pr.id'))
      .first({ number: 'pr.project_number', communication: 'pr.structured_communication' });
    const communication = `+++${project.communication.slice(0, 3)}/${project.communication.slice(3, 7)}/${project.communication.slice(7)}+++`;

    const page = await harness.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/onderneming/projecten/${project.number}/storting`);
    await page.waitForURL((url) => url.pathname === '/dev/idp');
    await page.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
    await page.waitForURL((url) => url.pathname === '/aanmelden/kies');
    await page.getByLabel('Testonderneming_A en B').check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL((url) => url.pathname === `/onderneming/projecten/${project.number}/storting`);

    // The values stay what they were; the buttons sit beside them.
    expect(await rowValue(page, 'Rekeningnummer \\(IBAN\\)')).toBe('BE68 5390 0754 7034');
    expect(await rowValue(page, 'Gestructureerde mededeling')).toBe(communication);

    await page.getByRole('button', { name: 'Kopieer het rekeningnummer' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('BE68539007547034');
    await expect
      .poll(() => page.locator('[role="status"][aria-live="polite"]').textContent())
      .toBe('Gekopieerd');

    await page.getByRole('button', { name: 'Kopieer de gestructureerde mededeling' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(communication);

    const qr = page.getByRole('img', { name: /^QR-code voor uw overschrijving: / });
    expect(await qr.isVisible()).toBe(true);
    expect(await qr.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expectAccessible(page);
  });
});
