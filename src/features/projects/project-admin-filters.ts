import { normaliseEnterpriseNumber } from '../../domain/belgian-identifiers.js';
import { normaliseRegistrationNumber } from '../applications/application.answers.js';
import {
  DEFAULT_PROJECT_SORT,
  parseProjectListQuery,
  type ProjectFilterField,
  type ProjectListCriteria,
  type ProjectSearchTerms,
} from './project-filters.js';
import { queryText } from '../../web/url-values.js';

/**
 * The agency's project search (/beheer/projecten) lives in its query string,
 * like the providers' overview, whose date, service and status filters it
 * shares (same names, same validation and messages):
 *
 *   zoek        a project number (or its start), a company's, provider's or department's
 *               name (or part of it), an enterprise number (0123.456.749, BE0123456749, …)
 *               or a registration number (DV.O218724)
 *   status      a project status code
 *   dienst      opleiding | advies
 *   van, tot    application date range, dd/mm/jjjj, both ends included
 *   pagina      1-based page number
 *
 * Every year is searched; the newest application comes first.
 */
export const adminProjectFilterFields = ['zoek', 'status', 'dienst', 'van', 'tot'] as const;
export type AdminProjectFilterField = (typeof adminProjectFilterFields)[number];

const sharedFields = ['status', 'dienst', 'van', 'tot'] as const satisfies readonly ProjectFilterField[];

export const SEARCH_MAX_LENGTH = 200;

export interface AdminProjectQuery {
  criteria: ProjectListCriteria;
  page: number;
  /** What the user typed per field (trimmed), to show it back and to keep it in links. */
  values: Record<AdminProjectFilterField, string>;
  /** A Dutch message per field that was refused (and therefore not applied). */
  errors: Partial<Record<AdminProjectFilterField, string>>;
}

/** What the text of "Zoek" may be: always a number's start or a name's part; perhaps an identifier too. */
export function projectSearchTerms(text: string): ProjectSearchTerms {
  const enterpriseNumber = normaliseEnterpriseNumber(text);
  const registrationNumber = normaliseRegistrationNumber(text);
  return {
    text,
    ...(enterpriseNumber !== undefined ? { enterpriseNumber } : {}),
    ...(registrationNumber !== undefined ? { registrationNumber } : {}),
  };
}

/** Reads /beheer/projecten's query string into criteria, the typed values and the messages. */
export function parseAdminProjectQuery(query: Record<string, unknown>): AdminProjectQuery {
  const shared = parseProjectListQuery({
    ...Object.fromEntries(sharedFields.map((field) => [field, query[field]])),
    pagina: query.pagina,
  });
  const zoek = queryText(query.zoek);
  const errors: AdminProjectQuery['errors'] = {};
  for (const field of sharedFields) {
    const message = shared.errors[field];
    if (message !== undefined) errors[field] = message;
  }
  let search: ProjectSearchTerms | undefined;
  if (zoek.length > SEARCH_MAX_LENGTH) errors.zoek = `Vul hoogstens ${SEARCH_MAX_LENGTH} tekens in.`;
  else if (zoek !== '') search = projectSearchTerms(zoek);
  return {
    criteria: {
      filters: { ...shared.criteria.filters, ...(search ? { search } : {}) },
      allYears: true,
      sort: DEFAULT_PROJECT_SORT,
      direction: 'desc',
    },
    page: shared.page,
    values: {
      zoek,
      status: shared.values.status,
      dienst: shared.values.dienst,
      van: shared.values.van,
      tot: shared.values.tot,
    },
    errors,
  };
}

/** The query string of a view of the search (with its leading "?", or "" without anything). */
export function adminProjectSearch(values: Record<AdminProjectFilterField, string>, page?: number): string {
  const params = new URLSearchParams();
  for (const field of adminProjectFilterFields) {
    if (values[field] !== '') params.set(field, values[field]);
  }
  if (page !== undefined && page > 1) params.set('pagina', String(page));
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
