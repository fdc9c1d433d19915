import { describe, expect, it } from 'vitest';
import {
  formatRuleParameterValue,
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
    expect(formatRuleParameterValue('advice_only_cybersecurity', 1)).toBe('ja');
    expect(formatRuleParameterValue('advice_only_cybersecurity', 0)).toBe('nee');
  });
});
