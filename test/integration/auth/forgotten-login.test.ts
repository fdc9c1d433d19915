import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/auth/password.js';
import { fixedClock } from '../../../src/clock.js';
import { enterpriseNumberCheckDigits } from '../../../src/domain/belgian-identifiers.js';
import type { CaughtMail } from '../../../src/dev/mail-catcher.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  headingOf,
  inputValueOf,
  labelOf,
  textOf,
} from '../../support/html.js';
import { testClock } from '../../support/clock.js';
import { csrfTokenOf, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

const DEMO_LOGIN = '0123456749';
const DEMO_PASSWORD = 'kmo-demo-2026';
const SAME_ANSWER =
  'Ter info: Als het ondernemingsnummer en het e-mailadres bij ons bekend zijn, sturen we binnen enkele minuten een link naar dat e-mailadres. Met die link kiest u een nieuw wachtwoord. De link is een uur geldig.';
const NEW_PASSWORD = 'fietsen langs de Leie in mei';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});
beforeEach(async () => {
  // Each test starts with no requests counted against the enterprise number or the address,
  // and with no session left signed in by an earlier test.
  await testApp.database.db('rate_limits').delete();
  await testApp.database.db('session').delete();
});

async function requestNewLogin(agent: Agent, enterpriseNumber: string, email: string) {
  const token = await csrfTokenOf(agent, '/dienstverlener/login-vergeten');
  return agent
    .post('/dienstverlener/login-vergeten')
    .type('form')
    .send({ _csrf: token, enterpriseNumber, email });
}

/** Sends what the outbox holds and returns the mails that arrived since `before` mails. */
async function deliveredSince(before: number): Promise<CaughtMail[]> {
  await testApp.container.mail.flush();
  await testApp.container.mail.idle();
  const all = testApp.mailbox.list();
  return all.slice(0, all.length - before);
}

function demoAccount() {
  return testApp.database
    .db('provider_accounts as a')
    .join('provider_organisations as p', 'p.id', 'a.provider_id')
    .where('p.enterprise_number', DEMO_LOGIN)
    .first<{ login: string; password_hash: string; must_change_password: boolean }>(
      'a.login',
      'a.password_hash',
      'a.must_change_password',
    );
}

