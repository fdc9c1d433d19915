import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextOnboardingStep } from '../../../src/features/company-onboarding/company-readiness.js';
import { CompanyOnboardingRepository } from '../../../src/features/company-onboarding/company-onboarding.repository.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { flashTextsOf, textOf } from '../../support/html.js';
import { csrfTokenOf } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';
import { expectSummaryLinksToInvalidFields } from '../applications/summary-links.js';
import {
  applicationPath,
  auditRows,
  completeDetails,
  detailsPath,
  newEntrepreneur,
  post,
  resetOnboardingCompany,
  sizePath,
  thisYear,
} from './support.js';

let testApp: TestApp;
let companyId: number;
const db = () => testApp.database.db;
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
const withReturn = `${sizePath}?terug=%2Fonderneming%2Faanvraag`;
const refusal =
  'De cijfers van uw onderneming passen niet bij een kleine onderneming. Kies de grootte die bij de cijfers past, of bevestig dat u de cijfers nagekeken hebt en uw onderneming toch een kleine onderneming is.';

describe('a size the company’s own figures contradict', () => {
  it('300 FTE and € 60 million on "klein": refused without the check, nothing saved; saved with it', async () => {
    await db()('companies').where({ id: companyId }).update({
      employees_fte: '300.0',
      turnover_cents: 6_000_000_000,
      balance_total_cents: 6_000_000_000,
    });
    const agent = await newEntrepreneur(testApp);

    const refused = await post(agent, withReturn, { size: 'klein' });
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(withReturn);
    expect(await confirmations()).toEqual([]);
    expect(await auditRows(db(), 'company.confirm_size', companyId)).toEqual([]);

    const page = await agent.get(withReturn).expect(200);
    expect(expectSummaryLinksToInvalidFields(page.text)).toEqual([
      { field: 'figuresChecked', message: refusal },
    ]);
    const text = textOf(page.text);
    expect(text).toContain(
      'De cijfers van Vermeulen Interieur passen niet bij een kleine onderneming: ' +
        '300 werknemers (voltijdse equivalenten), terwijl een kleine onderneming er minder dan 50 heeft; ' +
        'en een jaaromzet van € 60.000.000,00 en een balanstotaal van € 60.000.000,00, terwijl bij een kleine onderneming ' +
        'de jaaromzet hoogstens € 10.000.000,00 of het balanstotaal hoogstens € 10.000.000,00 is. ' +
        'Volgens die cijfers is Vermeulen Interieur een grote onderneming.',
    );
    expect(text).toContain(
      `Ik heb de cijfers nagekeken: Vermeulen Interieur is in ${thisYear()} toch een kleine onderneming.`,
    );
    // The choice is kept.
    expect(page.text).toMatch(/value="klein" checked aria-/);

    // "middelgroot" is contradicted too (300 FTE is 250 or more).
    await post(agent, withReturn, { size: 'middelgroot' });
    expect(await confirmations()).toEqual([]);

    const confirmed = await post(agent, withReturn, { size: 'klein', figuresChecked: 'ja' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe(`${detailsPath}?terug=%2Fonderneming%2Faanvraag`);
    expect(await confirmations()).toMatchObject([
      {
        year: thisYear(),
        size: 'klein',
        figures_acknowledged: 'fte=3000;turnover=6000000000;balance=6000000000',
      },
    ]);
    const [audit, ...more] = await auditRows(db(), 'company.confirm_size', companyId);
    expect(more).toEqual([]);
    expect(audit?.details).toEqual({
      year: thisYear(),
      size: { old: null, new: 'klein' },
      confirmedAgainstFigures: 'fte=3000;turnover=6000000000;balance=6000000000',
    });
  });

  it('figures that fit need no check; a larger size than the figures give is no contradiction', async () => {
    const agent = await newEntrepreneur(testApp);
    const page = await agent.get(sizePath).expect(200);
    expect(page.text).not.toContain('name="figuresChecked"');
    await post(agent, sizePath, { size: 'middelgroot' });
    expect(await confirmations()).toMatchObject([{ size: 'middelgroot', figures_acknowledged: null }]);
  });

  it('a confirmed size that later figures contradict is flagged and blocks the application until confirmed again', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, sizePath, { size: 'klein' });
    // The company fills in figures of a large company.
    const saved = await post(agent, detailsPath, {
      ...completeDetails,
      employeesFte: '300',
      turnover: '60.000.000,00',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(sizePath);
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBe('reconfirm-size');

    // The application waits.
    const blocked = await agent.get(applicationPath).expect(302);
    expect(blocked.headers.location).toBe(withReturn);
    const page = await agent.get(withReturn).expect(200);
    expect(flashTextsOf(page.text)).toContain(
      'Let op: De cijfers van uw onderneming passen niet bij de grootte die u bevestigde. Kijk de grootte na en bevestig ze opnieuw voor u verder aanvraagt.',
    );
    const text = textOf(page.text);
    expect(text).toContain('Bevestig de grootte opnieuw');
    expect(text).toContain(
      'De cijfers van Vermeulen Interieur passen niet bij een kleine onderneming: 300 werknemers (voltijdse equivalenten), terwijl een kleine onderneming er minder dan 50 heeft. Volgens die cijfers is Vermeulen Interieur een grote onderneming.',
    );
    expect(text).toContain('Tot dan kunt u geen subsidie aanvragen.');
    expect(page.text).not.toContain('>Verder</a>');
    expect(page.text).toContain('name="figuresChecked"');

    // The same size again without the check: refused, nothing changes.
    const before = await confirmations();
    const auditBefore = await auditRows(db(), 'company.confirm_size', companyId);
    await post(agent, withReturn, { size: 'klein' });
    expect(await confirmations()).toEqual(before);
    expect(await auditRows(db(), 'company.confirm_size', companyId)).toEqual(auditBefore);
    const again = await agent.get(withReturn).expect(200);
    expect(expectSummaryLinksToInvalidFields(again.text)).toEqual([
      { field: 'figuresChecked', message: refusal },
    ]);

    // Without a CSRF token: 403, nothing changes.
    await agent.post(withReturn).type('form').send({ size: 'klein', figuresChecked: 'ja' }).expect(403);
    expect(await confirmations()).toEqual(before);

    // Confirmed against these figures: on to the application.
    const confirmed = await post(agent, withReturn, { size: 'klein', figuresChecked: 'ja' });
    expect(confirmed.headers.location).toBe(applicationPath);
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBeUndefined();
    expect((await auditRows(db(), 'company.confirm_size', companyId)).map((row) => row.details)).toEqual([
      { year: thisYear(), size: { old: null, new: 'klein' } },
      {
        year: thisYear(),
        size: { old: 'klein', new: 'klein' },
        confirmedAgainstFigures: 'fte=3000;turnover=6000000000;balance=48000000',
      },
    ]);
    // A second click changes nothing more.
    await post(agent, withReturn, { size: 'klein', figuresChecked: 'ja' });
    expect(await auditRows(db(), 'company.confirm_size', companyId)).toHaveLength(2);

    // Other figures afterwards: flagged again.
    await post(agent, detailsPath, { ...completeDetails, employeesFte: '310', turnover: '60.000.000,00' });
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBe('reconfirm-size');
  });

  it('a size locked by the first application is never reopened', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, sizePath, { size: 'klein' });
    await post(agent, detailsPath, completeDetails);
    await db()('company_size_confirmations')
      .where({ company_id: companyId })
      .update({ locked_at: new Date() });
    await db()('companies').where({ id: companyId }).update({ employees_fte: '300.0' });
    expect(await nextOnboardingStep(readiness(), companyId, TEST_TODAY)).toBeUndefined();
    const page = await agent.get(sizePath).expect(200);
    expect(page.text).not.toContain('name="figuresChecked"');
  });
});

describe('every error summary link of the onboarding pages goes to its field, marked invalid', () => {
  it('the size page without a choice', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, sizePath, {});
    const page = await agent.get(sizePath).expect(200);
    expect(expectSummaryLinksToInvalidFields(page.text).map((link) => link.field)).toEqual(['size']);
  });

  it('the details page with every field wrong', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, sizePath, { size: 'klein' });
    const token = await csrfTokenOf(agent, detailsPath);
    await agent.post(detailsPath).type('form').send({
      _csrf: token,
      iban: 'xx',
      bic: 'B',
      turnover: 'veel',
      employeesFte: '99999999',
      naceCode: '1',
    });
    const page = await agent.get(detailsPath).expect(200);
    expect(expectSummaryLinksToInvalidFields(page.text)).toEqual(
      expect.arrayContaining([
        {
          field: 'employeesFte',
          message: 'Het aantal werknemers is te groot: hoogstens 9.999.999,9 voltijdse equivalenten.',
        },
      ]),
    );
  });
});
