import { describe, expect, it } from 'vitest';
import {
  isValidEnterpriseNumber,
  isValidIban,
  isValidNationalRegisterNumber,
} from '../src/domain/belgian-identifiers.js';
import { DEMO_COMPANIES, DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from './demo.js';
import { DEMO_ENTREPRENEUR, demoPeople } from './demo-people.js';

describe('demo people and organisations', () => {
  it('have valid national register numbers and distinct keys', () => {
    for (const person of demoPeople)
      expect(isValidNationalRegisterNumber(person.nationalRegisterNumber)).toBe(true);
    expect(new Set(demoPeople.map((person) => person.key)).size).toBe(demoPeople.length);
  });

  it('let the entrepreneur represent exactly the demo companies', () => {
    expect([...DEMO_ENTREPRENEUR.enterpriseNumbers].sort()).toEqual(
      [DEMO_COMPANIES.small.enterpriseNumber, DEMO_COMPANIES.medium.enterpriseNumber].sort(),
    );
  });

  it('use valid enterprise numbers', () => {
    for (const number of [
      DEMO_PROVIDER.enterpriseNumber,
      DEMO_SECOND_PROVIDER.enterpriseNumber,
      DEMO_COMPANIES.small.enterpriseNumber,
      DEMO_COMPANIES.medium.enterpriseNumber,
    ]) {
      expect(isValidEnterpriseNumber(number)).toBe(true);
    }
    expect(isValidIban('BE71096123456769')).toBe(true);
  });
});
