import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { DEMO_COMPANIES } from '../../../seeds/demo.js';
import { todayInBrussels } from '../../../src/domain/dates.js';
import {
  nextOnboardingStep,
  onboardingNotice,
} from '../../../src/features/company-onboarding/company-readiness.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { flashTextsOf, headingOf, textOf, titleOf } from '../../support/html.js';
import { companyIdOf } from '../../support/saml.js';
import { csrfTokenOf, newAgent, signInAsProvider, signInWithSaml } from '../../support/session.js';
import {
  applicationPath,
  auditRows,
  completeDetails,
  detailsPath,
  newEntrepreneur,
  newEntrepreneurId,
  onboardingCompany,
  post,
  resetOnboardingCompany,
  sizePath,
  thisYear,
} from './support.js';
import { CompanyOnboardingRepository } from '../../../src/features/company-onboarding/company-onboarding.repository.js';
import { TEST_TODAY } from '../../support/clock.js';

let testApp: TestApp;
let companyId: number;
const db = () => testApp.database.db;
/** The readiness check reads through the onboarding repository, on the test database. */
const readiness = () => new CompanyOnboardingRepository(db());

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});
beforeEach(async () => {
  companyId = await resetOnboardingCompany(db());
});

const confirmations = () => db()('company_size_confirmations').where({ company_id: companyId });
const isOnboardingPage = (location: string | undefined) =>
  location !== undefined && (location.startsWith(sizePath) || location.startsWith(detailsPath));

