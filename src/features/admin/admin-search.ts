import { normaliseEnterpriseNumber } from '../../domain/belgian-identifiers.js';
import { normaliseRegistrationNumber } from '../applications/application.answers.js';
import { parsePageNumber } from '../../domain/pagination.js';
import { queryText } from '../../web/url-values.js';

/** Rows on a page of the agency's provider and company searches. */
export const SEARCH_ROWS_PER_PAGE = 50;

const MAX_LENGTH = 200;

/** What the agency's one search field ("zoek") asks for: a name's part, perhaps an identifier too. */
export interface AdminSearchTerms {
  text: string;
  /** The 10 digits, when the text has the shape of an enterprise number (dots, spaces or BE allowed). */
  enterpriseNumber?: string;
  /** `DV.O218724`, when the text has the shape of a registration number. */
  registrationNumber?: string;
}

export interface AdminSearchQuery {
  /** Undefined: no search, every row. */
  terms?: AdminSearchTerms;
  page: number;
  values: { zoek: string };
  errors: { zoek?: string };
}

/** `?zoek=…&pagina=…` of /beheer/dienstverleners and /beheer/ondernemingen. */
export function parseAdminSearchQuery(query: Record<string, unknown>): AdminSearchQuery {
  const zoek = queryText(query.zoek);
  const page = parsePageNumber(queryText(query.pagina));
  if (zoek.length > MAX_LENGTH) {
    return { page, values: { zoek }, errors: { zoek: `Vul hoogstens ${MAX_LENGTH} tekens in.` } };
  }
  if (zoek === '') return { page, values: { zoek }, errors: {} };
  const enterpriseNumber = normaliseEnterpriseNumber(zoek);
  const registrationNumber = normaliseRegistrationNumber(zoek);
  return {
    terms: {
      text: zoek,
      ...(enterpriseNumber !== undefined ? { enterpriseNumber } : {}),
      ...(registrationNumber !== undefined ? { registrationNumber } : {}),
    },
    page,
    values: { zoek },
    errors: {},
  };
}

/** The href of a page of a search: the list's path with `zoek` and `pagina` when they are not the default. */
export function adminSearchHref(path: string, zoek: string, page?: number): string {
  const params = new URLSearchParams();
  if (zoek !== '') params.set('zoek', zoek);
  if (page !== undefined && page > 1) params.set('pagina', String(page));
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/** A page of a search result; a page beyond the last shows the last. */
export interface AdminSearchPage<Row> {
  rows: Row[];
  total: number;
  page: number;
  pageCount: number;
}

/** A row id from the URL (a positive integer Postgres can hold), else undefined (404). */
export function parseRowId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : undefined;
}

/**
 * The view-model of an agency search page (/beheer/dienstverleners,
 * /beheer/ondernemingen) around its table: the count found, the form, the
 * link that clears the search, the text of an empty table and the pages.
 * `noun` names one and many of what is searched ("onderneming", "ondernemingen").
 */
export function presentAdminSearchPage<Row>(
  path: string,
  noun: { one: string; many: string },
  query: AdminSearchQuery,
  result: AdminSearchPage<Row>,
) {
  return {
    foundText: result.total === 1 ? `1 ${noun.one} gevonden` : `${result.total} ${noun.many} gevonden`,
    form: { action: path, values: query.values, errors: query.errors },
    clearHref: query.values.zoek !== '' ? path : null,
    emptyText: query.terms
      ? `Er zijn geen ${noun.many} die aan uw zoekopdracht voldoen.`
      : `Er zijn nog geen ${noun.many}.`,
    pagination: {
      page: result.page,
      pageCount: result.pageCount,
      hrefFor: (page: number) => adminSearchHref(path, query.values.zoek, page),
    },
  };
}
