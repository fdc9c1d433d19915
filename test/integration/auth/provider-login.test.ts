import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, productionEnvironment, type TestApp } from '../../support/app.js';
import {
  errorSummaryOf,
  fieldErrorOf,
  headingOf,
  inputValueOf,
  labelOf,
  textOf,
  titleOf,
} from '../../support/html.js';
import { ProxiedClient } from '../../support/proxied-client.js';
import { csrfTokenIn, csrfTokenOf, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

const GENERIC_REFUSAL = 'Deze combinatie van login en wachtwoord is niet juist.';
const DEMO_LOGIN = '0123456749';
const SECOND_LOGIN = '0456789034';
const PASSWORD = 'kmo-demo-2026';
const WRONG_PASSWORD = 'niet-het-juiste-wachtwoord';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

/** Posts the login form and returns the login page the user is sent back to. */
async function failedSignIn(agent: Agent, login: string, password: string) {
  const response = await signInAsProvider(agent, login, password);
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe('/dienstverlener/login');
  return (await agent.get('/dienstverlener/login').expect(200)).text;
}

/** The rows rate-limiter-flexible keeps for one key ("<prefix>:<login or ip>"). */
function rateLimitRows(keyPattern: string) {
  return testApp.database
    .db('rate_limits')
    .where('key', 'like', keyPattern)
    .orderBy('key')
    .select<{ key: string; points: number; expire: string }[]>('key', 'points', 'expire');
}

/** Moves a block or counting window into the past, as if its time had run out. */
async function expireRateLimits(keyPattern: string) {
  await testApp.database
    .db('rate_limits')
    .where('key', 'like', keyPattern)
    .update({ expire: Date.now() - 1000 });
}

/** Runs `count` attempts, ten at a time (as a scripted attacker would), numbered from 1. */
async function inBatches(count: number, attempt: (number: number) => PromiseLike<unknown>) {
  for (let first = 1; first <= count; first += 10) {
    const numbers = Array.from({ length: Math.min(10, count - first + 1) }, (_, index) => first + index);
    await Promise.all(numbers.map((number) => attempt(number)));
  }
}

describe('head-office sign-in at /dienstverlener/login', () => {
  beforeEach(async () => {
    await testApp.database.db('rate_limits').delete();
  });

  it('shows the form with both fields marked required', async () => {
    const page = await newAgent(testApp.app).get('/dienstverlener/login').expect(200);
    expect(headingOf(page.text)).toBe('Aanmelden als dienstverlener');
    expect(labelOf(page.text, 'login')).toBe('Login (verplicht)');
    expect(labelOf(page.text, 'password')).toBe('Wachtwoord (verplicht)');
    expect(page.text).toMatch(/<input[^>]*name="password"[^>]*type="password"/);
  });

  it.each(['0123456749', '0123.456.749', '0123 456 749', '123456749'])(
    'accepts the enterprise number typed as "%s" and opens the menu with the provider name',
    async (login) => {
      const agent = newAgent(testApp.app);
      const response = await signInAsProvider(agent, login, PASSWORD);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/dienstverlener');
      const menu = await agent.get('/dienstverlener').expect(200);
      expect(headingOf(menu.text)).toBe('Menu dienstverlener');
      expect(textOf(menu.text)).toContain('Aangemeld als Dienstverlener kmo-portefeuille');
      expect(textOf(menu.text)).toContain('Welkom, Dienstverlener kmo-portefeuille.');
    },
  );

  it('answers a wrong password and an unknown login with the same generic message, keeping the login typed', async () => {
    const wrongPassword = await failedSignIn(newAgent(testApp.app), '0123.456.749', WRONG_PASSWORD);
    const unknownLogin = await failedSignIn(newAgent(testApp.app), '0999.999.999', WRONG_PASSWORD);

    for (const page of [wrongPassword, unknownLogin]) {
      expect(titleOf(page)).toBe('Fout: Aanmelden als dienstverlener – kmo-portefeuille');
      expect(errorSummaryOf(page)).toEqual([{ field: 'login', message: GENERIC_REFUSAL }]);
      expect(fieldErrorOf(page, 'login')).toBe(GENERIC_REFUSAL);
      expect(fieldErrorOf(page, 'password')).toBeUndefined();
      expect(inputValueOf(page, 'password')).toBe('');
      expect(page).not.toContain(WRONG_PASSWORD);
    }
    expect(inputValueOf(wrongPassword, 'login')).toBe('0123.456.749');
    expect(inputValueOf(unknownLogin, 'login')).toBe('0999.999.999');
    // Apart from the login typed back, nothing tells the two apart.
    const comparable = (page: string) =>
      page.replace(/name="_csrf" value="[^"]*"/g, '').replace(/0123\.456\.749|0999\.999\.999/g, '');
    expect(comparable(wrongPassword)).toBe(comparable(unknownLogin));
  });

  it('does not sign in after a refusal, and shows the error only once', async () => {
    const agent = newAgent(testApp.app);
    await failedSignIn(agent, DEMO_LOGIN, WRONG_PASSWORD);
    const again = await agent.get('/dienstverlener/login').expect(200);
    expect(errorSummaryOf(again.text)).toEqual([]);
    const menu = await agent.get('/dienstverlener').expect(302);
    expect(menu.headers.location).toBe('/dienstverlener/login');
  });

  it('asks for each empty field in Dutch', async () => {
    const page = await failedSignIn(newAgent(testApp.app), '  ', '');
    expect(errorSummaryOf(page)).toEqual([
      { field: 'login', message: 'Vul uw login in.' },
      { field: 'password', message: 'Vul uw wachtwoord in.' },
    ]);
    expect(fieldErrorOf(page, 'login')).toBe('Vul uw login in.');
    expect(fieldErrorOf(page, 'password')).toBe('Vul uw wachtwoord in.');
    // Empty fields are not a guess: nothing is counted against the account or the address.
    expect(await rateLimitRows('%')).toEqual([]);
  });

  it.each([256, 300, 5000])(
    'refuses a login of %i characters beside the field, not with an error page',
    async (length) => {
      const login = 'a'.repeat(length);
      const page = await failedSignIn(newAgent(testApp.app), login, WRONG_PASSWORD);
      expect(errorSummaryOf(page)).toEqual([
        { field: 'login', message: 'Een login heeft hoogstens 64 tekens. Controleer uw login.' },
      ]);
      expect(inputValueOf(page, 'login')).toBe(login);
    },
  );

  it('keeps passwords as argon2id hashes', async () => {
    const accounts = await testApp.database
      .db('provider_accounts')
      .whereIn('login', [DEMO_LOGIN, SECOND_LOGIN])
      .pluck('password_hash');
    expect(accounts).toHaveLength(2);
    for (const hash of accounts) {
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(hash).not.toContain(PASSWORD);
    }
  });
});

// Every failed attempt costs a real argon2id check: on two busy cores a round of 20 can take
// well over the default 30 s, and a timed-out test would leave its attempts running into the next.
describe('slowing down guessing', { timeout: 120_000 }, () => {
  beforeEach(async () => {
    await testApp.database.db('rate_limits').delete();
  });

  it('after 5 wrong passwords refuses even the right one for about a minute, per login; then lets the provider in', async () => {
    const attacker = newAgent(testApp.app);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const page = await failedSignIn(attacker, DEMO_LOGIN, `${WRONG_PASSWORD}-${attempt}`);
      expect(fieldErrorOf(page, 'login')).toBe(GENERIC_REFUSAL);
    }

    const provider = newAgent(testApp.app);
    const blocked = await failedSignIn(provider, DEMO_LOGIN, PASSWORD);
    const message = fieldErrorOf(blocked, 'login') ?? '';
    expect(message).toMatch(/^Te veel mislukte pogingen\. Wacht \d+ seconden en probeer dan opnieuw\.$/);
    const seconds = Number(/Wacht (\d+) seconden/.exec(message)?.[1]);
    expect(seconds).toBeGreaterThan(50);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(errorSummaryOf(blocked)).toEqual([{ field: 'login', message }]);
    expect(inputValueOf(blocked, 'login')).toBe(DEMO_LOGIN);
    expect((await provider.get('/dienstverlener').expect(302)).headers.location).toBe(
      '/dienstverlener/login',
    );

    // The block is stored for one minute, not for the rest of the five-minute window.
    const [shortWindow] = await rateLimitRows(`login-account-short:${DEMO_LOGIN}`);
    expect(Number(shortWindow?.expire) - Date.now()).toBeGreaterThan(50_000);
    expect(Number(shortWindow?.expire) - Date.now()).toBeLessThanOrEqual(60_000);

    // Another login from the same address is not held up.
    const other = await signInAsProvider(newAgent(testApp.app), SECOND_LOGIN, PASSWORD);
    expect(other.headers.location).toBe('/dienstverlener');

    // A minute later (the block's expiry moved into the past) the real provider signs in.
    await expireRateLimits(`login-account-short:${DEMO_LOGIN}`);
    const later = await signInAsProvider(provider, DEMO_LOGIN, PASSWORD);
    expect(later.status).toBe(303);
    expect(later.headers.location).toBe('/dienstverlener');
    await provider.get('/dienstverlener').expect(200);
  });

  it('counts the login however it is typed', async () => {
    const agent = newAgent(testApp.app);
    for (const login of ['0123.456.749', '0123 456 749', '123456749', '0123456749', '0123.456.749']) {
      await failedSignIn(agent, login, WRONG_PASSWORD);
    }
    const blocked = await failedSignIn(agent, '0123456749', PASSWORD);
    expect(fieldErrorOf(blocked, 'login')).toMatch(/^Te veel mislukte pogingen\./);
  });

  it('after 20 wrong passwords in a day locks the login for 15 minutes, never longer', async () => {
    const attacker = newAgent(testApp.app);
    for (let round = 1; round <= 4; round += 1) {
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await failedSignIn(attacker, DEMO_LOGIN, `${WRONG_PASSWORD}-${round}-${attempt}`);
      }
      // The attacker waits out each one-minute block.
      if (round < 4) await expireRateLimits(`login-account-short:${DEMO_LOGIN}`);
    }
    const [dayWindow] = await rateLimitRows(`login-account-day:${DEMO_LOGIN}`);
    expect(Number(dayWindow?.expire) - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const provider = newAgent(testApp.app);
    const blocked = await failedSignIn(provider, DEMO_LOGIN, PASSWORD);
    expect(fieldErrorOf(blocked, 'login')).toBe(
      'Te veel mislukte pogingen. Wacht 15 minuten en probeer dan opnieuw.',
    );

    await expireRateLimits(`login-account-%:${DEMO_LOGIN}`);
    expect((await signInAsProvider(provider, DEMO_LOGIN, PASSWORD)).headers.location).toBe('/dienstverlener');
  });

  it('forgets the failures of a login once it signs in successfully', async () => {
    const agent = newAgent(testApp.app);
    for (let attempt = 1; attempt <= 4; attempt += 1) await failedSignIn(agent, DEMO_LOGIN, WRONG_PASSWORD);
    expect((await rateLimitRows(`login-account-short:${DEMO_LOGIN}`))[0]?.points).toBe(4);

    expect((await signInAsProvider(agent, DEMO_LOGIN, PASSWORD)).headers.location).toBe('/dienstverlener');
    expect(await rateLimitRows(`login-account-%:${DEMO_LOGIN}`)).toEqual([]);

    // Four more failures: had the first four still counted, this sign-in would be blocked.
    const next = newAgent(testApp.app);
    for (let attempt = 1; attempt <= 4; attempt += 1) await failedSignIn(next, DEMO_LOGIN, WRONG_PASSWORD);
    expect((await signInAsProvider(next, DEMO_LOGIN, PASSWORD)).headers.location).toBe('/dienstverlener');
  });

  it('counts failures per address too, and outside production ignores X-Forwarded-For', async () => {
    const agent = newAgent(testApp.app);
    await failedSignIn(agent, DEMO_LOGIN, WRONG_PASSWORD);
    await failedSignIn(agent, 'onbekende-login', WRONG_PASSWORD);
    const token = await csrfTokenOf(agent, '/dienstverlener/login');
    await agent
      .post('/dienstverlener/login')
      .set('X-Forwarded-For', '198.51.100.9')
      .type('form')
      .send({ _csrf: token, login: 'nog-een-login', password: WRONG_PASSWORD })
      .expect(303);
    // This app trusts no proxy (only production does): the address is the socket's, whatever the header says.
    const ipRows = await rateLimitRows('login-ip:%');
    expect(ipRows).toHaveLength(1);
    expect(ipRows[0]?.key).toMatch(/^login-ip:(::ffff:)?127\.0\.0\.1$/);
    expect(ipRows[0]?.points).toBe(3);
    // Each login has its own count beside it.
    expect((await rateLimitRows('login-account-short:%')).map((row) => [row.key, row.points])).toEqual([
      [`login-account-short:${DEMO_LOGIN}`, 1],
      ['login-account-short:nog-een-login', 1],
      ['login-account-short:onbekende-login', 1],
    ]);
  });
});

