import type { IsoDate } from './dates.js';
import { formatBasisPoints, formatEuro } from './money.js';
import type { CompanySize, Service } from './subsidy-terms.js';

/**
 * The dated rule parameters of DOMAIN.md §6. Every figure of the rules is a row
 * (key, valid_from, value) in `rule_parameters`; an application uses the value
 * in force on its application date, so a new decree adds rows and never changes
 * existing projects. Values are integers: basis points (3000 = 30 %), cents,
 * days, years, or a flag (0 = no, 1 = yes).
 */
export const ruleParameterKeys = [
  'subsidy_rate_bp.klein',
  'subsidy_rate_bp.middelgroot',
  'subsidy_rate_bp_increased.klein',
  'subsidy_rate_bp_increased.middelgroot',
  'yearly_ceiling_cents.klein',
  'yearly_ceiling_cents.middelgroot',
  'minimum_project_amount_cents.opleiding',
  'minimum_project_amount_cents.advies',
  'advice_only_cybersecurity',
  'application_deadline_days',
  'deposit_deadline_days',
  'completion_deadline_years',
] as const;

export type RuleParameterKey = (typeof ruleParameterKeys)[number];

export type RuleParameterUnit = 'basis_points' | 'cents' | 'days' | 'years' | 'flag';

export interface RuleParameterDefinition {
  label: string;
  unit: RuleParameterUnit;
}

export const ruleParameterDefinitions: Record<RuleParameterKey, RuleParameterDefinition> = {
  'subsidy_rate_bp.klein': { label: 'Steunpercentage kleine onderneming', unit: 'basis_points' },
  'subsidy_rate_bp.middelgroot': { label: 'Steunpercentage middelgrote onderneming', unit: 'basis_points' },
  'subsidy_rate_bp_increased.klein': {
    label: 'Verhoogd steunpercentage kleine onderneming (thema cybersecurity; opleiding energie-efficiëntie)',
    unit: 'basis_points',
  },
  'subsidy_rate_bp_increased.middelgroot': {
    label:
      'Verhoogd steunpercentage middelgrote onderneming (thema cybersecurity; opleiding energie-efficiëntie)',
    unit: 'basis_points',
  },
  'yearly_ceiling_cents.klein': {
    label: 'Steunplafond per kalenderjaar, opleiding en advies samen, kleine onderneming',
    unit: 'cents',
  },
  'yearly_ceiling_cents.middelgroot': {
    label: 'Steunplafond per kalenderjaar, opleiding en advies samen, middelgrote onderneming',
    unit: 'cents',
  },
  'minimum_project_amount_cents.opleiding': { label: 'Minimaal projectbedrag opleiding', unit: 'cents' },
  'minimum_project_amount_cents.advies': { label: 'Minimaal projectbedrag advies', unit: 'cents' },
  advice_only_cybersecurity: {
    label: 'Advies komt enkel in aanmerking voor het thema cybersecurity',
    unit: 'flag',
  },
  application_deadline_days: {
    label: 'Aanvraag uiterlijk dit aantal kalenderdagen na de start van de dienstverlening',
    unit: 'days',
  },
  deposit_deadline_days: {
    label: 'Storting van de eigen bijdrage binnen dit aantal kalenderdagen na de aanvraag',
    unit: 'days',
  },
  completion_deadline_years: {
    label: 'Diensten afgewerkt en betaald uiterlijk 31 december, dit aantal jaren na het aanvraagjaar',
    unit: 'years',
  },
};

/** Dutch labels of the keys, for the agency's rules page. */
export const ruleParameterLabels: Record<RuleParameterKey, string> = Object.fromEntries(
  ruleParameterKeys.map((key) => [key, ruleParameterDefinitions[key].label]),
) as Record<RuleParameterKey, string>;

export function isRuleParameterKey(value: string): value is RuleParameterKey {
  return (ruleParameterKeys as readonly string[]).includes(value);
}

/** Sizes that can receive support (a large enterprise is not eligible). */
export type EligibleCompanySize = Exclude<CompanySize, 'groot'>;

/**
 * The key of the subsidy rate. The increased rate (cybersecurity, training in
 * energy efficiency) has no value before it came into force: fall back to the
 * normal rate when `parameterInForce` finds none.
 */
export function subsidyRateKey(size: EligibleCompanySize, increased = false): RuleParameterKey {
  return increased ? `subsidy_rate_bp_increased.${size}` : `subsidy_rate_bp.${size}`;
}

export function yearlyCeilingKey(size: EligibleCompanySize): RuleParameterKey {
  return `yearly_ceiling_cents.${size}`;
}

export function minimumProjectAmountKey(service: Service): RuleParameterKey {
  return `minimum_project_amount_cents.${service}`;
}

/** The shape of a `rule_parameters` row this module needs. */
export interface RuleParameterRow {
  key: string;
  valid_from: IsoDate;
  value: number;
}

/**
 * The row of `key` in force on `date`: the one with the latest valid_from on
 * or before that date. Undefined when the rule was not yet in force. A
 * parameter that starts on a date applies to that very date.
 */
export function parameterInForce<Row extends RuleParameterRow>(
  rows: readonly Row[],
  key: RuleParameterKey,
  date: IsoDate,
): Row | undefined {
  let found: Row | undefined;
  for (const row of rows) {
    // ISO dates compare correctly as strings.
    if (row.key !== key || row.valid_from > date) continue;
    if (!found || row.valid_from > found.valid_from) found = row;
  }
  return found;
}

/** The value of `key` in force on `date`, or undefined. */
export function valueInForce(
  rows: readonly RuleParameterRow[],
  key: RuleParameterKey,
  date: IsoDate,
): number | undefined {
  return parameterInForce(rows, key, date)?.value;
}

/** A value as users read it: `30 %`, `€ 7.500,00`, `14 dagen`, `1 jaar`, `ja`. */
export function formatRuleParameterValue(key: RuleParameterKey, value: number): string {
  switch (ruleParameterDefinitions[key].unit) {
    case 'basis_points':
      return formatBasisPoints(value);
    case 'cents':
      return formatEuro(value);
    case 'days':
      return value === 1 ? '1 dag' : `${value} dagen`;
    case 'years':
      return value === 1 ? '1 jaar' : `${value} jaar`;
    case 'flag':
      return value === 0 ? 'nee' : 'ja';
  }
}
