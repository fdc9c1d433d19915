import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { expect } from 'vitest';
import type { Container } from '../../src/container.js';
import {
  buildSamlResponse,
  parseRedirectAuthnRequest,
  type ResponseOptions,
} from '../../src/dev/saml-response.js';
import { devPersons, type DevPerson } from '../../src/dev/dev-persons.js';
import { samlAttributes } from '../../src/auth/saml-identity.js';

export type Agent = ReturnType<typeof request.agent>;

/** A browser-like client: keeps cookies between requests. */
export function newAgent(app: Express): Agent {
  return request.agent(app);
}

/** The CSRF token of the first form on a page. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** GETs a page and returns its CSRF token, as a browser has it before posting. */
export async function csrfTokenOf(agent: Agent, path: string): Promise<string> {
  const response = await agent.get(path);
  return csrfTokenIn(response.text);
}

export async function signInAsProvider(agent: Agent, login: string, password: string) {
  const token = await csrfTokenOf(agent, '/dienstverlener/login');
  return agent.post('/dienstverlener/login').type('form').send({ _csrf: token, login, password });
}

export function devPerson(key: string): DevPerson {
  const person = devPersons.find((candidate) => candidate.key === key);
  if (!person) throw new Error(`no development person ${key}`);
  return person;
}

/** The attributes the IdP sends for a person. */
export function attributesOf(
  person: Pick<DevPerson, 'nationalRegisterNumber' | 'firstName' | 'lastName' | 'email' | 'roles'>,
) {
  return {
    [samlAttributes.nationalRegisterNumber]: [person.nationalRegisterNumber],
    [samlAttributes.firstName]: [person.firstName],
    [samlAttributes.lastName]: [person.lastName],
    ...(person.email ? { [samlAttributes.email]: [person.email] } : {}),
    [samlAttributes.roles]: person.roles,
  };
}

/**
 * Starts a SAML sign-in at our SP and returns the AuthnRequest's id and a
 * function that posts a response to the ACS, built as the development IdP
 * would (override any option to make it wrong).
 */
export async function startSamlSignIn(agent: Agent, container: Container, relayState?: string) {
  const login = await agent
    .get('/auth/saml/login')
    .query(relayState ? { RelayState: relayState } : {})
    .expect(302);
  const location = new URL(login.headers.location as string);
  const samlRequest = location.searchParams.get('SAMLRequest');
  const request = samlRequest ? parseRedirectAuthnRequest(samlRequest) : undefined;
  if (!request) throw new Error(`no AuthnRequest in ${login.headers.location}`);
  const settings = container.saml.settings;
  const devIdp = settings.devIdp;
  if (!devIdp) throw new Error('tests expect the development IdP');

  const responseFor = (attributes: Record<string, string[]>, overrides: Partial<ResponseOptions> = {}) =>
    buildSamlResponse({
      issuer: devIdp.entityId,
      destination: settings.callbackUrl,
      audience: settings.issuer,
      inResponseTo: request.id,
      nameId: attributes[samlAttributes.nationalRegisterNumber]?.[0] ?? 'onbekend',
      attributes,
      key: devIdp,
      ...overrides,
    });

  const post = (samlResponse: string, relay = location.searchParams.get('RelayState') ?? undefined) =>
    agent
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, ...(relay ? { RelayState: relay } : {}) });

  return { requestId: request.id, relayState: location.searchParams.get('RelayState'), responseFor, post };
}

/** Signs a development person in through SAML and, when asked, picks a capacity. */
export async function signInWithSaml(
  agent: Agent,
  container: Container,
  personKey: string,
  capacityKey?: string,
) {
  const flow = await startSamlSignIn(agent, container);
  const response = await flow.post(flow.responseFor(attributesOf(devPerson(personKey))));
  expect(response.status).toBe(303);
  if (capacityKey) {
    const token = await csrfTokenOf(agent, '/aanmelden/kies');
    const chosen = await agent
      .post('/aanmelden/kies')
      .type('form')
      .send({ _csrf: token, capacity: capacityKey });
    expect(chosen.status).toBe(303);
    return chosen;
  }
  return response;
}

/** The kinds of demo user a test signs in as. */
export type DemoRole = 'signed out' | 'head office' | 'department user' | 'entrepreneur' | 'agency staff';

/**
 * A client signed in as one kind of user of the demo data: the demo provider's
 * head office, its department user (Eva Claes), the entrepreneur Jan Peeters
 * for "Testonderneming_A en B", or the agency's Sofie Maes.
 */
export async function demoAgent(
  testApp: { app: Express; container: Container; database: { db: Knex } },
  role: DemoRole,
): Promise<Agent> {
  const agent = newAgent(testApp.app);
  switch (role) {
    case 'signed out':
      break;
    case 'head office':
      expect((await signInAsProvider(agent, '0123456749', 'kmo-demo-2026')).headers.location).toBe(
        '/dienstverlener',
      );
      break;
    case 'department user':
      await signInWithSaml(agent, testApp.container, 'department-user');
      break;
    case 'entrepreneur': {
      const company = await testApp.database
        .db('companies')
        .where({ name: 'Testonderneming_A en B' })
        .first<{ id: number } | undefined>('id');
      if (!company) throw new Error('the demo company Testonderneming_A en B is missing');
      await signInWithSaml(agent, testApp.container, 'entrepreneur', `onderneming-${company.id}`);
      break;
    }
    case 'agency staff':
      await signInWithSaml(agent, testApp.container, 'agency-staff');
      break;
  }
  return agent;
}