describe('slowing down guessing behind the production proxy', () => {
  let production: TestApp;
  beforeAll(async () => {
    production = await createTestApp({ demo: true, environment: productionEnvironment() });
  });
  afterAll(async () => {
    await production?.close();
  });

  async function signIn(client: ProxiedClient, login: string, password: string) {
    const form = await client.get('/dienstverlener/login');
    expect(form.status).toBe(200);
    const response = await client.post('/dienstverlener/login', {
      _csrf: csrfTokenIn(form.text),
      login,
      password,
    });
    expect(response.status).toBe(303);
    return response;
  }

  it(
    'blocks an address for 15 minutes after 50 failures across logins; the address is the one the proxy forwards',
    { timeout: 120_000 },
    async () => {
      const attacker = new ProxiedClient(production.app, '203.0.113.7');
      const form = await attacker.get('/dienstverlener/login');
      const token = csrfTokenIn(form.text);
      await inBatches(50, async (attempt) => {
        const response = await attacker.post('/dienstverlener/login', {
          _csrf: token,
          login: `geraden-login-${attempt}`,
          password: WRONG_PASSWORD,
        });
        expect(response.status).toBe(303);
      });
      const rows = await production.database
        .db('rate_limits')
        .where('key', 'like', 'login-ip:%')
        .select<{ key: string; expire: string }[]>('key', 'expire');
      expect(rows.map((row) => row.key)).toEqual(['login-ip:203.0.113.7']);
      expect(Number(rows[0]?.expire) - Date.now()).toBeLessThanOrEqual(15 * 60_000);

      // The provider at the attacker's address is held up, with the right password too.
      const sameAddress = new ProxiedClient(production.app, '203.0.113.7');
      await signIn(sameAddress, DEMO_LOGIN, PASSWORD);
      const refused = await sameAddress.get('/dienstverlener/login');
      expect(fieldErrorOf(refused.text, 'login')).toBe(
        'Te veel mislukte pogingen. Wacht 15 minuten en probeer dan opnieuw.',
      );

      // From its own address it signs in.
      const ownAddress = new ProxiedClient(production.app, '198.51.100.9');
      const signedIn = await signIn(ownAddress, DEMO_LOGIN, PASSWORD);
      expect(signedIn.headers.location).toBe('/dienstverlener');
      expect((await ownAddress.get('/dienstverlener')).status).toBe(200);
    },
  );
});

