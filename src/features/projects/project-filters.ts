import { z } from 'zod';
import { parseTypedDate, yearOf, type IsoDate } from '../../domain/dates.js';
import { parseEuroInput } from '../../domain/money.js';
import { projectStatuses, type ProjectStatus } from '../../domain/project-status.js';
import { services, type Service } from '../../domain/subsidy-terms.js';
import { parsePageNumber } from '../../domain/pagination.js';
import { queryText } from '../../web/url-values.js';

/**
 * The provider's projects overview lives in its query string, so that every
 * view can be bookmarked, shared and reached again with the back button. The
 * names are a contract (the benchmark in bench/ uses them too):
 *
 *   nummer, onderneming          text the project number / company name contains
 *   van, tot                     application date range, dd/mm/jjjj, both ends included
 *   bedragVan, bedragTot         project amount range in euro (1.198,35), both ends included
 *   dienst                       opleiding | advies
 *   status                       a project status code (Bevestigd, Lopend, …)
 *   geverifieerd                 ja | nee
 *   jaren=alle                   all years; absent = the current and the previous calendar year
 *   sorteer, richting            a sort key (projectSortKeys) and asc | desc
 *   pagina                       1-based page number
 *
 * An invalid filter is reported in Dutch and left out; the other filters still apply.
 */

export const projectFilterFields = [
  'nummer',
  'onderneming',
  'van',
  'tot',
  'bedragVan',
  'bedragTot',
  'dienst',
  'status',
  'geverifieerd',
] as const;
export type ProjectFilterField = (typeof projectFilterFields)[number];

export const projectSortKeys = [
  'projectnummer',
  'onderneming',
  'aanvraagdatum',
  'bedrag',
  'dienst',
  'status',
  'geverifieerd',
] as const;
export type ProjectSortKey = (typeof projectSortKeys)[number];
export type SortDirection = 'asc' | 'desc';

export const DEFAULT_PROJECT_SORT: ProjectSortKey = 'aanvraagdatum';

/** Newest first for the date; A to Z (or smallest first) for every other column. */
export function defaultDirection(sort: ProjectSortKey): SortDirection {
  return sort === 'aanvraagdatum' ? 'desc' : 'asc';
}

/**
 * The agency's free-text search (its one field "Zoek"): a project whose number
 * starts with the text, whose company, provider or department name contains
 * it, or, when the text has their shape, whose company's or provider's
 * enterprise number or whose registration number it is.
 */
export interface ProjectSearchTerms {
  text: string;
  /** The 10 digits, when the text has the shape of an enterprise number. */
  enterpriseNumber?: string;
  /** `DV.O218724`, when the text has the shape of a registration number. */
  registrationNumber?: string;
}

/** The filters that apply, already validated and converted. */
export interface ProjectFilters {
  search?: ProjectSearchTerms;
  projectNumber?: string;
  companyName?: string;
  applicationFrom?: IsoDate;
  applicationTo?: IsoDate;
  amountFromCents?: number;
  amountToCents?: number;
  service?: Service;
  status?: ProjectStatus;
  verified?: boolean;
}

/** Which projects, in which order: everything but the page. */
export interface ProjectListCriteria {
  filters: ProjectFilters;
  allYears: boolean;
  sort: ProjectSortKey;
  direction: SortDirection;
}

export interface ProjectListQuery {
  criteria: ProjectListCriteria;
  /** The page asked for (1-based); the list may show the last page instead when it is beyond. */
  page: number;
  /** What the user typed per filter field (trimmed), to show it back and to keep it in links. */
  values: Record<ProjectFilterField, string>;
  /** A Dutch message per filter field that was refused (and therefore not applied). */
  errors: Partial<Record<ProjectFilterField, string>>;
}

/** The default period: the calendar year of `today` and the one before it. */
export function defaultPeriod(today: IsoDate) {
  const lastYear = yearOf(today);
  const firstYear = lastYear - 1;
  return { firstYear, lastYear, from: `${firstYear}-01-01`, to: `${lastYear}-12-31` };
}

export type Period = ReturnType<typeof defaultPeriod>;

const DATE_MESSAGE = 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.';
const AMOUNT_MESSAGE = 'Vul een bedrag in euro in, bijvoorbeeld 1.198,35.';

const dateSchema = z.string().transform((text, context) => {
  const date = parseTypedDate(text);
  if (date === undefined) {
    context.addIssue({ code: 'custom', message: DATE_MESSAGE });
    return z.NEVER;
  }
  return date;
});

