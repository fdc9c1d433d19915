import {
  formatDate,
  formatDateTimeInBrussels,
  todayInBrussels,
  yearOf,
  type IsoDate,
} from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import {
  projectMachine,
  projectStatusLabels,
  type ProjectAction,
  type ProjectStatus,
} from '../../domain/project-status.js';
import { providerLabel } from '../../domain/provider-label.js';
import { findTransition } from '../../domain/status-machine.js';
import { settleProject, stopFreesCeiling } from '../../domain/settlement.js';
import { excerpt } from '../../domain/excerpt.js';
import { paths } from '../../paths.js';
import { countText, type ActionItem } from '../admin/admin-home.presenter.js';
import { presentProjectDetail } from '../projects/project.presenter.js';
import type { ProjectDetail } from '../projects/project.queries.js';
import { ledgerColumns, presentLedger } from '../wallet/wallet.presenter.js';
import type { LedgerEntry } from '../wallet/wallet.queries.js';
import {
  settlementFacts,
  type LedgerTotals,
  type StopRequestFacts,
  type StopRequestQueueRow,
} from './stop-request.queries.js';
import { oneOf } from '../../web/url-values.js';

/** The agency's two decisions on a stop request, by their Dutch URL slug. */
const stopDecisionSlugs = ['bevestigen', 'weigeren'] as const;

export type StopDecisionSlug = (typeof stopDecisionSlugs)[number];

export function stopDecisionOfSlug(slug: string): StopDecisionSlug | undefined {
  return oneOf(stopDecisionSlugs, slug);
}

const decisionActions: Record<StopDecisionSlug, Extract<ProjectAction, 'confirm_stop' | 'refuse_stop'>> = {
  bevestigen: 'confirm_stop',
  weigeren: 'refuse_stop',
};

export interface StopDecisionOption {
  slug: StopDecisionSlug;
  action: ProjectAction;
  label: string;
  reasonRequired: boolean;
  variant: 'primary' | 'warning';
  href: string;
}

/** The decision as the project status machine's agency row allows it in this status, else undefined. */
export function stopDecision(
  projectNumber: string,
  status: ProjectStatus,
  slug: StopDecisionSlug,
): StopDecisionOption | undefined {
  const action = decisionActions[slug];
  const transition = findTransition(projectMachine, status, action, 'agency');
  if (!transition) return undefined;
  return {
    slug,
    action,
    label: projectMachine.actionLabels[action],
    reasonRequired: Boolean(transition.reasonRequired),
    variant: transition.reasonRequired ? 'warning' : 'primary',
    href: paths.admin.stopRequestDecision(projectNumber, slug),
  };
}

/** The home's line for the stop requests awaiting a decision, linked to the queue. */
export function stopRequestsActionItem(count: number): ActionItem {
  return {
    text: `${countText(count, 'aanvraag tot stopzetting', 'aanvragen tot stopzetting')} ${count === 1 ? 'wacht' : 'wachten'} op een beslissing`,
    href: paths.admin.stopRequests(),
    empty: count === 0,
  };
}

export const queueColumns = [
  { key: 'project', label: 'Project', rowHeader: true },
  { key: 'company', label: 'Onderneming' },
  { key: 'provider', label: 'Dienstverlener' },
  { key: 'requestedAt', label: 'Aangevraagd op' },
  { key: 'reason', label: 'Reden' },
  { key: 'refund', label: 'Eigen bijdrage terug', numeric: true },
  { key: 'balance', label: 'Saldo', numeric: true },
] as const;

export function presentQueueRows(rows: StopRequestQueueRow[]) {
  return rows.map((row) => ({
    cells: {
      project: row.projectNumber,
      company: row.companyName,
      provider: providerLabel(row),
      requestedAt: formatDate(todayInBrussels(row.requestedAt)),
      reason: excerpt(row.reason),
      refund: formatEuro(settleProject(settlementFacts(row, row)).refundCents),
      balance: formatEuro(row.balanceCents),
    },
    links: { project: paths.admin.stopRequest(row.projectNumber) },
  }));
}

/**
 * The agency's page of a stop request: the provider's reason and proof, what
 * a confirmation would book (while it awaits a decision), the project sheet,
 * its ledger and the decisions the status machine allows.
 */
export function presentStopRequest(
  detail: ProjectDetail,
  request: StopRequestFacts,
  ledger: { totals: LedgerTotals; entries: LedgerEntry[] },
  today: IsoDate,
) {
  const sheet = presentProjectDetail(detail, {
    documentHref: (documentId) => paths.admin.stopRequestDocument(detail.projectNumber, documentId),
  });
  const awaiting = detail.status === 'StopzettingAangevraagd';
  const decisions = stopDecisionSlugs.flatMap(
    (slug) => stopDecision(detail.projectNumber, detail.status, slug) ?? [],
  );
  const requestRows = [
    { key: 'Aangevraagd op', value: formatDateTimeInBrussels(request.requestedAt) },
    { key: 'Aangevraagd door', value: request.requestedBy },
    { key: 'Reden', value: request.reason ?? '–' },
  ];
  const settlement = awaiting ? settleProject(settlementFacts(detail, ledger.totals)) : undefined;
  const applicationYear = yearOf(detail.applicationDate);
  const settlementRows = settlement && [
    { key: 'Terugbetaling eigen bijdrage aan de onderneming', value: formatEuro(settlement.refundCents) },
    {
      key: 'Ongebruikte subsidie terug naar de Vlaamse overheid',
      value: formatEuro(settlement.subsidyReturnCents),
    },
    {
      key: `Steunplafond ${applicationYear}`,
      value: stopFreesCeiling(detail.applicationDate, today)
        ? `De ongebruikte subsidie komt opnieuw vrij binnen het steunplafond van ${applicationYear}.`
        : `Komt niet opnieuw vrij: de stopzetting valt na ${applicationYear}.`,
    },
  ];
  return {
    ...sheet,
    title: `Stopzetting ${detail.projectNumber}`,
    status: detail.status,
    statusLabel: projectStatusLabels[detail.status],
    summary: [
      { key: 'Project', value: `${detail.projectNumber} – ${detail.title}` },
      { key: 'Onderneming', value: detail.companyName },
      { key: 'Dienstverlener', value: providerLabel(detail) },
      { key: 'Reden van de aanvraag', value: request.reason ?? '–' },
    ],
    request: requestRows,
    document:
      request.documentId !== null
        ? {
            href: paths.admin.stopRequestDocument(detail.projectNumber, request.documentId),
            filename: request.documentFilename ?? 'bewijsstuk',
          }
        : null,
    settlement: settlementRows,
    ledgerColumns,
    ledgerRows: presentLedger(ledger.entries),
    decisions,
  };
}
