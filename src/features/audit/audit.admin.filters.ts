import { parseTypedDate, type IsoDate } from '../../domain/dates.js';
import { parsePageNumber } from '../../domain/pagination.js';
import { queryText } from '../../web/url-values.js';

/**
 * The audit page's filters live in its query string, in Dutch:
 *
 *   persoon     text the actor's name contains
 *   object      an entity type (registration, project, …)
 *   objectId    the object's id, exactly
 *   actie       an action (`registration.approve`)
 *   van, tot    the period, dd/mm/jjjj, both days included (Brussels)
 *   pagina      1-based page number
 *   keten=controleren  also walk the hash chain and show the result
 *
 * An invalid filter is reported in Dutch and left out; the others still apply.
 */
export const auditFilterFields = ['persoon', 'object', 'objectId', 'actie', 'van', 'tot'] as const;
export type AuditFilterField = (typeof auditFilterFields)[number];

export interface AuditFilters {
  actorContains?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: IsoDate;
  to?: IsoDate;
}

export interface AuditListQuery {
  filters: AuditFilters;
  page: number;
  verifyChain: boolean;
  /** What the user typed per field (trimmed), to show it back and keep it in links. */
  values: Record<AuditFilterField, string>;
  errors: Partial<Record<AuditFilterField, string>>;
}

/** The choices the page offers: the entity types and actions present in the log. */
export interface AuditFilterChoices {
  entityTypes: readonly string[];
  actions: readonly string[];
}

const DATE_MESSAGE = 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.';

/** Reads the audit page's query string (`req.query`) against the choices present. */
export function parseAuditListQuery(
  query: Record<string, unknown>,
  choices: AuditFilterChoices,
): AuditListQuery {
  const values = Object.fromEntries(
    auditFilterFields.map((field) => [field, queryText(query[field])]),
  ) as Record<AuditFilterField, string>;
  const errors: Partial<Record<AuditFilterField, string>> = {};
  const filters: AuditFilters = {};

  if (values.persoon !== '') {
    if (values.persoon.length > 200) errors.persoon = 'Vul hoogstens 200 tekens in.';
    else filters.actorContains = values.persoon;
  }
  if (values.object !== '') {
    if (choices.entityTypes.includes(values.object)) filters.entityType = values.object;
    else errors.object = 'Kies een soort object uit de lijst.';
  }
  if (values.objectId !== '') {
    if (values.objectId.length > 50) errors.objectId = 'Een id telt hoogstens 50 tekens.';
    else filters.entityId = values.objectId;
  }
  if (values.actie !== '') {
    if (choices.actions.includes(values.actie)) filters.action = values.actie;
    else errors.actie = 'Kies een actie uit de lijst.';
  }
  for (const [field, key] of [
    ['van', 'from'],
    ['tot', 'to'],
  ] as const) {
    if (values[field] === '') continue;
    const date = parseTypedDate(values[field]);
    if (date === undefined) errors[field] = DATE_MESSAGE;
    else filters[key] = date;
  }
  if (filters.from && filters.to && filters.to < filters.from) {
    errors.tot = 'De datum "tot en met" mag niet vóór de datum "van" liggen.';
    delete filters.to;
  }

  return {
    filters,
    page: parsePageNumber(queryText(query.pagina)),
    verifyChain: queryText(query.keten) === 'controleren',
    values,
    errors,
  };
}

/** The query string of a view of the audit page (with its "?", or "" for the default view). */
export function auditListSearch(
  values: Record<AuditFilterField, string>,
  options: { page?: number; verifyChain?: boolean } = {},
): string {
  const params = new URLSearchParams();
  for (const field of auditFilterFields) if (values[field] !== '') params.set(field, values[field]);
  if (options.page !== undefined && options.page > 1) params.set('pagina', String(options.page));
  if (options.verifyChain) params.set('keten', 'controleren');
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
