import { AsyncLocalStorage } from 'node:async_hooks';
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { Knex } from 'knex';

/**
 * The SAML requests in flight, in Postgres so that the response may reach
 * another app process than the one that sent the request.
 *
 * node-saml reads an entry (getAsync) to check InResponseTo, but its removal
 * (removeAsync) is neither atomic with that read nor reported back, so eight
 * parallel posts of one response could all pass. Here node-saml only reads;
 * the ACS consumes a request itself: `claim` (DELETE … RETURNING, one winner
 * under any concurrency) when the response is valid, `discard` when the
 * browser that started it posted an invalid one.
 *
 * Each request is bound to the browser that started it (the hash of that
 * browser's cookie, saved with the request: `bindRequestsTo` runs the
 * strategy's login start with the hash at hand), so a response started
 * elsewhere is refused before it can use the request up. Expired rows are removed on every insert, and the
 * login start is rate-limited per IP, so the table stays small.
 */
export class PostgresSamlCache implements CacheProvider {
  private readonly binding = new AsyncLocalStorage<string>();

  constructor(
    private readonly db: Knex,
    private readonly expiryMs: number,
  ) {}

  private notExpired() {
    return this.db.raw(`now() - make_interval(secs => ?)`, [this.expiryMs / 1000]);
  }

  /** Runs `start`; a request it saves is bound to the browser whose cookie hash this is. */
  bindRequestsTo<T>(bindingHash: string, start: () => T): T {
    return this.binding.run(bindingHash, start);
  }

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    await this.removeExpired();
    const rows = await this.db('saml_request_cache')
      .insert({ request_id: key, value, binding_hash: this.binding.getStore() ?? null })
      .onConflict('request_id')
      .ignore()
      .returning<{ created_at: Date }[]>('created_at');
    const row = rows[0];
    return row ? { value, createdAt: row.created_at.getTime() } : null;
  }

  async getAsync(key: string): Promise<string | null> {
    const row = await this.db('saml_request_cache')
      .where({ request_id: key })
      .andWhere('created_at', '>=', this.notExpired())
      .first<{ value: string } | undefined>('value');
    return row?.value ?? null;
  }

  /** A no-op: node-saml calls it on success and failure alike; the ACS claims or discards. */
  removeAsync(key: string | null): Promise<string | null> {
    return Promise.resolve(key);
  }

  async removeExpired(): Promise<void> {
    await this.db('saml_request_cache').where('created_at', '<', this.notExpired()).delete();
    await this.db('saml_used_assertions').where('expires_at', '<', this.db.fn.now()).delete();
  }

  /** Whether the request is in flight, unexpired, and was started by this browser. Reads only. */
  async isBoundTo(requestId: string, bindingHash: string): Promise<boolean> {
    const row = await this.db('saml_request_cache')
      .where({ request_id: requestId, binding_hash: bindingHash })
      .andWhere('created_at', '>=', this.notExpired())
      .first<{ request_id: string } | undefined>('request_id');
    return row !== undefined;
  }

  /** Uses the request up; true for exactly one caller, however many run at once. */
  async claim(requestId: string, bindingHash: string): Promise<boolean> {
    const rows = await this.db('saml_request_cache')
      .where({ request_id: requestId, binding_hash: bindingHash })
      .andWhere('created_at', '>=', this.notExpired())
      .delete()
      .returning<{ request_id: string }[]>('request_id');
    return rows.length === 1;
  }

  /** The browser that started the request posted an invalid response: the request is used up. */
  async discard(requestId: string): Promise<void> {
    await this.db('saml_request_cache').where({ request_id: requestId }).delete();
  }

  /**
   * Records an assertion as used until it can no longer be valid; false when it
   * was used before (the primary key decides, also under concurrency).
   */
  async claimAssertion(assertionId: string, keepMs: number): Promise<boolean> {
    const rows = await this.db('saml_used_assertions')
      .insert({
        assertion_id: assertionId,
        expires_at: this.db.raw(`now() + make_interval(secs => ?)`, [keepMs / 1000]),
      })
      .onConflict('assertion_id')
      .ignore()
      .returning<{ assertion_id: string }[]>('assertion_id');
    return rows.length === 1;
  }
}
