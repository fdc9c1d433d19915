import type { Knex } from 'knex';
import {
  foldedContains,
  foldedResembles,
  foldedSimilarity,
  withSimilarityThreshold,
} from '../../db/name-search.js';
import type { IsoDate } from '../../domain/dates.js';
import type { RegistrationStatus } from '../../domain/registration-status.js';
import type { CompanySize, Service } from '../../domain/subsidy-terms.js';

/** Registrations a company may choose in a new application. */
export const selectableRegistrationStatuses: readonly RegistrationStatus[] = ['G', 'G/V'];

export interface RegistrationChoice {
  id: number;
  number: string;
  service: Service;
  status: RegistrationStatus;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
  providerId: number;
  departmentId: number | null;
  providerName: string;
  departmentName: string | null;
  providerEnterpriseNumber: string;
  municipality: string;
}

export interface ApplicantCompany {
  id: number;
  name: string;
  enterpriseNumber: string;
  naceCode: string | null;
}

export interface NaceCode {
  code: string;
  label: string;
  eligible: boolean;
}

const registrationColumns = {
  id: 'r.id',
  number: 'r.number',
  service: 'r.service',
  status: 'r.status',
  validFrom: 'r.valid_from',
  validUntil: 'r.valid_until',
  providerId: 'r.provider_id',
  departmentId: 'r.department_id',
  providerName: 'p.legal_name',
  departmentName: 'd.name',
  providerEnterpriseNumber: 'p.enterprise_number',
  municipality: 'p.municipality',
};

/** Reads for the company's application wizard; the writes are in application.service.ts. */
export class ApplicationRepository {
  constructor(private readonly db: Knex) {}

  async company(companyId: number, db: Knex | Knex.Transaction = this.db): Promise<ApplicantCompany> {
    const row = await db('companies').where({ id: companyId }).first<ApplicantCompany | undefined>({
      id: 'id',
      name: 'name',
      enterpriseNumber: 'enterprise_number',
      naceCode: 'nace_code',
    });
    if (!row) throw new Error(`company ${companyId} vanished`);
    return row;
  }

  /** The size the company confirmed for `year`, if any. */
  async confirmedSize(
    companyId: number,
    year: number,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<CompanySize | undefined> {
    const row = await db('company_size_confirmations')
      .where({ company_id: companyId, year })
      .first<{ size: CompanySize } | undefined>('size');
    return row?.size;
  }

  async naceCodes(db: Knex | Knex.Transaction = this.db): Promise<NaceCode[]> {
    return db('nace_codes').select('code', 'label', 'eligible').orderBy('code');
  }

  async registrationByNumber(
    number: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<RegistrationChoice | undefined> {
    return db('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .where('r.number', number)
      .first<RegistrationChoice | undefined>(registrationColumns);
  }

  /**
   * Registered providers for a service on a date whose name (organisation or
   * department) contains the search text, accents and case folded; when none
   * does, those whose name looks like it (a typo), the closest first. At most
   * `limit`, by closeness, then by name.
   */
  async searchRegistrations(
    service: Service,
    text: string,
    date: IsoDate,
    limit = 20,
  ): Promise<{ rows: RegistrationChoice[]; more: boolean }> {
    const found: (RegistrationChoice & { exact: boolean })[] = await withSimilarityThreshold(
      this.db,
      (trx) => {
        const exact = trx.raw('(? or coalesce(?, false))', [
          foldedContains(trx, 'p.legal_name', text),
          foldedContains(trx, 'd.name', text),
        ]);
        return trx('registrations as r')
          .join('provider_organisations as p', 'p.id', 'r.provider_id')
          .leftJoin('departments as d', 'd.id', 'r.department_id')
          .where('r.service', service)
          .whereIn('r.status', selectableRegistrationStatuses)
          .where('r.valid_from', '<=', date)
          .where('r.valid_until', '>=', date)
          .where((query) => {
            query
              .where(exact)
              .orWhere(foldedResembles(trx, 'p.legal_name', text))
              .orWhere(foldedResembles(trx, 'd.name', text));
          })
          .orderByRaw(
            '? desc, greatest(?, coalesce(?, 0)) desc, p.legal_name, d.name nulls first, r.number',
            [exact, foldedSimilarity(trx, 'p.legal_name', text), foldedSimilarity(trx, 'd.name', text)],
          )
          .limit(limit + 1)
          .select(registrationColumns)
          .select({ exact });
      },
    );
    // The names found as typed come first; when there are any, only those.
    const shown = found[0]?.exact ? found.filter((row) => row.exact) : found;
    const rows = shown.map(({ exact: _exact, ...row }) => row);
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }

  /** Locks the company row: two submissions of one enterprise take the yearly ceiling one after the other. */
  async lockCompany(trx: Knex.Transaction, companyId: number): Promise<void> {
    await trx('companies').where({ id: companyId }).forUpdate().first('id');
  }

  /** The company's size confirmation of `year` is locked by its first successful application. */
  async lockSizeConfirmation(trx: Knex.Transaction, companyId: number, year: number): Promise<void> {
    await trx('company_size_confirmations')
      .where({ company_id: companyId, year })
      .whereNull('locked_at')
      .update({ locked_at: trx.fn.now() });
  }
}
