import type { Knex } from 'knex';
import {
  foldedContains,
  foldedResembles,
  foldedSimilarity,
  suggestSpelling,
  withSimilarityThreshold,
} from '../../db/name-search.js';
import type { IsoDate } from '../../domain/dates.js';
import type { Service } from '../../domain/subsidy-terms.js';

/** What a visitor searches registered providers by (DOMAIN.md §8); every part is optional. */
export interface ProviderSearchCriteria {
  name?: string;
  registrationNumber?: string;
  service?: Service;
  /** A theme code (`it`, `hr`, …) the provider gave as field of expertise. */
  theme?: string;
  /** Part of a municipality's name, or a postcode, of the head office or an establishment. */
  municipality?: string;
}

export interface ProviderSearchRow {
  providerId: number;
  registrationNumber: string;
  service: Service;
  validUntil: IsoDate;
  providerName: string;
  departmentName: string | null;
  enterpriseNumber: string;
  postcode: string;
  municipality: string;
  expertise: string[];
  contactEmail: string;
  contactPhone: string;
  establishments: string[];
}

export interface ProviderSearchResult {
  total: number;
  rows: ProviderSearchRow[];
  /**
   * The search spelled as the known names are, when the name or the
   * municipality matched no provider as typed (only similar ones, or none).
   */
  suggestion?: { name?: string; municipality?: string };
}

/** A provider's public page: what anyone may read. Never its bank account or its people. */
export interface PublicProvider {
  id: number;
  legalName: string;
  legalForm: string;
  enterpriseNumber: string;
  street: string;
  houseNumber: string;
  box: string | null;
  postcode: string;
  municipality: string;
  contactEmail: string;
  contactPhone: string;
  presentation: string;
  expertise: string[];
  registrations: {
    number: string;
    service: Service;
    departmentName: string | null;
    validFrom: IsoDate;
    validUntil: IsoDate;
  }[];
  establishments: {
    street: string;
    houseNumber: string;
    box: string | null;
    postcode: string;
    municipality: string;
  }[];
}

/**
 * Registrations a company can choose today (G or G/V, within their validity),
 * with their provider, filtered in SQL and counted, one page at a time. Names
 * and municipalities are matched folded (accents, case) and by similarity
 * (typos); the closest come first.
 */
export class ProviderSearchQueries {
  constructor(private readonly db: Knex) {}

