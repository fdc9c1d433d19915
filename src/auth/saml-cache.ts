import { randomBytes } from 'node:crypto';
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
 * browser's cookie, saved with the request), so a response started elsewhere
 * is refused before it can use the request up. Expired rows are removed on
 * every insert, and the login start is rate-limited per IP, so the table
 * stays small.
 *
 * How the hash reaches the insert: node-saml makes the request's ID with the
 * `generateUniqueId` option, synchronously within the strategy's login start,
 * and saves it (saveAsync) later, after an await. `bindRequestsTo` runs the
 * login start with the hash at hand; `generateUniqueId` notes which hash the
 * ID it makes belongs to, and saveAsync takes the note. (Not an
 * AsyncLocalStorage: on Node 20 one that was ever run keeps async hooks on
 * for every promise of the process, about 5 % of a page's CPU from the first
 * SAML sign-in on; docs/PERFORMANCE.md.)
 */
export class PostgresSamlCache implements CacheProvider {
  /** The browser hash of the login start running right now (synchronously), if any. */
  private startingFor: string | undefined;
  /** Request IDs made for a login start and not saved yet, with their browser hash. */
  private readonly bindings = new Map<string, string>();

  constructor(
    private readonly db: Knex,
    private readonly expiryMs: number,
  ) {}

  private notExpired() {
    return this.db.raw(`now() - make_interval(secs => ?)`, [this.expiryMs / 1000]);
  }

  /** Runs `start`; a request it saves is bound to the browser whose cookie hash this is. */
  bindRequestsTo<T>(bindingHash: string, start: () => T): T {
    this.startingFor = bindingHash;
    try {
      return start();
    } finally {
      this.startingFor = undefined;
    }
  }

  /** node-saml's `generateUniqueId` (the same shape as its own): an ID, noted with the login start's browser hash. */
  readonly generateUniqueId = (): string => {
    const id = `_${randomBytes(20).toString('hex')}`;
    if (this.startingFor !== undefined) this.bindings.set(id, this.startingFor);
    return id;
  };

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const bindingHash = this.bindings.get(key) ?? null;
    this.bindings.delete(key);
    await this.removeExpired();
    const rows = await this.db('saml_request_cache')
      .insert({ request_id: key, value, binding_hash: bindingHash })
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
