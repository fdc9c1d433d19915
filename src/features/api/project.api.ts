import { createHash } from 'node:crypto';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import type { LedgerKind } from '../../domain/ledger.js';
import { formatDecimalEuro } from '../../domain/money.js';
import { projectStatusLabels, projectStatuses, type ProjectStatus } from '../../domain/project-status.js';
import { serviceLabels, services, type Service } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import {
  defaultDirection,
  DEFAULT_PROJECT_SORT,
  projectFilterFields,
  projectSortKeys,
  type ProjectFilters,
  type ProjectListCriteria,
  type ProjectSortKey,
} from '../projects/project-filters.js';
import type { ProjectApiRow, ProjectKeyset, ProjectQueries } from '../projects/project.queries.js';
import type { WalletQueries } from '../wallet/wallet.queries.js';
import type { ApiEndpoint } from './api.router.js';
import { projectScopeOfCaller } from './api-scope.js';
import { parseLimit } from './pagination.js';
import { badParameter, notFound } from './problem.js';

/**
 * GET /api/v1/projects and /projects/{number}: the token's projects, with the
 * filters and sorts of the providers' overview under the same names
 * (project-filters.ts), in machine formats: dates `YYYY-MM-DD`, amounts in
 * integer cents. A bad value is a 400 naming the parameter, never ignored.
 */
export const projectFilterParameters = [...projectFilterFields, 'jaren', 'sorteer', 'richting'] as const;
type ProjectFilterParameter = (typeof projectFilterParameters)[number];

const PROJECT_NUMBER = /^[0-9]{4}KMO[0-9]{6}$/;
const CENTS = /^(0|[1-9][0-9]{0,12})$/;

function isoDate(name: string, raw: string): IsoDate {
  if (!isIsoDate(raw))
    throw badParameter(name, `${name} is een datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2026-03-05.`);
  return raw;
}

function cents(name: string, raw: string): number {
  if (!CENTS.test(raw))
    throw badParameter(name, `${name} is een bedrag in eurocent, een geheel getal (119835 voor € 1.198,35).`);
  return Number(raw);
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw))
    throw badParameter(name, `${name} is een van: ${allowed.join(', ')}.`);
  return raw as T;
}

/** The query's filters and order as the overview's criteria; a bad or empty value → 400 naming it. */
export function parseProjectApiCriteria(
  query: Partial<Record<ProjectFilterParameter, string>>,
): ProjectListCriteria {
  for (const name of projectFilterParameters) {
    if (query[name] === '') throw badParameter(name, `Geef ${name} een waarde, of laat de parameter weg.`);
  }
  const filters: ProjectFilters = {};
  if (query.nummer !== undefined) {
    if (!/^[0-9A-Za-z]{1,13}$/.test(query.nummer))
      throw badParameter(
        'nummer',
        'nummer is (een deel van) een projectnummer: hoogstens 13 letters en cijfers.',
      );
    filters.projectNumber = query.nummer;
  }
  if (query.onderneming !== undefined) {
    if (query.onderneming.length > 200)
      throw badParameter('onderneming', 'onderneming telt hoogstens 200 tekens.');
    filters.companyName = query.onderneming;
  }
  if (query.van !== undefined) filters.applicationFrom = isoDate('van', query.van);
  if (query.tot !== undefined) filters.applicationTo = isoDate('tot', query.tot);
  if (filters.applicationFrom && filters.applicationTo && filters.applicationTo < filters.applicationFrom)
    throw badParameter('tot', 'De datum tot mag niet vóór de datum van liggen.');
  if (query.bedragVan !== undefined) filters.amountFromCents = cents('bedragVan', query.bedragVan);
  if (query.bedragTot !== undefined) filters.amountToCents = cents('bedragTot', query.bedragTot);
  if (
    filters.amountFromCents !== undefined &&
    filters.amountToCents !== undefined &&
    filters.amountToCents < filters.amountFromCents
  )
    throw badParameter('bedragTot', 'Het bedrag bedragTot mag niet kleiner zijn dan bedragVan.');
  if (query.dienst !== undefined) filters.service = oneOf<Service>('dienst', query.dienst, services);
  if (query.status !== undefined)
    filters.status = oneOf<ProjectStatus>('status', query.status, projectStatuses);
  if (query.geverifieerd !== undefined)
    filters.verified = oneOf('geverifieerd', query.geverifieerd, ['ja', 'nee'] as const) === 'ja';
  if (query.jaren !== undefined) oneOf('jaren', query.jaren, ['alle'] as const);
  const sort =
    query.sorteer === undefined
      ? DEFAULT_PROJECT_SORT
      : oneOf<ProjectSortKey>('sorteer', query.sorteer, projectSortKeys);
  const direction =
    query.richting === undefined
      ? defaultDirection(sort)
      : oneOf('richting', query.richting, ['asc', 'desc'] as const);
  return { filters, allYears: query.jaren === 'alle', sort, direction };
}

