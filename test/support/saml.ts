import type { SessionData } from 'express-session';
import type { Knex } from 'knex';
import selfsigned from 'selfsigned';
import { expect } from 'vitest';
import type { KeyPair } from '../../src/auth/saml-keys.js';
import type { Container } from '../../src/container.js';
import type { ResponseOptions } from '../../src/dev/saml-response.js';
import { attributesOf, startSamlSignIn, type Agent } from './session.js';

/** What a person's attributes are built from (attributesOf): a demo person or one made up by a test. */
export interface TestPerson {
  nationalRegisterNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  roles: string[];
}

/** The cookie jar's view of supertest's own server (http on 127.0.0.1). */
const cookieAccess = { domain: '127.0.0.1', path: '/', secure: false, script: false };

/** The session cookie (kmo.sid) the agent holds, as sent to the server. */
export function sessionCookieOf(agent: Agent): string | undefined {
  return agent.jar.getCookie('kmo.sid', cookieAccess)?.value;
}

/**
 * The browser-binding cookie (kmo.saml) the agent got when it started a SAML login, as a
 * Cookie header: the same browser reaching another app process sends it along.
 */
export function bindingCookieOf(agent: Agent): string {
  const cookie = agent.jar.getCookie('kmo.saml', { ...cookieAccess, path: '/auth/saml/acs' });
  if (!cookie) throw new Error('the agent started no SAML login');
  return `kmo.saml=${cookie.value}`;
}

/** The session id inside the signed cookie value (`s:<id>.<signature>`). */
export function sessionIdOf(agent: Agent): string | undefined {
  const value = sessionCookieOf(agent);
  return value ? /^s:([^.]+)\./.exec(decodeURIComponent(value))?.[1] : undefined;
}

/** What the Postgres session store holds for the agent's session (undefined: no row). */
export async function storedSession(agent: Agent, db: Knex): Promise<SessionData | undefined> {
  const sid = sessionIdOf(agent);
  if (!sid) return undefined;
  const row = await db('session').where({ sid }).first<{ sess: SessionData } | undefined>('sess');
  return row?.sess;
}

/** Nobody is signed in: every audience sends the agent to its sign-in, the store holds no principal. */
export async function expectSignedOut(agent: Agent, db: Knex): Promise<void> {
  const company = await agent.get('/onderneming').expect(302);
  expect(company.headers.location).toBe('/auth/saml/login?RelayState=%2Fonderneming');
  const admin = await agent.get('/beheer').expect(302);
  expect(admin.headers.location).toBe('/auth/saml/login?RelayState=%2Fbeheer');
  const provider = await agent.get('/dienstverlener').expect(302);
  expect(provider.headers.location).toBe('/dienstverlener/login');
  const home = await agent.get('/').expect(200);
  expect(home.text).not.toContain('Aangemeld als');
  const session = await storedSession(agent, db);
  expect(session?.principal).toBeUndefined();
  expect(session?.samlPerson).toBeUndefined();
}

/** The ACS refused the response: 401 with the Dutch page. */
export function expectRefused(response: { status: number; text: string }): void {
  expect(response.status).toBe(401);
  expect(response.text).toContain('<h1>Aanmelden is mislukt</h1>');
  expect(response.text).toContain('<title>Aanmelden is mislukt – kmo-portefeuille</title>');
}

/** Starts a sign-in at our SP and posts the IdP's response for this person (options can spoil it). */
export async function signInAs(
  agent: Agent,
  container: Container,
  person: TestPerson,
  options: { relayState?: string; response?: Partial<ResponseOptions> } = {},
) {
  const flow = await startSamlSignIn(agent, container, options.relayState);
  return flow.post(flow.responseFor(attributesOf(person), options.response));
}

/** A key pair the portal has never heard of, as a forger or another IdP would have. */
export async function foreignKeyPair(commonName = 'Vreemde IdP'): Promise<KeyPair> {
  const generated = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  return { privateKey: generated.private, certificate: generated.cert };
}

/** The id of a company of the demo data, by enterprise number. */
export async function companyIdOf(db: Knex, enterpriseNumber: string): Promise<number> {
  const row = await db('companies')
    .where({ enterprise_number: enterpriseNumber })
    .first<{ id: number }>('id');
  if (!row) throw new Error(`no company ${enterpriseNumber}`);
  return row.id;
}
