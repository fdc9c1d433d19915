import type { Knex } from 'knex';
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

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * Registrations a company can choose today (G or G/V, within their validity),
 * with their provider, filtered in SQL and counted, one page at a time.
 */
export class ProviderSearchQueries {
  constructor(private readonly db: Knex) {}

  private filtered(criteria: ProviderSearchCriteria, today: IsoDate): Knex.QueryBuilder {
    const query = this.db('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .whereIn('r.status', ['G', 'G/V'])
      .where('r.valid_from', '<=', today)
      .where('r.valid_until', '>=', today);
    if (criteria.name) {
      const pattern = `%${escapeLike(criteria.name)}%`;
      query.where((inner) => {
        inner.whereILike('p.legal_name', pattern).orWhereILike('d.name', pattern);
      });
    }
    if (criteria.registrationNumber) query.where('r.number', criteria.registrationNumber);
    if (criteria.service) query.where('r.service', criteria.service);
    if (criteria.theme) query.whereRaw('? = any(p.expertise)', [criteria.theme]);
    if (criteria.municipality) {
      const text = criteria.municipality;
      const pattern = `%${escapeLike(text)}%`;
      query.where((inner) => {
        inner
          .whereILike('p.municipality', pattern)
          .orWhere('p.postcode', text)
          .orWhereExists((establishments) => {
            establishments
              .select(this.db.raw('1'))
              .from('establishments as e')
              .whereRaw('e.provider_id = p.id')
              .where((match) => {
                match.whereILike('e.municipality', pattern).orWhere('e.postcode', text);
              });
          });
      });
    }
    return query;
  }

  async count(criteria: ProviderSearchCriteria, today: IsoDate): Promise<number> {
    const row = await this.filtered(criteria, today).count<{ count: string }[]>('r.id as count').first();
    return Number(row?.count ?? 0);
  }

  async page(
    criteria: ProviderSearchCriteria,
    today: IsoDate,
    options: { offset: number; limit: number },
  ): Promise<ProviderSearchRow[]> {
    return this.filtered(criteria, today)
      .orderBy([
        { column: 'p.legal_name' },
        { column: 'd.name', nulls: 'first' },
        { column: 'r.service' },
        { column: 'r.number' },
      ])
      .offset(options.offset)
      .limit(options.limit)
      .select({
        registrationNumber: 'r.number',
        service: 'r.service',
        validUntil: 'r.valid_until',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        enterpriseNumber: 'p.enterprise_number',
        postcode: 'p.postcode',
        municipality: 'p.municipality',
        expertise: 'p.expertise',
        contactEmail: this.db.raw('coalesce(d.contact_email, p.contact_email)'),
        contactPhone: 'p.contact_phone',
        establishments: this.db.raw(
          `coalesce((select array_agg(distinct e.postcode || ' ' || e.municipality order by e.postcode || ' ' || e.municipality)
                       from establishments e where e.provider_id = p.id), '{}')`,
        ),
      });
  }
}
