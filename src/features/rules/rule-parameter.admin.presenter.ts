import { formatDate, formatDateTimeInBrussels, type IsoDate } from '../../domain/dates.js';
import {
  earliestValidFrom,
  formatRuleParameterValue,
  parameterInForce,
  ruleParameterDefinitions,
  ruleParameterGroupLabels,
  ruleParameterGroups,
  ruleParameterKeys,
  type RuleParameterKey,
  type RuleParameterUnit,
} from '../../domain/rule-parameters.js';
import { paths } from '../../paths.js';
import type { RuleParameterHistoryRow } from './rule-parameter.admin.queries.js';

/** Each rule's address on the rules page, in Dutch: /beheer/regels/steunpercentage-klein. */
const ruleSlugs: Record<RuleParameterKey, string> = {
  'subsidy_rate_bp.klein': 'steunpercentage-klein',
  'subsidy_rate_bp.middelgroot': 'steunpercentage-middelgroot',
  'subsidy_rate_bp_increased.klein': 'verhoogd-steunpercentage-klein',
  'subsidy_rate_bp_increased.middelgroot': 'verhoogd-steunpercentage-middelgroot',
  'yearly_ceiling_cents.klein': 'steunplafond-klein',
  'yearly_ceiling_cents.middelgroot': 'steunplafond-middelgroot',
  'minimum_project_amount_cents.opleiding': 'minimum-opleiding',
  'minimum_project_amount_cents.advies': 'minimum-advies',
  advice_only_cybersecurity: 'advies-enkel-cybersecurity',
  application_deadline_days: 'aanvraagtermijn',
  deposit_deadline_days: 'stortingstermijn',
  completion_deadline_years: 'betalingstermijn',
  registration_validity_years: 'geldigheid-registratie',
  conditional_registration_validity_years: 'geldigheid-voorwaardelijke-registratie',
};

export function ruleKeyOfSlug(slug: unknown): RuleParameterKey | undefined {
  return ruleParameterKeys.find((key) => ruleSlugs[key] === slug);
}

export function ruleHref(key: RuleParameterKey): string {
  return paths.admin.rule(ruleSlugs[key]);
}

type RowState = 'planned' | 'inForce' | 'replaced';

const rowStateLabels: Record<RowState, string> = {
  planned: 'gepland',
  inForce: 'van kracht',
  replaced: 'vervangen',
};

const rowStateColours: Record<RowState, 'blue' | 'green' | 'grey'> = {
  planned: 'blue',
  inForce: 'green',
  replaced: 'grey',
};

const historyColumns = [
  { key: 'validFrom', label: 'Geldig vanaf', rowHeader: true },
  { key: 'value', label: 'Waarde' },
  { key: 'state', label: 'Stand' },
  { key: 'note', label: 'Toelichting' },
  { key: 'createdBy', label: 'Toegevoegd door' },
  { key: 'createdAt', label: 'Toegevoegd op' },
] as const;

/** The rows of one key, newest first, with the one in force today. */
function presentRule(key: RuleParameterKey, rows: RuleParameterHistoryRow[], today: IsoDate) {
  const own = rows
    .filter((row) => row.key === key)
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0));
  const inForce = parameterInForce(
    own.map((row) => ({ ...row, valid_from: row.validFrom })),
    key,
    today,
  );
  const stateOf = (row: RuleParameterHistoryRow): RowState =>
    row.validFrom > today ? 'planned' : row.id === inForce?.id ? 'inForce' : 'replaced';
  const label = ruleParameterDefinitions[key].label;
  const format = (value: number) => formatRuleParameterValue(key, value);
  const planned = own.filter((row) => row.validFrom > today).reverse();
  return {
    key,
    label,
    href: ruleHref(key),
    /** The value in force today and, when there are any, the values to come (a row only then). */
    summary: [
      {
        key: 'Vandaag van kracht',
        value: inForce
          ? `${format(inForce.value)} (sinds ${formatDate(inForce.validFrom)})`
          : 'Geen: deze regel is vandaag niet van kracht.',
      },
      ...(planned.length > 0
        ? [
            {
              key: 'Gepland',
              value: planned.map((row) => `${format(row.value)} vanaf ${formatDate(row.validFrom)}`),
            },
          ]
        : []),
    ],
    history: {
      caption: `Historiek: ${label}`,
      columns: historyColumns,
      rows: own.map((row) => {
        const state = stateOf(row);
        return {
          cells: {
            validFrom: formatDate(row.validFrom),
            value: format(row.value),
            state: rowStateLabels[state],
            note: row.note,
            createdBy: row.createdByLabel ?? 'Referentiegegevens',
            createdAt: formatDateTimeInBrussels(row.createdAt),
          },
          tags: { state: rowStateColours[state] },
        };
      }),
      emptyText: 'Deze regel heeft nog geen waarde.',
    },
  };
}

/** The rules page: every rule by group, each with its value today, what is planned and its history. */
export function presentRuleGroups(rows: RuleParameterHistoryRow[], today: IsoDate) {
  return ruleParameterGroups.map((group) => ({
    id: `groep-${group.replace(/_/g, '-')}`,
    heading: ruleParameterGroupLabels[group],
    rules: ruleParameterKeys
      .filter((key) => ruleParameterDefinitions[key].group === group)
      .map((key) => presentRule(key, rows, today)),
  }));
}

/** How the value field asks for a value of this unit. */
const valueFields: Record<
  Exclude<RuleParameterUnit, 'flag'>,
  { label: string; hint: string; inputmode: 'decimal' | 'numeric' }
> = {
  basis_points: {
    label: 'Nieuw percentage',
    hint: 'In procent, met hoogstens 2 cijfers na de komma. Bijvoorbeeld 30 of 12,5.',
    inputmode: 'decimal',
  },
  cents: {
    label: 'Nieuw bedrag in euro',
    hint: 'Bijvoorbeeld 7.500,00 of 7500.',
    inputmode: 'decimal',
  },
  days: {
    label: 'Nieuw aantal kalenderdagen',
    hint: 'Een geheel getal, bijvoorbeeld 14.',
    inputmode: 'numeric',
  },
  years: { label: 'Nieuw aantal jaren', hint: 'Een geheel getal, bijvoorbeeld 5.', inputmode: 'numeric' },
};

/** One rule's page: its value today, the form that adds a value, its history. */
export function presentRulePage(key: RuleParameterKey, rows: RuleParameterHistoryRow[], today: IsoDate) {
  const unit = ruleParameterDefinitions[key].unit;
  const rule = presentRule(key, rows, today);
  return {
    ...rule,
    summary: [
      { key: 'Groep', value: ruleParameterGroupLabels[ruleParameterDefinitions[key].group] },
      ...rule.summary,
    ],
    action: ruleHref(key),
    valueField:
      unit === 'flag'
        ? {
            kind: 'radios' as const,
            legend: 'Nieuwe waarde',
            items: [
              { value: 'ja', label: 'Ja' },
              { value: 'nee', label: 'Nee' },
            ],
          }
        : { kind: 'input' as const, ...valueFields[unit] },
    validFromHint: `Ten vroegste morgen, ${formatDate(earliestValidFrom(today))}.`,
  };
}
