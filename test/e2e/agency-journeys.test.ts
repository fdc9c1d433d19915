/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  expectAccessible,
  signInAsStaff,
  startBrowserHarness,
  squash,
  type BrowserHarness,
} from '../support/browser.js';
import { pdfWith } from '../support/documents.js';

const EMAIL = 'info@bakkerijschool.test';
const NEW_PASSWORD = 'Krokante-desem-uit-Gent-2026';

const mainText = async (page: Page) => squash(await page.locator('main').textContent());

describe.runIf(browserAvailable)('the agency back office in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a new provider signs up and requests a registration; staff approve it; the provider sees G and the certificate mail', async () => {
    const provider = await harness.newPage();
    await provider.goto('/dienstverlener/aanmelden');
    await provider.getByLabel(/^Maatschappelijke naam/).fill('Bakkerijschool Gent');
    await provider.getByLabel(/^Ondernemingsnummer/).fill('0412.345.614');
    await provider.getByLabel(/^Rechtsvorm/).selectOption('bv');
    await provider.getByLabel(/^Straat/).fill('Veldstraat');
    await provider.getByLabel(/^Huisnummer/).fill('12');
    await provider.getByLabel(/^Postcode/).fill('9000');
    await provider.getByLabel(/^Gemeente/).fill('Gent');
    await provider.getByLabel(/^Naam van de contactpersoon/).fill('Lotte De Smet');
    await provider.getByLabel(/^E-mailadres/).fill(EMAIL);
    await provider.getByLabel(/^Telefoonnummer/).fill('09 123 45 67');
    await provider.getByLabel(/^IBAN-rekeningnummer/).fill('BE68 5390 0754 7034');
    await provider.getByLabel(/^BIC/).fill('GKCCBEBB');
    await provider.getByLabel('Productie en kwaliteit', { exact: true }).check();
    await provider
      .getByLabel(/^Voorstelling van uw organisatie/)
      .fill('Wij leiden bakkers op in hygiëne en kwaliteit.');
    await provider.getByLabel('Wij zijn geen auditbureau').check();
    await provider.getByRole('button', { name: 'Organisatie aanmelden' }).click();
    await provider.waitForURL('**/dienstverlener/aanmelden/bevestiging');

    await harness.testApp.container.mail.flush();
    await harness.testApp.container.mail.idle();
    const welcome = harness.testApp.mailbox.list().find((mail) => mail.to.includes(EMAIL));
    const oneTimePassword = welcome && /Eenmalig wachtwoord: (\S+)/.exec(welcome.text)?.[1];
    if (!oneTimePassword) throw new Error('the sign-up mail with the one-time password did not arrive');

    await provider.goto('/dienstverlener/login');
    await provider.getByLabel(/^Login/).fill('0412.345.614');
    await provider.getByLabel(/^Wachtwoord/).fill(oneTimePassword);
    await provider.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await provider.waitForURL('**/dienstverlener/login-wijzigen');
    await provider.locator('#oldPassword').fill(oneTimePassword);
    await provider.locator('#newPassword').fill(NEW_PASSWORD);
    await provider.locator('#newPasswordRepeated').fill(NEW_PASSWORD);
    await provider.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await provider.waitForURL((url) => url.pathname === '/dienstverlener');

    // The request: training, for the whole organisation, a private provider audited by Kiwa.
    await provider.getByRole('link', { name: 'Registraties beheren' }).click();
    await provider.getByRole('link', { name: 'Nieuwe registratie aanvragen' }).click();
    await provider.getByLabel('De volledige organisatie').check();
    await provider.getByRole('button', { name: 'Volgende' }).click();
    await provider.getByLabel('Opleiding').check();
    await provider.getByRole('button', { name: 'Volgende' }).click();
    await provider.getByLabel('Private dienstverlener').check();
    await provider.getByLabel(/^Auditbureau/).selectOption('Kiwa Belgium');
    await provider.getByRole('button', { name: 'Volgende' }).click();
    await provider
      .getByLabel(
        'Ik druk de verklaring op eer af, laat ze ondertekenen en laad ze na het indienen op bij mijn registratie.',
      )
      .check();
    await provider.getByRole('button', { name: 'Volgende' }).click();
    await provider.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await provider.waitForURL(/\/dienstverlener\/registraties\/\d+$/);
    const registrationUrl = provider.url();
    expect(await mainText(provider)).toContain('A – Aangevraagd');

    // The signed declaration goes back as a PDF, from the registration's own page.
    await provider.getByLabel('Ondertekende verklaring op eer').setInputFiles({
      name: 'verklaring-ondertekend.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfWith('Verklaring op eer, ondertekend door Lotte De Smet'),
    });
    await provider.getByRole('button', { name: 'Verklaring opladen' }).click();
    await provider.waitForURL(registrationUrl);
    expect(squash(await provider.getByRole('status').textContent())).toMatch(/opgeladen/);
    await expectAccessible(provider);

    // Staff find the request in the queue, add the audit report and approve.
    const staff = await harness.newPage();
    await signInAsStaff(staff);
    await staff.getByRole('link', { name: /registratieaanvragen wachten op een beslissing/ }).click();
    await staff.waitForURL((url) => url.pathname === '/beheer/registraties');
    const row = staff.locator('tbody tr', { hasText: 'Bakkerijschool Gent' });
    await row.getByRole('link', { name: /Bekijk en beslis/ }).click();
    await staff.waitForURL((url) => /^\/beheer\/registraties\/\d+$/.test(url.pathname));
    expect(await mainText(staff)).toContain('Ondertekende PDF opgeladen door Bakkerijschool Gent');
    await staff.getByLabel('Auditrapport').setInputFiles({
      name: 'auditrapport-kiwa.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfWith('Auditrapport Kiwa Belgium: conform de kmo-portefeuillenorm'),
    });
    await staff.getByRole('button', { name: 'Auditrapport opladen' }).click();
    await staff.waitForURL((url) => /^\/beheer\/registraties\/\d+$/.test(url.pathname));
    expect(await mainText(staff)).toContain('Het dossier is volledig.');
    await expectAccessible(staff);
    await staff.getByRole('link', { name: 'Goedkeuren (5 jaar)' }).click();
    await staff.waitForURL((url) => url.pathname.endsWith('/goedkeuren'));
    await expectAccessible(staff);
    await staff.getByRole('button', { name: /^Goedkeuren/ }).click();
    await staff.waitForURL((url) => /^\/beheer\/registraties\/\d+$/.test(url.pathname));
    const approved = squash(await staff.getByRole('status').textContent());
    const number = /DV\.O\d{6}/.exec(approved)?.[0];
    if (!number) throw new Error(`no registration number in "${approved}"`);

    // The provider sees it at once, without signing in again.
    await provider.reload();
    expect(await mainText(provider)).toContain('G – Goedgekeurd');
    expect(await mainText(provider)).toContain(number);
    await expectAccessible(provider);

    // The certificate arrives by mail, as a PDF.
    await harness.testApp.container.mail.flush();
    await harness.testApp.container.mail.idle();
    await provider.goto('/dev/mailbox');
    await provider
      .getByRole('link', { name: `Uw registratie ${number} voor opleiding is goedgekeurd` })
      .click();
    expect(await mainText(provider)).toContain(EMAIL);
    const certificate = provider.getByRole('link', { name: `attest-${number}.pdf` });
    expect(await certificate.count()).toBe(1);
  });

  it('staff confirm a stop request: the project is stopped and the money accounted for', async () => {
    const staff = await harness.newPage();
    await signInAsStaff(staff);
    await expectAccessible(staff);
    await staff.getByRole('link', { name: /tot stopzetting (wacht|wachten) op een beslissing/ }).click();
    await staff.waitForURL((url) => url.pathname === '/beheer/stopzettingen');
    await expectAccessible(staff);
    const first = staff.locator('tbody tr').first();
    const projectNumber = squash(await first.locator('th').textContent());
    await first.getByRole('link').first().click();
    await staff.waitForURL((url) => url.pathname.startsWith('/beheer/stopzettingen/'));
    expect(await mainText(staff)).toContain(projectNumber);
    await expectAccessible(staff);

    await staff.getByRole('link', { name: 'Stopzetting bevestigen' }).click();
    await staff.waitForURL((url) => url.pathname.endsWith('/bevestigen'));
    await expectAccessible(staff);
    await staff.getByRole('button', { name: 'Stopzetting bevestigen' }).click();
    await staff.waitForURL((url) => !url.pathname.endsWith('/bevestigen'));
    expect(squash(await staff.getByRole('status').textContent())).toContain(
      'De stopzetting is bevestigd: het project heeft nu de status "Stopgezet".',
    );
    await expectAccessible(staff);

    // The agency's read-only project sheet shows the stop in the history and the ledger at zero.
    await staff.goto(`/beheer/projecten/${projectNumber}`);
    const sheet = await mainText(staff);
    expect(sheet).toContain('Stopgezet');
    expect(sheet).toMatch(/Saldo\s*€ 0,00/);
    await expectAccessible(staff);
  });

  it.each([1280, 375])(
    'every agency page and a detail of each list are accessible at %i px wide',
    async (width) => {
      const staff = await harness.newPage();
      await signInAsStaff(staff);
      const lists = [
        '/beheer/registraties',
        '/beheer/stopzettingen',
        '/beheer/meldingen?status=alle',
        '/beheer/projecten',
        '/beheer/dienstverleners',
        '/beheer/ondernemingen',
        '/beheer/regels',
        '/beheer/audit',
        '/beheer/mails',
        '/beheer/stortingen',
        '/beheer/stortingen/uitzonderingen',
        '/beheer/uitbetalingen',
        '/beheer/projecten/niet-in-evenwicht',
      ];
      await staff.setViewportSize({ width, height: 800 });
      // The page itself never scrolls sideways (a wide table scrolls in its own box).
      const fitsWidth = async () =>
        expect(
          await staff.evaluate(() => document.documentElement.scrollWidth),
          staff.url(),
        ).toBeLessThanOrEqual(width);
      for (const list of lists) {
        await staff.goto(list);
        await expectAccessible(staff);
        await fitsWidth();
        // The first row's first link opens its detail (every list holds demo rows).
        const detail = staff.locator('main tbody tr a').first();
        // Lists the demo fills open a detail; the rules are cards, the audit links only some
        // rows to an object, and the outbox, the statements and the payouts start empty.
        if (
          [
            '/beheer/registraties',
            '/beheer/stopzettingen',
            '/beheer/meldingen?status=alle',
            '/beheer/projecten',
            '/beheer/dienstverleners',
            '/beheer/ondernemingen',
          ].includes(list)
        ) {
          expect(await detail.count(), list).toBe(1);
        }
        if ((await detail.count()) === 0) continue;
        await detail.click();
        await staff.waitForLoadState();
        expect(await staff.locator('h1').count(), staff.url()).toBe(1);
        await expectAccessible(staff);
        await fitsWidth();
      }
    },
    120_000,
  );
});
