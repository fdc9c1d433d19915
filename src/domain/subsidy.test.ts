import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleParameters } from '../../migrations/20261123100500_insert_reference_data.js';
import type { RuleParameterRow } from './rule-parameters.js';
import { calculateSubsidy, subsidyRate, yearlyCeilingCents, type SubsidyInput } from './subsidy.js';
import { themes } from './themes.js';

// The whole seeded history of the rules (DOMAIN.md §6).
const rules: RuleParameterRow[] = ruleParameters.map(([key, valid_from, value]) => ({
  key,
  valid_from,
  value,
}));

const base: SubsidyInput = {
  size: 'klein',
  service: 'opleiding',
  subtheme: 'it.software',
  projectAmountCents: 100_000,
  applicationDate: '2026-11-23',
  ceilingUsedCents: 0,
};

describe('calculateSubsidy: the rate in force on the application date', () => {
  it.each([
    ['klein', 'opleiding', 'it.software', '2026-11-23', 30_000],
    ['middelgroot', 'opleiding', 'it.software', '2026-11-23', 20_000],
    ['klein', 'opleiding', 'it.cybersecurity', '2026-11-23', 45_000],
    ['middelgroot', 'advies', 'it.cybersecurity', '2026-11-23', 35_000],
    ['klein', 'opleiding', 'energie.energie-efficientie', '2026-11-23', 45_000],
    ['middelgroot', 'opleiding', 'energie.energie-efficientie', '2026-11-23', 35_000],
    // Energy efficiency raises the rate for training only.
    ['klein', 'advies', 'energie.energie-efficientie', '2025-06-02', 30_000],
    // The increased rate came into force on 2021-09-13.
    ['klein', 'opleiding', 'it.cybersecurity', '2021-09-12', 30_000],
    ['klein', 'opleiding', 'it.cybersecurity', '2021-09-13', 45_000],
    // The 2016 regime until 2019-11-30, the 2019 reform from 2019-12-01.
    ['klein', 'opleiding', 'it.software', '2019-11-30', 40_000],
    ['middelgroot', 'advies', 'hr.werving', '2019-11-30', 30_000],
    ['klein', 'opleiding', 'it.software', '2019-12-01', 30_000],
    ['middelgroot', 'advies', 'hr.werving', '2019-12-01', 20_000],
  ] as const)('%s, %s, %s on %s: € 1.000,00 gives %i cents', (size, service, subtheme, date, expected) => {
    const result = calculateSubsidy(rules, {
      ...base,
      size,
      service,
      subtheme,
      applicationDate: date,
    });
    expect(result.subsidyCents).toBe(expected);
    expect(result.ownContributionCents).toBe(100_000 - expected);
    expect(result.cappedByCeiling).toBe(false);
  });

  it('rounds the subsidy down to the cent: 30 % of € 333,33 is € 99,99, not € 100,00', () => {
    const result = calculateSubsidy(rules, { ...base, projectAmountCents: 33_333 });
    expect(result.subsidyCents).toBe(9_999);
    expect(result.ownContributionCents).toBe(23_334);
  });

  it('rounds down for the odd cent as well: 45 % of € 0,01 is € 0,00', () => {
    const result = calculateSubsidy(rules, { ...base, subtheme: 'it.cybersecurity', projectAmountCents: 1 });
    expect(result.subsidyCents).toBe(0);
    expect(result.ownContributionCents).toBe(1);
  });

  it('flags the increased rate', () => {
    expect(subsidyRate(rules, 'klein', 'opleiding', 'it.cybersecurity', '2026-11-23')).toEqual({
      rateBp: 4500,
      increased: true,
    });
    expect(subsidyRate(rules, 'klein', 'opleiding', 'it.cybersecurity', '2020-05-01')).toEqual({
      rateBp: 3000,
      increased: false,
    });
  });
});

