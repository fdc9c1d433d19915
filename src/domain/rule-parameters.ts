import { addDays, formatDate, type IsoDate } from './dates.js';
import { formatBasisPoints, formatEuro, parseEuroInput, parsePercentInput } from './money.js';
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
  'registration_validity_years',
  'conditional_registration_validity_years',
] as const;

export type RuleParameterKey = (typeof ruleParameterKeys)[number];

export type RuleParameterUnit = 'basis_points' | 'cents' | 'days' | 'years' | 'flag';

/** The groups the agency's rules page shows the parameters in, in this order. */
export const ruleParameterGroups = [
  'subsidy_rates',
  'yearly_ceiling',
  'minimum_amounts',
  'deadlines',
  'registrations',
] as const;

export type RuleParameterGroup = (typeof ruleParameterGroups)[number];

export const ruleParameterGroupLabels: Record<RuleParameterGroup, string> = {
  subsidy_rates: 'Steunpercentages',
  yearly_ceiling: 'Steunplafond',
  minimum_amounts: 'Minimale bedragen',
  deadlines: 'Termijnen',
  registrations: 'Registraties',
};

export interface RuleParameterDefinition {
  label: string;
  unit: RuleParameterUnit;
  group: RuleParameterGroup;
}

export const ruleParameterDefinitions: Record<RuleParameterKey, RuleParameterDefinition> = {
  'subsidy_rate_bp.klein': {
    label: 'Steunpercentage kleine onderneming',
    unit: 'basis_points',
    group: 'subsidy_rates',
  },
  'subsidy_rate_bp.middelgroot': {
    label: 'Steunpercentage middelgrote onderneming',
    unit: 'basis_points',
    group: 'subsidy_rates',
  },
  'subsidy_rate_bp_increased.klein': {
    label: 'Verhoogd steunpercentage kleine onderneming (thema cybersecurity; opleiding energie-efficiëntie)',
    unit: 'basis_points',
    group: 'subsidy_rates',
  },
  'subsidy_rate_bp_increased.middelgroot': {
    label:
      'Verhoogd steunpercentage middelgrote onderneming (thema cybersecurity; opleiding energie-efficiëntie)',
    unit: 'basis_points',
    group: 'subsidy_rates',
  },
  'yearly_ceiling_cents.klein': {
    label: 'Steunplafond per kalenderjaar, opleiding en advies samen, kleine onderneming',
    unit: 'cents',
    group: 'yearly_ceiling',
  },
  'yearly_ceiling_cents.middelgroot': {
    label: 'Steunplafond per kalenderjaar, opleiding en advies samen, middelgrote onderneming',
    unit: 'cents',
    group: 'yearly_ceiling',
  },
  'minimum_project_amount_cents.opleiding': {
    label: 'Minimaal projectbedrag opleiding',
    unit: 'cents',
    group: 'minimum_amounts',
  },
  'minimum_project_amount_cents.advies': {
    label: 'Minimaal projectbedrag advies',
    unit: 'cents',
    group: 'minimum_amounts',
  },
  advice_only_cybersecurity: {
    label: 'Advies komt enkel in aanmerking voor het thema cybersecurity',
    unit: 'flag',
    group: 'subsidy_rates',
  },
  application_deadline_days: {
    label: 'Aanvraag uiterlijk dit aantal kalenderdagen na de start van de dienstverlening',
    unit: 'days',
    group: 'deadlines',
  },
  deposit_deadline_days: {
    label: 'Storting van de eigen bijdrage binnen dit aantal kalenderdagen na de aanvraag',
    unit: 'days',
    group: 'deadlines',
  },
  completion_deadline_years: {
    label:
      'Betalingstermijn: diensten afgewerkt en betaald uiterlijk op 31 december, dit aantal jaren na het aanvraagjaar',
    unit: 'years',
    group: 'deadlines',
  },
  registration_validity_years: {
    label: 'Geldigheid van een registratie (goedkeuring of verlenging)',
    unit: 'years',
    group: 'registrations',
  },
  conditional_registration_validity_years: {
    label: 'Geldigheid van een voorwaardelijke registratie (startende dienstverlener)',
    unit: 'years',
    group: 'registrations',
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

/** The key of a registration's validity in years: 5 for an approval or renewal, 2 when conditional. */
export function registrationValidityKey(conditional: boolean): RuleParameterKey {
  return conditional ? 'conditional_registration_validity_years' : 'registration_validity_years';
}

/** How many years a registration approved on a date is valid: normally, and when conditional. */
export interface RegistrationValidityYears {
  years: number;
  conditionalYears: number;
}

/** The registration validity in force on `date` (the approval date); throws when the rules lack it. */
export function registrationValidityInForce(
  rows: readonly RuleParameterRow[],
  date: IsoDate,
): RegistrationValidityYears {
  const [years, conditionalYears] = [false, true].map((conditional) => {
    const key = registrationValidityKey(conditional);
    const value = valueInForce(rows, key, date);
    if (value === undefined) throw new RangeError(`No rule parameter ${key} in force on ${date}`);
    return value;
  }) as [number, number];
  return { years, conditionalYears };
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

/** A value as users read it: `30 %`, `€ 7.500,00`, `14 dagen`, `1 jaar`, `Ja`. */
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
      return value === 0 ? 'Nee' : 'Ja';
  }
}

/** The largest whole number of days or years a parameter may hold. */
const maximumWhole: Record<'days' | 'years', number> = { days: 3650, years: 50 };

/**
 * Reads a new value as staff type it, in the unit they think in, into the
 * stored integer: a percentage with at most two decimals (`30`, `12,5 %`) into
 * basis points, a euro amount (`7.500,00`, `7500`) into cents, a whole number
 * of days (1–3650) or years (1–50), `ja`/`nee` into 1/0. Undefined for
 * anything else; {@link ruleParameterInputMessages} says what is expected.
 */
export function parseRuleParameterInput(unit: RuleParameterUnit, input: string): number | undefined {
  const text = input.trim();
  switch (unit) {
    case 'basis_points': {
      const basisPoints = parsePercentInput(text);
      return basisPoints !== undefined && basisPoints <= 10_000 ? basisPoints : undefined;
    }
    case 'cents':
      return parseEuroInput(text);
    case 'days':
    case 'years': {
      if (!/^[0-9]{1,6}$/.test(text)) return undefined;
      const whole = Number(text);
      return whole >= 1 && whole <= maximumWhole[unit] ? whole : undefined;
    }
    case 'flag': {
      const answer = text.toLowerCase();
      return answer === 'ja' ? 1 : answer === 'nee' ? 0 : undefined;
    }
  }
}

/** What {@link parseRuleParameterInput} expects, per unit, as the message beside a refused value. */
export const ruleParameterInputMessages: Record<RuleParameterUnit, string> = {
  basis_points:
    'Geef een percentage tussen 0 en 100 op, met hoogstens 2 cijfers na de komma, bijvoorbeeld 30 of 12,5.',
  cents: 'Geef een bedrag in euro op, met hoogstens 2 cijfers na de komma, bijvoorbeeld 7.500,00 of 7500.',
  days: 'Geef een geheel aantal kalenderdagen op, van 1 tot 3650, bijvoorbeeld 14.',
  years: 'Geef een geheel aantal jaren op, van 1 tot 50, bijvoorbeeld 5.',
  flag: 'Kies Ja of Nee.',
};

/**
 * The first day a new value may take effect when added on `today`: tomorrow.
 * A value never changes what already happened today or before.
 */
export function earliestValidFrom(today: IsoDate): IsoDate {
  return addDays(today, 1);
}

/** Why a new value cannot take effect on `validFrom` when added on `today`; undefined when it can. */
export function validFromRefusal(today: IsoDate, validFrom: IsoDate): string | undefined {
  const earliest = earliestValidFrom(today);
  return validFrom < earliest
    ? `Een nieuwe waarde geldt ten vroegste vanaf morgen: kies ${formatDate(earliest)} of later.`
    : undefined;
}
