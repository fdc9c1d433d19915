import { describe, expect, it } from 'vitest';
import {
  bicProblem,
  detailsToComplete,
  excludedActivityMessage,
  normaliseNaceCode,
  type StoredDetails,
} from './company-details.js';
import { onboardingStepFor } from './company-readiness.js';

const complete: StoredDetails = {
  iban: 'BE48001123456727',
  bic: 'GEBABEBB',
  turnoverCents: 235_000_000,
  employeesFteTenths: 145,
  naceCode: '43222',
  nace: { code: '43222', label: 'Installatie van verwarming, klimaatregeling en ventilatie', eligible: true },
};

describe('detailsToComplete', () => {
  it('is empty for complete data', () => {
    expect(detailsToComplete(complete)).toEqual([]);
  });

  it('lists every missing field in the order of the form', () => {
    expect(
      detailsToComplete({
        iban: null,
        bic: null,
        turnoverCents: undefined,
        employeesFteTenths: undefined,
        naceCode: null,
        nace: undefined,
      }),
    ).toEqual(['iban', 'bic', 'turnover', 'employeesFte', 'naceCode']);
  });

  it('accepts a turnover and staff of zero (a starter)', () => {
    expect(detailsToComplete({ ...complete, turnoverCents: 0, employeesFteTenths: 0 })).toEqual([]);
  });

  it('wants a valid IBAN, and a Belgian BIC with a Belgian account', () => {
    expect(detailsToComplete({ ...complete, iban: 'BE48001123456728' })).toEqual(['iban']);
    expect(detailsToComplete({ ...complete, bic: null })).toEqual(['bic']);
    expect(detailsToComplete({ ...complete, bic: 'ABNANL2A' })).toEqual(['bic']);
    // Another SEPA country's account may go without a BIC.
    expect(detailsToComplete({ ...complete, iban: 'NL91ABNA0417164300', bic: null })).toEqual([]);
  });

  it('wants a main activity that is known and not excluded', () => {
    expect(detailsToComplete({ ...complete, naceCode: '99999', nace: undefined })).toEqual(['naceCode']);
    expect(
      detailsToComplete({
        ...complete,
        naceCode: '01110',
        nace: { code: '01110', label: 'Teelt van granen', eligible: false },
      }),
    ).toEqual(['naceCode']);
  });
});

describe('bicProblem', () => {
  it.each([
    ['BE71096123456769', 'GKCCBEBB', undefined],
    ['BE71096123456769', 'gkcc bebb', undefined],
    ['BE71096123456769', 'GKCCBEBBXXX', undefined],
    ['BE71096123456769', '', 'required'],
    ['BE71096123456769', 'ABNANL2A', 'notBelgian'],
    ['BE71096123456769', 'GKCC', 'invalid'],
    ['NL91ABNA0417164300', '', undefined],
    ['NL91ABNA0417164300', 'ABNANL2A', undefined],
    ['NL91ABNA0417164300', 'ABNA', 'invalid'],
    ['', 'GKCC', 'invalid'],
    ['', '', undefined],
  ] as const)('IBAN %j with BIC %j → %s', (iban, bic, problem) => {
    expect(bicProblem(iban, bic)).toBe(problem);
  });
});

describe('NACE-BEL codes', () => {
  it('reads five digits, also written with a dot or spaces', () => {
    expect(normaliseNaceCode('62010')).toBe('62010');
    expect(normaliseNaceCode('62.010')).toBe('62010');
    expect(normaliseNaceCode(' 62 010 ')).toBe('62010');
    expect(normaliseNaceCode('6201')).toBeUndefined();
    expect(normaliseNaceCode('620100')).toBeUndefined();
    expect(normaliseNaceCode('62O10')).toBeUndefined();
  });

  it('says why agriculture and fishing are excluded', () => {
    expect(excludedActivityMessage({ code: '01110', label: 'Teelt van granen', eligible: false })).toBe(
      'Uw hoofdactiviteit 01110 (Teelt van granen) is primaire landbouw. ' +
        'Een onderneming met die hoofdactiviteit komt niet in aanmerking voor de kmo-portefeuille.',
    );
    expect(excludedActivityMessage({ code: '03110', label: 'Zeevisserij', eligible: false })).toContain(
      'is visserij of aquacultuur.',
    );
  });
});

describe('onboardingStepFor', () => {
  const inGhent = { postcode: '9000', municipality: 'Gent', legalForm: 'BV' };
  const ready = { ...complete, ...inGhent };

  it('stops a company the official data make ineligible, before anything else', () => {
    expect(onboardingStepFor({ ...ready, postcode: '1000', municipality: 'Brussel' }, undefined)).toBe(
      'ineligible',
    );
    expect(onboardingStepFor({ ...ready, legalForm: 'VZW' }, { size: 'klein' })).toBe('ineligible');
  });

  it('asks the size first, whatever the data', () => {
    expect(onboardingStepFor({ ...ready, iban: null }, undefined)).toBe('size');
    expect(onboardingStepFor(ready, undefined)).toBe('size');
  });

  it('stops a large company, without asking its data', () => {
    expect(onboardingStepFor({ ...ready, iban: null }, { size: 'groot' })).toBe('large');
  });

  it('asks the missing data of a small or medium company, then lets it apply', () => {
    expect(onboardingStepFor({ ...ready, turnoverCents: undefined }, { size: 'klein' })).toBe('details');
    expect(onboardingStepFor(ready, { size: 'klein' })).toBeUndefined();
    expect(onboardingStepFor(ready, { size: 'middelgroot' })).toBeUndefined();
  });
});