/** A short fingerprint of the criteria, so that a cursor is only used with the list it came from. */
function fingerprintOf(criteria: ProjectListCriteria): string {
  const { filters } = criteria;
  const canonical = JSON.stringify([
    filters.projectNumber ?? null,
    filters.companyName ?? null,
    filters.applicationFrom ?? null,
    filters.applicationTo ?? null,
    filters.amountFromCents ?? null,
    filters.amountToCents ?? null,
    filters.service ?? null,
    filters.status ?? null,
    filters.verified ?? null,
    criteria.allYears,
    criteria.sort,
    criteria.direction,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('base64url').slice(0, 16);
}

/**
 * Where a walk through the list stands: the last row's keys, and the first
 * year of the two-year period the walk began in (null for all years), so that
 * a walk across New Year keeps its list instead of sliding a year.
 */
export interface ProjectCursor extends ProjectKeyset {
  firstYear: number | null;
}

/** The cursor: base64url of [fingerprint of the criteria, the last row's sort value, its id, the period's first year]. */
export function encodeProjectCursor(
  criteria: ProjectListCriteria,
  row: ProjectApiRow,
  firstYear: number | null,
): string {
  return Buffer.from(
    JSON.stringify([fingerprintOf(criteria), row.sortValue, row.id, firstYear]),
    'utf8',
  ).toString('base64url');
}

/**
 * The criteria with the default period written out as dates of `firstYear`
 * and the next year (within the van/tot the caller gave), for all years.
 */
export function withinPeriod(criteria: ProjectListCriteria, firstYear: number): ProjectListCriteria {
  const from = `${firstYear}-01-01`;
  const to = `${firstYear + 1}-12-31`;
  const { applicationFrom, applicationTo } = criteria.filters;
  return {
    ...criteria,
    allYears: true,
    filters: {
      ...criteria.filters,
      applicationFrom: applicationFrom !== undefined && applicationFrom > from ? applicationFrom : from,
      applicationTo: applicationTo !== undefined && applicationTo < to ? applicationTo : to,
    },
  };
}

/** The kind of value each sort column holds (a forged cursor with another kind is refused). */
function isSortValue(sort: ProjectSortKey, value: unknown): value is string | number | boolean {
  switch (sort) {
    case 'aanvraagdatum':
      return typeof value === 'string' && isIsoDate(value);
    case 'bedrag':
      return Number.isSafeInteger(value);
    case 'geverifieerd':
      return typeof value === 'boolean';
    default:
      return typeof value === 'string' && value.length <= 400;
  }
}

export function decodeProjectCursor(
  raw: string | undefined,
  criteria: ProjectListCriteria,
): ProjectCursor | undefined {
  if (raw === undefined) return undefined;
  const refuse = () =>
    badParameter('cursor', 'Deze cursor is ongeldig. Gebruik de link next van de vorige pagina.');
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(raw)) throw refuse();
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(keys) || keys.length !== 4) throw refuse();
  const [fingerprint, sortValue, id, firstYear] = keys as unknown[];
  if (typeof fingerprint !== 'string' || !Number.isSafeInteger(id) || !isSortValue(criteria.sort, sortValue))
    throw refuse();
  const yearFits = criteria.allYears
    ? firstYear === null
    : Number.isSafeInteger(firstYear) && (firstYear as number) >= 2000 && (firstYear as number) <= 9998;
  if (!yearFits) throw refuse();
  if (fingerprint !== fingerprintOf(criteria))
    throw badParameter(
      'cursor',
      'Deze cursor hoort bij een lijst met andere filters of een andere sortering. Begin opnieuw zonder cursor.',
    );
  return { sortValue, id: id as number, firstYear: firstYear as number | null };
}

/** An amount of the API: integer cents and the decimal string of euro. */
export const amountOf = (cents: number) => ({ cents, euro: formatDecimalEuro(cents) });

