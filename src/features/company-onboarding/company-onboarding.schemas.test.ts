import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../web/form-state.js';
import { detailsSchema } from './company-onboarding.schemas.js';

// The NACE-BEL list as a plain lookup: the schema's only outside fact.
const schema = detailsSchema((code) =>
  Promise.resolve(
    code === '31090' ? { code, label: 'Vervaardiging van meubelen', eligible: true } : undefined,
  ),
);

const complete = {
  iban: 'BE68 5390 0754 7034',
  bic: 'BBRUBEBB',
  turnover: '1.250.000,00',
  employeesFte: '7,5',
  naceCode: '31090',
};

async function employeesError(employeesFte: string): Promise<string | undefined> {
  const parsed = await schema.safeParseAsync({ ...complete, employeesFte });
  return parsed.success ? undefined : fieldErrors(parsed.error).employeesFte;
}

describe('the company data says exactly what is wrong with the staff count', () => {
  it.each([
    ['9999999,9', undefined],
    ['9999999', undefined],
    ['0', undefined],
    ['10000000', 'Het aantal werknemers is te groot: hoogstens 9.999.999,9 voltijdse equivalenten.'],
    ['99999999', 'Het aantal werknemers is te groot: hoogstens 9.999.999,9 voltijdse equivalenten.'],
    ['123456789012', 'Het aantal werknemers is te groot: hoogstens 9.999.999,9 voltijdse equivalenten.'],
    ['7,25', 'Vul het aantal werknemers in met hoogstens één cijfer na de komma, bijvoorbeeld 12,5.'],
    ['-2', 'Vul het aantal werknemers in als een getal van 0 of meer, bijvoorbeeld 12 of 12,5.'],
    ['twaalf', 'Vul het aantal werknemers in als een getal van 0 of meer, bijvoorbeeld 12 of 12,5.'],
    ['', 'Vul het aantal werknemers in voltijdse equivalenten in.'],
  ])('%j → %j', async (input, message) => {
    expect(await employeesError(input)).toBe(message);
  });
});
