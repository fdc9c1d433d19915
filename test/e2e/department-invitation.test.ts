/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER } from '../../seeds/demo.js';
import {
  browserAvailable,
  expectAccessible,
  squash,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

const SUBJECT = 'Uitnodiging voor Departement Advies van Dienstverlener kmo-portefeuille (kmo-portefeuille)';

describe.runIf(browserAvailable)('a department invitation in Chromium', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('the local administrator invites, the invitee accepts through the mail link and sees the department’s projects', async () => {
    const { db } = harness.testApp.database;
    const advice = await db('departments').where({ name: DEMO_PROVIDER.adviceDepartmentName }).first('id');
    const adviceProject = await db('projects')
      .where({ department_id: advice.id })
      .orderBy('id')
      .first<{ project_number: string }>('project_number');

    // The provider's local administrator signs in through the development IdP and acts as head office.
    const office = await harness.newPage();
    await office.goto('/auth/saml/login?RelayState=/dienstverlener/departementen');
    await office.waitForURL((url) => url.pathname === '/dev/idp');
    await office.getByRole('button', { name: 'Aanmelden als Katrien Wouters' }).click();
    await office.waitForURL((url) => url.pathname === '/dienstverlener/departementen');
    expect(squash(await office.locator('.site-header__user').textContent())).toBe(
      'Aangemeld als Katrien Wouters (Dienstverlener kmo-portefeuille)',
    );
    await expectAccessible(office);

    const section = office.locator('section', {
      has: office.getByRole('heading', { name: DEMO_PROVIDER.adviceDepartmentName, exact: true }),
    });
    await section
      .getByLabel('Iemand uitnodigen voor Departement Advies')
      .fill('eva.claes@dienstverlener-kmo.test');
    await section.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await office.waitForURL((url) => url.pathname === '/dienstverlener/departementen');
    await expect(office.getByRole('status').textContent()).resolves.toContain(
      'We hebben een uitnodiging gestuurd naar eva.claes@dienstverlener-kmo.test.',
    );
    await expect(
      section.getByRole('table', { name: 'Openstaande uitnodigingen voor Departement Advies' }).textContent(),
    ).resolves.toContain('eva.claes@dienstverlener-kmo.test');
    await expectAccessible(office);

    await harness.testApp.container.mail.flush();
    const mail = await harness.testApp.mailbox.waitFor((candidate) => candidate.subject === SUBJECT);

    // Eva opens the mail in the development mailbox and follows its link.
    const invitee = await harness.newPage();
    await invitee.goto(`/dev/mailbox/${mail.id}`);
    const href = await invitee
      .frameLocator('iframe.mail-html')
      .getByRole('link', { name: 'Uitnodiging aanvaarden' })
      .getAttribute('href');
    expect(href).toMatch(new RegExp(`^${harness.baseUrl}/dienstverlener/uitnodiging/[A-Za-z0-9_-]{43}$`));
    const invitationPath = new URL(href!).pathname;
    await invitee.goto(href!);
    await invitee.waitForURL((url) => url.pathname === '/dev/idp');
    await invitee.getByRole('button', { name: 'Aanmelden als Eva Claes' }).click();
    await invitee.waitForURL((url) => url.pathname === invitationPath);
    await expect(invitee.locator('h1').textContent()).resolves.toBe('Uitnodiging voor Departement Advies');
    await expectAccessible(invitee);

    await invitee.getByRole('button', { name: 'Uitnodiging aanvaarden' }).click();
    await invitee.waitForURL((url) => url.pathname === '/dienstverlener/departementen');
    await expect(invitee.getByRole('status').textContent()).resolves.toContain(
      'U bent nu lid van Departement Advies van Dienstverlener kmo-portefeuille.',
    );
    await expect(
      invitee.getByRole('heading', { name: 'Departement Advies', exact: true }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(invitee);

    // The department's projects are hers now.
    await invitee.getByRole('link', { name: 'Projecten', exact: true }).first().click();
    await invitee.waitForURL((url) => url.pathname === '/dienstverlener/projecten');
    await invitee.goto(`/dienstverlener/projecten/${adviceProject.project_number}`);
    await expect(invitee.locator('h1').textContent()).resolves.toContain(adviceProject.project_number);
    await expectAccessible(invitee);

    // The link works once: opening it again is refused.
    await invitee.goto(invitationPath);
    await expect(invitee.locator('h1').textContent()).resolves.toBe(
      'Deze uitnodiging kunt u niet aanvaarden',
    );
    await expectAccessible(invitee);

    // The head office sees Eva as a member of the advice department.
    await office.reload();
    await expect(
      section.getByRole('table', { name: 'Leden van Departement Advies' }).textContent(),
    ).resolves.toContain('Eva Claes');
  });
});