describe('a new company on its way to the application', () => {
  it('is sent from the application start to the size confirmation, and back afterwards', async () => {
    const agent = await newEntrepreneur(testApp);
    const redirect = await agent.get(applicationPath).expect(302);
    expect(redirect.headers.location).toBe('/onderneming/grootte?terug=%2Fonderneming%2Faanvraag');

    const page = await agent.get(String(redirect.headers.location)).expect(200);
    expect(headingOf(page.text)).toBe(`Grootte van uw onderneming in ${thisYear()}`);
    expect(flashTextsOf(page.text)).toEqual([
      `Ter info: Voor u subsidie aanvraagt, bevestigt u de grootte van uw onderneming voor ${thisYear()}.`,
    ]);
    const text = textOf(page.text);
    // The proposal from official data, with the figures it rests on (seeds/demo.ts).
    expect(text).toContain('Volgens de officiële gegevens is Vermeulen Interieur een kleine onderneming.');
    expect(text).toContain('Werknemers (voltijdse equivalenten) 6,5');
    expect(text).toContain('Jaaromzet Niet bekend');
    expect(text).toContain('Balanstotaal € 480.000,00');
    // The EU definition in plain Dutch, on the three choices.
    expect(text).toContain(
      'Minder dan 50 werknemers (voltijdse equivalenten) en een jaaromzet of een balanstotaal van hoogstens € 10 miljoen.',
    );
    expect(text).toContain(
      'Minder dan 250 werknemers en een jaaromzet van hoogstens € 50 miljoen of een balanstotaal van hoogstens € 43 miljoen.',
    );
    expect(text).toContain('Een grote onderneming kan geen kmo-portefeuille gebruiken.');
    // Required radios, none chosen beforehand; the form keeps where the company was going.
    expect(page.text).toContain(
      `<legend class="legend">Welke grootte heeft uw onderneming in ${thisYear()}? <span class="required">(verplicht)</span></legend>`,
    );
    for (const size of ['klein', 'middelgroot', 'groot'])
      expect(page.text).toMatch(
        new RegExp(`type="radio" id="size(-[23])?" name="size" value="${size}" aria-`),
      );
    expect(page.text).toContain('action="/onderneming/grootte?terug=%2Fonderneming%2Faanvraag"');
  });

  it('confirms the size, completes the data and then reaches the application start', async () => {
    const agent = await newEntrepreneur(testApp);
    const personId = await newEntrepreneurId(db());
    const sizeForm = '/onderneming/grootte?terug=%2Fonderneming%2Faanvraag';

    const confirmed = await post(agent, sizeForm, { size: 'klein' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe('/onderneming/gegevens?terug=%2Fonderneming%2Faanvraag');
    const [confirmation, ...others] = await confirmations();
    expect(others).toEqual([]);
    expect(confirmation).toMatchObject({
      year: thisYear(),
      size: 'klein',
      confirmed_by: personId,
      locked_at: null,
    });
    expect(todayInBrussels(confirmation.confirmed_at)).toBe(todayInBrussels(new Date()));
    const [sizeAudit] = await auditRows(db(), 'company.confirm_size', companyId);
    expect(sizeAudit).toMatchObject({
      actor_type: 'entrepreneur',
      actor_id: personId,
      actor_label: 'Lotte Vermeulen',
    });
    expect(sizeAudit.details).toEqual({ year: thisYear(), size: { old: null, new: 'klein' } });

    const details = await agent.get(String(confirmed.headers.location)).expect(200);
    expect(flashTextsOf(details.text)).toEqual([
      `Gelukt: U hebt bevestigd dat Vermeulen Interieur in ${thisYear()} een kleine onderneming is.`,
    ]);
    expect(headingOf(details.text)).toBe('Gegevens van uw onderneming');
    const text = textOf(details.text);
    // The fixed data, read-only, the enterprise number written as Belgians know it.
    expect(text).toContain('Naam Vermeulen Interieur');
    expect(text).toContain('Ondernemingsnummer 0791.827.331');
    expect(text).toContain('Adres Diestsestraat 142 3000 Leuven');
    expect(details.text).not.toContain('name="name"');
    expect(details.text).not.toContain('name="enterpriseNumber"');
    expect(text).toContain(
      'Nog aan te vullen of te verbeteren: rekeningnummer (IBAN), BIC, jaaromzet, hoofdactiviteit (NACE-BEL-code).',
    );
    // Prefilled with what is known: the staff.
    expect(details.text).toContain('name="employeesFte" type="text" value="6,5"');
    expect(details.text).toContain('name="iban" type="text" value=""');

    const saved = await post(agent, '/onderneming/gegevens?terug=%2Fonderneming%2Faanvraag', completeDetails);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(applicationPath);
    expect(await onboardingCompany(db())).toMatchObject({
      iban: 'BE68539007547034',
      bic: 'BBRUBEBB',
      turnover_cents: 125_000_000,
      employees_fte: '7.5',
      nace_code: '31090',
      // Unchanged fixed data.
      name: 'Vermeulen Interieur',
      enterprise_number: '0791827331',
      postcode: '3000',
    });
    const [detailsAudit, ...moreAudit] = await auditRows(db(), 'company.complete_details', companyId);
    expect(moreAudit).toEqual([]);
    expect(detailsAudit).toMatchObject({ actor_type: 'entrepreneur', actor_id: personId });
    expect(detailsAudit.details).toEqual({
      iban: { old: null, new: 'BE68539007547034' },
      bic: { old: null, new: 'BBRUBEBB' },
      turnoverCents: { old: null, new: 125_000_000 },
      employeesFte: { old: '6.5', new: '7.5' },
      naceCode: { old: null, new: '31090' },
    });

    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBeUndefined();
    const start = await agent.get(applicationPath);
    expect(isOnboardingPage(start.headers.location)).toBe(false);
    expect(start.status).not.toBe(403);
  });

  it('is sent to the size page when it posts to the application first (303, no way back to a POST)', async () => {
    const agent = await newEntrepreneur(testApp);
    const token = await csrfTokenOf(agent, sizePath);
    const response = await agent.post(applicationPath).type('form').send({ _csrf: token }).expect(303);
    expect(response.headers.location).toBe(sizePath);
  });

  it('keeps the wallet start page reachable before the onboarding', async () => {
    const agent = await newEntrepreneur(testApp);
    const wallet = await agent.get('/onderneming');
    expect(wallet.status).toBe(200);
    // A new company has no projects yet: the list says so and points to the application.
    expect(textOf(wallet.text)).toContain(
      'U hebt nog geen projecten. Vraag subsidie aan voor een opleiding of advies.',
    );
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBe('size');
  });

  it('goes on to the size when the data is completed first, keeping where it was going', async () => {
    const agent = await newEntrepreneur(testApp);
    const saved = await post(agent, '/onderneming/gegevens?terug=%2Fonderneming', completeDetails);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/onderneming/grootte?terug=%2Fonderneming');
    const confirmed = await post(agent, String(saved.headers.location), { size: 'middelgroot' });
    expect(confirmed.headers.location).toBe('/onderneming');
  });

  it('ignores a return path outside the company pages', async () => {
    const agent = await newEntrepreneur(testApp);
    const page = await agent
      .get(`${sizePath}?terug=${encodeURIComponent('https://evil.example/')}`)
      .expect(200);
    expect(page.text).toContain(`action="${sizePath}"`);
    const confirmed = await post(agent, `${sizePath}?terug=${encodeURIComponent('/beheer')}`, {
      size: 'klein',
    });
    expect(confirmed.headers.location).toBe(detailsPath);
  });

  it('leaves the demo companies, confirmed and complete, ready to apply', async () => {
    for (const company of Object.values(DEMO_COMPANIES)) {
      const id = await companyIdOf(db(), company.enterpriseNumber);
      expect(await nextOnboardingStep(readiness(), id, inject('demoToday'))).toBeUndefined();
      expect(await onboardingNotice(readiness(), id, inject('demoToday'))).toBeUndefined();
    }
    // The new company gets the wallet's notice.
    expect(await onboardingNotice(readiness(), companyId, inject('demoToday'))).toMatchObject({
      step: 'size',
      title: 'Bevestig de grootte van uw onderneming voor 2026',
      href: sizePath,
    });
  });

  it('sends a confirmed company whose stored main activity is excluded to the data page, saying why', async () => {
    await db()('company_size_confirmations').insert({
      company_id: companyId,
      year: thisYear(),
      size: 'klein',
    });
    await db()('companies')
      .where({ id: companyId })
      .update({ iban: 'BE68539007547034', bic: 'BBRUBEBB', turnover_cents: 90_000_000, nace_code: '01110' });
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBe('details');
    const agent = await newEntrepreneur(testApp);
    const redirect = await agent.get(applicationPath).expect(302);
    expect(redirect.headers.location).toBe('/onderneming/gegevens?terug=%2Fonderneming%2Faanvraag');
    const page = await agent.get(String(redirect.headers.location)).expect(200);
    expect(textOf(page.text)).toContain(
      'Uw hoofdactiviteit 01110 (Teelt van granen (met uitzondering van rijst), peulgewassen en oliehoudende zaden) ' +
        'is primaire landbouw. Een onderneming met die hoofdactiviteit komt niet in aanmerking voor de kmo-portefeuille. ' +
        'Is dit niet uw hoofdactiviteit, vul dan de juiste code in.',
    );
  });
});

describe('the size confirmation', () => {
  it('refuses a post without a choice or with an unknown size, with the message beside the radios', async () => {
    const agent = await newEntrepreneur(testApp);
    for (const body of [{}, { size: 'reus' }] as Record<string, string>[]) {
      const response = await post(agent, sizePath, body);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(sizePath);
      const page = await agent.get(sizePath).expect(200);
      const message = 'Kies of uw onderneming klein, middelgroot of groot is.';
      expect(titleOf(page.text)).toBe(`Fout: Grootte van uw onderneming in ${thisYear()} – kmo-portefeuille`);
      expect(page.text).toContain(`<li><a href="#size">${message}</a></li>`);
      expect(page.text).toContain(
        `<p class="error-message" id="size-fout"><span class="visually-hidden">Fout:</span> ${message}</p>`,
      );
    }
    expect(await confirmations()).toEqual([]);
    expect(await auditRows(db(), 'company.confirm_size', companyId)).toEqual([]);
  });

  it('refuses a large company with an explanation, keeps the application closed and lets it correct a mistake', async () => {
    const agent = await newEntrepreneur(testApp);
    const confirmed = await post(agent, '/onderneming/grootte?terug=%2Fonderneming%2Faanvraag', {
      size: 'groot',
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe('/onderneming/grootte?terug=%2Fonderneming%2Faanvraag');
    expect(await confirmations()).toMatchObject([{ year: thisYear(), size: 'groot' }]);

    const page = await agent.get(String(confirmed.headers.location)).expect(200);
    expect(headingOf(page.text)).toBe('Een grote onderneming kan geen kmo-portefeuille gebruiken');
    expect(flashTextsOf(page.text)).toEqual([]);
    const text = textOf(page.text);
    expect(text).toContain(`bevestigd dat Vermeulen Interieur in ${thisYear()} een grote onderneming is.`);
    expect(text).toContain(
      'De kmo-portefeuille is een subsidie van de Vlaamse overheid voor kleine en middelgrote ondernemingen',
    );
    expect(text).toContain(`Daarom kunt u voor Vermeulen Interieur in ${thisYear()} geen aanvraag indienen.`);
    expect(text).toContain('Was dit een vergissing?');
    expect(page.text).toMatch(/value="groot" checked aria-/);

    // Still blocked, however the company tries; the data is not even asked.
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBe('large');
    const blocked = await agent.get(applicationPath).expect(302);
    expect(blocked.headers.location).toBe('/onderneming/grootte?terug=%2Fonderneming%2Faanvraag');
    const token = await csrfTokenOf(agent, sizePath);
    const blockedPost = await agent.post(`${applicationPath}/1/project`).type('form').send({ _csrf: token });
    expect(blockedPost.status).toBe(303);
    expect(blockedPost.headers.location).toBe(sizePath);

    // A mistake: changed to small, with the old and new size in the audit trail.
    const changed = await post(agent, sizePath, { size: 'klein' });
    expect(changed.headers.location).toBe(detailsPath);
    expect(await confirmations()).toMatchObject([{ year: thisYear(), size: 'klein' }]);
    const audit = await auditRows(db(), 'company.confirm_size', companyId);
    expect(audit.map((row) => row.details)).toEqual([
      { year: thisYear(), size: { old: null, new: 'groot' } },
      { year: thisYear(), size: { old: 'groot', new: 'klein' } },
    ]);
  });

  it('shows the confirmed size and lets it be changed until it is locked', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, sizePath, { size: 'klein' });
    const page = await agent.get(sizePath).expect(200);
    expect(textOf(page.text)).toContain(
      `bevestigd dat Vermeulen Interieur in ${thisYear()} een kleine onderneming is. U kunt dit nog wijzigen`,
    );
    expect(page.text).toMatch(/value="klein" checked aria-/);
    // Data still missing: "Verder" leads to it.
    expect(page.text).toContain(`<a class="button button--primary" href="${detailsPath}">Verder</a>`);
  });

  it('writes one confirmation and one audit row on a second click', async () => {
    const agent = await newEntrepreneur(testApp);
    // A double click: the same form posted twice, nothing rendered in between.
    const token = await csrfTokenOf(agent, sizePath);
    const submit = () => agent.post(sizePath).type('form').send({ _csrf: token, size: 'middelgroot' });
    const first = await submit();
    const second = await submit();
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await confirmations()).toHaveLength(1);
    expect(await auditRows(db(), 'company.confirm_size', companyId)).toHaveLength(1);
    const page = await agent.get(detailsPath).expect(200);
    expect(flashTextsOf(page.text)).toEqual([
      `Gelukt: U hebt bevestigd dat Vermeulen Interieur in ${thisYear()} een middelgrote onderneming is.`,
    ]);
  });

  it('shows a locked size read-only and refuses to change it', async () => {
    const lockedAt = new Date();
    await db()('company_size_confirmations').insert({
      company_id: companyId,
      year: thisYear(),
      size: 'middelgroot',
      confirmed_by: await newEntrepreneurId(db()),
      locked_at: lockedAt,
    });
    const agent = await newEntrepreneur(testApp);
    const page = await agent.get(sizePath).expect(200);
    const text = textOf(page.text);
    expect(text).toContain(`Jaar ${thisYear()}`);
    expect(text).toContain('Grootte Middelgrote onderneming');
    expect(text).toContain(`Vastgelegd op ${todayInBrussels(lockedAt).split('-').reverse().join('/')}`);
    expect(text).toContain(
      `Ze geldt voor alle aanvragen van ${thisYear()} en kan niet meer gewijzigd worden.`,
    );
    expect(page.text).not.toContain('type="radio"');
    expect(page.text).not.toContain(`<form method="post" action="${sizePath}`);

    const before = await confirmations();
    const refused = await post(agent, sizePath, { size: 'klein' });
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(sizePath);
    expect(await confirmations()).toEqual(before);
    expect(await auditRows(db(), 'company.confirm_size', companyId)).toEqual([]);
    const after = await agent.get(sizePath).expect(200);
    expect(flashTextsOf(after.text)).toEqual([
      `Let op: De grootte van uw onderneming voor ${thisYear()} is intussen vastgelegd door uw eerste aanvraag van dat jaar. U kunt ze niet meer wijzigen.`,
    ]);
  });

  it('asks again in a new calendar year, reminding the size of the year before', async () => {
    await db()('company_size_confirmations').insert({
      company_id: companyId,
      year: thisYear() - 1,
      size: 'klein',
      locked_at: new Date(),
    });
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBe('size');
    const agent = await newEntrepreneur(testApp);
    const page = await agent.get(sizePath).expect(200);
    expect(textOf(page.text)).toContain(
      `In ${thisYear() - 1} bevestigde u dat Vermeulen Interieur een kleine onderneming was. Kijk na of dat in ${thisYear()} nog zo is.`,
    );
    expect(page.text).not.toMatch(/ checked /);
  });
});

describe('who may use the onboarding', () => {
  it('refuses a provider and an agency session (403), and sends a visitor to sign in', async () => {
    const provider = newAgent(testApp.app);
    expect((await signInAsProvider(provider, '0123456749', 'kmo-demo-2026')).status).toBe(303);
    const agency = newAgent(testApp.app);
    await signInWithSaml(agency, testApp.container, 'agency-staff');
    for (const agent of [provider, agency]) {
      for (const path of [sizePath, detailsPath, applicationPath]) await agent.get(path).expect(403);
      const token = await csrfTokenOf(agent, '/');
      await agent.post(sizePath).type('form').send({ _csrf: token, size: 'klein' }).expect(403);
      await agent
        .post(detailsPath)
        .type('form')
        .send({ _csrf: token, ...completeDetails })
        .expect(403);
    }
    expect(await confirmations()).toEqual([]);
    expect((await onboardingCompany(db())).iban).toBeNull();

    const visitor = await newAgent(testApp.app).get(sizePath).expect(302);
    expect(visitor.headers.location).toBe('/auth/saml/login?RelayState=%2Fonderneming%2Fgrootte');
  });

  it('refuses a post without a CSRF token and saves nothing', async () => {
    const agent = await newEntrepreneur(testApp);
    const refusedSize = await agent.post(sizePath).type('form').send({ size: 'klein' }).expect(403);
    expect(refusedSize.text).toContain('Dit formulier is verlopen of werd niet vanop deze website verstuurd');
    await agent.post(detailsPath).type('form').send(completeDetails).expect(403);
    expect(await confirmations()).toEqual([]);
    expect(await onboardingCompany(db())).toMatchObject({
      iban: null,
      nace_code: null,
      turnover_cents: null,
    });
    expect(await auditRows(db(), 'company.confirm_size', companyId)).toEqual([]);
    expect(await auditRows(db(), 'company.complete_details', companyId)).toEqual([]);
  });

  it('only ever touches the signed-in company, whatever the form posts', async () => {
    const jan = newAgent(testApp.app);
    const small = await companyIdOf(db(), DEMO_COMPANIES.small.enterpriseNumber);
    const medium = await companyIdOf(db(), DEMO_COMPANIES.medium.enterpriseNumber);
    await signInWithSaml(jan, testApp.container, 'entrepreneur', `onderneming-${small}`);
    const page = await jan.get(detailsPath).expect(200);
    expect(textOf(page.text)).toContain('Naam Testonderneming_A en B');
    expect(textOf(page.text)).not.toContain('Testonderneming_C');
    const mediumBefore = await db()('companies').where({ id: medium }).first();
    const onboardingBefore = await onboardingCompany(db());
    const saved = await post(jan, detailsPath, {
      ...completeDetails,
      companyId: String(medium),
      company_id: String(companyId),
    });
    expect(saved.status).toBe(303);
    expect(await db()('companies').where({ id: small }).first()).toMatchObject({ nace_code: '31090' });
    expect(await db()('companies').where({ id: medium }).first()).toEqual(mediumBefore);
    expect(await onboardingCompany(db())).toEqual(onboardingBefore);
  });
});
