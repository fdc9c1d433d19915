import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { errorSummaryOf, fieldErrorOf, flashTextsOf, inputValueOf, titleOf } from '../../support/html.js';
import {
  auditRows,
  completeDetails,
  detailsPath,
  newEntrepreneur,
  onboardingCompany,
  post,
  resetOnboardingCompany,
  thisYear,
} from './support.js';

let testApp: TestApp;
let companyId: number;
const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});
beforeEach(async () => {
  companyId = await resetOnboardingCompany(db());
  // Size confirmed: the data page is the step that is left.
  await db()('company_size_confirmations').insert({ company_id: companyId, year: thisYear(), size: 'klein' });
});

const refusals = [
  ['iban', { iban: '' }, 'Vul het rekeningnummer (IBAN) van uw onderneming in.'],
  [
    'iban',
    { iban: 'BE68 5390 0754 7035' },
    'Vul een geldig IBAN-rekeningnummer van een SEPA-land in, bijvoorbeeld BE71 0961 2345 6769.',
  ],
  [
    'iban',
    { iban: 'BR97 0036 0305 0000 1000 9795 493P 1' },
    'Vul een geldig IBAN-rekeningnummer van een SEPA-land in, bijvoorbeeld BE71 0961 2345 6769.',
  ],
  ['bic', { bic: '' }, 'Vul de BIC in. Bij een Belgisch rekeningnummer is die verplicht.'],
  ['bic', { bic: 'BBRU' }, 'Vul een geldige BIC in: 8 of 11 letters en cijfers, bijvoorbeeld GKCCBEBB.'],
  [
    'bic',
    { bic: 'ABNANL2A' },
    'Deze BIC hoort niet bij een Belgische bank: de vijfde en zesde letter zijn BE.',
  ],
  ['turnover', { turnover: '' }, 'Vul de jaaromzet van uw onderneming in.'],
  ['turnover', { turnover: 'veel' }, 'Vul de jaaromzet in als bedrag in euro, bijvoorbeeld 1.250.000,00.'],
  ['turnover', { turnover: '-5000' }, 'Vul de jaaromzet in als bedrag in euro, bijvoorbeeld 1.250.000,00.'],
  [
    'turnover',
    { turnover: '1250,555' },
    'Vul de jaaromzet in als bedrag in euro, bijvoorbeeld 1.250.000,00.',
  ],
  ['employeesFte', { employeesFte: '' }, 'Vul het aantal werknemers in voltijdse equivalenten in.'],
  [
    'employeesFte',
    { employeesFte: '7,25' },
    'Vul het aantal werknemers in met hoogstens één cijfer na de komma, bijvoorbeeld 12,5.',
  ],
  [
    'employeesFte',
    { employeesFte: '-2' },
    'Vul het aantal werknemers in als een getal van 0 of meer, bijvoorbeeld 12 of 12,5.',
  ],
  [
    'employeesFte',
    { employeesFte: '99999999' },
    'Het aantal werknemers is te groot: hoogstens 9.999.999,9 voltijdse equivalenten.',
  ],
  ['naceCode', { naceCode: '' }, 'Vul de NACE-BEL-code van uw hoofdactiviteit in.'],
  ['naceCode', { naceCode: '3109' }, 'Een NACE-BEL-code heeft vijf cijfers, bijvoorbeeld 62010.'],
  [
    'naceCode',
    { naceCode: '99998' },
    'De code 99998 is geen NACE-BEL-code die wij kennen. Controleer de code van uw hoofdactiviteit in de Kruispuntbank van Ondernemingen.',
  ],
  [
    'naceCode',
    { naceCode: '01.110' },
    'Uw hoofdactiviteit 01110 (Teelt van granen (met uitzondering van rijst), peulgewassen en oliehoudende zaden) ' +
      'is primaire landbouw. Een onderneming met die hoofdactiviteit komt niet in aanmerking voor de kmo-portefeuille.',
  ],
  [
    'naceCode',
    { naceCode: '03110' },
    'Uw hoofdactiviteit 03110 (Zeevisserij) is visserij of aquacultuur. ' +
      'Een onderneming met die hoofdactiviteit komt niet in aanmerking voor de kmo-portefeuille.',
  ],
] as const;

