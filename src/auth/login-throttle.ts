import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Slows down guessing, in Postgres so that every app process counts together.
 * Per account: 5 failures in 5 minutes block that login for 1 minute, 20 in a
 * day for 15 minutes — never longer, so an attacker cannot keep a real provider
 * out for long. Per IP address: 50 failures in an hour block it for 15 minutes.
 */
export class LoginThrottle {
  private readonly limiters: { limiter: RateLimiterPostgres; scope: 'login' | 'ip' }[];

  constructor(db: Knex, prefix = 'login') {
    const make = (keyPrefix: string, points: number, duration: number, blockDuration: number) =>
      new RateLimiterPostgres({
        storeClient: db,
        storeType: 'knex',
        tableName: 'rate_limits',
        tableCreated: true,
        keyPrefix,
        points,
        duration,
        blockDuration,
      });
    this.limiters = [
      { limiter: make(`${prefix}-account-short`, 5, 5 * 60, 60), scope: 'login' },
      { limiter: make(`${prefix}-account-day`, 20, 24 * 3600, 15 * 60), scope: 'login' },
      { limiter: make(`${prefix}-ip`, 50, 3600, 15 * 60), scope: 'ip' },
    ];
  }

  /** Seconds to wait before another attempt is allowed, or 0. */
  async secondsToWait(login: string, ip: string): Promise<number> {
    let wait = 0;
    for (const { limiter, scope } of this.limiters) {
      const state = await limiter.get(scope === 'login' ? login : ip);
      if (state && state.remainingPoints <= 0) wait = Math.max(wait, Math.ceil(state.msBeforeNext / 1000));
    }
    return wait;
  }

  async recordFailure(login: string, ip: string): Promise<void> {
    for (const { limiter, scope } of this.limiters) {
      const key = scope === 'login' ? login : ip;
      try {
        const state = await limiter.consume(key);
        // The last failure allowed: block for the block duration only. Without this the
        // key would stay refused for the rest of its counting window (up to a day).
        if (state.remainingPoints <= 0) await limiter.block(key, limiter.blockDuration);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
      }
    }
  }

  async recordSuccess(login: string): Promise<void> {
    for (const { limiter, scope } of this.limiters) {
      if (scope === 'login') await limiter.delete(login);
    }
  }
}
