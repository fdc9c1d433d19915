import { yearOf, type IsoDate } from './dates.js';
import { applyBasisPoints } from './money.js';
import {
  minimumProjectAmountKey,
  subsidyRateKey,
  valueInForce,
  yearlyCeilingKey,
  type EligibleCompanySize,
  type RuleParameterKey,
  type RuleParameterRow,
} from './rule-parameters.js';
import type { Service } from './subsidy-terms.js';
import { CYBERSECURITY, ENERGY_EFFICIENCY } from './themes.js';

/**
 * The subsidy of an application (DOMAIN.md §6), as pure functions over the
 * dated rule parameters: every figure is the one in force on the application
 * date, so a later decree never changes an existing project.
 *
 * Rounding: the subsidy is the rate applied to the project amount, rounded
 * **down** to the cent (the subsidy never exceeds the rate), then capped by
 * what is left of the yearly ceiling. The own contribution is the rest, so
 * own contribution + subsidy = project amount exactly, always.
 */

/** A rule that must be in force for any application; its absence is a configuration error. */
export function requiredValue(
  rules: readonly RuleParameterRow[],
  key: RuleParameterKey,
  date: IsoDate,
): number {
  const value = valueInForce(rules, key, date);
  if (value === undefined) throw new RangeError(`No rule parameter ${key} in force on ${date}`);
  return value;
}

/**
 * The increased rate applies to the theme cybersecurity (training and advice)
 * and to training in energy efficiency, from the date it came into force.
 */
export function qualifiesForIncreasedRate(service: Service, subtheme: string): boolean {
  return subtheme === CYBERSECURITY || (service === 'opleiding' && subtheme === ENERGY_EFFICIENCY);
}

/** The rate in basis points on `date`, and whether it is the increased one. */
export function subsidyRate(
  rules: readonly RuleParameterRow[],
  size: EligibleCompanySize,
  service: Service,
  subtheme: string,
  date: IsoDate,
): { rateBp: number; increased: boolean } {
  const normal = requiredValue(rules, subsidyRateKey(size), date);
  if (!qualifiesForIncreasedRate(service, subtheme)) return { rateBp: normal, increased: false };
  // Before 2021-09-13 there was no increased rate: the normal one applies.
  const increased = valueInForce(rules, subsidyRateKey(size, true), date);
  return increased === undefined
    ? { rateBp: normal, increased: false }
    : { rateBp: increased, increased: true };
}

/** The subsidy an enterprise of this size may receive in the calendar year of `date`. */
export function yearlyCeilingCents(
  rules: readonly RuleParameterRow[],
  size: EligibleCompanySize,
  date: IsoDate,
): number {
  return requiredValue(rules, yearlyCeilingKey(size), date);
}

export function minimumProjectAmountCents(
  rules: readonly RuleParameterRow[],
  service: Service,
  date: IsoDate,
): number {
  return requiredValue(rules, minimumProjectAmountKey(service), date);
}

export interface SubsidyInput {
  size: EligibleCompanySize;
  service: Service;
  subtheme: string;
  projectAmountCents: number;
  applicationDate: IsoDate;
  /** Subsidy already taken by the enterprise's other projects in the application's calendar year. */
  ceilingUsedCents: number;
}

export interface SubsidyCalculation {
  projectAmountCents: number;
  rateBp: number;
  increasedRate: boolean;
  /** The rate applied to the project amount, before the ceiling. */
  subsidyByRateCents: number;
  subsidyCents: number;
  ownContributionCents: number;
  year: number;
  ceilingCents: number;
  ceilingLeftBeforeCents: number;
  ceilingLeftAfterCents: number;
  /** The ceiling made the subsidy smaller than the rate gives. */
  cappedByCeiling: boolean;
}

export function calculateSubsidy(
  rules: readonly RuleParameterRow[],
  input: SubsidyInput,
): SubsidyCalculation {
  const { projectAmountCents, applicationDate } = input;
  if (!Number.isSafeInteger(projectAmountCents) || projectAmountCents < 0) {
    throw new RangeError(`A project amount is whole cents ≥ 0, got ${projectAmountCents}`);
  }
  if (!Number.isSafeInteger(input.ceilingUsedCents) || input.ceilingUsedCents < 0) {
    throw new RangeError(`Ceiling used is whole cents ≥ 0, got ${input.ceilingUsedCents}`);
  }
  const { rateBp, increased } = subsidyRate(
    rules,
    input.size,
    input.service,
    input.subtheme,
    applicationDate,
  );
  const ceilingCents = yearlyCeilingCents(rules, input.size, applicationDate);
  const ceilingLeftBeforeCents = Math.max(0, ceilingCents - input.ceilingUsedCents);
  const subsidyByRateCents = applyBasisPoints(projectAmountCents, rateBp);
  const subsidyCents = Math.min(subsidyByRateCents, ceilingLeftBeforeCents);
  return {
    projectAmountCents,
    rateBp,
    increasedRate: increased,
    subsidyByRateCents,
    subsidyCents,
    ownContributionCents: projectAmountCents - subsidyCents,
    year: yearOf(applicationDate),
    ceilingCents,
    ceilingLeftBeforeCents,
    ceilingLeftAfterCents: ceilingLeftBeforeCents - subsidyCents,
    cappedByCeiling: subsidyCents < subsidyByRateCents,
  };
}
