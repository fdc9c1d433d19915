import { auditBureauLabel } from '../../domain/audit-bureaus.js';
import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import {
  registrationMachine,
  registrationStatusLabels,
  registrationStatuses,
  type RegistrationAction,
  type RegistrationStatus,
} from '../../domain/registration-status.js';
import { registrationBasisLabels, serviceLabels } from '../../domain/subsidy-terms.js';
import { availableTransitions } from '../../domain/status-machine.js';
import { paths } from '../../paths.js';
import type { RegistrationHistoryRow, RegistrationRow, RegistrationSort } from './registration.repository.js';
import { providerLabel } from '../../domain/provider-label.js';

/** URL slugs of the provider's actions, in Dutch. */
export const providerActionSlugs: Partial<Record<RegistrationAction, string>> = {
  request_renewal: 'verlengen',
  request_reregistration: 'herregistreren',
  withdraw: 'intrekken',
  stop: 'stopzetten',
};

export function actionOfSlug(slug: string): RegistrationAction | undefined {
  const entry = Object.entries(providerActionSlugs).find(([, candidate]) => candidate === slug);
  return entry?.[0] as RegistrationAction | undefined;
}

const statusColours: Record<RegistrationStatus, string> = {
  A: 'blue',
  G: 'green',
  'G/V': 'green',
  N: 'red',
  L: 'grey',
  'L/H': 'yellow',
  S: 'orange',
  U: 'red',
  T: 'grey',
};

/** A status as every registration page writes it: `G – Goedgekeurd`. */
export function registrationStatusText(status: RegistrationStatus): string {
  return `${status} – ${registrationStatusLabels[status]}`;
}

/** The colour of a status's tag. */
export function registrationStatusColour(status: RegistrationStatus): string {
  return statusColours[status];
}

/** A registration's history, oldest first, as the provider's and the agency's detail pages show it. */
export function presentRegistrationHistory(history: RegistrationHistoryRow[]) {
  return history.map((entry) => ({
    at: formatDateTimeInBrussels(entry.at),
    status: registrationStatusText(entry.toStatus),
    actor: entry.actorLabel,
    reason: entry.reason ?? '',
  }));
}

/**
 * The overview's columns. The keys are the Dutch words of the URL (`?sorteer=vervaldag`),
 * as the projects overview's sort keys (`?sorteer=projectnummer`) are.
 */
export const registrationColumns = [
  { key: 'dienst', label: 'Dienst', sortable: true },
  { key: 'registratienummer', label: 'Registratienummer', sortable: true },
  { key: 'vervaldag', label: 'Vervaldag', sortable: true },
  { key: 'dienstverlener', label: 'Dienstverlener', sortable: true },
  { key: 'type', label: 'Type', sortable: true },
  { key: 'status', label: 'Status', sortable: true },
  { key: 'detail', label: 'Detail', sortable: false },
] as const;

/** The sort keys of the overview's URL and the repository's sort each stands for. */
export const registrationSortKeys = {
  dienst: 'service',
  registratienummer: 'number',
  vervaldag: 'validUntil',
  dienstverlener: 'provider',
  type: 'type',
  status: 'status',
} as const satisfies Record<string, RegistrationSort>;
export type RegistrationSortKey = keyof typeof registrationSortKeys;

export function presentRegistrationRows(rows: RegistrationRow[]) {
  return rows.map((row) => ({
    cells: {
      dienst: serviceLabels[row.service],
      registratienummer: row.number ?? '–',
      vervaldag: row.validUntil ? formatDate(row.validUntil) : '–',
      dienstverlener: row.departmentName ?? row.providerName,
      type: row.departmentId === null ? 'MZ' : 'DEP',
      status: registrationStatusText(row.status),
      detail: 'Bekijk',
    },
    links: { detail: paths.provider.registration(row.id) },
    tags: { status: registrationStatusColour(row.status) },
  }));
}

export const statusLegend = registrationStatuses.map((status) => ({
  code: status,
  label: registrationStatusLabels[status],
}));

export function presentRegistrationDetail(row: RegistrationRow, history: RegistrationHistoryRow[]) {
  const actions = availableTransitions(registrationMachine, row.status, 'provider').flatMap((transition) => {
    const slug = providerActionSlugs[transition.action];
    return slug
      ? [
          {
            label: registrationMachine.actionLabels[transition.action],
            href: paths.provider.registrationAction(row.id, slug),
            reasonRequired: Boolean(transition.reasonRequired),
          },
        ]
      : [];
  });
  return {
    title: row.number
      ? `Registratie ${row.number}`
      : `Registratie ${serviceLabels[row.service].toLowerCase()} (aangevraagd)`,
    status: row.status,
    statusLabel: registrationStatusText(row.status),
    statusColour: registrationStatusColour(row.status),
    rows: [
      { key: 'Registratienummer', value: row.number ?? 'Nog niet toegekend' },
      { key: 'Dienst', value: serviceLabels[row.service] },
      { key: 'Dienstverlener', value: providerLabel(row) },
      { key: 'Type', value: row.departmentId === null ? 'MZ (maatschappelijke zetel)' : 'DEP (departement)' },
      { key: 'Basis', value: registrationBasisLabels[row.basis] },
      { key: 'Auditbureau', value: auditBureauLabel(row.basis, row.auditBureau) },
      { key: 'Geldig van', value: row.validFrom ? formatDate(row.validFrom) : '–' },
      { key: 'Vervaldag', value: row.validUntil ? formatDate(row.validUntil) : '–' },
      ...(row.conditional ? [{ key: 'Voorwaardelijk', value: 'Ja (startende dienstverlener)' }] : []),
      { key: 'Aangevraagd op', value: formatDateTimeInBrussels(row.requestedAt) },
    ],
    history: presentRegistrationHistory(history),
    actions,
  };
}

/** The sort key of the URL (`sorteer`); anything else sorts on the service. */
export function parseSort(value: unknown): RegistrationSortKey {
  return typeof value === 'string' && Object.hasOwn(registrationSortKeys, value)
    ? (value as RegistrationSortKey)
    : 'dienst';
}
