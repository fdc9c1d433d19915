import { describe, expect, it } from 'vitest';
import { ruleParameters } from '../../migrations/20261123100500_insert_reference_data.js';
import {
  adviceOnlyCybersecurityHint,
  completionDeadline,
  completionDeadlineInForce,
  depositDeadline,
  earliestStartDate,
  projectRefusals,
  type ProjectFacts,
} from './application-rules.js';
import type { RuleParameterRow } from './rule-parameters.js';

const rules: RuleParameterRow[] = ruleParameters.map(([key, valid_from, value]) => ({
  key,
  valid_from,
  value,
}));

const valid: ProjectFacts = {
  applicationDate: '2026-11-23',
  service: 'opleiding',
  subtheme: 'hr.welzijn',
  agreementDate: '2026-11-02',
  startDate: '2026-11-09',
  registrationCostCents: 150_000,
  eligibleCostsCents: 120_000,
};

const fieldsOf = (facts: Partial<ProjectFacts>) =>
  projectRefusals(rules, { ...valid, ...facts }).map((refusal) => refusal.field);

describe('deadlines', () => {
  it('14 days to apply, 30 days to deposit, 31 December of the next year to finish', () => {
    expect(earliestStartDate(rules, '2026-11-23')).toBe('2026-11-09');
    expect(depositDeadline(rules, '2026-11-23')).toBe('2026-12-23');
    expect(depositDeadline(rules, '2026-12-15')).toBe('2027-01-14');
    expect(completionDeadline(rules, '2026-11-23')).toBe('2027-12-31');
  });
});

describe('completion deadline', () => {
  const oneYear: RuleParameterRow[] = [
    { key: 'completion_deadline_years', valid_from: '2016-04-01', value: 1 },
  ];

  it('is 31 December of the year after the application, whatever the day of the year', () => {
    expect(completionDeadlineInForce(oneYear, '2026-01-01')).toBe('2027-12-31');
    expect(completionDeadlineInForce(oneYear, '2026-11-05')).toBe('2027-12-31');
    expect(completionDeadlineInForce(oneYear, '2026-12-31')).toBe('2027-12-31');
    expect(completionDeadlineInForce(oneYear, '2025-12-31')).toBe('2026-12-31');
  });

  it('takes the number of years in force on the application date, not today', () => {
    const changed: RuleParameterRow[] = [
      ...oneYear,
      { key: 'completion_deadline_years', valid_from: '2027-01-01', value: 2 },
    ];
    expect(completionDeadlineInForce(changed, '2026-12-31')).toBe('2027-12-31');
    expect(completionDeadlineInForce(changed, '2027-01-01')).toBe('2029-12-31');
  });

  it('is undefined before any rule was in force; the strict form refuses then', () => {
    expect(completionDeadlineInForce(oneYear, '2016-03-31')).toBeUndefined();
    expect(completionDeadlineInForce([], '2026-11-05')).toBeUndefined();
    expect(() => completionDeadline(oneYear, '2016-03-31')).toThrow(RangeError);
    expect(completionDeadline(oneYear, '2016-04-01')).toBe('2017-12-31');
  });
});

describe('the hint that advice needs the theme cybersecurity', () => {
  it('gives the date of the rule in force, in the Belgian format', () => {
    expect(adviceOnlyCybersecurityHint(rules, '2026-11-23')).toBe(
      'Sinds 01/02/2026 komt advies enkel in aanmerking met het thema cybersecurity.',
    );
  });

  it('follows the parameter: another date gives another hint, from that day on', () => {
    const moved: RuleParameterRow[] = [
      { key: 'advice_only_cybersecurity', valid_from: '2027-03-15', value: 1 },
    ];
    expect(adviceOnlyCybersecurityHint(moved, '2027-03-15')).toBe(
      'Sinds 15/03/2027 komt advies enkel in aanmerking met het thema cybersecurity.',
    );
    expect(adviceOnlyCybersecurityHint(moved, '2027-03-14')).toBeUndefined();
  });

  it('is absent when no such rule is in force', () => {
    expect(adviceOnlyCybersecurityHint(rules, '2026-01-31')).toBeUndefined();
    expect(adviceOnlyCybersecurityHint([], '2026-11-23')).toBeUndefined();
    const lifted: RuleParameterRow[] = [
      { key: 'advice_only_cybersecurity', valid_from: '2026-02-01', value: 1 },
      { key: 'advice_only_cybersecurity', valid_from: '2028-01-01', value: 0 },
    ];
    expect(adviceOnlyCybersecurityHint(lifted, '2027-12-31')).toBe(
      'Sinds 01/02/2026 komt advies enkel in aanmerking met het thema cybersecurity.',
    );
    expect(adviceOnlyCybersecurityHint(lifted, '2028-01-01')).toBeUndefined();
  });
});

