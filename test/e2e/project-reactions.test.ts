/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

/** A project's detail page: checks it is there, and that it passes axe. */
async function projectPage(page: Page, projectNumber: string) {
  await page.waitForURL(`**/dienstverlener/projecten/${projectNumber}`);
  expect(await page.locator('h1').textContent()).toBe(`Project ${projectNumber}`);
  await expectAccessible(page);
  return page;
}

/** The confirmation page of annulling a project (axe runs on its first showing; it is slow). */
async function annulPage(page: Page, projectNumber: string, options: { axe: boolean } = { axe: true }) {
  await page.waitForURL(`**/dienstverlener/projecten/${projectNumber}/annuleren`);
  expect(await page.locator('h1').textContent()).toBe(`Project annuleren: project ${projectNumber}`);
  if (options.axe) await expectAccessible(page);
  return {
    async annul(reason: string) {
      await page.getByRole('radio', { name: 'Andere reden' }).check();
      await page.getByRole('textbox', { name: /^Beschrijf de andere reden/ }).fill(reason);
      await page.getByRole('button', { name: 'Project annuleren' }).click();
    },
  };
}

describe.runIf(browserAvailable)('a provider annuls a project in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('opens a Bevestigd project, annuls it with a reason on the confirmation page and sees the new status', async () => {
    const { db } = harness.testApp.database;
    const project: { projectNumber: string } = await db('projects as pr')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where({ 'pr.status': 'Bevestigd', 'p.enterprise_number': '0123456749' })
      .orderBy('pr.id')
      .first({ projectNumber: 'pr.project_number' });

    const page = await harness.newPage();
    await page.goto('/dienstverlener/login');
    await page.getByLabel(/^Login/).fill('0123456749');
    await page.getByLabel(/^Wachtwoord/).fill('kmo-demo-2026');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL('**/dienstverlener');

    await page.goto(`/dienstverlener/projecten/${project.projectNumber}`);
    await projectPage(page, project.projectNumber);
    expect(await page.locator('.tag').first().textContent()).toContain('Bevestigd');
    await page.getByRole('link', { name: 'Project annuleren' }).click();

    const confirm = await annulPage(page, project.projectNumber);
    // Without a reason the page says so, beside the field and in the summary.
    await page.getByRole('button', { name: 'Project annuleren' }).click();
    await annulPage(page, project.projectNumber, { axe: false });
    expect(await page.title()).toMatch(/^Fout: /);
    expect(await page.locator('[data-error-summary]').textContent()).toContain('Kies een reden.');

    await confirm.annul('De onderneming vroeg de annulering zelf aan.');
    await projectPage(page, project.projectNumber);
    expect(await page.locator('.flash').textContent()).toContain('Het project is geannuleerd.');
    expect(await page.locator('.tag').first().textContent()).toContain('Project geannuleerd');
    expect(await page.locator('table').textContent()).toContain(
      'De onderneming vroeg de annulering zelf aan.',
    );
    expect(await page.getByRole('link', { name: 'Project annuleren' }).count()).toBe(0);
  });

  it('shows the stop request form with its file field, and a proof in the history, without accessibility violations', async () => {
    const { db } = harness.testApp.database;
    const demoProjects = () =>
      db('projects as pr')
        .join('provider_organisations as p', 'p.id', 'pr.provider_id')
        .where('p.enterprise_number', '0123456749')
        .orderBy('pr.id');
    const lopend: { projectNumber: string } = await demoProjects()
      .where('pr.status', 'Lopend')
      .first({ projectNumber: 'pr.project_number' });
    const withProof: { projectNumber: string } = await demoProjects()
      .whereExists(
        db('project_history as ph').whereRaw('ph.project_id = pr.id').whereNotNull('ph.document_id'),
      )
      .first({ projectNumber: 'pr.project_number' });

    const page = await harness.newPage();
    await page.goto('/dienstverlener/login');
    await page.getByLabel(/^Login/).fill('0123456749');
    await page.getByLabel(/^Wachtwoord/).fill('kmo-demo-2026');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL('**/dienstverlener');

    await page.goto(`/dienstverlener/projecten/${lopend.projectNumber}`);
    await projectPage(page, lopend.projectNumber);
    await page.getByRole('link', { name: 'Stopzetting aanvragen' }).click();
    await page.waitForURL(`**/dienstverlener/projecten/${lopend.projectNumber}/stopzetten`);
    expect(await page.getByLabel(/^Bewijsstuk/).getAttribute('type')).toBe('file');
    await expectAccessible(page);

    await page.goto(`/dienstverlener/projecten/${withProof.projectNumber}`);
    await projectPage(page, withProof.projectNumber);
    expect(await page.getByRole('link', { name: /^Bewijsstuk downloaden/ }).count()).toBeGreaterThan(0);
  });
});
