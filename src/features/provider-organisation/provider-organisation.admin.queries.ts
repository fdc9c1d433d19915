import type { Knex } from 'knex';
import { foldedContains } from '../../db/name-search.js';
import { SEARCH_ROWS_PER_PAGE, type AdminSearchPage, type AdminSearchTerms } from '../admin/admin-search.js';
import { pageWindow } from '../../domain/pagination.js';

/** One provider found by the agency's search. */
export interface ProviderSearchRow {
  id: number;
  legalName: string;
  enterpriseNumber: string;
  postcode: string;
  municipality: string;
  /** The numbers its registrations (head office and departments) were given. */
  registrationNumbers: string[];
}

/** The agency's search over every provider organisation (never its login or password). */
export class ProviderOrganisationAdminQueries {
  constructor(private readonly db: Knex) {}

  private matching(terms: AdminSearchTerms | undefined) {
    const query = this.db('provider_organisations as p');
    if (!terms) return query;
    return query.where((where) => {
      where.where(foldedContains(this.db, 'p.legal_name', terms.text)).orWhereIn(
        'p.id',
        this.db('departments')
          .select('provider_id')
          .where(foldedContains(this.db, 'name', terms.text)),
      );
      if (terms.enterpriseNumber !== undefined) where.orWhere('p.enterprise_number', terms.enterpriseNumber);
      if (terms.registrationNumber !== undefined) {
        where.orWhereIn(
          'p.id',
          this.db('registrations').select('provider_id').where('number', terms.registrationNumber),
        );
      }
    });
  }

  /** A page of the providers that match, by name. */
  async search(
    terms: AdminSearchTerms | undefined,
    requested: number,
  ): Promise<AdminSearchPage<ProviderSearchRow>> {
    const counted = await this.matching(terms).first<{ count: number }>(
      this.db.raw('count(*)::int as count'),
    );
    const total = counted?.count ?? 0;
    const { page, pageCount, offset } = pageWindow(total, requested, SEARCH_ROWS_PER_PAGE);
    const rows = (await this.matching(terms)
      .select({
        id: 'p.id',
        legalName: 'p.legal_name',
        enterpriseNumber: 'p.enterprise_number',
        postcode: 'p.postcode',
        municipality: 'p.municipality',
      })
      .select(
        this.db.raw(
          `array(select r.number from registrations r
                 where r.provider_id = p.id and r.number is not null order by r.number) as "registrationNumbers"`,
        ),
      )
      .orderByRaw('lower(p.legal_name), p.id')
      .limit(SEARCH_ROWS_PER_PAGE)
      .offset(offset)) as ProviderSearchRow[];
    return { rows, total, page, pageCount };
  }
}