/** The path of the single-use link in a forgotten-login mail. */
function linkIn(mail: CaughtMail): string {
  const match = /https?:\/\/[^/\s]+(\/dienstverlener\/login-herstellen\/[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no link in:\n${mail.text}`);
  return match[1];
}

/** Asks for a link for the demo provider and returns its path from the mail. */
async function mailedLink(): Promise<string> {
  const before = testApp.mailbox.list().length;
  const response = await requestNewLogin(newAgent(testApp.app), '0123456749', 'info@dienstverlener-kmo.test');
  expect(response.status).toBe(303);
  const mails = await deliveredSince(before);
  expect(mails).toHaveLength(1);
  return linkIn(mails[0] as CaughtMail);
}

async function choosePassword(agent: Agent, link: string, newPassword: string, repeated = newPassword) {
  const token = await csrfTokenOf(agent, '/dienstverlener/login');
  return agent.post(link).type('form').send({ _csrf: token, newPassword, newPasswordRepeated: repeated });
}

async function resetRows() {
  return testApp.database.db('provider_login_resets').select('token_hash', 'expires_at', 'used_at');
}

async function signedInDemo(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, DEMO_LOGIN, DEMO_PASSWORD)).headers.location).toBe('/dienstverlener');
  await agent.get('/dienstverlener').expect(200);
  return agent;
}

describe('forgotten login at /dienstverlener/login-vergeten', () => {
  it('asks for the enterprise number and the contact e-mail, both required', async () => {
    const page = await newAgent(testApp.app).get('/dienstverlener/login-vergeten').expect(200);
    expect(headingOf(page.text)).toBe('Login of wachtwoord vergeten');
    expect(labelOf(page.text, 'enterpriseNumber')).toBe('Ondernemingsnummer (verplicht)');
    expect(labelOf(page.text, 'email')).toBe('E-mailadres van de contactpersoon (verplicht)');
  });

  it('gives the same answer whether or not the pair matches, mails a link only for the matching pair, and changes nothing yet', async () => {
    const before = testApp.mailbox.list().length;
    const accountBefore = await demoAccount();
    const answers: string[] = [];
    for (const [enterpriseNumber, email] of [
      ['0123.456.749', 'someone-else@dienstverlener-kmo.test'],
      ['0456.789.034', 'info@dienstverlener-kmo.test'],
      ['0123.456.749', 'Info@Dienstverlener-KMO.test'],
    ] as const) {
      const agent = newAgent(testApp.app);
      const response = await requestNewLogin(agent, enterpriseNumber, email);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/dienstverlener/login');
      const page = await agent.get('/dienstverlener/login').expect(200);
      expect(flashTextsOf(page.text)).toEqual([SAME_ANSWER]);
      answers.push(textOf(page.text));
    }
    expect(new Set(answers).size).toBe(1);

    const mails = await deliveredSince(before);
    expect(mails).toHaveLength(1);
    const [mail] = mails as [CaughtMail];
    expect(mail.to).toEqual(['info@dienstverlener-kmo.test']);
    expect(mail.subject).toBe('Kies een nieuw wachtwoord voor de kmo-portefeuille');
    expect(mail.text).toContain('Uw login: 0123456749');
    expect(mail.text).toContain('De link is een uur geldig en werkt maar één keer.');
    const link = linkIn(mail);
    const token = link.split('/').pop() ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);

    // Nothing about the account changed: the old combination still signs in.
    expect(await demoAccount()).toEqual(accountBefore);
    await signedInDemo();
    // The token is stored hashed only.
    const rows = await resetRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(new Date(rows[0]?.expires_at).getTime() - testClock.now().getTime()).toBe(3600_000);
    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'provider_account.request_login_reset' })
      .select('entity_type', 'actor_type');
    expect(audit).toEqual([{ entity_type: 'provider_account', actor_type: 'anonymous' }]);
  });

  it('leaves the account alone and sends nothing for a pair that does not match', async () => {
    const before = testApp.mailbox.list().length;
    const accountBefore = await demoAccount();
    const outboxBefore = await testApp.database.db('mail_outbox').count<{ count: string }[]>('* as count');
    const resetsBefore = await resetRows();
    await requestNewLogin(newAgent(testApp.app), '0123456749', 'info@leiestreek-opleidingen.test');
    // The second provider's own address, with the first provider's number.
    await requestNewLogin(newAgent(testApp.app), '0456.789.034', 'info@dienstverlener-kmo.test');

    expect(await deliveredSince(before)).toEqual([]);
    expect(await testApp.database.db('mail_outbox').count<{ count: string }[]>('* as count')).toEqual(
      outboxBefore,
    );
    expect(await demoAccount()).toEqual(accountBefore);
    expect(await resetRows()).toEqual(resetsBefore);
  });

  it('takes as long to answer a pair that matches as one that does not', { timeout: 60_000 }, async () => {
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const timed = async (email: string) => {
      await testApp.database.db('rate_limits').delete();
      const agent = newAgent(testApp.app);
      const token = await csrfTokenOf(agent, '/dienstverlener/login-vergeten');
      const started = performance.now();
      const response = await agent
        .post('/dienstverlener/login-vergeten')
        .type('form')
        .send({ _csrf: token, enterpriseNumber: '0123.456.749', email });
      const elapsed = performance.now() - started;
      expect(response.status).toBe(303);
      return elapsed;
    };
    const matched: number[] = [];
    const unmatched: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      matched.push(await timed('info@dienstverlener-kmo.test'));
      unmatched.push(await timed('iemand@elders.test'));
    }
    const ratio = Math.max(median(matched), median(unmatched)) / Math.min(median(matched), median(unmatched));
    expect(ratio, `matched ${median(matched)} ms, unmatched ${median(unmatched)} ms`).toBeLessThan(2);
  });

  it('never locks the provider out, however often the form is posted', async () => {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await requestNewLogin(newAgent(testApp.app), '0123456749', 'info@dienstverlener-kmo.test');
    }
    await signedInDemo();
    expect((await demoAccount())?.must_change_password).toBe(false);
  });

  it('refuses a sixth request for one enterprise number within five minutes, whatever the address', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await requestNewLogin(newAgent(testApp.app), '0123456749', `x${attempt}@elders.test`);
      expect(response.headers.location).toBe('/dienstverlener/login');
    }
    const agent = newAgent(testApp.app);
    expect(
      (await requestNewLogin(agent, '0123456749', 'info@dienstverlener-kmo.test')).headers.location,
    ).toBe('/dienstverlener/login-vergeten');
    const page = await agent.get('/dienstverlener/login-vergeten').expect(200);
    expect(fieldErrorOf(page.text, 'enterpriseNumber')).toMatch(
      /^Te veel aanvragen\. Wacht \d+ seconden en probeer dan opnieuw\.$/,
    );
  });

  it(
    'refuses the 51st request from one address within an hour, for any enterprise number',
    { timeout: 60_000 },
    async () => {
      const agent = newAgent(testApp.app);
      const token = await csrfTokenOf(agent, '/dienstverlener/login-vergeten');
      // 51 well-formed enterprise numbers that belong to nobody.
      const numbers = Array.from({ length: 51 }, (_, index) => {
        const firstEight = String(1_000_000 + index * 7919).padStart(8, '0');
        return `${firstEight}${enterpriseNumberCheckDigits(firstEight)}`;
      });
      for (let batch = 0; batch < 50; batch += 10) {
        const responses = await Promise.all(
          numbers
            .slice(batch, batch + 10)
            .map((enterpriseNumber) =>
              agent
                .post('/dienstverlener/login-vergeten')
                .type('form')
                .send({ _csrf: token, enterpriseNumber, email: 'iemand@elders.test' }),
            ),
        );
        expect(responses.map((response) => response.headers.location)).toEqual(
          responses.map(() => '/dienstverlener/login'),
        );
      }
      const refused = await agent
        .post('/dienstverlener/login-vergeten')
        .type('form')
        .send({ _csrf: token, enterpriseNumber: numbers[50], email: 'iemand@elders.test' });
      expect(refused.headers.location).toBe('/dienstverlener/login-vergeten');
      const page = await agent.get('/dienstverlener/login-vergeten').expect(200);
      expect(fieldErrorOf(page.text, 'enterpriseNumber')).toBe(
        'Te veel aanvragen. Wacht 15 minuten en probeer dan opnieuw.',
      );
    },
  );

  it('explains its own validation errors in Dutch and keeps the input', async () => {
    const agent = newAgent(testApp.app);
    expect((await requestNewLogin(agent, '', '  ')).status).toBe(303);
    const empty = await agent.get('/dienstverlener/login-vergeten').expect(200);
    expect(errorSummaryOf(empty.text)).toEqual([
      { field: 'enterpriseNumber', message: 'Vul het ondernemingsnummer in.' },
      { field: 'email', message: 'Vul het e-mailadres in.' },
    ]);
    expect(fieldErrorOf(empty.text, 'enterpriseNumber')).toBe('Vul het ondernemingsnummer in.');
    expect(fieldErrorOf(empty.text, 'email')).toBe('Vul het e-mailadres in.');

    expect((await requestNewLogin(agent, '0123.456.749', 'info-bij-dienstverlener')).status).toBe(303);
    const badEmail = await agent.get('/dienstverlener/login-vergeten').expect(200);
    expect(errorSummaryOf(badEmail.text)).toEqual([
      { field: 'email', message: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.' },
    ]);
    expect(fieldErrorOf(badEmail.text, 'enterpriseNumber')).toBeUndefined();
    expect(inputValueOf(badEmail.text, 'enterpriseNumber')).toBe('0123.456.749');
    expect(inputValueOf(badEmail.text, 'email')).toBe('info-bij-dienstverlener');
  });

  it.each([
    ['a malformed number', '0123.456', 'Een ondernemingsnummer heeft 10 cijfers, bijvoorbeeld 0123.456.749.'],
    ['letters', 'nul-een-twee', 'Een ondernemingsnummer heeft 10 cijfers, bijvoorbeeld 0123.456.749.'],
    [
      'wrong check digits',
      '0123.456.748',
      'Dit ondernemingsnummer bestaat niet: de controlecijfers kloppen niet. Controleer het nummer.',
    ],
  ])('refuses %s beside the field and mails nothing', async (_name, enterpriseNumber, message) => {
    const before = testApp.mailbox.list().length;
    const agent = newAgent(testApp.app);
    const response = await requestNewLogin(agent, enterpriseNumber, 'info@dienstverlener-kmo.test');
    expect(response.headers.location).toBe('/dienstverlener/login-vergeten');
    const page = await agent.get('/dienstverlener/login-vergeten').expect(200);
    expect(errorSummaryOf(page.text)).toEqual([{ field: 'enterpriseNumber', message }]);
    expect(inputValueOf(page.text, 'enterpriseNumber')).toBe(enterpriseNumber);
    expect(await deliveredSince(before)).toEqual([]);
  });
});

describe('the mailed link at /dienstverlener/login-herstellen/…', () => {
  it('shows the login, sets the chosen password, ends every session of the account, and works once', async () => {
    const first = await signedInDemo();
    const second = await signedInDemo();
    const link = await mailedLink();

    const visitor = newAgent(testApp.app);
    const page = await visitor.get(link).expect(200);
    expect(headingOf(page.text)).toBe('Nieuw wachtwoord kiezen');
    expect(textOf(page.text)).toContain('Uw login 0123456749');
    expect(labelOf(page.text, 'newPassword')).toBe('Nieuw wachtwoord (verplicht)');
    expect(page.headers['cache-control']).toContain('no-store');

    const response = await choosePassword(visitor, link, NEW_PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/dienstverlener/login');
    const login = await visitor.get('/dienstverlener/login').expect(200);
    expect(flashTextsOf(login.text)).toEqual([
      'Gelukt: Uw nieuwe wachtwoord is opgeslagen. Meld u aan met uw login 0123456749 en dat wachtwoord.',
    ]);

    // Both earlier sessions are over.
    for (const agent of [first, second]) {
      expect((await agent.get('/dienstverlener').expect(302)).headers.location).toBe('/dienstverlener/login');
    }
    expect((await signInAsProvider(newAgent(testApp.app), DEMO_LOGIN, DEMO_PASSWORD)).headers.location).toBe(
      '/dienstverlener/login',
    );
    expect((await signInAsProvider(newAgent(testApp.app), DEMO_LOGIN, NEW_PASSWORD)).headers.location).toBe(
      '/dienstverlener',
    );
    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'provider_account.reset_login' })
      .select('details');
    expect(audit).toEqual([{ details: { password: 'gewijzigd', endedSessions: 2 } }]);

    // A second use is refused, and changes nothing.
    const hash = (await demoAccount())?.password_hash;
    const again = await newAgent(testApp.app).get(link).expect(410);
    expect(headingOf(again.text)).toBe('Deze link werd al gebruikt');
    const secondUse = await choosePassword(
      newAgent(testApp.app),
      link,
      'een heel ander wachtwoord voor later',
    );
    expect(secondUse.status).toBe(410);
    expect(textOf(secondUse.text)).toContain('een link werkt maar één keer');
    expect((await demoAccount())?.password_hash).toBe(hash);
    await setDemoPassword(DEMO_PASSWORD);
  });

  it('refuses a forged token with a Dutch page', async () => {
    const forged = '/dienstverlener/login-herstellen/' + 'A'.repeat(43);
    const page = await newAgent(testApp.app).get(forged).expect(404);
    expect(headingOf(page.text)).toBe('Deze link is niet geldig');
    const post = await choosePassword(newAgent(testApp.app), forged, NEW_PASSWORD);
    expect(post.status).toBe(404);
    expect(await signedInDemo()).toBeDefined();
  });

  it('refuses a link an hour after it was mailed', async () => {
    const link = await mailedLink();
    const later = await createTestApp({
      shareDatabaseWith: testApp,
      clock: fixedClock(new Date(testClock.now().getTime() + 60 * 60_000 + 1_000)),
    });
    try {
      const page = await newAgent(later.app).get(link).expect(410);
      expect(headingOf(page.text)).toBe('Deze link is verlopen');
      expect(textOf(page.text)).toContain('is een uur geldig. Vraag een nieuwe link aan.');
      const agent = newAgent(later.app);
      const token = await csrfTokenOf(agent, '/dienstverlener/login');
      await agent
        .post(link)
        .type('form')
        .send({ _csrf: token, newPassword: NEW_PASSWORD, newPasswordRepeated: NEW_PASSWORD })
        .expect(410);
    } finally {
      await later.close();
    }
    // On the app's own clock, within the hour, it still opens.
    await newAgent(testApp.app).get(link).expect(200);
    await signedInDemo();
  });

  it('refuses a weak or unrepeated password beside the field, and keeps the link usable', async () => {
    const link = await mailedLink();
    const agent = newAgent(testApp.app);
    expect((await choosePassword(agent, link, 'kort', 'anders')).headers.location).toBe(link);
    const page = await agent.get(link).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([
      { field: 'newPassword', message: 'Kies een wachtwoord van minstens 12 tekens.' },
      { field: 'newPasswordRepeated', message: 'De twee nieuwe wachtwoorden zijn niet gelijk.' },
    ]);
    expect(page.text).not.toContain('kort');
    await signedInDemo();
    const response = await choosePassword(agent, link, NEW_PASSWORD);
    expect(response.headers.location).toBe('/dienstverlener/login');
    await setDemoPassword(DEMO_PASSWORD);
  });

  it('refuses the form without a CSRF token', async () => {
    const link = await mailedLink();
    await newAgent(testApp.app)
      .post(link)
      .type('form')
      .send({ newPassword: NEW_PASSWORD, newPasswordRepeated: NEW_PASSWORD })
      .expect(403);
    await signedInDemo();
  });
});

/** Puts the demo password back, so that every test starts from the demo data's combination. */
async function setDemoPassword(password: string) {
  const account = await demoAccountId();
  await testApp.database
    .db('provider_accounts')
    .where({ id: account })
    .update({ password_hash: await hashPassword(password), must_change_password: false });
}

async function demoAccountId(): Promise<number> {
  const row = await testApp.database
    .db('provider_accounts as a')
    .join('provider_organisations as p', 'p.id', 'a.provider_id')
    .where('p.enterprise_number', DEMO_LOGIN)
    .first<{ id: number }>('a.id');
  return row.id;
}
