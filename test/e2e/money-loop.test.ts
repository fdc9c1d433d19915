/// <reference lib="dom" />
import { XMLParser } from 'fast-xml-parser';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDate } from '../../src/domain/dates.js';
import { codaFile } from '../support/bank-statements.js';
import { TEST_TODAY } from '../support/clock.js';
import {
  browserAvailable,
  expectAccessible,
  signInAsStaff,
  startBrowserHarness,
  squash,
  type BrowserHarness,
} from '../support/browser.js';

const IMPORT_PAGE = /^\/beheer\/stortingen\/inlezingen\/([0-9]+)$/;
const DEPOSIT_PAGE = /^\/onderneming\/projecten\/([0-9]{4}KMO[0-9]{6})\/storting$/;

/** The value of a summary-list row, by its key. */
const rowValue = async (page: Page, key: string) =>
  squash(await page.locator('.summary-list__row', { hasText: key }).locator('dd').first().textContent());

const mainText = async (page: Page) => squash(await page.locator('main').textContent());

describe.runIf(browserAvailable)('the money loop in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a company applies; staff import its deposit; the company sees Lopend and pays its provider; staff export the payout file', async () => {
    const today = TEST_TODAY;

    // The company applies: a training of € 1.000,00 for a small enterprise (30 %: own contribution € 700,00).
    const company = await harness.newPage();
    await company.goto('/onderneming/aanvraag');
    await company.getByRole('button', { name: 'Aanmelden als Jan Peeters' }).click();
    await company.getByLabel('Testonderneming_A en B').check();
    await company.getByRole('button', { name: 'Verder' }).click();
    await company.waitForURL((url) => url.pathname.endsWith('/activiteit'));
    await company.getByRole('button', { name: 'Volgende' }).click();
    await company.waitForURL((url) => url.pathname.endsWith('/project'));
    await company.getByRole('radio', { name: 'Opleiding' }).check();
    await company.getByRole('radio', { name: 'Klassikaal (extern)' }).check();
    await company.getByLabel(/^Thema en subthema/).selectOption({ label: 'Welzijn op het werk' });
    await company.getByLabel(/^Aantal deelnemers/).fill('1');
    await company.getByLabel(/^Aantal uren/).fill('8');
    await company.getByLabel(/^Datum van de overeenkomst/).fill(formatDate(addDays(today, -10)));
    await company.getByLabel(/^Startdatum van de dienstverlening/).fill(formatDate(addDays(today, -3)));
    await company.getByRole('checkbox', { name: /^Ik bevestig dat het project dient/ }).check();
    await company.getByLabel(/^Inschrijvingskost/).fill('1.000,00');
    await company.getByLabel(/^Subsidiabele kosten/).fill('1.000,00');
    await company.getByLabel(/^Titel van het project/).fill('Ergonomie aan de bakoven');
    await company.getByRole('button', { name: 'Volgende' }).click();
    await company.waitForURL((url) => url.pathname.endsWith('/deelnemers'));
    await company.locator('#firstName-1').fill('Mira');
    await company.locator('#lastName-1').fill('Janssens');
    await company.getByRole('button', { name: 'Volgende' }).click();
    await company.waitForURL((url) => url.pathname.endsWith('/dienstverlener'));
    await company.getByLabel(/^Naam van de dienstverlener/).fill('kmo-portefeuille');
    await company.getByRole('button', { name: 'Zoek' }).click();
    await company.waitForURL((url) => url.searchParams.get('zoek') === 'kmo-portefeuille');
    await company
      .locator('.result-list__item', { hasText: 'Registratie DV.O218724 ' })
      .getByRole('button', { name: /^Selecteer/ })
      .click();
    await company.waitForURL((url) => url.pathname.endsWith('/overzicht'));
    await company.getByRole('checkbox', { name: /^Ik verklaar op eer/ }).check();
    await company.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await company.waitForURL((url) => DEPOSIT_PAGE.test(url.pathname));
    const projectNumber = DEPOSIT_PAGE.exec(new URL(company.url()).pathname)?.[1] ?? '';
    expect(await rowValue(company, 'Te storten bedrag')).toBe('€ 700,00');
    const communication = (await rowValue(company, 'Gestructureerde mededeling')).replace(/\D/g, '');
    expect(communication).toMatch(/^\d{12}$/);

    // The company's bank pays; the payment institution's statement holds the credit.
    const statement = codaFile({
      account: harness.testApp.container.config.paymentInstitution.iban.replace(/\s+/g, ''),
      statements: [
        {
          sequence: 201,
          date: today,
          openingBalanceCents: 0,
          movements: [
            {
              amountCents: 70_000,
              bookingDate: today,
              structuredCommunication: communication,
              counterpartyName: 'TESTONDERNEMING_A EN B',
              counterpartyIban: 'BE68539007547034',
              counterpartyBic: 'GKCCBEBB',
              bankReference: 'LOOP-0001',
            },
          ],
        },
      ],
    });

    // Staff import it.
    const staff = await harness.newPage();
    await signInAsStaff(staff, '/beheer/stortingen');
    await expectAccessible(staff);
    await staff.locator('input[type="file"][name="uittreksel"]').setInputFiles({
      name: 'uittreksel-201.cod',
      mimeType: 'text/plain',
      buffer: statement,
    });
    await staff.getByRole('button', { name: 'Inlezen' }).click();
    await staff.waitForURL((url) => IMPORT_PAGE.test(url.pathname));
    // The file is stored; the background job books it. Here the test runs the job, and the page,
    // polling every 2 seconds, shows it done without a reload.
    expect(await staff.getByRole('status').textContent()).toContain('Wachtend');
    await expectAccessible(staff);
    const importId = Number(IMPORT_PAGE.exec(new URL(staff.url()).pathname)?.[1]);
    expect(await harness.testApp.container.services.depositImport.processImport(importId)).toBe('klaar');
    await staff.getByRole('status').getByText('Klaar').waitFor({ timeout: 10_000 });
    expect(squash(await staff.getByRole('status').textContent())).toContain('Verwerkt: 1 van 1 beweging.');
    expect(await rowValue(staff, 'Geboekt')).toBe('1');
    await staff.getByRole('link', { name: 'Naar de stortingen zonder match' }).waitFor();
    await expectAccessible(staff);

    // The company sees the deposit and the subsidy, and the project running, without signing in again.
    await company.goto(`/onderneming/projecten/${projectNumber}`);
    const detail = await mainText(company);
    expect(detail).toContain('Lopend');
    expect(detail).toContain('€ 700,00');
    expect(detail).toContain('€ 300,00');
    await expectAccessible(company);

    // It pays its provider the whole invoice.
    await company.getByRole('link', { name: 'Dienstverlener betalen' }).click();
    await company.getByLabel('Bedrag in euro').fill('1.000,00');
    await company.getByLabel('Factuurnummer').fill('F2026-0412');
    await company.getByLabel('Factuurdatum').fill(formatDate(today));
    await expectAccessible(company);
    await company.getByRole('button', { name: 'Betalen' }).click();
    await company.waitForURL((url) => url.pathname === `/onderneming/projecten/${projectNumber}`);
    expect(await mainText(company)).toContain('In afwachting van uitbetaling');

    // Staff put the payment in a batch and download the SEPA credit transfer file.
    await staff.goto('/beheer/uitbetalingen');
    expect(await mainText(staff)).toContain(projectNumber);
    await expectAccessible(staff);
    await staff.getByRole('button', { name: 'Batch aanmaken' }).click();
    await staff.waitForURL((url) => /\/beheer\/uitbetalingen\/batches\/\d+$/.test(url.pathname));
    await expectAccessible(staff);
    const download = staff.waitForEvent('download');
    await staff.getByRole('link', { name: 'Download SEPA-bestand' }).click();
    const file = await (await download).path();
    // Read back with an XML parser nobody here wrote, every value kept as the text the bank reads.
    const xml = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false }).parse(
      fs.readFileSync(file, 'utf8'),
    ) as { Document: { CstmrCdtTrfInitn: { PmtInf: { CdtTrfTxInf: unknown } } } };
    const transactions = [xml.Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf].flat() as {
      Amt: { InstdAmt: { '#text': string; '@_Ccy': string } };
      CdtrAcct: { Id: { IBAN: string } };
      RmtInf: { Ustrd?: string };
    }[];
    const ours = transactions.filter((transaction) => transaction.RmtInf.Ustrd?.includes(projectNumber));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.Amt.InstdAmt).toEqual({ '#text': '1000.00', '@_Ccy': 'EUR' });
    // The demo provider's account (seeds/demo.ts).
    expect(ours[0]?.CdtrAcct.Id.IBAN).toBe('BE71096123456769');
    expect(ours[0]?.RmtInf.Ustrd).toContain('F2026-0412');
  }, 180_000);
});
