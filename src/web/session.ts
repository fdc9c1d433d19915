import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import type { Capacity } from '../features/auth/capacity.js';
import type { FlashMessage } from './flash.js';

declare module 'express-session' {
  interface SessionData {
    principal?: Principal;
    /** When the user signed in: the absolute timeout counts from here. */
    signedInAt?: number;
    /** A person signed in through SAML, before and after choosing a capacity. */
    samlPerson?: { personId: number; displayName: string; capacities: Capacity[] };
    /** Where to go after signing in (a local path). */
    returnTo?: string;
    flash?: FlashMessage[];
    formState?: Record<string, { values: Record<string, unknown>; errors: Record<string, string> }>;
  }
}

export const SESSION_COOKIE = 'kmo.sid';

/**
 * Sessions live in Postgres so that several app processes share them. The
 * cookie expires after the idle timeout and is renewed by every request.
 */
export function sessions(options: {
  pool: pg.Pool;
  secret: string;
  idleMinutes: number;
  secureCookie: boolean;
}) {
  const PgStore = connectPgSimple(session);
  return session({
    name: SESSION_COOKIE,
    store: new PgStore({
      pool: options.pool,
      tableName: 'session',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    }),
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: options.secureCookie,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookie,
      maxAge: options.idleMinutes * 60 * 1000,
    },
  });
}
