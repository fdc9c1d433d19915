import type { Knex } from 'knex';
import type { CompanySize } from '../../domain/subsidy-terms.js';
import { foldedContains } from '../../db/name-search.js';
import { SEARCH_ROWS_PER_PAGE, type AdminSearchPage, type AdminSearchTerms } from '../admin/admin-search.js';
import { pageWindow } from '../../domain/pagination.js';

/** One company found by the agency's search. */
export interface CompanySearchRow {
  id: number;
  name: string;
  enterpriseNumber: string;
  postcode: string;
  municipality: string;
  projectCount: number;
}

/** The size a company confirmed for a calendar year. */
export interface CompanySizeYear {
  year: number;
  size: CompanySize;
  confirmedAt: Date;
  /** When its first successful application of that year fixed it. */
  lockedAt: Date | null;
}

/** The agency's read models of companies (every company: the agency sees all). */
export class CompanyAdminQueries {
  constructor(private readonly db: Knex) {}

  private matching(terms: AdminSearchTerms | undefined) {
    const query = this.db('companies as c');
    if (!terms) return query;
    return query.where((where) => {
      where.where(foldedContains(this.db, 'c.name', terms.text));
      if (terms.enterpriseNumber !== undefined) where.orWhere('c.enterprise_number', terms.enterpriseNumber);
    });
  }

  /** A page of the companies that match, by name. */
  async search(
    terms: AdminSearchTerms | undefined,
    requested: number,
  ): Promise<AdminSearchPage<CompanySearchRow>> {
    const counted = await this.matching(terms).first<{ count: number }>(
      this.db.raw('count(*)::int as count'),
    );
    const total = counted?.count ?? 0;
    const { page, pageCount, offset } = pageWindow(total, requested, SEARCH_ROWS_PER_PAGE);
    const rows = (await this.matching(terms)
      .select({
        id: 'c.id',
        name: 'c.name',
        enterpriseNumber: 'c.enterprise_number',
        postcode: 'c.postcode',
        municipality: 'c.municipality',
      })
      .select(
        this.db.raw('(select count(*)::int from projects pr where pr.company_id = c.id) as "projectCount"'),
      )
      .orderByRaw('lower(c.name), c.id')
      .limit(SEARCH_ROWS_PER_PAGE)
      .offset(offset)) as CompanySearchRow[];
    return { rows, total, page, pageCount };
  }

  /** The sizes the company confirmed, the latest year first. */
  async sizes(companyId: number): Promise<CompanySizeYear[]> {
    return this.db('company_size_confirmations')
      .where({ company_id: companyId })
      .orderBy('year', 'desc')
      .select({ year: 'year', size: 'size', confirmedAt: 'confirmed_at', lockedAt: 'locked_at' });
  }
}
