import { formatDate } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { projectStatuses, projectStatusLabels } from '../../domain/project-status.js';
import { serviceLabels, services } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import {
  projectFilterFields,
  projectListSearch,
  type Period,
  type ProjectFilterField,
  type ProjectListQuery,
  type ProjectSortKey,
  type SortDirection,
} from './project-filters.js';
import { projectDetailHref } from './project-detail-back.js';
import { PROJECTS_PER_PAGE, type ProjectListPage, type ProjectListRow } from './project.queries.js';

/** The columns of the overview; a sortable column's key is its `sorteer` value. */
export const projectListColumns = [
  { key: 'projectnummer', label: 'Projectnummer', sortable: true, rowHeader: true },
  { key: 'onderneming', label: 'Onderneming', sortable: true },
  { key: 'aanvraagdatum', label: 'Aanvraagdatum', sortable: true },
  { key: 'bedrag', label: 'Projectbedrag', sortable: true, numeric: true },
  { key: 'dienst', label: 'Dienst', sortable: true },
  { key: 'status', label: 'Status', sortable: true },
  { key: 'geverifieerd', label: 'Geverifieerd', sortable: true },
  { key: 'detail', label: 'Detail', sortable: false },
] as const;

/** The CSV export's header row, in the order of the fields ProjectQueries.streamCsv writes. */
export const projectCsvHeader = [
  'Projectnummer',
  'Onderneming',
  'Aanvraagdatum',
  'Projectbedrag',
  'Dienst',
  'Status',
  'Geverifieerd',
];

/**
 * The export's CSV, as csv-stringify writes it. Flemish Excel: ";" between fields, a byte order mark
 * for UTF-8, CRLF between records; a name starting with =, +, - or @ gets a leading ' so that a
 * spreadsheet does not run it. ProjectQueries.streamCsv has PostgreSQL write the lines the same way
 * (test/integration/projects/csv-export.test.ts compares them with csv-stringify's).
 */
export const projectCsvOptions = {
  delimiter: ';',
  bom: true,
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  escape_formulas: true,
} as const;

export const yesNo = (value: boolean) => (value ? 'Ja' : 'Nee');

/** `1234` → `1.234`: a count as nl-BE writes it. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=([0-9]{3})+$)/g, '.');
}

export function foundText(total: number): string {
  return total === 1 ? '1 project gevonden' : `${formatCount(total)} projecten gevonden`;
}

export function periodText(allYears: boolean, period: Period): string {
  return allYears ? 'Alle jaren' : `Aanvragen van ${period.firstYear} en ${period.lastYear}`;
}

function presentRows(rows: ProjectListRow[], listSearch: string) {
  return rows.map((row) => ({
    cells: {
      projectnummer: row.projectNumber,
      onderneming: row.companyName,
      aanvraagdatum: formatDate(row.applicationDate),
      bedrag: formatEuro(row.projectAmountCents),
      dienst: serviceLabels[row.service],
      status: projectStatusLabels[row.status],
      geverifieerd: yesNo(row.verified),
      detail: 'Bekijk',
    },
    // The project's page leads back to this very view of the overview.
    links: { detail: projectDetailHref(row.projectNumber, listSearch) },
    // "Bekijk project 2026KMO000123": the link's name starts with what it shows (WCAG 2.5.3).
    linkHints: { detail: `project ${row.projectNumber}` },
  }));
}

/** What each applied filter means, in words ("Onderneming bevat “korst”"). */
function describeFilters(query: ProjectListQuery): string[] {
  const { filters } = query.criteria;
  const described: string[] = [];
  if (filters.projectNumber !== undefined) described.push(`Projectnummer bevat “${filters.projectNumber}”`);
  if (filters.companyName !== undefined) described.push(`Onderneming bevat “${filters.companyName}”`);
  if (filters.applicationFrom !== undefined)
    described.push(`Aanvraagdatum vanaf ${formatDate(filters.applicationFrom)}`);
  if (filters.applicationTo !== undefined)
    described.push(`Aanvraagdatum tot en met ${formatDate(filters.applicationTo)}`);
  if (filters.amountFromCents !== undefined)
    described.push(`Projectbedrag vanaf ${formatEuro(filters.amountFromCents)}`);
  if (filters.amountToCents !== undefined)
    described.push(`Projectbedrag tot en met ${formatEuro(filters.amountToCents)}`);
  if (filters.service !== undefined) described.push(`Dienst: ${serviceLabels[filters.service]}`);
  if (filters.status !== undefined) described.push(`Status: ${projectStatusLabels[filters.status]}`);
  if (filters.verified !== undefined) described.push(`Geverifieerd: ${yesNo(filters.verified)}`);
  return described;
}

function sortLabel(sort: ProjectSortKey): string {
  return (projectListColumns.find((column) => column.key === sort)?.label ?? sort).toLowerCase();
}