  /** Registrations valid today: the only ones search and public pages show. */
  private registered(db: Knex, today: IsoDate): Knex.QueryBuilder {
    return db('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .whereIn('r.status', ['G', 'G/V'])
      .where('r.valid_from', '<=', today)
      .where('r.valid_until', '>=', today);
  }

  /**
   * SQL conditions and ranks of the name and municipality criteria. Each
   * condition is an id semi-join (`p.id in (select id … where folded like …)`):
   * PostgreSQL answers the subquery once from the folded names' trigram index
   * and checks each registration against a hashed set of ids, instead of
   * folding every provider's name for every condition (issue 22: 7× faster at
   * 20,000 providers, see docs/PERFORMANCE.md). The ranks, for ORDER BY only,
   * are computed for the rows that matched.
   */
  private matchers(db: Knex, criteria: ProviderSearchCriteria) {
    const name = criteria.name;
    const place = criteria.municipality;
    const providersWhere = (condition: Knex.Raw) =>
      db.raw('p.id in (select id from provider_organisations where ?)', [condition]);
    // A registration without department has no department name: false, not null (ORDER BY … desc).
    const departmentsWhere = (condition: Knex.Raw) =>
      db.raw('coalesce(r.department_id in (select id from departments where ?), false)', [condition]);
    const establishmentsWhere = (condition: Knex.Raw) =>
      db.raw('p.id in (select provider_id from establishments where ?)', [condition]);
    return {
      nameExact: name
        ? db.raw('(? or ?)', [
            providersWhere(foldedContains(db, 'legal_name', name)),
            departmentsWhere(foldedContains(db, 'name', name)),
          ])
        : undefined,
      nameSimilar: name
        ? db.raw('(? or ?)', [
            providersWhere(foldedResembles(db, 'legal_name', name)),
            departmentsWhere(foldedResembles(db, 'name', name)),
          ])
        : undefined,
      nameRank: name
        ? db.raw('greatest(?, coalesce(?, 0))', [
            foldedSimilarity(db, 'p.legal_name', name),
            foldedSimilarity(db, 'd.name', name),
          ])
        : undefined,
      // Name and postcode each a semi-join of their own: an OR inside one would read every row.
      placeExact: place
        ? db.raw('(? or ? or ? or ?)', [
            providersWhere(foldedContains(db, 'municipality', place)),
            providersWhere(db.raw('postcode = ?', [place])),
            establishmentsWhere(foldedContains(db, 'municipality', place)),
            establishmentsWhere(db.raw('postcode = ?', [place])),
          ])
        : undefined,
      placeSimilar: place
        ? db.raw('(? or ?)', [
            providersWhere(foldedResembles(db, 'municipality', place)),
            establishmentsWhere(foldedResembles(db, 'municipality', place)),
          ])
        : undefined,
      placeRank: place
        ? db.raw(
            'greatest(?, coalesce((select max(?) from establishments e where e.provider_id = p.id), 0))',
            [foldedSimilarity(db, 'p.municipality', place), foldedSimilarity(db, 'e.municipality', place)],
          )
        : undefined,
    };
  }

  /**
   * The registrations the criteria select. A name (or municipality) matches
   * as typed (folded) or, with `similar`, also when it only looks like it.
   */
  private filtered(
    db: Knex,
    criteria: ProviderSearchCriteria,
    today: IsoDate,
    similar: { name: boolean; place: boolean } = { name: true, place: true },
  ): Knex.QueryBuilder {
    const query = this.registered(db, today);
    const match = this.matchers(db, criteria);
    if (match.nameExact && match.nameSimilar) {
      if (similar.name) query.whereRaw('(? or ?)', [match.nameExact, match.nameSimilar]);
      else query.whereRaw('?', [match.nameExact]);
    }
    if (criteria.registrationNumber) query.where('r.number', criteria.registrationNumber);
    if (criteria.service) query.where('r.service', criteria.service);
    if (criteria.theme) query.whereRaw('? = any(p.expertise)', [criteria.theme]);
    if (match.placeExact && match.placeSimilar) {
      if (similar.place) query.whereRaw('(? or ?)', [match.placeExact, match.placeSimilar]);
      else query.whereRaw('?', [match.placeExact]);
    }
    return query;
  }

  /**
   * One page of the search and its total. A name or municipality found as
   * typed (accents and case folded) shows only those matches; one found only
   * by similarity (a typo) shows the similar ones, closest first, with the
   * suggestion spelled as the known names are.
   */
  async search(
    criteria: ProviderSearchCriteria,
    today: IsoDate,
    options: { offset: number; limit: number },
  ): Promise<ProviderSearchResult> {
    return withSimilarityThreshold(this.db, async (trx) => {
      const match = this.matchers(trx, criteria);
      const countWhere = (conditions: (Knex.Raw | undefined)[], alias: string) => {
        const present = conditions.filter((condition): condition is Knex.Raw => condition !== undefined);
        return trx.raw(
          `count(*) filter (where ${present.length > 0 ? present.map(() => '?').join(' and ') : 'true'})::int as ??`,
          [...present, alias],
        );
      };
      const counts = await this.filtered(trx, criteria, today).first<
        { total: number; name: number; place: number; both: number } | undefined
      >(
        countWhere([], 'total'),
        countWhere([match.nameExact], 'name'),
        countWhere([match.placeExact], 'place'),
        countWhere([match.nameExact, match.placeExact], 'both'),
      );
      if (!counts) throw new Error('count returned no row');
      const nameFound = counts.name > 0;
      const placeFound = nameFound ? counts.both > 0 : counts.place > 0;
      const similar = { name: !nameFound, place: !placeFound };
      const total = nameFound
        ? placeFound
          ? counts.both
          : counts.name
        : placeFound
          ? counts.place
          : counts.total;

      const order: Knex.Raw[] = [];
      if (match.nameExact && match.nameRank)
        order.push(trx.raw('? desc', [match.nameExact]), trx.raw('? desc', [match.nameRank]));
      if (match.placeExact && match.placeRank)
        order.push(trx.raw('? desc', [match.placeExact]), trx.raw('? desc', [match.placeRank]));
      const rows: ProviderSearchRow[] = await this.filtered(trx, criteria, today, similar)
        .orderByRaw(
          [...order.map(() => '?'), 'p.legal_name', 'd.name nulls first', 'r.service', 'r.number'].join(', '),
          order,
        )
        .offset(options.offset)
        .limit(options.limit)
        .select({
          providerId: 'p.id',
          registrationNumber: 'r.number',
          service: 'r.service',
          validUntil: 'r.valid_until',
          providerName: 'p.legal_name',
          departmentName: 'd.name',
          enterpriseNumber: 'p.enterprise_number',
          postcode: 'p.postcode',
          municipality: 'p.municipality',
          expertise: 'p.expertise',
          contactEmail: trx.raw('coalesce(d.contact_email, p.contact_email)'),
          contactPhone: 'p.contact_phone',
          establishments: trx.raw(
            `coalesce((select array_agg(distinct e.postcode || ' ' || e.municipality order by e.postcode || ' ' || e.municipality)
                         from establishments e where e.provider_id = p.id), '{}')`,
          ),
        });

      // Known names among the providers the other criteria leave.
      const others: ProviderSearchCriteria = { ...criteria, name: undefined, municipality: undefined };
      const suggestion: { name?: string; municipality?: string } = {};
      if (criteria.name && !nameFound) {
        suggestion.name = await suggestSpelling(
          trx,
          'name',
          this.filtered(trx, others, today).select(trx.raw('unnest(array[p.legal_name, d.name]) as name')),
          criteria.name,
        );
      }
      if (criteria.municipality && !placeFound) {
        suggestion.municipality = await suggestSpelling(
          trx,
          'municipality',
          this.filtered(trx, others, today).select(
            trx.raw(
              `unnest(array[p.municipality] || array(select e.municipality from establishments e where e.provider_id = p.id)) as name`,
            ),
          ),
          criteria.municipality,
        );
      }
      const suggested = suggestion.name !== undefined || suggestion.municipality !== undefined;
      return { total, rows, suggestion: suggested ? suggestion : undefined };
    });
  }

  /**
   * A provider's public page, or undefined when it has no registration valid
   * today (it is then not a registered provider: the page does not exist).
   */
  async publicProvider(id: number, today: IsoDate): Promise<PublicProvider | undefined> {
    const registrations: PublicProvider['registrations'] = await this.registered(this.db, today)
      .where('r.provider_id', id)
      .orderBy([{ column: 'd.name', nulls: 'first' }, { column: 'r.service' }, { column: 'r.number' }])
      .select({
        number: 'r.number',
        service: 'r.service',
        departmentName: 'd.name',
        validFrom: 'r.valid_from',
        validUntil: 'r.valid_until',
      });
    if (registrations.length === 0) return undefined;
    const provider = await this.db('provider_organisations')
      .where({ id })
      .first<Omit<PublicProvider, 'registrations' | 'establishments'> | undefined>({
        id: 'id',
        legalName: 'legal_name',
        legalForm: 'legal_form',
        enterpriseNumber: 'enterprise_number',
        street: 'street',
        houseNumber: 'house_number',
        box: 'box',
        postcode: 'postcode',
        municipality: 'municipality',
        contactEmail: 'contact_email',
        contactPhone: 'contact_phone',
        presentation: 'presentation',
        expertise: 'expertise',
      });
    if (!provider) return undefined;
    const establishments: PublicProvider['establishments'] = await this.db('establishments')
      .where({ provider_id: id })
      .orderBy([{ column: 'postcode' }, { column: 'municipality' }, { column: 'street' }, { column: 'id' }])
      .select({
        street: 'street',
        houseNumber: 'house_number',
        box: 'box',
        postcode: 'postcode',
        municipality: 'municipality',
      });
    return { ...provider, registrations, establishments };
  }
}
