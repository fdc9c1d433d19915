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

export interface LoginReset {
  id: number;
  accountId: number;
  expiresAt: Date;
  usedAt: Date | null;
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

  /** Keeps the login, replaces the password (a forgotten-login reset). */
  async updatePassword(trx: Knex.Transaction, id: number, passwordHash: string): Promise<void> {
    await trx('provider_accounts').where({ id }).update({
      password_hash: passwordHash,
      must_change_password: false,
      password_changed_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    });
  }

  /**
   * Ends every stored session signed in as this account, except `keepSessionId`
   * (the browser that made the change). Sessions keep the principal in their JSON
   * (web/session.ts); a department user's SAML session is not the account's.
   */
  async endSessions(trx: Knex.Transaction, accountId: number, keepSessionId?: string): Promise<number> {
    const query = trx('session')
      .whereRaw(`sess->'principal'->>'kind' = 'provider'`)
      .whereRaw(`sess->'principal'->>'accountId' = ?`, [String(accountId)]);
    if (keepSessionId) query.whereNot('sid', keepSessionId);
    return query.delete();
  }

  async createLoginReset(
    trx: Knex.Transaction,
    reset: { accountId: number; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await trx('provider_login_resets').insert({
      account_id: reset.accountId,
      token_hash: reset.tokenHash,
      expires_at: reset.expiresAt,
    });
  }

  async findLoginReset(
    db: Knex | Knex.Transaction,
    tokenHash: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<LoginReset | undefined> {
    const query = db('provider_login_resets').where({ token_hash: tokenHash }).first<LoginReset | undefined>({
      id: 'id',
      accountId: 'account_id',
      expiresAt: 'expires_at',
      usedAt: 'used_at',
    });
    if (options.forUpdate) void query.forUpdate();
    return query;
  }

  /** Spends the link used and every other open link of the account. */
  async spendLoginResets(trx: Knex.Transaction, accountId: number): Promise<void> {
    await trx('provider_login_resets')
      .where({ account_id: accountId })
      .whereNull('used_at')
      .update({ used_at: trx.fn.now() });
  }

  async recordLogin(id: number): Promise<void> {
    await this.db('provider_accounts').where({ id }).update({ last_login_at: this.db.fn.now() });
  }
}
