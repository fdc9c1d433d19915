import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { csrfTokenOf, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

const DEMO_LOGIN = '0123456749';
const DEMO_PASSWORD = 'kmo-demo-2026';
const SAME_ANSWER =
  'Ter info: Als het ondernemingsnummer en het e-mailadres bij ons bekend zijn, sturen we binnen enkele minuten een nieuwe login en een eenmalig wachtwoord naar dat e-mailadres.';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});
beforeEach(async () => {
  // Each test starts with no requests counted against the enterprise number or the address.
  await testApp.database.db('rate_limits').delete();
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

function oneTimePasswordIn(mail: CaughtMail): string {
  const match = /Eenmalig wachtwoord: (\S+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no one-time password in:\n${mail.text}`);
  return match[1];
}

describe('forgotten login at /dienstverlener/login-vergeten', () => {
  it('asks for the enterprise number and the contact e-mail, both required', async () => {
    const page = await newAgent(testApp.app).get('/dienstverlener/login-vergeten').expect(200);
    expect(headingOf(page.text)).toBe('Login of wachtwoord vergeten');
    expect(labelOf(page.text, 'enterpriseNumber')).toBe('Ondernemingsnummer (verplicht)');
    expect(labelOf(page.text, 'email')).toBe('E-mailadres van de contactpersoon (verplicht)');
  });

  it('gives the same answer whether or not the pair matches, and mails only the matching pair', async () => {
    const before = testApp.mailbox.list().length;
    const hashBefore = (await demoAccount())?.password_hash;
    const answers: string[] = [];
    for (const [enterpriseNumber, email] of [
      ['0123.456.749', 'someone-else@dienstverlener-kmo.test'],
      ['0999.999.999', 'info@dienstverlener-kmo.test'],
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
    const [mail] = mails;
    expect(mail?.to).toEqual(['info@dienstverlener-kmo.test']);
    expect(mail?.subject).toBe('Uw nieuwe login voor de kmo-portefeuille');
    expect(mail?.text).toContain('Login: 0123456749 (uw ondernemingsnummer 0123.456.749)');
    const oneTimePassword = oneTimePasswordIn(mail as CaughtMail);
    expect(oneTimePassword).toHaveLength(16);

    const account = await demoAccount();
    expect(account?.password_hash).not.toBe(hashBefore);
    expect(account?.password_hash).toMatch(/^\$argon2id\$/);
    expect(account?.must_change_password).toBe(true);
    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'provider_account.reset_login' })
      .select('entity_type', 'actor_type');
    expect(audit).toEqual([{ entity_type: 'provider_account', actor_type: 'anonymous' }]);

    // The mailed password works, the old one does not.
    const old = await signInAsProvider(newAgent(testApp.app), DEMO_LOGIN, DEMO_PASSWORD);
    expect(old.headers.location).toBe('/dienstverlener/login');
    const fresh = await signInAsProvider(newAgent(testApp.app), '0123.456.749', oneTimePassword);
    expect(fresh.headers.location).toBe('/dienstverlener/login-wijzigen');
  });

  it('leaves the account alone and sends nothing for a pair that does not match', async () => {
    const before = testApp.mailbox.list().length;
    const accountBefore = await demoAccount();
    const outboxBefore = await testApp.database.db('mail_outbox').count<{ count: string }[]>('* as count');
    await requestNewLogin(newAgent(testApp.app), '0123456749', 'info@leiestreek-opleidingen.test');
    // The second provider's own address, with the first provider's number.
    await requestNewLogin(newAgent(testApp.app), '0456.789.034', 'info@dienstverlener-kmo.test');

    expect(await deliveredSince(before)).toEqual([]);
    expect(await testApp.database.db('mail_outbox').count<{ count: string }[]>('* as count')).toEqual(
      outboxBefore,
    );
    expect(await demoAccount()).toEqual(accountBefore);
  });

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
});

describe('signing in with a one-time password', () => {
  it('sends every provider page to the login change until a password of its own is chosen', async () => {
    const before = testApp.mailbox.list().length;
    expect(
      (await requestNewLogin(newAgent(testApp.app), '0123456749', 'info@dienstverlener-kmo.test')).status,
    ).toBe(303);
    const [mail] = await deliveredSince(before);
    const oneTimePassword = oneTimePasswordIn(mail as CaughtMail);

    const agent = newAgent(testApp.app);
    const signedIn = await signInAsProvider(agent, DEMO_LOGIN, oneTimePassword);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/dienstverlener/login-wijzigen');

    const [projectNumber] = await testApp.database
      .db('projects as pr')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where('p.enterprise_number', DEMO_LOGIN)
      .orderBy('pr.project_number')
      .limit(1)
      .pluck('pr.project_number');
    for (const path of [
      '/dienstverlener',
      '/dienstverlener/projecten',
      `/dienstverlener/projecten/${projectNumber}`,
      '/dienstverlener/registraties',
      '/dienstverlener/vestigingen',
      '/dienstverlener/departementen',
    ]) {
      const response = await agent.get(path);
      expect([path, response.status, response.headers.location]).toEqual([
        path,
        302,
        '/dienstverlener/login-wijzigen',
      ]);
    }

    const change = await agent.get('/dienstverlener/login-wijzigen').expect(200);
    expect(flashTextsOf(change.text)).toEqual([
      'Ter info: U meldde zich aan met een eenmalig wachtwoord. Kies nu een eigen wachtwoord.',
    ]);
    expect(textOf(change.text)).toContain(
      'U meldde zich aan met een eenmalig wachtwoord. Kies een eigen wachtwoord voor u verdergaat.',
    );

    const newPassword = 'fietsen langs de Leie in mei';
    const changed = await agent
      .post('/dienstverlener/login-wijzigen')
      .type('form')
      .send({
        _csrf: await csrfTokenOf(agent, '/dienstverlener/login-wijzigen'),
        newLogin: DEMO_LOGIN,
        oldPassword: oneTimePassword,
        newPassword,
        newPasswordRepeated: newPassword,
      });
    expect(changed.status).toBe(303);
    expect(changed.headers.location).toBe('/dienstverlener');
    const menu = await agent.get('/dienstverlener').expect(200);
    expect(headingOf(menu.text)).toBe('Menu dienstverlener');
    expect(flashTextsOf(menu.text)).toEqual([
      'Gelukt: Uw login en wachtwoord zijn gewijzigd. Uw login is nu 0123456749.',
    ]);
    await agent.get(`/dienstverlener/projecten/${projectNumber}`).expect(200);
    expect((await demoAccount())?.must_change_password).toBe(false);

    // The one-time password is spent; the chosen one works.
    const spent = await signInAsProvider(newAgent(testApp.app), DEMO_LOGIN, oneTimePassword);
    expect(spent.headers.location).toBe('/dienstverlener/login');
    const own = await signInAsProvider(newAgent(testApp.app), DEMO_LOGIN, newPassword);
    expect(own.headers.location).toBe('/dienstverlener');
  });
});
