import type { Knex } from 'knex';

export interface NewProviderOrganisation {
  enterpriseNumber: string;
  legalName: string;
  legalForm: string;
  street: string;
  houseNumber: string;
  box: string | null;
  postcode: string;
  municipality: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  iban: string;
  bic: string;
  expertise: string[];
  presentation: string;
}

/** Unique indexes a sign-up can run into. */
export const providerConstraints = {
  enterpriseNumber: 'provider_organisations_enterprise_number_unique',
  login: 'provider_accounts_login_key',
} as const;

/** Provider organisations and their head-office account, as a sign-up creates them. */
export class ProviderRepository {
  constructor(private readonly db: Knex) {}

  async enterpriseNumberTaken(enterpriseNumber: string): Promise<boolean> {
    const row = await this.db('provider_organisations')
      .where({ enterprise_number: enterpriseNumber })
      .first<{ id: number } | undefined>('id');
    return row !== undefined;
  }

  async insertOrganisation(trx: Knex.Transaction, organisation: NewProviderOrganisation): Promise<number> {
    const [row] = await trx('provider_organisations')
      .insert({
        enterprise_number: organisation.enterpriseNumber,
        legal_name: organisation.legalName,
        legal_form: organisation.legalForm,
        street: organisation.street,
        house_number: organisation.houseNumber,
        box: organisation.box,
        postcode: organisation.postcode,
        municipality: organisation.municipality,
        contact_name: organisation.contactName,
        contact_email: organisation.contactEmail,
        contact_phone: organisation.contactPhone,
        iban: organisation.iban,
        bic: organisation.bic,
        expertise: organisation.expertise,
        presentation: organisation.presentation,
        // DOMAIN.md §1: an audit bureau cannot sign up; the form makes the applicant confirm it.
        is_audit_bureau: false,
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('provider_organisations insert returned no row');
    return row.id;
  }

  /** The head-office account: a one-time password that must be changed at the first sign-in. */
  async insertAccount(
    trx: Knex.Transaction,
    account: { providerId: number; login: string; passwordHash: string },
  ): Promise<number> {
    const [row] = await trx('provider_accounts')
      .insert({
        provider_id: account.providerId,
        login: account.login,
        password_hash: account.passwordHash,
        must_change_password: true,
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('provider_accounts insert returned no row');
    return row.id;
  }
}

/** A PostgreSQL unique violation (23505), optionally of one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || violated === constraint);
}