const emptyValues = Object.fromEntries(projectFilterFields.map((field) => [field, ''])) as Record<
  ProjectFilterField,
  string
>;

/** The view-model of /dienstverlener/projecten. */
export function presentProjectList(query: ProjectListQuery, result: ProjectListPage, period: Period) {
  const { criteria, values, errors } = query;
  const state = { values, allYears: criteria.allYears, sort: criteria.sort, direction: criteria.direction };
  const listHref = (search: string) => `${paths.provider.projects()}${search}`;
  const periodLabel = `${period.firstYear} en ${period.lastYear}`;
  const { filters } = criteria;
  // A date filter reaching before the default period finds nothing there: say why, and how to see it.
  const reachesBeforePeriod =
    !criteria.allYears &&
    ((filters.applicationFrom !== undefined && filters.applicationFrom < period.from) ||
      (filters.applicationTo !== undefined && filters.applicationTo < period.from));
  const activeFilters = describeFilters(query);
  const hasErrors = Object.keys(errors).length > 0;

  return {
    // The browser tab and a screen reader's first words say which view of the list this is.
    title: [
      'Projecten',
      activeFilters.length > 0 ? activeFilters.join(', ') : null,
      result.pageCount > 1 ? `pagina ${formatCount(result.page)} van ${formatCount(result.pageCount)}` : null,
    ]
      .filter((part) => part !== null)
      .join(' – '),
    foundText: foundText(result.total),
    periodText: periodText(criteria.allYears, period),
    periodSwitch: criteria.allYears
      ? {
          text: `Toon enkel de aanvragen van ${periodLabel}`,
          href: listHref(projectListSearch({ ...state, allYears: false })),
        }
      : { text: 'Toon alle jaren', href: listHref(projectListSearch({ ...state, allYears: true })) },
    periodNotice: reachesBeforePeriod
      ? `U ziet enkel aanvragen van ${periodLabel}: een aanvraagdatum daarvoor vindt u bij "Toon alle jaren".`
      : null,
    activeFilters,
    // Clearing the filters keeps the period and the sort, which are not filters.
    clearFiltersHref:
      activeFilters.length > 0 || hasErrors
        ? listHref(projectListSearch({ ...state, values: emptyValues }))
        : null,
    // Beyond the last page: say so. Without any project, the empty table says enough.
    pageNotice:
      result.pageBeyond && result.pageCount > 0
        ? `Pagina ${formatCount(result.pageBeyond)} bestaat niet: er ${result.pageCount === 1 ? 'is maar 1 pagina' : `zijn maar ${formatCount(result.pageCount)} pagina's`}. U ziet de laatste pagina.`
        : null,
    csvHref: `${paths.provider.projectsCsv()}${projectListSearch(state)}`,
    form: {
      action: paths.provider.projects(),
      values,
      errors,
      hidden: [
        ...(criteria.allYears ? [{ name: 'jaren', value: 'alle' }] : []),
        { name: 'sorteer', value: criteria.sort },
        { name: 'richting', value: criteria.direction },
      ],
      serviceItems: services.map((service) => ({ value: service, label: serviceLabels[service] })),
      statusItems: projectStatuses.map((status) => ({ value: status, label: projectStatusLabels[status] })),
      verifiedItems: [
        { value: 'ja', label: 'Ja' },
        { value: 'nee', label: 'Nee' },
      ],
    },
    table: {
      caption: `Projecten, gesorteerd op ${sortLabel(criteria.sort)} (${criteria.direction === 'asc' ? 'oplopend' : 'aflopend'})`,
      columns: projectListColumns,
      cards: true,
      rows: presentRows(result.rows, projectListSearch({ ...state, page: result.page })),
      sort: { key: criteria.sort, direction: criteria.direction },
      sortHref: (key: ProjectSortKey, direction: SortDirection) =>
        listHref(projectListSearch({ ...state, sort: key, direction })),
      emptyText:
        activeFilters.length > 0
          ? 'Er zijn geen projecten die aan de filters voldoen.'
          : criteria.allYears
            ? 'Er zijn nog geen projecten.'
            : `Er zijn geen projecten met een aanvraag in ${period.firstYear} of ${period.lastYear}.`,
    },
    pagination: {
      page: result.page,
      pageCount: result.pageCount,
      hrefFor: (page: number) => listHref(projectListSearch({ ...state, page })),
    },
    /** The position of the rows shown, for "Projecten 51 tot 100 van 152". */
    range:
      result.total > 0
        ? {
            first: formatCount((result.page - 1) * PROJECTS_PER_PAGE + 1),
            last: formatCount((result.page - 1) * PROJECTS_PER_PAGE + result.rows.length),
            total: formatCount(result.total),
          }
        : null,
  };
}
