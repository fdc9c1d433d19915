import { addDays, daysBetween, formatDate, yearOf, type IsoDate } from '../../domain/dates.js';
import { valueInForce, type RuleParameterRow } from '../../domain/rule-parameters.js';

/**
 * When the portal reminds whom of which deadline (DOMAIN.md §6: the 14- and
 * 30-day deadlines and the final "pay the provider" step must never lapse
 * silently). Pure date logic; the nightly run (deadline.service.ts) applies it.
 */

/** The deadlines the portal watches. */
export type DeadlineKind = 'deposit' | 'payment' | 'application';

/** Who a reminder goes to: the company, its provider, or the person filling in the wizard. */
export type Audience = 'company' | 'provider' | 'person';

/** Every reminder, by deadline, audience and days before; the CHECK constraint of deadline_reminders lists the same. */
export const reminderKinds = [
  'deposit_company_7d',
  'deposit_company_2d',
  'deposit_provider_7d',
  'payment_company_60d',
  'payment_company_14d',
  'payment_provider_14d',
  'application_person_3d',
  'application_person_1d',
  'renewal_provider_3m',
  'renewal_provider_1m',
] as const;

export type ReminderKind = (typeof reminderKinds)[number];

export interface ReminderRule {
  kind: ReminderKind;
  deadline: DeadlineKind;
  audience: Audience;
  daysBefore: number;
}

/**
 * - deposit of the own contribution (Bevestigd, nothing deposited): the company
 *   7 and 2 days before, the provider 7 days before so it can nudge its client;
 * - paying the provider (Lopend with a balance): the company 60 and 14 days
 *   before the completion deadline, the provider 14 days before;
 * - an application not yet submitted: the person 3 days and 1 day before the
 *   last application day.
 */
export const reminderRules: readonly ReminderRule[] = [
  { kind: 'deposit_company_7d', deadline: 'deposit', audience: 'company', daysBefore: 7 },
  { kind: 'deposit_company_2d', deadline: 'deposit', audience: 'company', daysBefore: 2 },
  { kind: 'deposit_provider_7d', deadline: 'deposit', audience: 'provider', daysBefore: 7 },
  { kind: 'payment_company_60d', deadline: 'payment', audience: 'company', daysBefore: 60 },
  { kind: 'payment_company_14d', deadline: 'payment', audience: 'company', daysBefore: 14 },
  { kind: 'payment_provider_14d', deadline: 'payment', audience: 'provider', daysBefore: 14 },
  { kind: 'application_person_3d', deadline: 'application', audience: 'person', daysBefore: 3 },
  { kind: 'application_person_1d', deadline: 'application', audience: 'person', daysBefore: 1 },
];

export interface DueReminder {
  rule: ReminderRule;
  /** The day the reminder was meant to go out: the deadline minus its days before. */
  dueOn: IsoDate;
}

/**
 * The reminders of this deadline to send on `today`, at most one per audience.
 *
 * A reminder is meant for the day `daysBefore` days before the deadline. When
 * the nightly run did not happen that day (an outage, a deploy at midnight),
 * the next run still sends it, as long as the deadline has not passed and the
 * audience's next reminder is not yet due: each audience gets the latest
 * reminder whose day has come, never a stale one besides it. Whether it went
 * out already is for the caller to check (deadline_reminders, keyed by kind,
 * recipient and `dueOn`), so that every day of its window asks for the same one.
 */
export function dueReminders(deadline: DeadlineKind, deadlineDate: IsoDate, today: IsoDate): DueReminder[] {
  const daysLeft = daysBetween(today, deadlineDate);
  if (daysLeft < 0) return [];
  const due: DueReminder[] = [];
  for (const audience of ['company', 'provider', 'person'] as const) {
    const current = reminderRules
      .filter(
        (rule) => rule.deadline === deadline && rule.audience === audience && rule.daysBefore >= daysLeft,
      )
      .sort((a, b) => a.daysBefore - b.daysBefore)[0];
    if (current) due.push({ rule: current, dueOn: addDays(deadlineDate, -current.daysBefore) });
  }
  return due;
}