describe('completing the company data', () => {
  it.each(refusals)(
    'refuses %s %j with its message beside the field and in the summary, keeps the input and saves nothing',
    async (field, change, message) => {
      const agent = await newEntrepreneur(testApp);
      const before = await onboardingCompany(db());
      const body: Record<string, string> = { ...completeDetails, ...change };
      const response = await post(agent, detailsPath, body);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(detailsPath);
      expect(await onboardingCompany(db())).toEqual(before);
      expect(await auditRows(db(), 'company.complete_details', companyId)).toEqual([]);

      const page = await agent.get(detailsPath).expect(200);
      expect(titleOf(page.text)).toBe('Fout: Gegevens van uw onderneming – kmo-portefeuille');
      expect(errorSummaryOf(page.text)).toEqual([{ field, message }]);
      expect(fieldErrorOf(page.text, field)).toBe(message);
      // Every field keeps what the user typed, not what is stored.
      for (const [name, value] of Object.entries(body)) expect(inputValueOf(page.text, name)).toBe(value);
    },
  );

  it('lists every problem at once, in the order of the form', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, detailsPath, {
      iban: 'BE00',
      bic: 'X',
      turnover: '',
      employeesFte: 'veel',
      naceCode: '01110',
    });
    const page = await agent.get(detailsPath).expect(200);
    expect(errorSummaryOf(page.text).map((error) => error.field)).toEqual([
      'iban',
      'bic',
      'turnover',
      'employeesFte',
      'naceCode',
    ]);
  });

  it('accepts an account in another SEPA country without a BIC, a zero turnover and staff', async () => {
    const agent = await newEntrepreneur(testApp);
    const response = await post(agent, detailsPath, {
      iban: 'nl91 abna 0417 1643 00',
      bic: '',
      turnover: '0',
      employeesFte: '0',
      naceCode: '62010',
    });
    expect(response.status).toBe(303);
    expect(await onboardingCompany(db())).toMatchObject({
      iban: 'NL91ABNA0417164300',
      bic: null,
      turnover_cents: 0,
      employees_fte: '0.0',
      nace_code: '62010',
    });
  });

  it('prefills what is stored and saves nothing, and no audit row, when nothing changed', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, detailsPath, completeDetails);
    const page = await agent.get(detailsPath).expect(200);
    expect(flashTextsOf(page.text)).toEqual([
      'Gelukt: De gegevens van uw onderneming zijn bewaard. Gewijzigd: rekeningnummer (IBAN), BIC, jaaromzet, aantal werknemers, hoofdactiviteit (NACE-BEL-code).',
    ]);
    const prefilled = {
      iban: 'BE68 5390 0754 7034',
      bic: 'BBRUBEBB',
      turnover: '1250000,00',
      employeesFte: '7,5',
      naceCode: '31090',
    };
    for (const [name, value] of Object.entries(prefilled)) expect(inputValueOf(page.text, name)).toBe(value);
    expect(page.text).toContain('Nu bekend: 31090 – Vervaardiging van andere meubelen.');
    expect(page.text).not.toContain('Nog aan te vullen');

    const before = await onboardingCompany(db());
    const again = await post(agent, detailsPath, prefilled);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/onderneming/aanvraag');
    expect(await onboardingCompany(db())).toEqual(before);
    expect(await auditRows(db(), 'company.complete_details', companyId)).toHaveLength(1);
  });

  it('records only the changed fields, with their old and new values', async () => {
    const agent = await newEntrepreneur(testApp);
    await post(agent, detailsPath, completeDetails);
    await post(agent, detailsPath, { ...completeDetails, turnover: '1.300.000', employeesFte: '8' });
    const audit = await auditRows(db(), 'company.complete_details', companyId);
    expect(audit).toHaveLength(2);
    expect(audit[1].details).toEqual({
      turnoverCents: { old: 125_000_000, new: 130_000_000 },
      employeesFte: { old: '7.5', new: '8.0' },
    });
  });
});
