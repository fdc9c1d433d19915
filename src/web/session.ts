import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type SessionData } from 'express-session';
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import type { Capacity } from '../auth/capacity.js';
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

/** A request renews the stored idle timeout only when the last renewal is at least this old. */
const RENEWAL_MS = 60_000;

/**
 * Sessions live in Postgres so that several app processes share them.
 *
 * The idle timeout is the stored row's expiry: the store reads no session past
 * it. Saving a changed session sets it to the moment of the save plus the idle
 * time. A request that leaves the session unchanged renews it with a `touch`,
 * but not every request does, since express-session would hold each response
 * for that database write: only a request a minute or more after the last
 * renewal. So an idle session ends at most the idle time after its last
 * request, and at the earliest a minute before that. The cookie's own
 * expiry is renewed by every response (`rolling`, no database write), so the
 * browser does not drop it before the row expires.
 */
export function sessions(options: {
  pool: pg.Pool;
  secret: string;
  idleMinutes: number;
  secureCookie: boolean;
}): RequestHandler[] {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: options.pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  // A session this request read from the store is saved by UPDATE only, never by
  // the store's upsert: a request still running when its session was ended (a
  // password change ends the account's other sessions) must not bring it back.
  // Only a session made by this request (a new one, or one regenerated at
  // sign-in) is inserted.
  const loaded = new WeakSet<object>();
  const createSession = store.createSession.bind(store);
  store.createSession = (req, data) => {
    const created = createSession(req, data);
    loaded.add(created);
    return created;
  };
  const upsert = store.set.bind(store);
  store.set = (sid, sess, callback) => {
    if (!loaded.has(sess)) return upsert(sid, sess, callback);
    updateExisting(options.pool, sid, sess, options.idleMinutes).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  };
  // The sessions whose request, if it leaves them unchanged, renews their expiry.
  const renewalDue = new WeakSet<SessionData>();
  store.touch = (sid: string, sess: SessionData, callback?: (error?: unknown) => void) => {
    if (!renewalDue.has(sess)) return callback?.();
    renewExpiry(options.pool, sid, sess.cookie).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  };

  const loadSession = session({
    name: SESSION_COOKIE,
    store,
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

  // Until the response goes out, `cookie.expires` is still the stored expiry:
  // its renewal (save or touch) is that moment minus the idle time. A session
  // made by this request has its full lifetime and is never touched.
  const markRenewal = (req: Request, _res: Response, next: NextFunction): void => {
    const cookie = req.session?.cookie;
    if (cookie?.expires instanceof Date && typeof cookie.originalMaxAge === 'number') {
      const renewedAt = cookie.expires.getTime() - cookie.originalMaxAge;
      if (Date.now() - renewedAt >= RENEWAL_MS) renewalDue.add(req.session);
    }
    next();
  };
  // express-session sends a response's headers before its save of a changed
  // session completes, and a browser follows a redirect's Location at once: the
  // next page could read the session without this request's flash message or
  // kept form input. A redirect therefore waits for the save. An empty session
  // (nothing but its cookie) is not stored, as saveUninitialized says.
  const saveBeforeRedirect = (req: Request, res: Response, next: NextFunction): void => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = (...args: unknown[]) => {
      const current = req.session as typeof req.session | undefined;
      if (!current || !Object.keys(current).some((key) => key !== 'cookie')) return redirect(...args);
      current.save((error: unknown) => (error ? next(error) : redirect(...args)));
    };
    next();
  };
  return [loadSession, markRenewal, saveBeforeRedirect];
}

/**
 * The store's own touch sets only the `expire` column; this also moves the
 * expiry kept in the session's JSON (which markRenewal reads back), in one
 * UPDATE that leaves the rest of the session as it is now in the table (a
 * concurrent request may have changed it) and does not bring back a session
 * that was ended meanwhile.
 */
async function renewExpiry(pool: pg.Pool, sid: string, cookie: session.Cookie): Promise<void> {
  const expires = cookie.expires;
  if (!(expires instanceof Date)) return;
  await pool.query(
    `update "session"
        set expire = to_timestamp($1),
            sess = jsonb_set(sess::jsonb, '{cookie,expires}', to_jsonb($2::text))::json
      where sid = $3`,
    [Math.ceil(expires.getTime() / 1000), expires.toISOString(), sid],
  );
}

/**
 * Saves a session read from the store, if it still exists: a session ended
 * meanwhile stays ended. The expiry is the store's: now plus the cookie's
 * max age.
 */
async function updateExisting(
  pool: pg.Pool,
  sid: string,
  sess: SessionData,
  idleMinutes: number,
): Promise<void> {
  const maxAge = sess.cookie.maxAge;
  const seconds = typeof maxAge === 'number' ? maxAge / 1000 : idleMinutes * 60;
  await pool.query(`update "session" set sess = $1, expire = to_timestamp($2) where sid = $3`, [
    JSON.stringify(sess),
    Math.ceil(Date.now() / 1000 + seconds),
    sid,
  ]);
}