function presentProject(row: Omit<ProjectApiRow, 'id' | 'sortValue'>) {
  return {
    projectNumber: row.projectNumber,
    company: { name: row.companyName, enterpriseNumber: row.companyEnterpriseNumber },
    applicationDate: row.applicationDate,
    service: row.service,
    serviceLabel: serviceLabels[row.service],
    status: row.status,
    statusLabel: projectStatusLabels[row.status],
    verified: row.verified,
    department: row.departmentId === null ? null : { id: row.departmentId, name: row.departmentName ?? '' },
    projectAmount: amountOf(row.projectAmountCents),
    subsidy: amountOf(row.subsidyCents),
    ownContribution: amountOf(row.ownContributionCents),
    links: { self: paths.api.project(row.projectNumber) },
  };
}

/** The ledger's kinds as the API names them (DOMAIN.md §6: the project's small ledger). */
const ledgerKindNames: Record<LedgerKind, string> = {
  eigen_bijdrage: 'ownContributionDeposit',
  subsidie: 'subsidy',
  betaling_dienstverlener: 'paymentToProvider',
  terugbetaling: 'refundToCompany',
  subsidie_terug: 'subsidyReturned',
};
export const apiLedgerKinds = Object.values(ledgerKindNames);

export function projectEndpoints(deps: { projects: ProjectQueries; wallet: WalletQueries }): ApiEndpoint[] {
  const { projects, wallet } = deps;
  return [
    {
      path: '/projects',
      query: [...projectFilterParameters, 'limit', 'cursor'],
      handle: async ({ caller, query }) => {
        const criteria = parseProjectApiCriteria(query);
        const limit = parseLimit(query.limit);
        const after = decodeProjectCursor(query.cursor, criteria);
        // The default period is the one of the walk's first page, also after New Year.
        const firstYear = criteria.allYears ? null : (after?.firstYear ?? projects.defaultPeriod().firstYear);
        const listed = firstYear === null ? criteria : withinPeriod(criteria, firstYear);
        // One more than asked: whether there is a next page.
        const rows = await projects.apiPage(projectScopeOfCaller(caller), listed, after, limit + 1);
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        let next: string | null = null;
        if (rows.length > limit && last) {
          const search = new URLSearchParams();
          for (const name of projectFilterParameters) {
            const value = query[name];
            if (value !== undefined) search.set(name, value);
          }
          search.set('limit', String(limit));
          search.set('cursor', encodeProjectCursor(criteria, last, firstYear));
          next = `${paths.api.projects()}?${search.toString()}`;
        }
        return { data: items.map(presentProject), links: { next } };
      },
    },
    {
      path: '/projects/:number',
      query: [],
      handle: async ({ caller, params }) => {
        const projectNumber = params.number ?? '';
        // A malformed number is as unknown as another provider's: 404.
        if (!PROJECT_NUMBER.test(projectNumber)) throw notFound();
        const detail = await projects.findDetail(projectScopeOfCaller(caller), projectNumber);
        if (!detail) throw notFound();
        const entries = await wallet.ledgerEntries(detail.id);
        return {
          ...presentProject(detail),
          title: detail.title,
          trainingKind: detail.trainingKind,
          subtheme: detail.subtheme,
          hours: detail.hours,
          agreementDate: detail.agreementDate,
          startDate: detail.startDate,
          depositDeadline: detail.depositDeadline,
          registrationNumber: detail.registrationNumber,
          participants: detail.participants.map(({ firstName, lastName }) => ({ firstName, lastName })),
          history: detail.history.map((entry) => ({
            at: entry.at.toISOString(),
            fromStatus: entry.fromStatus,
            fromStatusLabel: entry.fromStatus === null ? null : projectStatusLabels[entry.fromStatus],
            toStatus: entry.toStatus,
            toStatusLabel: projectStatusLabels[entry.toStatus],
            reason: entry.reason,
          })),
          ledger: {
            deposited: amountOf(detail.ledger.depositedCents),
            subsidy: amountOf(detail.ledger.subsidyCents),
            paidToProvider: amountOf(detail.ledger.paidCents),
            refunded: amountOf(detail.ledger.refundedCents),
            balance: amountOf(detail.ledger.balanceCents),
            entries: entries.map((entry) => ({
              kind: ledgerKindNames[entry.kind],
              bookedOn: entry.bookedOn,
              amount: amountOf(entry.amountCents),
              invoiceNumber: entry.invoiceNumber,
              invoiceDate: entry.invoiceDate,
            })),
          },
        };
      },
    },
  ];
}
