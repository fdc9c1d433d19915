import { describe, expect, it } from 'vitest';
import { ruleParameters } from '../../migrations/20261123100500_insert_reference_data.js';
import { registrationValidityParameters } from '../../migrations/20261207130000_add_rule_parameter_authors.js';
import {
  earliestValidFrom,
  validFromRefusal,
  formatRuleParameterValue,
  parseRuleParameterInput,
  registrationValidityInForce,
  registrationValidityKey,
  ruleParameterDefinitions,
  ruleParameterGroups,
  isRuleParameterKey,
  minimumProjectAmountKey,
  parameterInForce,
  ruleParameterKeys,
  ruleParameterLabels,
  subsidyRateKey,
  valueInForce,
  yearlyCeilingKey,
  type RuleParameterRow,
} from './rule-parameters.js';

// A history as the reference data migration holds it, in no particular order.
const rows: (RuleParameterRow & { id: number })[] = [
  { id: 3, key: 'subsidy_rate_bp.klein', valid_from: '2019-12-01', value: 3000 },
  { id: 1, key: 'subsidy_rate_bp.klein', valid_from: '2016-04-01', value: 4000 },
  { id: 2, key: 'subsidy_rate_bp.middelgroot', valid_from: '2016-04-01', value: 3000 },
  { id: 4, key: 'subsidy_rate_bp.middelgroot', valid_from: '2019-12-01', value: 2000 },
  { id: 5, key: 'yearly_ceiling_cents.klein', valid_from: '2016-04-01', value: 1_000_000 },
  { id: 6, key: 'yearly_ceiling_cents.klein', valid_from: '2020-01-01', value: 750_000 },
  { id: 7, key: 'subsidy_rate_bp_increased.klein', valid_from: '2021-09-13', value: 4500 },
  { id: 8, key: 'advice_only_cybersecurity', valid_from: '2016-04-01', value: 0 },
  { id: 9, key: 'advice_only_cybersecurity', valid_from: '2026-02-01', value: 1 },
];

describe('parameterInForce', () => {
  it('takes the row with the latest valid_from on or before the date', () => {
    expect(parameterInForce(rows, 'subsidy_rate_bp.klein', '2018-06-15')?.id).toBe(1);
    expect(parameterInForce(rows, 'subsidy_rate_bp.klein', '2026-03-05')?.id).toBe(3);
    expect(parameterInForce(rows, 'subsidy_rate_bp.middelgroot', '2026-03-05')?.value).toBe(2000);
  });

  it('applies a new value from its first day, not the day before', () => {
    expect(valueInForce(rows, 'subsidy_rate_bp.klein', '2019-11-30')).toBe(4000);
    expect(valueInForce(rows, 'subsidy_rate_bp.klein', '2019-12-01')).toBe(3000);
    expect(valueInForce(rows, 'yearly_ceiling_cents.klein', '2019-12-31')).toBe(1_000_000);
    expect(valueInForce(rows, 'yearly_ceiling_cents.klein', '2020-01-01')).toBe(750_000);
    expect(valueInForce(rows, 'advice_only_cybersecurity', '2026-01-31')).toBe(0);
    expect(valueInForce(rows, 'advice_only_cybersecurity', '2026-02-01')).toBe(1);
  });

  it('finds nothing before the first value came into force', () => {
    expect(parameterInForce(rows, 'subsidy_rate_bp.klein', '2016-03-31')).toBeUndefined();
    expect(parameterInForce(rows, 'subsidy_rate_bp_increased.klein', '2021-09-12')).toBeUndefined();
    expect(valueInForce(rows, 'subsidy_rate_bp_increased.klein', '2021-09-13')).toBe(4500);
  });

  it('finds nothing for a key without rows', () => {
    expect(parameterInForce(rows, 'deposit_deadline_days', '2026-03-05')).toBeUndefined();
    expect(parameterInForce([], 'subsidy_rate_bp.klein', '2026-03-05')).toBeUndefined();
  });
});

describe('keys', () => {
  it('has a Dutch label for every key', () => {
    for (const key of ruleParameterKeys) expect(ruleParameterLabels[key].length).toBeGreaterThan(5);
  });

  it('builds keys by size and service', () => {
    expect(subsidyRateKey('klein')).toBe('subsidy_rate_bp.klein');
    expect(subsidyRateKey('middelgroot', true)).toBe('subsidy_rate_bp_increased.middelgroot');
    expect(yearlyCeilingKey('middelgroot')).toBe('yearly_ceiling_cents.middelgroot');
    expect(minimumProjectAmountKey('advies')).toBe('minimum_project_amount_cents.advies');
  });

  it('recognises keys', () => {
    expect(isRuleParameterKey('deposit_deadline_days')).toBe(true);
    expect(isRuleParameterKey('subsidy_rate_bp.groot')).toBe(false);
  });
});