describe('projectRefusals', () => {
  it('accepts a valid project', () => {
    expect(projectRefusals(rules, valid)).toEqual([]);
  });

  it('accepts services that started exactly 14 days ago, refuses 15', () => {
    expect(fieldsOf({ startDate: '2026-11-09' })).toEqual([]);
    const refusals = projectRefusals(rules, { ...valid, startDate: '2026-11-08' });
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ field: 'startDate' });
    expect(refusals[0]?.message).toContain('08/11/2026');
    expect(refusals[0]?.message).toContain('op of na 09/11/2026');
  });

  it('accepts services that start later, up to the completion deadline', () => {
    expect(fieldsOf({ startDate: '2027-03-01' })).toEqual([]);
    expect(fieldsOf({ startDate: '2027-12-31' })).toEqual([]);
    expect(fieldsOf({ startDate: '2028-01-01' })).toEqual(['startDate']);
  });

  it('refuses an agreement date in the future, accepts today', () => {
    expect(fieldsOf({ agreementDate: '2026-11-23', startDate: '2026-11-30' })).toEqual([]);
    const refusals = projectRefusals(rules, {
      ...valid,
      agreementDate: '2026-11-24',
      startDate: '2026-11-30',
    });
    expect(refusals.map((refusal) => refusal.field)).toEqual(['agreementDate']);
    expect(refusals[0]?.message).toContain('in de toekomst');
  });

  it('refuses services that start before the agreement', () => {
    expect(fieldsOf({ agreementDate: '2026-11-20', startDate: '2026-11-19' })).toEqual(['startDate']);
  });

  it('refuses eligible costs above the registration cost, accepts equal', () => {
    expect(fieldsOf({ eligibleCostsCents: 150_000 })).toEqual([]);
    const refusals = projectRefusals(rules, { ...valid, eligibleCostsCents: 150_001 });
    expect(refusals.map((refusal) => refusal.field)).toEqual(['eligibleCostsCents']);
    expect(refusals[0]?.message).toContain('€ 1.500,01');
    expect(refusals[0]?.message).toContain('€ 1.500,00');
  });

  it('refuses amounts under the minimum: € 100 for training, € 500 for advice', () => {
    expect(fieldsOf({ eligibleCostsCents: 10_000 })).toEqual([]);
    expect(fieldsOf({ eligibleCostsCents: 9_999 })).toEqual(['eligibleCostsCents']);
    const advice = { service: 'advies' as const, subtheme: 'it.cybersecurity' };
    expect(fieldsOf({ ...advice, eligibleCostsCents: 50_000 })).toEqual([]);
    const refusals = projectRefusals(rules, { ...valid, ...advice, eligibleCostsCents: 49_999 });
    expect(refusals[0]?.message).toContain('minimum van € 500,00 voor advies');
  });

  it('refuses advice outside cybersecurity from 01/02/2026, not before', () => {
    const advice = { service: 'advies' as const, subtheme: 'strategie.swot', eligibleCostsCents: 60_000 };
    const refusals = projectRefusals(rules, { ...valid, ...advice });
    expect(refusals.map((refusal) => refusal.field)).toEqual(['subtheme']);
    expect(refusals[0]?.message).toContain('Sinds 01/02/2026');
    expect(
      fieldsOf({
        ...advice,
        applicationDate: '2026-01-31',
        agreementDate: '2026-01-20',
        startDate: '2026-01-25',
      }),
    ).toEqual([]);
    expect(
      fieldsOf({
        ...advice,
        applicationDate: '2026-02-01',
        agreementDate: '2026-01-20',
        startDate: '2026-01-25',
      }),
    ).toEqual(['subtheme']);
    // Training keeps every theme.
    expect(fieldsOf({ subtheme: 'strategie.swot' })).toEqual([]);
  });
});