const amountSchema = z.string().transform((text, context) => {
  const cents = parseEuroInput(text);
  if (cents === undefined) {
    context.addIssue({ code: 'custom', message: AMOUNT_MESSAGE });
    return z.NEVER;
  }
  return cents;
});

/** One schema per field, each giving the part of the filters it sets. */
const fieldSchemas: Record<ProjectFilterField, z.ZodType<ProjectFilters>> = {
  nummer: z
    .string()
    .max(13, 'Een projectnummer telt 13 tekens, bijvoorbeeld 2026KMO044855: vul er hoogstens 13 in.')
    .transform((projectNumber) => ({ projectNumber })),
  onderneming: z
    .string()
    .max(200, 'Vul hoogstens 200 tekens in.')
    .transform((companyName) => ({ companyName })),
  van: dateSchema.transform((applicationFrom) => ({ applicationFrom })),
  tot: dateSchema.transform((applicationTo) => ({ applicationTo })),
  bedragVan: amountSchema.transform((amountFromCents) => ({ amountFromCents })),
  bedragTot: amountSchema.transform((amountToCents) => ({ amountToCents })),
  dienst: z
    .enum(services, { error: 'Kies een dienst uit de lijst: opleiding of advies.' })
    .transform((service) => ({ service })),
  status: z
    .enum(projectStatuses, { error: 'Kies een status uit de lijst.' })
    .transform((status) => ({ status })),
  geverifieerd: z
    .enum(['ja', 'nee'], { error: 'Kies "Ja" of "Nee".' })
    .transform((answer) => ({ verified: answer === 'ja' })),
};

/** Reads the overview's query string (`req.query`) into criteria, the typed values and the messages. */
export function parseProjectListQuery(query: Record<string, unknown>): ProjectListQuery {
  const values = Object.fromEntries(
    projectFilterFields.map((field) => [field, queryText(query[field])]),
  ) as Record<ProjectFilterField, string>;
  const errors: Partial<Record<ProjectFilterField, string>> = {};
  let filters: ProjectFilters = {};
  for (const field of projectFilterFields) {
    if (values[field] === '') continue;
    const parsed = fieldSchemas[field].safeParse(values[field]);
    if (parsed.success) filters = { ...filters, ...parsed.data };
    else errors[field] = parsed.error.issues[0]?.message ?? 'Deze waarde is ongeldig.';
  }
  // A range whose end lies before its start: the end is refused, the start still applies.
  if (filters.applicationFrom && filters.applicationTo && filters.applicationTo < filters.applicationFrom) {
    errors.tot = 'De datum "tot en met" mag niet vóór de datum "van" liggen.';
    delete filters.applicationTo;
  }
  if (
    filters.amountFromCents !== undefined &&
    filters.amountToCents !== undefined &&
    filters.amountToCents < filters.amountFromCents
  ) {
    errors.bedragTot = 'Het bedrag "tot en met" mag niet kleiner zijn dan het bedrag "van".';
    delete filters.amountToCents;
  }

  const sortText = queryText(query.sorteer);
  const sort = (projectSortKeys as readonly string[]).includes(sortText)
    ? (sortText as ProjectSortKey)
    : DEFAULT_PROJECT_SORT;
  const directionText = queryText(query.richting);
  const direction: SortDirection =
    directionText === 'asc' || directionText === 'desc' ? directionText : defaultDirection(sort);

  return {
    criteria: { filters, allYears: queryText(query.jaren) === 'alle', sort, direction },
    page: parsePageNumber(queryText(query.pagina)),
    values,
    errors,
  };
}

export interface ProjectListState {
  values: Record<ProjectFilterField, string>;
  allYears: boolean;
  sort: ProjectSortKey;
  direction: SortDirection;
  page?: number;
}

/**
 * The query string of a view of the overview (with its leading "?", or "" for
 * the default view). Filters are carried as typed; defaults are left out.
 */
export function projectListSearch(state: ProjectListState): string {
  const params = new URLSearchParams();
  for (const field of projectFilterFields) {
    if (state.values[field] !== '') params.set(field, state.values[field]);
  }
  if (state.allYears) params.set('jaren', 'alle');
  if (state.sort !== DEFAULT_PROJECT_SORT || state.direction !== defaultDirection(state.sort)) {
    params.set('sorteer', state.sort);
    params.set('richting', state.direction);
  }
  if (state.page !== undefined && state.page > 1) params.set('pagina', String(state.page));
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
