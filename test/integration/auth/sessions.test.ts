import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, productionEnvironment, type TestApp } from '../../support/app.js';
import { flashTextsOf, headingOf, textOf } from '../../support/html.js';
import { ProxiedClient } from '../../support/proxied-client.js';
import { csrfTokenIn, csrfTokenOf, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

const DEMO_LOGIN = '0123456749';
const DEMO_PASSWORD = 'kmo-demo-2026';
const CSRF_REFUSAL =
  'Dit formulier is verlopen of werd niet vanop deze website verstuurd. Ga terug, laad de pagina opnieuw en probeer nog eens.';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

/** The session cookie a response sets ("kmo.sid=…; Path=/; …"), or undefined. */
function sessionCookieOf(response: { headers: Record<string, unknown> }): string | undefined {
  const header = response.headers['set-cookie'] as string[] | string | undefined;
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  return lines.find((line) => line.startsWith('kmo.sid='));
}

/** The session id inside a signed session cookie ("s:<id>.<signature>"). */
function sessionIdOf(cookie: string | undefined): string {
  const value = decodeURIComponent(cookie?.split(';')[0]?.slice('kmo.sid='.length) ?? '');
  if (!value.startsWith('s:')) throw new Error(`not a signed session cookie: ${cookie}`);
  return value.slice(2, value.lastIndexOf('.'));
}

/** The cookie's attributes by lower-case name ("httponly", "samesite", "expires", …). */
function attributesOf(cookie: string | undefined): Map<string, string> {
  const parts = (cookie ?? '').split(';').slice(1);
  return new Map(
    parts.map((part) => {
      const [name = '', ...value] = part.trim().split('=');
      return [name.toLowerCase(), value.join('=')];
    }),
  );
}

interface StoredSession {
  sess: {
    principal?: { kind: string; displayName: string };
    signedInAt?: number;
    cookie: { originalMaxAge: number };
  };
  expire: Date;
}

function storedSession(sid: string): Promise<StoredSession | undefined> {
  return testApp.database.db('session').where({ sid }).first<StoredSession | undefined>('sess', 'expire');
}

/** The version of the stored row: PostgreSQL gives every write of a row a new `xmin`. */
async function rowVersion(sid: string): Promise<string | undefined> {
  const result = await testApp.database.db.raw<{ rows: { version: string }[] }>(
    'select xmin::text as version from "session" where sid = ?',
    [sid],
  );
  return result.rows[0]?.version;
}

const IDLE_MS = 30 * 60_000;

/**
 * Makes the stored session look last renewed `ms` ago, as time passing would:
 * its expiry (in the row and in the cookie data) is then the idle time after that.
 */
async function renewedAgo(sid: string, ms: number): Promise<void> {
  const stored = await storedSession(sid);
  if (!stored) throw new Error('no stored session');
  const expires = new Date(Date.now() - ms + IDLE_MS);
  const sess = { ...stored.sess, cookie: { ...stored.sess.cookie, expires: expires.toISOString() } };
  await testApp.database
    .db('session')
    .where({ sid })
    .update({
      sess: JSON.stringify(sess),
      expire: testApp.database.db.raw('to_timestamp(?)', [Math.ceil(expires.getTime() / 1000)]),
    });
}

/** Signs the demo head office in and returns the agent and its session id. */
async function signedIn(): Promise<{ agent: Agent; sid: string }> {
  const agent = newAgent(testApp.app);
  const response = await signInAsProvider(agent, DEMO_LOGIN, DEMO_PASSWORD);
  expect(response.headers.location).toBe('/dienstverlener');
  return { agent, sid: sessionIdOf(sessionCookieOf(response)) };
}

describe('sessions', () => {
  it('are kept in Postgres and get a new id at sign-in', async () => {
    const agent = newAgent(testApp.app);
    const form = await agent.get('/dienstverlener/login').expect(200);
    const before = sessionIdOf(sessionCookieOf(form));
    expect((await storedSession(before))?.sess.principal).toBeUndefined();

    const response = await agent
      .post('/dienstverlener/login')
      .type('form')
      .send({ _csrf: csrfTokenIn(form.text), login: DEMO_LOGIN, password: DEMO_PASSWORD });
    expect(response.status).toBe(303);
    const after = sessionIdOf(sessionCookieOf(response));
    expect(after).not.toBe(before);
    expect(await storedSession(before)).toBeUndefined();

    const stored = await storedSession(after);
    expect(stored?.sess.principal).toMatchObject({
      kind: 'provider',
      displayName: 'Dienstverlener kmo-portefeuille',
    });
    expect(Math.abs((stored?.sess.signedInAt ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('use a cookie that is HttpOnly and SameSite=Lax (not Secure outside production), living 30 idle minutes', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAsProvider(agent, DEMO_LOGIN, DEMO_PASSWORD);
    const cookie = sessionCookieOf(response);
    const attributes = attributesOf(cookie);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('secure')).toBe(false);
    const lifetime = Date.parse(attributes.get('expires') ?? '') - Date.now();
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000);

    const stored = await storedSession(sessionIdOf(cookie));
    // express-session derives it from the expiry and the clock read a moment later: a
    // millisecond may pass in between (seen under load), so not exactly 1,800,000.
    expect(stored?.sess.cookie.originalMaxAge).toBeGreaterThan(1_800_000 - 1_000);
    expect(stored?.sess.cookie.originalMaxAge).toBeLessThanOrEqual(1_800_000);
    const storedLifetime = new Date(stored?.expire ?? 0).getTime() - Date.now();
    expect(storedLifetime).toBeGreaterThan(29 * 60_000);
    // The store writes the expiry a moment after the cookie was made: a few seconds of slack.
    expect(storedLifetime).toBeLessThanOrEqual(30 * 60_000 + 5_000);

    // Every response renews the cookie's expiry.
    const next = await agent.get('/dienstverlener').expect(200);
    expect(sessionIdOf(sessionCookieOf(next))).toBe(sessionIdOf(cookie));
    expect(Date.parse(attributesOf(sessionCookieOf(next)).get('expires') ?? '')).toBeGreaterThanOrEqual(
      Date.parse(attributes.get('expires') ?? ''),
    );
  });

  it('end after 30 idle minutes', async () => {
    const { agent, sid } = await signedIn();
    await agent.get('/dienstverlener').expect(200);
    // The stored expiry (renewed at most once a minute) lies in the past: the user was idle too long.
    await testApp.database
      .db('session')
      .where({ sid })
      .update({ expire: new Date('2000-01-01T00:00:00Z') });
    const response = await agent.get('/dienstverlener').expect(302);
    expect(response.headers.location).toBe('/dienstverlener/login');
  });

  it('are not written by requests within a minute of the last renewal', async () => {
    const { agent, sid } = await signedIn();
    // The overview keeps its last search in the session: a new search is a change, saved at once.
    await agent.get('/dienstverlener/projecten').expect(200);
    await renewedAgo(sid, 45_000);
    const before = { version: await rowVersion(sid), stored: await storedSession(sid) };
    for (const path of ['/dienstverlener', '/dienstverlener/projecten', '/dienstverlener/projecten']) {
      const response = await agent.get(path).expect(200);
      expect(textOf(response.text)).toContain('Aangemeld als Dienstverlener kmo-portefeuille');
      // The cookie is renewed all the same: that costs no write.
      expect(sessionIdOf(sessionCookieOf(response))).toBe(sid);
    }
    expect(await rowVersion(sid)).toBe(before.version);
    expect(await storedSession(sid)).toEqual(before.stored);
  });

  it('renew the stored idle timeout on the first request a minute or more after the last renewal', async () => {
    const { agent, sid } = await signedIn();
    await agent.get('/dienstverlener').expect(200);
    await renewedAgo(sid, 61_000);
    const before = await storedSession(sid);

    await agent.get('/dienstverlener/projecten').expect(200);
    const after = await storedSession(sid);
    const lifetime = new Date(after?.expire ?? 0).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(IDLE_MS - 5_000);
    expect(lifetime).toBeLessThanOrEqual(IDLE_MS + 1_000);
    // The expiry in the cookie data moves with it (the row's column is rounded up to the second).
    const cookieExpires = Date.parse((after?.sess.cookie as { expires?: string } | undefined)?.expires ?? '');
    expect(Math.abs(cookieExpires - new Date(after?.expire ?? 0).getTime())).toBeLessThan(1_000);
    // Only the expiry: the sign-in itself is kept as it was.
    expect(after?.sess.principal).toEqual(before?.sess.principal);
    expect(after?.sess.signedInAt).toBe(before?.sess.signedInAt);

    // And that renewal counts: the next request within the minute writes nothing.
    const version = await rowVersion(sid);
    await agent.get('/dienstverlener').expect(200);
    expect(await rowVersion(sid)).toBe(version);
  });

  it('still end 30 idle minutes after the last renewal, however few writes there were', async () => {
    const { agent, sid } = await signedIn();
    await agent.get('/dienstverlener').expect(200);

    // Renewed 29 minutes 58 seconds ago: still signed in, and this request renews it.
    await renewedAgo(sid, IDLE_MS - 2_000);
    await agent.get('/dienstverlener/projecten').expect(200);
    expect(new Date((await storedSession(sid))?.expire ?? 0).getTime() - Date.now()).toBeGreaterThan(
      IDLE_MS - 5_000,
    );

    // A request half a minute later writes nothing …
    await renewedAgo(sid, 30_000);
    const version = await rowVersion(sid);
    await agent.get('/dienstverlener').expect(200);
    expect(await rowVersion(sid)).toBe(version);

    // … so 30 minutes after that renewal the session has ended.
    await renewedAgo(sid, IDLE_MS + 1_000);
    const response = await agent.get('/dienstverlener/projecten').expect(302);
    expect(response.headers.location).toBe('/dienstverlener/login');
    expect((await agent.get('/dienstverlener').expect(302)).headers.location).toBe('/dienstverlener/login');
  });

  it('end 12 hours after signing in however active, with a Dutch message', async () => {
    const { agent, sid } = await signedIn();
    const setSignedInAt = async (hoursAgo: number) => {
      const stored = await storedSession(sid);
      if (!stored) throw new Error('no stored session');
      const sess = { ...stored.sess, signedInAt: Date.now() - hoursAgo * 3600_000 };
      await testApp.database
        .db('session')
        .where({ sid })
        .update({ sess: JSON.stringify(sess) });
    };

    await setSignedInAt(11.5);
    await agent.get('/dienstverlener').expect(200);

    await setSignedInAt(13);
    const response = await agent.get('/dienstverlener').expect(302);
    expect(response.headers.location).toBe('/dienstverlener/login');
    const login = await agent.get('/dienstverlener/login').expect(200);
    expect(flashTextsOf(login.text)).toEqual(['Ter info: Uw sessie is verlopen. Meld u opnieuw aan.']);
    expect(textOf(login.text)).not.toContain('Aangemeld als');
    expect((await storedSession(sid))?.sess.principal).toBeUndefined();
  });
});

describe('signing out', () => {
  it('is not possible with a GET', async () => {
    const { agent } = await signedIn();
    await agent.get('/logout').expect(404);
    await agent.get('/dienstverlener').expect(200);
  });

  it('is refused without a valid CSRF token, with a Dutch page', async () => {
    const { agent } = await signedIn();
    const other = await signedIn();
    const otherToken = csrfTokenIn((await other.agent.get('/dienstverlener')).text);
    for (const form of [{}, { _csrf: 'verzonnen-token' }, { _csrf: otherToken }]) {
      const response = await agent.post('/logout').type('form').send(form).expect(403);
      expect(headingOf(response.text)).toBe('Geen toegang');
      expect(textOf(response.text)).toContain(CSRF_REFUSAL);
    }
    await agent.get('/dienstverlener').expect(200);
  });

  it('ends the session with the token', async () => {
    const { agent, sid } = await signedIn();
    const menu = await agent.get('/dienstverlener').expect(200);
    const response = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfTokenIn(menu.text) })
      .expect(303);
    expect(response.headers.location).toBe('/');
    expect(await storedSession(sid)).toBeUndefined();
    const home = await agent.get('/').expect(200);
    expect(flashTextsOf(home.text)).toEqual(['Gelukt: U bent afgemeld.']);
    expect(textOf(home.text)).not.toContain('Aangemeld als');
    expect((await agent.get('/dienstverlener').expect(302)).headers.location).toBe('/dienstverlener/login');
  });
});

describe('CSRF protection of the sign-in forms', () => {
  const demoAccount = () =>
    testApp.database
      .db('provider_accounts')
      .where({
        provider_id: testApp.database
          .db('provider_organisations')
          .where({ enterprise_number: DEMO_LOGIN })
          .select('id'),
      })
      .first('login', 'password_hash', 'must_change_password', 'last_login_at');
  const counts = async () => ({
    audit: (await testApp.database.db('audit_log').count<{ count: string }[]>('* as count'))[0]?.count,
    outbox: (await testApp.database.db('mail_outbox').count<{ count: string }[]>('* as count'))[0]?.count,
    rateLimits: (await testApp.database.db('rate_limits').count<{ count: string }[]>('* as count'))[0]?.count,
  });

  const tokens = {
    'no token': () => Promise.resolve({}),
    'a made-up token': () => Promise.resolve({ _csrf: 'verzonnen-token' }),
    "another session's token": async () => {
      const stranger = newAgent(testApp.app);
      return { _csrf: await csrfTokenOf(stranger, '/dienstverlener/login') };
    },
  };

  it.each(Object.keys(tokens))('refuses the login form with %s and signs nobody in', async (kind) => {
    const agent = newAgent(testApp.app);
    await agent.get('/dienstverlener/login').expect(200);
    const before = { account: await demoAccount(), counts: await counts() };
    const response = await agent
      .post('/dienstverlener/login')
      .type('form')
      .send({ ...(await tokens[kind as keyof typeof tokens]()), login: DEMO_LOGIN, password: DEMO_PASSWORD })
      .expect(403);
    expect(textOf(response.text)).toContain(CSRF_REFUSAL);
    expect((await agent.get('/dienstverlener').expect(302)).headers.location).toBe('/dienstverlener/login');
    expect({ account: await demoAccount(), counts: await counts() }).toEqual(before);
  });

  it('refuses the login form from a client without any session', async () => {
    const agent = newAgent(testApp.app);
    await agent
      .post('/dienstverlener/login')
      .type('form')
      .send({ login: DEMO_LOGIN, password: DEMO_PASSWORD })
      .expect(403);
    await agent.get('/dienstverlener').expect(302);
  });

  it.each(Object.keys(tokens))('refuses the login change with %s and changes nothing', async (kind) => {
    const { agent } = await signedIn();
    await agent.get('/dienstverlener/login-wijzigen').expect(200);
    const before = { account: await demoAccount(), counts: await counts() };
    const response = await agent
      .post('/dienstverlener/login-wijzigen')
      .type('form')
      .send({
        ...(await tokens[kind as keyof typeof tokens]()),
        newLogin: 'overgenomen-login',
        oldPassword: DEMO_PASSWORD,
        newPassword: 'fietsen langs de Leie in mei',
        newPasswordRepeated: 'fietsen langs de Leie in mei',
      })
      .expect(403);
    expect(textOf(response.text)).toContain(CSRF_REFUSAL);
    expect({ account: await demoAccount(), counts: await counts() }).toEqual(before);
  });

  it.each(Object.keys(tokens))('refuses the forgotten-login form with %s and mails nothing', async (kind) => {
    const agent = newAgent(testApp.app);
    await agent.get('/dienstverlener/login-vergeten').expect(200);
    const before = { account: await demoAccount(), counts: await counts() };
    const response = await agent
      .post('/dienstverlener/login-vergeten')
      .type('form')
      .send({
        ...(await tokens[kind as keyof typeof tokens]()),
        enterpriseNumber: '0123.456.749',
        email: 'info@dienstverlener-kmo.test',
      })
      .expect(403);
    expect(textOf(response.text)).toContain(CSRF_REFUSAL);
    expect({ account: await demoAccount(), counts: await counts() }).toEqual(before);
  });
});

describe('security headers', () => {
  it('send a strict Content-Security-Policy without inline scripts, on every page', async () => {
    const { agent } = await signedIn();
    for (const path of [
      '/',
      '/dienstverlener/login',
      '/dienstverlener',
      '/dienstverlener/login-wijzigen',
      '/bestaat-niet',
    ]) {
      const response = await agent.get(path);
      const policy = String(response.headers['content-security-policy']);
      const directives = new Map(
        policy.split(';').map((directive) => {
          const [name = '', ...values] = directive.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives.get('default-src')).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('style-src')).toBe("'self'");
      expect(directives.get('object-src')).toBe("'none'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(directives.get('form-action')).toBe("'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      // And the pages need none: no inline script, no event handler attributes.
      expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(response.text).not.toMatch(/<[^>]+\son[a-z]+=/i);
    }
  });
});

describe('in production', () => {
  let production: TestApp;
  beforeAll(async () => {
    production = await createTestApp({ demo: true, environment: productionEnvironment() });
  });
  afterAll(async () => {
    await production?.close();
  });

  it('marks the session cookie Secure (behind the HTTPS proxy) and sends HSTS', async () => {
    const client = new ProxiedClient(production.app, '198.51.100.20');
    const form = await client.get('/dienstverlener/login');
    expect(form.status).toBe(200);
    expect(String(form.headers['strict-transport-security'])).toMatch(/^max-age=\d+/);
    expect(String(form.headers['content-security-policy'])).toContain('upgrade-insecure-requests');

    const response = await client.post('/dienstverlener/login', {
      _csrf: csrfTokenIn(form.text),
      login: DEMO_LOGIN,
      password: DEMO_PASSWORD,
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/dienstverlener');
    const attributes = attributesOf(sessionCookieOf(response));
    expect(attributes.has('secure')).toBe(true);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Lax');
    const menu = await client.get('/dienstverlener');
    expect(menu.status).toBe(200);
    expect(textOf(menu.text)).toContain('Aangemeld als Dienstverlener kmo-portefeuille');
  });

  it('sets no session cookie over plain HTTP', async () => {
    const response = await request(production.app).get('/dienstverlener/login').expect(200);
    expect(sessionCookieOf(response)).toBeUndefined();
  });
});
