import type { Knex } from 'knex';

export interface ProviderAccount {
  id: number;
  providerId: number;
  login: string;
  passwordHash: string;
  mustChangePassword: boolean;
  providerName: string;
  enterpriseNumber: string;
  contactEmail: string;
}

const columns = {
  id: 'a.id',
  providerId: 'a.provider_id',
  login: 'a.login',
  passwordHash: 'a.password_hash',
  mustChangePassword: 'a.must_change_password',
  providerName: 'p.legal_name',
  enterpriseNumber: 'p.enterprise_number',
  contactEmail: 'p.contact_email',
};

/** Head-office accounts: one per provider organisation, found by login. */
export class ProviderAccountRepository {
  constructor(private readonly db: Knex) {}

  private query(db: Knex | Knex.Transaction = this.db) {
    return db('provider_accounts as a')
      .join('provider_organisations as p', 'p.id', 'a.provider_id')
      .select<ProviderAccount[]>(columns);
  }

  async findByLogin(login: string): Promise<ProviderAccount | undefined> {
    return this.query().whereRaw('lower(a.login) = lower(?)', [login]).first();
  }

  async findById(id: number, db: Knex | Knex.Transaction = this.db): Promise<ProviderAccount | undefined> {
    return this.query(db).where('a.id', id).first();
  }

  async findForUpdate(trx: Knex.Transaction, id: number): Promise<ProviderAccount | undefined> {
    return this.query(trx).where('a.id', id).forUpdate('a').first();
  }

  async findByEnterpriseNumber(
    trx: Knex.Transaction,
    enterpriseNumber: string,
  ): Promise<ProviderAccount | undefined> {
    return this.query(trx).where('p.enterprise_number', enterpriseNumber).forUpdate('a').first();
  }

  async loginTaken(trx: Knex.Transaction, login: string, exceptAccountId: number): Promise<boolean> {
    const row = await trx('provider_accounts')
      .whereRaw('lower(login) = lower(?)', [login])
      .whereNot('id', exceptAccountId)
      .first<{ id: number } | undefined>('id');
    return row !== undefined;
  }

  async updateCredentials(
    trx: Knex.Transaction,
    id: number,
    changes: { login: string; passwordHash: string; mustChangePassword: boolean },
  ): Promise<void> {
    await trx('provider_accounts').where({ id }).update({
      login: changes.login,
      password_hash: changes.passwordHash,
      must_change_password: changes.mustChangePassword,
      password_changed_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    });
  }

  async recordLogin(id: number): Promise<void> {
    await this.db('provider_accounts').where({ id }).update({ last_login_at: this.db.fn.now() });
  }
}
