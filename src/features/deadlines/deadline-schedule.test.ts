import { describe, expect, it } from 'vitest';
import { completionDeadlineInForce } from '../../domain/application-rules.js';
import { addDays } from '../../domain/dates.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';
import {
  applicationDatesWithCompletionBetween,
  applicationDeadlineOf,
  applicationDraftOwner,
  dueRenewalReminder,
  dueReminders,
  lapseReason,
  monthsBefore,
  longestLeadDays,
  reminderRules,
} from './deadline-schedule.js';

/** `dueReminders` as `audience:kind@dueOn` strings, easy to compare. */
function due(deadline: Parameters<typeof dueReminders>[0], deadlineDate: string, today: string): string[] {
  return dueReminders(deadline, deadlineDate, today).map(
    (reminder) => `${reminder.rule.audience}:${reminder.rule.kind}@${reminder.dueOn}`,
  );
}

describe('deposit reminders (deadline 30/11/2026)', () => {
  const deadline = '2026-11-30';

  it('are not due more than 7 days before the deadline', () => {
    expect(due('deposit', deadline, '2026-11-22')).toEqual([]);
  });

  it('go to the company and the provider 7 days before', () => {
    expect(due('deposit', deadline, '2026-11-23')).toEqual([
      'company:deposit_company_7d@2026-11-23',
      'provider:deposit_provider_7d@2026-11-23',
    ]);
  });

  it('go to the company alone 2 days before; the provider has no second reminder', () => {
    expect(due('deposit', deadline, '2026-11-28')).toEqual([
      'company:deposit_company_2d@2026-11-28',
      'provider:deposit_provider_7d@2026-11-23',
    ]);
  });

  it('ask for the same reminder on every day of its window, so a missed night is caught up once', () => {
    for (const today of ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) {
      expect(due('deposit', deadline, today)).toEqual([
        'company:deposit_company_7d@2026-11-23',
        'provider:deposit_provider_7d@2026-11-23',
      ]);
    }
    expect(due('deposit', deadline, '2026-11-29')[0]).toBe('company:deposit_company_2d@2026-11-28');
    expect(due('deposit', deadline, '2026-11-30')[0]).toBe('company:deposit_company_2d@2026-11-28');
  });

  it('stop once the deadline passed', () => {
    expect(due('deposit', deadline, '2026-12-01')).toEqual([]);
  });
});

describe('payment reminders (completion deadline 31/12/2026)', () => {
  const deadline = '2026-12-31';

  it('go to the company 60 days before, to company and provider 14 days before', () => {
    expect(due('payment', deadline, '2026-10-31')).toEqual([]);
    expect(due('payment', deadline, '2026-11-01')).toEqual(['company:payment_company_60d@2026-11-01']);
    expect(due('payment', deadline, '2026-12-16')).toEqual(['company:payment_company_60d@2026-11-01']);
    expect(due('payment', deadline, '2026-12-17')).toEqual([
      'company:payment_company_14d@2026-12-17',
      'provider:payment_provider_14d@2026-12-17',
    ]);
    expect(due('payment', deadline, '2027-01-01')).toEqual([]);
  });
});

describe('application reminders (last application day 10/12/2026)', () => {
  it('go to the person 3 days and 1 day before', () => {
    const deadline = '2026-12-10';
    expect(due('application', deadline, '2026-12-06')).toEqual([]);
    expect(due('application', deadline, '2026-12-07')).toEqual(['person:application_person_3d@2026-12-07']);
    expect(due('application', deadline, '2026-12-08')).toEqual(['person:application_person_3d@2026-12-07']);
    expect(due('application', deadline, '2026-12-09')).toEqual(['person:application_person_1d@2026-12-09']);
    expect(due('application', deadline, '2026-12-10')).toEqual(['person:application_person_1d@2026-12-09']);
    expect(due('application', deadline, '2026-12-11')).toEqual([]);
  });
});

describe('the schedule', () => {
  it('has one kind per rule and the lead times of DOMAIN.md', () => {
    expect(new Set(reminderRules.map((rule) => rule.kind)).size).toBe(reminderRules.length);
    expect(longestLeadDays('deposit')).toBe(7);
    expect(longestLeadDays('payment')).toBe(60);
    expect(longestLeadDays('application')).toBe(3);
  });
});

const rules: RuleParameterRow[] = [
  { key: 'application_deadline_days', valid_from: '2016-04-01', value: 14 },
  { key: 'completion_deadline_years', valid_from: '2016-04-01', value: 1 },
];

describe('applicationDeadlineOf', () => {
  it('is 14 calendar days after the start of the services', () => {
    expect(applicationDeadlineOf(rules, '2026-11-26')).toBe('2026-12-10');
    expect(applicationDeadlineOf(rules, '2026-12-20')).toBe('2027-01-03');
  });

  it('uses the number of days in force on the start date', () => {
    const changed = [...rules, { key: 'application_deadline_days', valid_from: '2027-01-01', value: 30 }];
    expect(applicationDeadlineOf(changed, '2026-12-31')).toBe('2027-01-14');
    expect(applicationDeadlineOf(changed, '2027-01-01')).toBe('2027-01-31');
  });

  it('is undefined before any rule was in force', () => {
    expect(applicationDeadlineOf(rules, '1926-11-26')).toBeUndefined();
  });
});

