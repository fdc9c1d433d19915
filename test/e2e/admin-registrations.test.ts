/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  expectFocusedSummary,
  signInAsStaff,
  startBrowserHarness,
  squash,
  type BrowserHarness,
} from '../support/browser.js';
import { pdfWith } from '../support/documents.js';

describe.runIf(browserAvailable)('agency staff decide a registration request in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('goes from /beheer to the queue and the detail, completes the file with the audit report, and refuses the request with a reason', async () => {
    const page = await harness.newPage();
    await signInAsStaff(page);
    await expectAccessible(page);

    await page.getByRole('link', { name: '1 registratieaanvraag wacht op een beslissing' }).click();
    await page.waitForURL((url) => url.pathname === '/beheer/registraties');
    expect(await page.locator('h1').textContent()).toBe('Registraties');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Bekijk en beslis' }).click();
    await page.waitForURL((url) => /^\/beheer\/registraties\/\d+$/.test(url.pathname));
    await expectAccessible(page);

    // The demo request's file lacks the audit report: approving waits, and says why.
    expect(squash(await page.locator('main').textContent())).toContain(
      'Goedkeuren kan nog niet: het auditrapport ontbreekt.',
    );
    expect(await page.getByRole('link', { name: 'Goedkeuren (5 jaar)' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Auditrapport opladen' }).click();
    await expectFocusedSummary(page);
    await expectAccessible(page);
    await page.getByLabel('Auditrapport').setInputFiles({
      name: 'auditrapport.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfWith('Auditrapport kmo-portefeuillenorm'),
    });
    await page.getByRole('button', { name: 'Auditrapport opladen' }).click();
    await page.waitForURL((url) => /^\/beheer\/registraties\/\d+$/.test(url.pathname));
    expect(squash(await page.getByRole('status').textContent())).toContain('Het auditrapport is opgeladen.');
    expect(squash(await page.locator('main').textContent())).toContain('Het dossier is volledig.');
    expect(await page.getByRole('link', { name: 'Goedkeuren (5 jaar)' }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Weigeren' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/weigeren'));
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Weigeren' }).click();
    await expectFocusedSummary(page);
    await expectAccessible(page);

    await page.getByLabel('Reden').fill('Het auditrapport ontbreekt.');
    await page.getByRole('button', { name: 'Weigeren' }).click();
    await page.waitForURL((url) => /^\/beheer\/registraties\/\d+$/.test(url.pathname));
    expect(squash(await page.getByRole('status').textContent())).toContain(
      'Gelukt: De registratie heeft nu de status "N – Geweigerd"',
    );
    expect(squash(await page.locator('table').last().textContent())).toContain('Het auditrapport ontbreekt.');
    await expectAccessible(page);
  });
});
