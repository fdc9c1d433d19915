import { auditBureauLabel } from '../../domain/audit-bureaus.js';
import { formatAddress } from '../../domain/address.js';
import { formatEnterpriseNumber, formatIban } from '../../domain/belgian-identifiers.js';
import { formatDate, formatDateTimeInBrussels, todayInBrussels } from '../../domain/dates.js';
import { providerLabel } from '../../domain/provider-label.js';
import { approvalRefusal, mayCompleteFile } from '../../domain/registration-file.js';
import {
  mayApproveConditionally,
  registrationMachine,
  registrationStatuses,
  type RegistrationAction,
  type RegistrationStatus,
} from '../../domain/registration-status.js';
import {
  formatRuleParameterValue,
  type RegistrationValidityYears as ValidityYears,
} from '../../domain/rule-parameters.js';
import { findTransition } from '../../domain/status-machine.js';
import { registrationBasisLabels, serviceLabels, services } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import type { ProviderOrganisation } from '../provider-organisation/provider-organisation.repository.js';
import type { RegistrationQueueRow } from './registration.admin.queries.js';
import {
  presentRegistrationHistory,
  registrationStatusColour,
  registrationStatusText,
} from './registration.presenter.js';
import { presentRegistrationFile } from './registration-file.presenter.js';
import {
  registrationFileFacts,
  type RegistrationHistoryRow,
  type RegistrationRow,
} from './registration.repository.js';
import { oneOf } from '../../web/url-values.js';

/** The agency's decisions, by their Dutch URL slug. */
const agencyDecisionSlugs = [
  'goedkeuren',
  'voorwaardelijk-goedkeuren',
  'weigeren',
  'schorsen',
  'schorsing-opheffen',
  'uitsluiten',
] as const;

export type AgencyDecisionSlug = (typeof agencyDecisionSlugs)[number];

export function decisionOfSlug(slug: string): AgencyDecisionSlug | undefined {
  return oneOf(agencyDecisionSlugs, slug);
}

interface AgencyDecisionOption {
  slug: AgencyDecisionSlug;
  /** The machine's action: an approval of a renewal request is 'renew'. */
  action: RegistrationAction;
  label: string;
  reasonRequired: boolean;
  /** A decision that needs a reason takes something away (refuse, suspend, exclude): its button warns. */
  variant: 'primary' | 'warning';
  href: string;
}

/** The decisions other than an approval, with the machine's action of each. */
export const otherDecisionActions: Record<
  Exclude<AgencyDecisionSlug, 'goedkeuren' | 'voorwaardelijk-goedkeuren'>,
  Exclude<RegistrationAction, 'approve' | 'renew'>
> = {
  weigeren: 'refuse',
  schorsen: 'suspend',
  'schorsing-opheffen': 'lift_suspension',
  uitsluiten: 'exclude',
};

/**
 * What the agency may decide on a registration in this status, as the status
 * machine's agency rows allow it: the page offers nothing the server refuses.
 */
export function agencyDecision(
  id: number,
  status: RegistrationStatus,
  slug: AgencyDecisionSlug,
  validity: ValidityYears,
): AgencyDecisionOption | undefined {
  const option = (action: RegistrationAction, label: string): AgencyDecisionOption | undefined => {
    const transition = findTransition(registrationMachine, status, action, 'agency');
    if (!transition) return undefined;
    return {
      slug,
      action,
      label,
      reasonRequired: Boolean(transition.reasonRequired),
      variant: transition.reasonRequired ? 'warning' : 'primary',
      href: paths.admin.registrationDecision(id, slug),
    };
  };
  if (slug === 'goedkeuren') {
    return status === 'G/V'
      ? option('renew', `${registrationMachine.actionLabels.renew} (${yearsText(validity.years)})`)
      : option('approve', `${registrationMachine.actionLabels.approve} (${yearsText(validity.years)})`);
  }
  if (slug === 'voorwaardelijk-goedkeuren')
    return mayApproveConditionally(status)
      ? option('approve', `Voorwaardelijk goedkeuren (${yearsText(validity.conditionalYears)})`)
      : undefined;
  const action = otherDecisionActions[slug];
  return option(action, registrationMachine.actionLabels[action]);
}

/** `5 jaar`, `1 jaar`: how the rules page writes a number of years. */
function yearsText(years: number): string {
  return formatRuleParameterValue('registration_validity_years', years);
}

/** Whether a decision approves: it needs a complete file. */
export function isApproval(
  slug: AgencyDecisionSlug,
): slug is Extract<AgencyDecisionSlug, 'goedkeuren' | 'voorwaardelijk-goedkeuren'> {
  return slug === 'goedkeuren' || slug === 'voorwaardelijk-goedkeuren';
}

/**
 * Why this registration cannot be approved yet (its file is incomplete), or
 * undefined. The same rule the service applies (domain/registration-file.ts).
 */
export function approvalBlockedReason(row: RegistrationRow): string | undefined {
  return mayCompleteFile(row.status) ? approvalRefusal(registrationFileFacts(row)) : undefined;
}