describe('applicationDatesWithCompletionBetween', () => {
  it('covers the application years whose 31 December deadline can fall in the window', () => {
    expect(applicationDatesWithCompletionBetween(rules, '2026-11-23', '2027-01-22')).toEqual({
      from: '2025-01-01',
      to: '2026-12-31',
    });
  });

  it('widens to every value the rule ever had', () => {
    const changed = [...rules, { key: 'completion_deadline_years', valid_from: '2027-01-01', value: 2 }];
    expect(applicationDatesWithCompletionBetween(changed, '2026-11-23', '2026-12-31')).toEqual({
      from: '2024-01-01',
      to: '2025-12-31',
    });
  });

  it('never leaves out an application whose completion deadline falls in the window', () => {
    const changed = [...rules, { key: 'completion_deadline_years', valid_from: '2027-01-01', value: 2 }];
    // Holds 31/12/2027 (applied in 2026, one year) and 31/12/2029 (applied in 2027, two years).
    const from = '2027-12-01';
    const to = '2030-01-15';
    const range = applicationDatesWithCompletionBetween(changed, from, to);
    const missed: string[] = [];
    let inWindow = 0;
    for (let date = '2025-01-01'; date <= '2029-12-31'; date = addDays(date, 1)) {
      const deadline = completionDeadlineInForce(changed, date);
      if (!deadline || deadline < from || deadline > to) continue;
      inWindow += 1;
      if (!(range && date >= range.from && date <= range.to)) missed.push(date);
    }
    expect(inWindow).toBe(365 + 365);
    expect(missed).toEqual([]);
  });

  it('is undefined without the rule', () => {
    expect(applicationDatesWithCompletionBetween([], '2026-11-23', '2027-01-22')).toBeUndefined();
  });
});

describe('texts', () => {
  it('give the reason of a lapse with the missed deadline', () => {
    expect(lapseReason('2026-11-30')).toBe(
      'De eigen bijdrage werd niet gestort vóór de uiterste stortingsdatum 30/11/2026.',
    );
  });
});

describe('applicationDraftOwner', () => {
  it('reads the company and the person from the owner key the wizard writes', () => {
    expect(applicationDraftOwner('onderneming-12-persoon-7')).toEqual({ companyId: 12, personId: 7 });
  });

  it.each([
    'provider-account:12',
    'onderneming-12-persoon-',
    'onderneming-0-persoon-7',
    'x-onderneming-1-persoon-2',
  ])('refuses %s', (owner) => {
    expect(applicationDraftOwner(owner)).toBeUndefined();
  });
});

describe('renewal reminders (registration valid until 31/05/2031)', () => {
  const validUntil = '2031-05-31';
  const due = (today: string) => {
    const reminder = dueRenewalReminder(validUntil, today);
    return reminder ? `${reminder.kind}@${reminder.dueOn}` : undefined;
  };

  it('are not due more than 3 months before the expiry date', () => {
    expect(due('2031-02-27')).toBeUndefined();
    expect(due('2030-06-01')).toBeUndefined();
  });

  it('send the 3-month reminder from the last day of February (31 May minus 3 months) on', () => {
    expect(due('2031-02-28')).toBe('renewal_provider_3m@2031-02-28');
    expect(due('2031-04-29')).toBe('renewal_provider_3m@2031-02-28');
  });

  it('send the 1-month reminder from 30 April on, until the last valid day', () => {
    expect(due('2031-04-30')).toBe('renewal_provider_1m@2031-04-30');
    expect(due('2031-05-31')).toBe('renewal_provider_1m@2031-04-30');
  });

  it('send nothing once the registration is past its last valid day', () => {
    expect(due('2031-06-01')).toBeUndefined();
  });

  it('give a registration first seen within the last month the 1-month reminder alone', () => {
    // The same key (kind and day meant) on every day of the window: the register keeps it once.
    expect(due('2031-05-20')).toBe('renewal_provider_1m@2031-04-30');
  });
});

describe('monthsBefore', () => {
  it('keeps the day, or takes the last day of a shorter month, across years and leap years', () => {
    expect(monthsBefore('2031-05-15', 3)).toBe('2031-02-15');
    expect(monthsBefore('2031-05-31', 3)).toBe('2031-02-28');
    expect(monthsBefore('2032-05-31', 3)).toBe('2032-02-29');
    expect(monthsBefore('2031-03-31', 1)).toBe('2031-02-28');
    expect(monthsBefore('2031-01-31', 3)).toBe('2030-10-31');
    expect(monthsBefore('2031-02-28', 3)).toBe('2030-11-28');
  });
});
