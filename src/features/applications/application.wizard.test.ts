import { describe, expect, it } from 'vitest';
import { ruleParameters } from '../../../migrations/20261123100500_insert_reference_data.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';
import { fieldErrors } from '../../web/form-state.js';
import { applicationWizard, calculationWarnings, type ApplicationContext } from './application.wizard.js';

const rules: RuleParameterRow[] = ruleParameters.map(([key, valid_from, value]) => ({
  key,
  valid_from,
  value,
}));

// A leap year, so that 29/02 is a real day both as agreement and as start date.
const context: ApplicationContext = {
  companyId: 1,
  companyName: 'Test bv',
  enterpriseNumber: '0123456749',
  companyNaceCode: '62010',
  today: '2028-03-05',
  size: 'klein',
  rules,
  ceilingUsedCents: 0,
  naceCodes: new Map(),
};

const training = {
  service: 'opleiding',
  title: 'Opleiding welzijn op het werk',
  trainingKind: 'extern',
  subtheme: 'hr.welzijn',
  participantCount: '2',
  hours: '7,5',
  agreementDate: '29/02/2028',
  startDate: '01/03/2028',
  businessPurpose: 'ja',
  registrationCost: '1.200,00',
  eligibleCosts: '1.000,00',
};

const projectPage = applicationWizard.pages.find((page) => page.slug === 'project');
const participantsPage = applicationWizard.pages.find((page) => page.slug === 'deelnemers');

function errorsOf(
  changes: Record<string, unknown>,
  page = projectPage,
  answers = {},
): Record<string, string> {
  if (!page) throw new Error('no such page');
  const parsed = page.schema(answers, context).safeParse({ ...training, ...changes });
  return parsed.success ? {} : fieldErrors(parsed.error);
}

describe('the project page says exactly what is wrong with the hours', () => {
  it.each([
    ['9999,99', undefined],
    ['9999', undefined],
    ['0,01', undefined],
    ['10000', 'Het aantal uren is te groot: hoogstens 9.999,99 uren.'],
    ['100000', 'Het aantal uren is te groot: hoogstens 9.999,99 uren.'],
    ['0', 'Het aantal uren moet groter zijn dan 0.'],
    ['0,00', 'Het aantal uren moet groter zijn dan 0.'],
    ['7,555', 'Vul het aantal uren in met hoogstens twee cijfers na de komma, bijvoorbeeld 7,25.'],
    ['zeven', 'Vul het aantal uren in als een getal, bijvoorbeeld 7 of 7,5.'],
    ['-3', 'Vul het aantal uren in als een getal, bijvoorbeeld 7 of 7,5.'],
    ['', 'Vul het aantal uren in.'],
  ])('%j → %j', (hours, message) => {
    expect(errorsOf({ hours }).hours).toBe(message);
  });
});

describe('the project page says a date does not exist rather than asking for the format', () => {
  it.each([
    ['agreementDate', '29/02/2028', undefined],
    ['agreementDate', '29/02/2027', '29/02/2027 is geen bestaande datum: februari 2027 heeft 28 dagen.'],
    ['agreementDate', '31/02/2026', '31/02/2026 is geen bestaande datum: februari 2026 heeft 28 dagen.'],
    ['startDate', '31/04/2028', '31/04/2028 is geen bestaande datum: april 2028 heeft 30 dagen.'],
    [
      'startDate',
      '00/01/2028',
      '00/01/2028 is geen bestaande datum: de dag ligt tussen 01 en 31, de maand tussen 01 en 12.',
    ],
    [
      'agreementDate',
      '05/13/2028',
      '05/13/2028 is geen bestaande datum: de dag ligt tussen 01 en 31, de maand tussen 01 en 12.',
    ],
    [
      'agreementDate',
      'gisteren',
      'Vul de datum van de overeenkomst in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.',
    ],
    ['startDate', '3 maart', 'Vul de startdatum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.'],
  ])('%s %j → %j', (field, value, message) => {
    expect(errorsOf({ [field]: value })[field]).toBe(message);
  });
});

describe("the participants page names the participant and links that participant's field", () => {
  const answers = { participantCount: '2' };
  const names = (firstName: string[], lastName: string[]) => ({ firstName, lastName });

  it('keys a missing or too long name by the id of its input, counting from 1', () => {
    const long = 'x'.repeat(101);
    const errors = errorsOf(names(['An', 'Bert'], ['Claes', long]), participantsPage, answers);
    expect(errors).toEqual({
      'lastName-2': 'De achternaam van deelnemer 2 heeft hoogstens 100 tekens; u typte er 101.',
    });
    expect(errorsOf(names(['x'.repeat(100), ''], ['Claes', 'De Smet']), participantsPage, answers)).toEqual({
      'firstName-2': 'Vul de voornaam van deelnemer 2 in.',
    });
  });
});

describe('the live calculation warns about what "Volgende" will refuse, in the same words', () => {
  // 2028: the rule "advice only with cybersecurity" (since 01/02/2026) is in force.
  const warn = (values: Record<string, string>) => calculationWarnings(context, values);
  const adviceOnlyCyber =
    'Sinds 01/02/2026 komt advies enkel in aanmerking met het thema cybersecurity. Kies het subthema Cybersecurity, of vraag steun aan voor een opleiding.';

  it('advice outside cybersecurity, and an amount under the minimum of its service', () => {
    expect(warn({ service: 'advies', subtheme: 'hr.welzijn' })).toEqual([adviceOnlyCyber]);
    expect(warn({ service: 'advies', subtheme: 'it.cybersecurity', eligibleCosts: '499,99' })).toEqual([
      'Het projectbedrag (€ 499,99) is lager dan het minimum van € 500,00 voor advies.',
    ]);
    expect(warn({ service: 'opleiding', subtheme: 'hr.welzijn', eligibleCosts: '99,99' })).toEqual([
      'Het projectbedrag (€ 99,99) is lager dan het minimum van € 100,00 voor opleiding.',
    ]);
    // The same messages as the page's schema.
    const refused = errorsOf({
      service: 'advies',
      subtheme: 'hr.welzijn',
      eligibleCosts: '400,00',
      registrationCost: '400,00',
      participantCount: '',
    });
    expect([refused.eligibleCosts, refused.subtheme]).toEqual(
      warn({ service: 'advies', subtheme: 'hr.welzijn', eligibleCosts: '400,00' }),
    );
  });

  it('nothing for what fits or is not yet chosen', () => {
    expect(warn({})).toEqual([]);
    expect(warn({ service: 'advies' })).toEqual([]);
    expect(warn({ service: 'advies', subtheme: 'it.cybersecurity', eligibleCosts: '500,00' })).toEqual([]);
    expect(warn({ service: 'opleiding', subtheme: 'hr.welzijn', eligibleCosts: '100,00' })).toEqual([]);
    expect(warn({ service: 'opleiding', eligibleCosts: '0' })).toEqual([]);
  });
});