/**
 * The decisions the status allows, as buttons, and the approvals it allows but
 * the incomplete file holds back, named with the reason (the same rule the service applies).
 */
function agencyDecisionsFor(row: RegistrationRow, validity: ValidityYears) {
  const reason = approvalBlockedReason(row);
  const allowed = agencyDecisionSlugs.flatMap((slug) => {
    const decision = agencyDecision(row.id, row.status, slug, validity);
    return decision ? [{ decision, held: reason !== undefined && isApproval(slug) }] : [];
  });
  const held = allowed.filter((option) => option.held).map((option) => option.decision.label);
  return {
    offered: allowed.filter((option) => !option.held).map((option) => option.decision),
    held:
      reason && held.length > 0 ? { text: `${held.join(' en ')}: nog niet mogelijk.`, reason } : undefined,
    none: allowed.length === 0,
  };
}

export const queueColumns = [
  { key: 'provider', label: 'Dienstverlener', rowHeader: true },
  { key: 'enterpriseNumber', label: 'Ondernemingsnummer' },
  { key: 'service', label: 'Dienst' },
  { key: 'status', label: 'Status' },
  { key: 'requestedAt', label: 'Aangevraagd op' },
  { key: 'detail', label: 'Detail' },
] as const;

export function presentQueueRows(rows: RegistrationQueueRow[]) {
  return rows.map((row) => ({
    cells: {
      provider: providerLabel(row),
      enterpriseNumber: formatEnterpriseNumber(row.enterpriseNumber),
      service: serviceLabels[row.service],
      status: registrationStatusText(row.status),
      requestedAt: formatDate(todayInBrussels(row.requestedAt)),
      detail: 'Bekijk en beslis',
    },
    links: { detail: paths.admin.registration(row.id) },
  }));
}

export const statusFilterItems = registrationStatuses.map((status) => ({
  value: status,
  label: registrationStatusText(status),
}));

export const serviceFilterItems = services.map((service) => ({
  value: service,
  label: serviceLabels[service],
}));

export function presentAdminRegistration(
  row: RegistrationRow,
  organisation: ProviderOrganisation,
  history: RegistrationHistoryRow[],
  validity: ValidityYears,
) {
  /** What the registration is called: its number, else its service and provider. */
  const subject = row.number ?? `${serviceLabels[row.service].toLowerCase()}: ${providerLabel(row)}`;
  const organisationRows = [
    { key: 'Naam', value: organisation.legalName },
    { key: 'Ondernemingsnummer', value: formatEnterpriseNumber(organisation.enterpriseNumber) },
    { key: 'Rechtsvorm', value: organisation.legalForm },
    { key: 'Adres', value: formatAddress(organisation) },
    {
      key: 'Contactpersoon',
      value: [organisation.contactName, organisation.contactEmail, organisation.contactPhone],
    },
    ...(row.departmentName
      ? [{ key: 'Departement', value: [row.departmentName, row.departmentEmail ?? ''] }]
      : []),
    { key: 'IBAN', value: `${formatIban(organisation.iban)} (BIC ${organisation.bic})` },
  ];
  // The five steps of the request wizard, in their order: level, service, basis with its audit bureau,
  // the declaration on honour, and the submission.
  const request = [
    {
      key: 'Niveau',
      value:
        row.departmentId === null
          ? 'Maatschappelijke zetel (de volledige organisatie)'
          : `Departement ${row.departmentName ?? ''}`,
    },
    { key: 'Dienst', value: serviceLabels[row.service] },
    { key: 'Basis', value: registrationBasisLabels[row.basis] },
    { key: 'Auditbureau', value: auditBureauLabel(row.basis, row.auditBureau) },
    {
      key: 'Verklaring op eer',
      value: 'Bij het indienen bevestigd: de dienstverlener drukt ze af, ondertekent ze en bezorgt ze terug.',
    },
    { key: 'Ingediend op', value: formatDateTimeInBrussels(row.requestedAt) },
  ];
  return {
    title: `Registratie ${subject}`,
    subject,
    status: row.status,
    statusLabel: registrationStatusText(row.status),
    statusColour: registrationStatusColour(row.status),
    organisation: organisationRows,
    request,
    /** What a decision page recalls: name and enterprise number, level and service. */
    summary: [...organisationRows.slice(0, 2), ...request.slice(0, 2)],
    registration: [
      { key: 'Registratienummer', value: row.number ?? 'Nog niet toegekend' },
      {
        key: 'Geldigheid',
        value:
          row.validFrom && row.validUntil
            ? `${formatDate(row.validFrom)} tot en met ${formatDate(row.validUntil)}${row.conditional ? ' (voorwaardelijk)' : ''}`
            : '–',
      },
    ],
    file: presentRegistrationFile(row, 'agency'),
    history: presentRegistrationHistory(history),
    decisions: agencyDecisionsFor(row, validity),
  };
}
