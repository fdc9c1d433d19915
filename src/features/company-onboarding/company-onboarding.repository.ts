import type { Knex } from 'knex';
import { NotFoundError } from '../../domain/errors.js';
import type { CompanySize } from '../../domain/subsidy-terms.js';
import { fteForDatabase, fteTenthsFromDatabase } from './company-figures.js';
import type { NaceCode, StoredDetails } from './company-details.js';

/** What the portal knows of the company: fixed data from the KBO, figures and details. */
export interface CompanyRecord extends StoredDetails {
  id: number;
  name: string;
  enterpriseNumber: string;
  legalForm: string;
  street: string;
  houseNumber: string;
  box: string | null;
  postcode: string;
  municipality: string;
  balanceTotalCents: number | undefined;
  proposedSize: CompanySize | null;
}

export interface SizeConfirmation {
  year: number;
  size: CompanySize;
  confirmedAt: Date;
  lockedAt: Date | null;
  /** The figures (figuresFingerprint) the company confirmed a contradicted size against; null otherwise. */
  acknowledgedFigures: string | null;
}

/** The details as they are written, and as the audit log records old and new values. */
export interface DetailsColumns {
  iban: string;
  /** Null when the (foreign SEPA) account goes without one. */
  bic: string | null;
  turnoverCents: number;
  /** Tenths of an FTE. */
  employeesFteTenths: number;
  naceCode: string;
}

interface CompanyRow {
  id: number;
  name: string;
  enterprise_number: string;
  legal_form: string;
  street: string;
  house_number: string;
  box: string | null;
  postcode: string;
  municipality: string;
  iban: string | null;
  bic: string | null;
  nace_code: string | null;
  turnover_cents: string | number | null;
  balance_total_cents: string | number | null;
  employees_fte: string | number | null;
  proposed_size: CompanySize | null;
  nace_label: string | null;
  nace_eligible: boolean | null;
}

const companyColumns = [
  'c.id',
  'c.name',
  'c.enterprise_number',
  'c.legal_form',
  'c.street',
  'c.house_number',
  'c.box',
  'c.postcode',
  'c.municipality',
  'c.iban',
  'c.bic',
  'c.nace_code',
  'c.turnover_cents',
  'c.balance_total_cents',
  'c.employees_fte',
  'c.proposed_size',
  'n.label as nace_label',
  'n.eligible as nace_eligible',
];

const cents = (value: string | number | null): number | undefined =>
  value === null ? undefined : Number(value);

function toRecord(row: CompanyRow): CompanyRecord {
  return {
    id: row.id,
    name: row.name,
    enterpriseNumber: row.enterprise_number,
    legalForm: row.legal_form,
    street: row.street,
    houseNumber: row.house_number,
    box: row.box,
    postcode: row.postcode,
    municipality: row.municipality,
    iban: row.iban,
    bic: row.bic,
    naceCode: row.nace_code,
    nace:
      row.nace_code !== null && row.nace_label !== null && row.nace_eligible !== null
        ? { code: row.nace_code, label: row.nace_label, eligible: row.nace_eligible }
        : undefined,
    turnoverCents: cents(row.turnover_cents),
    balanceTotalCents: cents(row.balance_total_cents),
    employeesFteTenths: fteTenthsFromDatabase(row.employees_fte),
    proposedSize: row.proposed_size,
  };
}

/**
 * The signed-in company's own row and size confirmations. Every method takes
 * the company id of the principal: there is no way to reach another company.
 */
export class CompanyOnboardingRepository {
  constructor(private readonly db: Knex) {}

  async company(companyId: number, db: Knex | Knex.Transaction = this.db): Promise<CompanyRecord> {
    const row = await db('companies as c')
      .leftJoin('nace_codes as n', 'n.code', 'c.nace_code')
      .where('c.id', companyId)
      .first<CompanyRow | undefined>(companyColumns);
    if (!row) throw new NotFoundError();
    return toRecord(row);
  }

  /** Locks the company row: size confirmations and detail changes of one company go one at a time. */
  async companyForUpdate(trx: Knex.Transaction, companyId: number): Promise<CompanyRecord> {
    const locked = await trx('companies')
      .where({ id: companyId })
      .forUpdate()
      .first<{ id: number } | undefined>('id');
    if (!locked) throw new NotFoundError();
    return this.company(companyId, trx);
  }

  async confirmation(
    companyId: number,
    year: number,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<SizeConfirmation | undefined> {
    const row = await db('company_size_confirmations')
      .where({ company_id: companyId, year })
      .first<ConfirmationRow | undefined>(confirmationColumns);
    return row ? toConfirmation(row) : undefined;
  }

  /** The latest confirmation of an earlier year, to remind the company of it. */
  async previousConfirmation(companyId: number, year: number): Promise<SizeConfirmation | undefined> {
    const row = await this.db('company_size_confirmations')
      .where({ company_id: companyId })
      .andWhere('year', '<', year)
      .orderBy('year', 'desc')
      .first<ConfirmationRow | undefined>(confirmationColumns);
    return row ? toConfirmation(row) : undefined;
  }

  async insertConfirmation(
    trx: Knex.Transaction,
    companyId: number,
    year: number,
    size: CompanySize,
    personId: number,
    acknowledgedFigures: string | null,
  ): Promise<void> {
    await trx('company_size_confirmations').insert({
      company_id: companyId,
      year,
      size,
      confirmed_by: personId,
      confirmed_at: trx.fn.now(),
      figures_acknowledged: acknowledgedFigures,
    });
  }

  /** Changes a confirmation that is not locked; false when it was locked in the meantime. */
  async changeConfirmation(
    trx: Knex.Transaction,
    companyId: number,
    year: number,
    size: CompanySize,
    personId: number,
    acknowledgedFigures: string | null,
  ): Promise<boolean> {
    const updated = await trx('company_size_confirmations')
      .where({ company_id: companyId, year })
      .whereNull('locked_at')
      .update({
        size,
        confirmed_by: personId,
        confirmed_at: trx.fn.now(),
        figures_acknowledged: acknowledgedFigures,
      });
    return updated === 1;
  }

  async updateDetails(trx: Knex.Transaction, companyId: number, details: DetailsColumns): Promise<void> {
    await trx('companies')
      .where({ id: companyId })
      .update({
        iban: details.iban,
        bic: details.bic,
        turnover_cents: details.turnoverCents,
        employees_fte: fteForDatabase(details.employeesFteTenths),
        nace_code: details.naceCode,
        updated_at: trx.fn.now(),
      });
  }

  async naceCode(code: string): Promise<NaceCode | undefined> {
    return this.db('nace_codes').where({ code }).first('code', 'label', 'eligible');
  }
}

interface ConfirmationRow {
  year: number;
  size: CompanySize;
  confirmed_at: Date;
  locked_at: Date | null;
  figures_acknowledged: string | null;
}

const confirmationColumns = ['year', 'size', 'confirmed_at', 'locked_at', 'figures_acknowledged'];

function toConfirmation(row: ConfirmationRow): SizeConfirmation {
  return {
    year: row.year,
    size: row.size,
    confirmedAt: row.confirmed_at,
    lockedAt: row.locked_at,
    acknowledgedFigures: row.figures_acknowledged,
  };
}
