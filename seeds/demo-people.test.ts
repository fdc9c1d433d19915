import { describe, expect, it } from 'vitest';
import {
  isValidEnterpriseNumber,
  isValidIban,
  isValidNationalRegisterNumber,
} from '../src/domain/belgian-identifiers.js';
import { sizeFromFigures } from '../src/features/company-onboarding/company-figures.js';
import { DEMO_COMPANIES, DEMO_ONBOARDING_COMPANY, DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from './demo.js';
import {
  DEMO_DEPARTMENT_USER,
  DEMO_ENTREPRENEUR,
  DEMO_NEW_ENTREPRENEUR,
  DEMO_PROVIDER_ADMINISTRATOR,
  demoPeople,
} from './demo-people.js';

describe('demo people and organisations', () => {
  it('have valid national register numbers and distinct keys', () => {
    for (const person of demoPeople)
      expect(isValidNationalRegisterNumber(person.nationalRegisterNumber)).toBe(true);
    expect(new Set(demoPeople.map((person) => person.key)).size).toBe(demoPeople.length);
  });

  it('give the department user the right, and the local administrator the administration, of the demo provider', () => {
    expect(DEMO_DEPARTMENT_USER.providerRights).toEqual([DEMO_PROVIDER.enterpriseNumber]);
    expect(DEMO_DEPARTMENT_USER.providerAdministrations).toEqual([]);
    expect(DEMO_PROVIDER_ADMINISTRATOR.providerAdministrations).toEqual([DEMO_PROVIDER.enterpriseNumber]);
    expect(DEMO_SECOND_PROVIDER.enterpriseNumber).not.toBe(DEMO_PROVIDER.enterpriseNumber);
  });

  it('let the entrepreneur represent exactly the demo companies', () => {
    expect([...DEMO_ENTREPRENEUR.enterpriseNumbers].sort()).toEqual(
      [DEMO_COMPANIES.small.enterpriseNumber, DEMO_COMPANIES.medium.enterpriseNumber].sort(),
    );
  });

  it('let the new entrepreneur represent only the company that still has to be onboarded', () => {
    expect(DEMO_NEW_ENTREPRENEUR.enterpriseNumbers).toEqual([DEMO_ONBOARDING_COMPANY.enterpriseNumber]);
    expect(DEMO_ENTREPRENEUR.enterpriseNumbers).not.toContain(DEMO_ONBOARDING_COMPANY.enterpriseNumber);
  });

  it('propose the new company the size its staff and balance total give by the EU definition', () => {
    // 6,5 FTE (< 50) and a balance total of € 480.000 (≤ € 10 million): small, even without a turnover.
    expect(
      sizeFromFigures({
        employeesFteTenths: DEMO_ONBOARDING_COMPANY.employeesFte * 10,
        turnoverCents: undefined,
        balanceTotalCents: DEMO_ONBOARDING_COMPANY.balanceTotalCents,
      }),
    ).toBe(DEMO_ONBOARDING_COMPANY.proposedSize);
  });

  it('use valid enterprise numbers', () => {
    for (const number of [
      DEMO_PROVIDER.enterpriseNumber,
      DEMO_SECOND_PROVIDER.enterpriseNumber,
      DEMO_COMPANIES.small.enterpriseNumber,
      DEMO_COMPANIES.medium.enterpriseNumber,
      DEMO_ONBOARDING_COMPANY.enterpriseNumber,
    ]) {
      expect(isValidEnterpriseNumber(number)).toBe(true);
    }
    expect(isValidIban('BE71096123456769')).toBe(true);
  });
});