describe('calculateSubsidy: the yearly ceiling', () => {
  it('is € 7.500 for both sizes since 2020, € 10.000 and € 15.000 before', () => {
    expect(yearlyCeilingCents(rules, 'klein', '2026-11-23')).toBe(750_000);
    expect(yearlyCeilingCents(rules, 'middelgroot', '2020-01-01')).toBe(750_000);
    expect(yearlyCeilingCents(rules, 'klein', '2019-12-31')).toBe(1_000_000);
    expect(yearlyCeilingCents(rules, 'middelgroot', '2019-12-31')).toBe(1_500_000);
  });

  it('caps the subsidy at what is left and says so', () => {
    const result = calculateSubsidy(rules, { ...base, ceilingUsedCents: 730_000 });
    expect(result.subsidyByRateCents).toBe(30_000);
    expect(result.subsidyCents).toBe(20_000);
    expect(result.ownContributionCents).toBe(80_000);
    expect(result.ceilingLeftBeforeCents).toBe(20_000);
    expect(result.ceilingLeftAfterCents).toBe(0);
    expect(result.cappedByCeiling).toBe(true);
  });

  it('gives nothing once the ceiling is used up (or over-used by an older regime)', () => {
    for (const used of [750_000, 900_000]) {
      const result = calculateSubsidy(rules, { ...base, ceilingUsedCents: used });
      expect(result.subsidyCents).toBe(0);
      expect(result.ownContributionCents).toBe(100_000);
      expect(result.ceilingLeftBeforeCents).toBe(0);
      expect(result.cappedByCeiling).toBe(true);
    }
  });

  it('refuses amounts that are not whole cents', () => {
    expect(() => calculateSubsidy(rules, { ...base, projectAmountCents: 10.5 })).toThrow(RangeError);
    expect(() => calculateSubsidy(rules, { ...base, projectAmountCents: -1 })).toThrow(RangeError);
    expect(() => calculateSubsidy(rules, { ...base, ceilingUsedCents: -1 })).toThrow(RangeError);
  });

  it('refuses a date before any rule was in force', () => {
    expect(() => calculateSubsidy(rules, { ...base, applicationDate: '2016-03-31' })).toThrow(RangeError);
  });
});

describe('calculateSubsidy: properties', () => {
  const subthemes = themes.flatMap((theme) => theme.subthemes.map((subtheme) => subtheme.code));
  const day = fc
    .integer({ min: 0, max: 365 * 11 })
    .map((offset) => new Date(Date.UTC(2016, 3, 1) + offset * 86_400_000).toISOString().slice(0, 10));
  const input = fc.record({
    size: fc.constantFrom('klein' as const, 'middelgroot' as const),
    service: fc.constantFrom('opleiding' as const, 'advies' as const),
    subtheme: fc.constantFrom(...subthemes),
    projectAmountCents: fc.integer({ min: 0, max: 100_000_000_00 }),
    applicationDate: day,
    ceilingUsedCents: fc.integer({ min: 0, max: 2_000_000 }),
  });

  it('own contribution + subsidy = project amount, both ≥ 0, subsidy ≤ rate and ≤ what is left', () => {
    fc.assert(
      fc.property(input, (candidate) => {
        const result = calculateSubsidy(rules, candidate);
        expect(result.subsidyCents + result.ownContributionCents).toBe(candidate.projectAmountCents);
        expect(result.subsidyCents).toBeGreaterThanOrEqual(0);
        expect(result.ownContributionCents).toBeGreaterThanOrEqual(0);
        expect(result.subsidyCents * 10_000).toBeLessThanOrEqual(
          candidate.projectAmountCents * result.rateBp,
        );
        expect(result.subsidyCents).toBeLessThanOrEqual(result.ceilingLeftBeforeCents);
        expect(candidate.ceilingUsedCents + result.subsidyCents).toBeLessThanOrEqual(
          Math.max(result.ceilingCents, candidate.ceilingUsedCents),
        );
        expect(Number.isInteger(result.subsidyCents)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a sequence of applications in one year never takes more than the ceiling together', () => {
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 12 }), (applications) => {
        let used = 0;
        for (const application of applications) {
          const result = calculateSubsidy(rules, {
            ...application,
            size: 'klein',
            applicationDate: '2026-03-01',
            ceilingUsedCents: used,
          });
          used += result.subsidyCents;
        }
        expect(used).toBeLessThanOrEqual(750_000);
      }),
    );
  });

  it('the subsidy only grows with the project amount (monotone, until the ceiling)', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: 1_000_000 }), (candidate, extra) => {
        const smaller = calculateSubsidy(rules, candidate);
        const larger = calculateSubsidy(rules, {
          ...candidate,
          projectAmountCents: candidate.projectAmountCents + extra,
        });
        expect(larger.subsidyCents).toBeGreaterThanOrEqual(smaller.subsidyCents);
      }),
    );
  });
});
