import { addDays, formatDate, yearOf, type IsoDate } from './dates.js';
import { formatEuro } from './money.js';
import { parameterInForce, valueInForce, type RuleParameterRow } from './rule-parameters.js';
import { serviceLabels, type Service } from './subsidy-terms.js';
import { minimumProjectAmountCents, requiredValue } from './subsidy.js';
import { CYBERSECURITY } from './themes.js';

/**
 * The rules an application's project data must meet on its application date
 * (DOMAIN.md §5 and §6), as pure functions. Each refusal names the form field
 * it belongs beside and says, in Dutch, what is wrong and what is allowed.
 */

export interface ProjectFacts {
  applicationDate: IsoDate;
  service: Service;
  subtheme: string;
  agreementDate: IsoDate;
  startDate: IsoDate;
  registrationCostCents: number;
  eligibleCostsCents: number;
}

export interface Refusal {
  field: keyof ProjectFacts;
  message: string;
}

/** The last day an application may be filed for services that start on `startDate`. */
export function lastApplicationDate(rules: readonly RuleParameterRow[], startDate: IsoDate): IsoDate {
  return addDays(startDate, requiredValue(rules, 'application_deadline_days', startDate));
}

/** The earliest start of the services that can still be applied for on `applicationDate`. */
export function earliestStartDate(rules: readonly RuleParameterRow[], applicationDate: IsoDate): IsoDate {
  return addDays(applicationDate, -requiredValue(rules, 'application_deadline_days', applicationDate));
}

/** The own contribution must be deposited by this date, or the project lapses. */
export function depositDeadline(rules: readonly RuleParameterRow[], applicationDate: IsoDate): IsoDate {
  return addDays(applicationDate, requiredValue(rules, 'deposit_deadline_days', applicationDate));
}

/**
 * The last day to have the services finished and the provider paid (DOMAIN.md
 * §6): 31 December of the application's year plus the `completion_deadline_years`
 * in force on the application date (1 today: 31 December of the next year).
 * Undefined when no such rule was in force on that date. The one place this
 * deadline is computed: pages, PDFs, mails, reminders and the seeds use it.
 */
export function completionDeadlineInForce(
  rules: readonly RuleParameterRow[],
  applicationDate: IsoDate,
): IsoDate | undefined {
  const years = valueInForce(rules, 'completion_deadline_years', applicationDate);
  return years === undefined ? undefined : `${yearOf(applicationDate) + years}-12-31`;
}

/** {@link completionDeadlineInForce} for an application that must have the rule (a new one): throws without it. */
export function completionDeadline(rules: readonly RuleParameterRow[], applicationDate: IsoDate): IsoDate {
  const deadline = completionDeadlineInForce(rules, applicationDate);
  if (deadline === undefined) {
    throw new RangeError(`No rule parameter completion_deadline_years in force on ${applicationDate}`);
  }
  return deadline;
}

/**
 * Since when advice is only eligible with the theme cybersecurity (the flag
 * `advice_only_cybersecurity`, in force since 2026-02-01): the first day of the
 * row in force on `date` when that row says yes; undefined when the rule is not
 * in force on that date.
 */
export function adviceOnlyCybersecuritySince(
  rules: readonly RuleParameterRow[],
  date: IsoDate,
): IsoDate | undefined {
  const row = parameterInForce(rules, 'advice_only_cybersecurity', date);
  return row?.value === 1 ? row.valid_from : undefined;
}

/**
 * The hint beside the choice of advice, in both wizards (a provider's
 * registration, a company's application): `Sinds 01/02/2026 komt advies enkel
 * in aanmerking met het thema cybersecurity.`, with the date of the rule in
 * force on `date`; undefined when no such rule is in force.
 */
export function adviceOnlyCybersecurityHint(
  rules: readonly RuleParameterRow[],
  date: IsoDate,
): string | undefined {
  const since = adviceOnlyCybersecuritySince(rules, date);
  return since
    ? `Sinds ${formatDate(since)} komt advies enkel in aanmerking met het thema cybersecurity.`
    : undefined;
}

export function projectRefusals(rules: readonly RuleParameterRow[], facts: ProjectFacts): Refusal[] {
  const refusals: Refusal[] = [];
  const today = facts.applicationDate;

  if (facts.agreementDate > today) {
    refusals.push({
      field: 'agreementDate',
      message: `De datum van de overeenkomst ligt in de toekomst. Vul de datum in waarop u de overeenkomst met de dienstverlener sloot (uiterlijk ${formatDate(today)}).`,
    });
  }

  const earliest = earliestStartDate(rules, today);
  const days = requiredValue(rules, 'application_deadline_days', today);
  if (facts.startDate < earliest) {
    refusals.push({
      field: 'startDate',
      message: `De dienstverlening startte op ${formatDate(facts.startDate)}. U kunt steun aanvragen tot ${days} kalenderdagen na de start, dus voor diensten die startten op of na ${formatDate(earliest)}.`,
    });
  } else {
    const completion = completionDeadline(rules, today);
    if (facts.startDate > completion) {
      refusals.push({
        field: 'startDate',
        message: `De dienstverlening moet afgewerkt en betaald zijn uiterlijk ${formatDate(completion)}. Een startdatum na die dag kan niet.`,
      });
    } else if (facts.agreementDate <= today && facts.startDate < facts.agreementDate) {
      refusals.push({
        field: 'startDate',
        message: `De dienstverlening kan niet starten vóór de overeenkomst (${formatDate(facts.agreementDate)}).`,
      });
    }
  }

  if (facts.eligibleCostsCents > facts.registrationCostCents) {
    refusals.push({
      field: 'eligibleCostsCents',
      message: `De subsidiabele kosten (${formatEuro(facts.eligibleCostsCents)}) kunnen niet hoger zijn dan de inschrijvingskost (${formatEuro(facts.registrationCostCents)}).`,
    });
    refusals.push(...amountAndThemeRefusals(rules, { ...facts, eligibleCostsCents: undefined }));
  } else {
    refusals.push(...amountAndThemeRefusals(rules, facts));
  }

  return refusals;
}

/**
 * The refusals that depend only on the service, the subtheme and the project
 * amount: under the minimum amount of the service, advice outside the theme
 * cybersecurity. The submit refuses them (projectRefusals); the project page's
 * live calculation warns about them while the user types, with the same words.
 * An amount that is not (yet) known is not judged.
 */
export function amountAndThemeRefusals(
  rules: readonly RuleParameterRow[],
  facts: {
    applicationDate: IsoDate;
    service: Service;
    subtheme: string | undefined;
    eligibleCostsCents: number | undefined;
  },
): Refusal[] {
  const refusals: Refusal[] = [];
  const today = facts.applicationDate;
  if (facts.eligibleCostsCents !== undefined) {
    const minimum = minimumProjectAmountCents(rules, facts.service, today);
    if (facts.eligibleCostsCents < minimum) {
      refusals.push({
        field: 'eligibleCostsCents',
        message: `Het projectbedrag (${formatEuro(facts.eligibleCostsCents)}) is lager dan het minimum van ${formatEuro(minimum)} voor ${serviceLabels[facts.service].toLowerCase()}.`,
      });
    }
  }

  const adviceHint = adviceOnlyCybersecurityHint(rules, today);
  if (facts.service === 'advies' && facts.subtheme && facts.subtheme !== CYBERSECURITY && adviceHint) {
    refusals.push({
      field: 'subtheme',
      message: `${adviceHint} Kies het subthema Cybersecurity, of vraag steun aan voor een opleiding.`,
    });
  }
  return refusals;
}