describe('TRUST_PROXY decides whose X-Forwarded-For names the client', () => {
  async function forgedAttempts(app: TestApp, addresses: string[]) {
    await app.database.db('rate_limits').delete();
    const agent = newAgent(app.app);
    const token = await csrfTokenOf(agent, '/dienstverlener/login');
    for (const [index, address] of addresses.entries()) {
      const response = await agent
        .post('/dienstverlener/login')
        .set('X-Forwarded-For', address)
        .type('form')
        .send({ _csrf: token, login: `geraden-login-${index}`, password: WRONG_PASSWORD });
      expect(response.status).toBe(303);
    }
    return app.database
      .db('rate_limits')
      .where('key', 'like', 'login-ip:%')
      .orderBy('key')
      .select<{ key: string; points: number }[]>('key', 'points');
  }
  const forged = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '198.51.100.4'];

  it('by default trusts nobody (production too, see config.test.ts): forged addresses all count against the real one', async () => {
    const rows = await forgedAttempts(testApp, forged);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).toMatch(/^login-ip:(::ffff:)?127\.0\.0\.1$/);
    expect(rows[0]?.points).toBe(forged.length);
  });

  it('with TRUST_PROXY=loopback takes the address the local proxy forwards', async () => {
    const behindProxy = await createTestApp({
      shareDatabaseWith: testApp,
      environment: { TRUST_PROXY: 'loopback' },
    });
    try {
      const rows = await forgedAttempts(behindProxy, forged);
      expect(rows.map((row) => [row.key, row.points])).toEqual(
        [...forged].sort().map((address) => [`login-ip:${address}`, 1]),
      );
    } finally {
      await behindProxy.close();
    }
  });
});