/** The reminders before a registration's expiry date, to its provider: 3 months and 1 month before. */
export const renewalReminderRules = [
  { kind: 'renewal_provider_3m', monthsBefore: 3 },
  { kind: 'renewal_provider_1m', monthsBefore: 1 },
] as const satisfies readonly { kind: ReminderKind; monthsBefore: number }[];

/** The furthest a renewal reminder looks ahead: registrations expiring later need nothing yet. */
export const RENEWAL_LEAD_MONTHS = 3;

/**
 * The renewal reminder to send on `today` for a registration valid until
 * `validUntil` (its last valid day), if any. The 3-month reminder is meant for
 * the same day 3 months before (the month's last day when that day does not
 * exist), the 1-month one likewise. As with the other reminders a missed night
 * is caught up, and only the latest reminder whose day has come is due: a
 * registration the run first sees within the last month (approved late, or the
 * portal was down for weeks) gets the 1-month reminder alone, never both. None
 * after the last valid day: the registration expires (L) and needs a new procedure.
 */
export function dueRenewalReminder(
  validUntil: IsoDate,
  today: IsoDate,
): { kind: ReminderKind; dueOn: IsoDate } | undefined {
  if (daysBetween(today, validUntil) < 0) return undefined;
  const current = [...renewalReminderRules]
    .sort((a, b) => a.monthsBefore - b.monthsBefore)
    .map((rule) => ({ kind: rule.kind, dueOn: monthsBefore(validUntil, rule.monthsBefore) }))
    .find((reminder) => reminder.dueOn <= today);
  return current;
}

/** The same day `months` calendar months earlier, or that month's last day when it has fewer days. */
export function monthsBefore(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The longest reminder lead time of a deadline: deadlines further away need nothing yet. */
export function longestLeadDays(deadline: DeadlineKind): number {
  return Math.max(
    ...reminderRules.filter((rule) => rule.deadline === deadline).map((rule) => rule.daysBefore),
  );
}

/**
 * The last day an application can be filed for services starting on
 * `startDate` (the `application_deadline_days` in force on that day), or
 * undefined when no rule was in force then (a typing error such as 1926).
 */
export function applicationDeadlineOf(
  rules: readonly RuleParameterRow[],
  startDate: IsoDate,
): IsoDate | undefined {
  const days = valueInForce(rules, 'application_deadline_days', startDate);
  return days === undefined ? undefined : addDays(startDate, days);
}

/**
 * The application dates whose completion deadline (31 December of the
 * application year + `completion_deadline_years`) can fall between `from` and
 * `to`: a cheap prefilter of the projects before each is checked exactly.
 * Undefined when no rule exists at all.
 */
export function applicationDatesWithCompletionBetween(
  rules: readonly RuleParameterRow[],
  from: IsoDate,
  to: IsoDate,
): { from: IsoDate; to: IsoDate } | undefined {
  const years = rules.filter((row) => row.key === 'completion_deadline_years').map((row) => row.value);
  if (years.length === 0) return undefined;
  return {
    from: `${yearOf(from) - Math.max(...years)}-01-01`,
    to: `${yearOf(to) - Math.min(...years)}-12-31`,
  };
}

/** What lapses a project: the history reason, with the deadline it missed. */
export function lapseReason(depositDeadline: IsoDate): string {
  return `De eigen bijdrage werd niet gestort vóór de uiterste stortingsdatum ${formatDate(depositDeadline)}.`;
}

/** The draft's owner key (`onderneming-<companyId>-persoon-<personId>`, as the wizard writes it) read back. */
export function applicationDraftOwner(owner: string): { companyId: number; personId: number } | undefined {
  const match = /^onderneming-([1-9][0-9]*)-persoon-([1-9][0-9]*)$/.exec(owner);
  if (!match) return undefined;
  return { companyId: Number(match[1]), personId: Number(match[2]) };
}