describe('formatRuleParameterValue', () => {
  it('writes each unit as users read it', () => {
    expect(formatRuleParameterValue('subsidy_rate_bp.klein', 3000)).toBe('30 %');
    expect(formatRuleParameterValue('yearly_ceiling_cents.klein', 750_000)).toBe('€ 7.500,00');
    expect(formatRuleParameterValue('deposit_deadline_days', 30)).toBe('30 dagen');
    expect(formatRuleParameterValue('completion_deadline_years', 1)).toBe('1 jaar');
    expect(formatRuleParameterValue('deposit_deadline_days', 1)).toBe('1 dag');
    expect(formatRuleParameterValue('registration_validity_years', 5)).toBe('5 jaar');
    expect(formatRuleParameterValue('subsidy_rate_bp.klein', 1250)).toBe('12,5 %');
    expect(formatRuleParameterValue('advice_only_cybersecurity', 1)).toBe('Ja');
    expect(formatRuleParameterValue('advice_only_cybersecurity', 0)).toBe('Nee');
  });
});

describe('parseRuleParameterInput', () => {
  it.each([
    ['basis_points', '30', 3000],
    ['basis_points', '12,5 %', 1250],
    ['basis_points', '12.25', 1225],
    ['basis_points', '0', 0],
    ['basis_points', '100', 10000],
    ['cents', '7.500,00', 750_000],
    ['cents', '7500', 750_000],
    ['cents', '7500,5', 750_050],
    ['cents', '1.234,56', 123_456],
    ['cents', '€ 1.234.567,89', 123_456_789],
    ['cents', '1234.56', 123_456],
    ['cents', '1.234', 123_400],
    ['days', '14', 14],
    ['days', ' 30 ', 30],
    ['days', '3650', 3650],
    ['years', '5', 5],
    ['years', '50', 50],
    ['flag', 'ja', 1],
    ['flag', 'Nee', 0],
  ] as const)('reads %s %j as %i', (unit, input, expected) => {
    expect(parseRuleParameterInput(unit, input)).toBe(expected);
  });

  it.each([
    ['basis_points', ''],
    ['basis_points', '100,01'],
    ['basis_points', '12,345'],
    ['basis_points', '-5'],
    ['basis_points', 'dertig'],
    ['cents', ''],
    ['cents', '7.500,001'],
    ['cents', '1.23.4'],
    ['cents', '-100'],
    ['cents', '7,500.00'],
    ['cents', 'zeven'],
    ['days', '0'],
    ['days', '14,5'],
    ['days', '3651'],
    ['days', '-1'],
    ['days', 'veertien'],
    ['years', '0'],
    ['years', '51'],
    ['years', '2.5'],
    ['flag', ''],
    ['flag', '1'],
    ['flag', 'misschien'],
  ] as const)('refuses %s %j', (unit, input) => {
    expect(parseRuleParameterInput(unit, input)).toBeUndefined();
  });
});

describe('groups', () => {
  it('puts every key in one of the groups', () => {
    for (const key of ruleParameterKeys) {
      expect(ruleParameterGroups).toContain(ruleParameterDefinitions[key].group);
    }
    for (const group of ruleParameterGroups) {
      expect(ruleParameterKeys.some((key) => ruleParameterDefinitions[key].group === group)).toBe(true);
    }
  });
});

describe('registration validity', () => {
  const reference: RuleParameterRow[] = [...ruleParameters, ...registrationValidityParameters].map(
    ([key, valid_from, value]) => ({ key, valid_from, value }),
  );

  it('is 5 years, or 2 when conditional, as the reference data has it', () => {
    expect(valueInForce(reference, registrationValidityKey(false), '2026-11-18')).toBe(5);
    expect(valueInForce(reference, registrationValidityKey(true), '2026-11-18')).toBe(2);
    expect(registrationValidityInForce(reference, '2026-11-18')).toEqual({ years: 5, conditionalYears: 2 });
  });

  it('follows a new value from its first day', () => {
    const changed: RuleParameterRow[] = [
      ...reference,
      { key: 'registration_validity_years', valid_from: '2027-01-01', value: 4 },
    ];
    expect(registrationValidityInForce(changed, '2026-12-31')).toEqual({ years: 5, conditionalYears: 2 });
    expect(registrationValidityInForce(changed, '2027-01-01')).toEqual({ years: 4, conditionalYears: 2 });
  });

  it('throws before the rule was in force', () => {
    expect(() => registrationValidityInForce(reference, '2016-03-31')).toThrow(RangeError);
  });

  it('has a value for every key in the reference data from 1 April 2016', () => {
    for (const key of ruleParameterKeys) {
      if (key.startsWith('subsidy_rate_bp_increased.')) continue; // since 2021-09-13
      expect(parameterInForce(reference, key, '2016-04-01'), key).toBeDefined();
    }
  });
});

describe('earliestValidFrom', () => {
  it('is tomorrow, also across a month and a year', () => {
    expect(earliestValidFrom('2026-11-18')).toBe('2026-11-19');
    expect(earliestValidFrom('2026-11-30')).toBe('2026-12-01');
    expect(earliestValidFrom('2026-12-31')).toBe('2027-01-01');
  });
});

describe('validFromRefusal', () => {
  it('refuses today and earlier, naming tomorrow; accepts tomorrow and later', () => {
    const message = 'Een nieuwe waarde geldt ten vroegste vanaf morgen: kies 19/11/2026 of later.';
    expect(validFromRefusal('2026-11-18', '2026-11-18')).toBe(message);
    expect(validFromRefusal('2026-11-18', '2020-01-01')).toBe(message);
    expect(validFromRefusal('2026-11-18', '2026-11-19')).toBeUndefined();
    expect(validFromRefusal('2026-11-18', '2027-01-01')).toBeUndefined();
  });
});
