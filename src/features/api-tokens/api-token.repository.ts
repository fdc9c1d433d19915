import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';

export interface ApiTokenRow {
  id: number;
  providerId: number;
  departmentId: number | null;
  departmentName: string | null;
  name: string;
  createdBy: string;
  createdAt: Date;
  expiresOn: IsoDate;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const selection = {
  id: 't.id',
  providerId: 't.provider_id',
  departmentId: 't.department_id',
  departmentName: 'd.name',
  name: 't.name',
  createdBy: 't.created_by',
  createdAt: 't.created_at',
  expiresOn: 't.expires_on',
  lastUsedAt: 't.last_used_at',
  revokedAt: 't.revoked_at',
};

/** The API's tokens: always read within one provider (another provider's token is not found). */
export class ApiTokenRepository {
  constructor(private readonly db: Knex) {}

  private base(db: Knex | Knex.Transaction = this.db) {
    return db('api_tokens as t').leftJoin('departments as d', 'd.id', 't.department_id');
  }

  /** Newest first. */
  async list(providerId: number): Promise<ApiTokenRow[]> {
    return this.base()
      .where('t.provider_id', providerId)
      .orderBy([
        { column: 't.created_at', order: 'desc' },
        { column: 't.id', order: 'desc' },
      ])
      .select<ApiTokenRow[]>(selection);
  }

  async find(
    providerId: number,
    id: number,
    db: Knex | Knex.Transaction = this.db,
    forUpdate = false,
  ): Promise<ApiTokenRow | undefined> {
    const query = this.base(db).where({ 't.provider_id': providerId, 't.id': id }).first(selection);
    if (forUpdate) query.forUpdate('t');
    return (await query) as ApiTokenRow | undefined;
  }

  /** The token a hash names, whatever its state (the caller decides what an expired or revoked one gets). */
  async findByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.base().where('t.token_hash', hash).first<ApiTokenRow | undefined>(selection);
  }

  /** The provider's departments, for the scope select. */
  async departments(providerId: number): Promise<{ id: number; name: string }[]> {
    return this.db('departments')
      .where({ provider_id: providerId })
      .orderBy(['name', 'id'])
      .select('id', 'name');
  }

  /** Serialises the creation of tokens of one provider, so two with one name cannot both pass the check. */
  async lockProvider(trx: Knex.Transaction, providerId: number): Promise<void> {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('api_tokens'), ?)`, [providerId]);
  }

  async activeNameTaken(trx: Knex.Transaction, providerId: number, name: string, today: IsoDate) {
    const found = await trx('api_tokens')
      .where({ provider_id: providerId })
      .whereNull('revoked_at')
      .where('expires_on', '>=', today)
      .whereRaw('lower(name) = lower(?)', [name])
      .first<{ id: number } | undefined>('id');
    return found !== undefined;
  }

  async insert(
    trx: Knex.Transaction,
    row: {
      providerId: number;
      departmentId: number | null;
      name: string;
      tokenHash: string;
      createdBy: string;
      createdAt: Date;
      expiresOn: IsoDate;
    },
  ): Promise<number> {
    const [inserted] = await trx('api_tokens')
      .insert({
        provider_id: row.providerId,
        department_id: row.departmentId,
        name: row.name,
        token_hash: row.tokenHash,
        created_by: row.createdBy,
        created_at: row.createdAt,
        expires_on: row.expiresOn,
      })
      .returning<{ id: number }[]>('id');
    if (!inserted) throw new Error('api token not inserted');
    return inserted.id;
  }

  async revoke(trx: Knex.Transaction, id: number, at: Date, by: string): Promise<void> {
    await trx('api_tokens').where({ id }).update({ revoked_at: at, revoked_by: by });
  }

  /**
   * Records a use, at most once a minute per token: within the minute the
   * update matches no row and writes nothing, so a burst of GETs stays cheap.
   */
  async touch(id: number, at: Date): Promise<void> {
    await this.db('api_tokens')
      .where({ id })
      .whereRaw('(last_used_at is null or last_used_at < ? or last_used_at > ?)', [
        new Date(at.getTime() - 60_000),
        at,
      ])
      .update({ last_used_at: at });
  }
}
