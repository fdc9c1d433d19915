import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { Knex } from 'knex';

/**
 * node-saml's InResponseTo cache in Postgres, so that the response may reach
 * another app process than the one that sent the request. An entry is removed
 * when used, so a replayed response finds nothing.
 */
export class PostgresSamlCache implements CacheProvider {
  constructor(
    private readonly db: Knex,
    private readonly expiryMs: number,
  ) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    await this.db('saml_request_cache')
      .where('created_at', '<', this.db.raw(`now() - make_interval(secs => ?)`, [this.expiryMs / 1000]))
      .delete();
    const rows = await this.db('saml_request_cache')
      .insert({ request_id: key, value })
      .onConflict('request_id')
      .ignore()
      .returning<{ created_at: Date }[]>('created_at');
    const row = rows[0];
    return row ? { value, createdAt: row.created_at.getTime() } : null;
  }

  async getAsync(key: string): Promise<string | null> {
    const row = await this.db('saml_request_cache')
      .where({ request_id: key })
      .andWhere('created_at', '>=', this.db.raw(`now() - make_interval(secs => ?)`, [this.expiryMs / 1000]))
      .first<{ value: string } | undefined>('value');
    return row?.value ?? null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    const rows = await this.db('saml_request_cache')
      .where({ request_id: key })
      .delete()
      .returning<{ request_id: string }[]>('request_id');
    return rows[0]?.request_id ?? null;
  }
}
