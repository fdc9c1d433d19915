import { formatEnterpriseNumber } from '../../domain/belgian-identifiers.js';
import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import {
  MAX_REPORT_NOTE_LENGTH,
  reportFilters,
  reportState,
  reportStateLabels,
  type ReportFilter,
  type ReportState,
} from '../../domain/project-report-state.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { providerLabel } from '../../domain/provider-label.js';
import { serviceLabels } from '../../domain/subsidy-terms.js';
import { excerpt } from '../../domain/excerpt.js';
import { paths } from '../../paths.js';
import type { ReportDetail, ReportListRow } from './project-report.queries.js';

/** The colour of each state's tag: new asks for action, in follow-up is being handled, closed is done. */
export const reportStateColours: Record<ReportState, 'yellow' | 'blue' | 'green'> = {
  new: 'yellow',
  following_up: 'blue',
  closed: 'green',
};

/** The filter's values in the URL, in Dutch: ?status=afgesloten. Open is the default. */
const filterSlugs: Record<ReportFilter, string> = {
  open: 'open',
  closed: 'afgesloten',
  all: 'alle',
};

const filterLabels: Record<ReportFilter, string> = {
  open: 'Open (nieuw of in opvolging)',
  closed: 'Afgesloten',
  all: 'Alle meldingen',
};

export function reportFilterOfSlug(slug: unknown): ReportFilter {
  return reportFilters.find((filter) => filterSlugs[filter] === slug) ?? 'open';
}

export function reportListHref(filter: ReportFilter): string {
  return filter === 'open' ? paths.admin.reports() : `${paths.admin.reports()}?status=${filterSlugs[filter]}`;
}

export const reportFilterItems = reportFilters.map((filter) => ({
  value: filterSlugs[filter],
  label: filterLabels[filter],
}));

export const reportFilterValue = (filter: ReportFilter) => filterSlugs[filter];

export const reportEmptyTexts: Record<ReportFilter, string> = {
  open: 'Er zijn geen open meldingen.',
  closed: 'Er zijn nog geen afgesloten meldingen.',
  all: 'Er zijn nog geen meldingen.',
};

/** "1 melding is open" / "3 meldingen zijn open": the agency home links it to the list. */
export function openReportsText(count: number): string {
  return count === 1 ? '1 melding is open' : `${count} meldingen zijn open`;
}

export const reportColumns = [
  { key: 'projectNumber', label: 'Project', rowHeader: true },
  { key: 'company', label: 'Onderneming' },
  { key: 'provider', label: 'Dienstverlener' },
  { key: 'reportedAt', label: 'Gemeld op' },
  { key: 'reason', label: 'Reden' },
  { key: 'state', label: 'Status' },
] as const;

export function presentReportRows(rows: ReportListRow[]) {
  return rows.map((row) => {
    const state = reportState(row);
    return {
      cells: {
        projectNumber: row.projectNumber,
        company: row.companyName,
        provider: providerLabel(row),
        reportedAt: formatDateTimeInBrussels(row.createdAt),
        reason: excerpt(row.reason),
        state: reportStateLabels[state],
      },
      links: { projectNumber: paths.admin.report(row.id) },
      tags: { state: reportStateColours[state] },
    };
  });
}

/** One report as the agency's detail page shows it, with the forms it still allows. */
export function presentAdminReport(report: ReportDetail) {
  const state = reportState(report);
  const open = state !== 'closed';
  return {
    title: `Melding over project ${report.projectNumber}`,
    projectNumber: report.projectNumber,
    state: { text: reportStateLabels[state], colour: reportStateColours[state] },
    report: [
      { key: 'Gemeld door', value: report.reportedByLabel },
      { key: 'Gemeld op', value: formatDateTimeInBrussels(report.createdAt) },
      { key: 'Reden', value: report.reason.split('\n') },
    ],
    project: [
      { key: 'Projectnummer', value: report.projectNumber },
      { key: 'Status', value: projectStatusLabels[report.project.status] },
      { key: 'Titel', value: report.project.title },
      {
        key: 'Onderneming',
        value: `${report.companyName} (${formatEnterpriseNumber(report.project.companyEnterpriseNumber)})`,
      },
      { key: 'Dienstverlener', value: providerLabel(report) },
      { key: 'Dienst', value: serviceLabels[report.project.service] },
      { key: 'Aanvraagdatum', value: formatDate(report.project.applicationDate) },
      { key: 'Projectbedrag', value: formatEuro(report.project.projectAmountCents) },
      { key: 'Subsidie', value: formatEuro(report.project.subsidyCents) },
    ],
    projectHref: paths.admin.project(report.projectNumber),
    notes: report.notes.map((note) => ({
      at: formatDateTimeInBrussels(note.createdAt),
      author: note.authorLabel,
      text: note.text.split('\n'),
    })),
    closing:
      report.handledAt !== null
        ? [
            { key: 'Afgesloten op', value: formatDateTimeInBrussels(report.handledAt) },
            { key: 'Afgesloten door', value: report.handledByLabel ?? '' },
            { key: 'Slotnotitie', value: (report.closingNote ?? '').split('\n') },
          ]
        : undefined,
    noteAction: open ? paths.admin.reportNotes(report.id) : undefined,
    closeAction: open ? paths.admin.reportClose(report.id) : undefined,
    maxLength: MAX_REPORT_NOTE_LENGTH,
  };
}
