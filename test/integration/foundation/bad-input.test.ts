import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { headingOf, textOf } from '../../support/html.js';
import { concreteRoute, routesOf, type AppRoute } from '../../support/routes.js';
import { csrfTokenOf, demoAgent, type Agent, type DemoRole } from '../../support/session.js';

/**
 * Every route of the app, each asked by a role that reaches it: a NUL byte in
 * a path segment, a query parameter or a form field gets the Dutch 400 page,
 * never a 500 (PostgreSQL refuses U+0000 in text); and every page sent to a
 * signed-in person says `Cache-Control: no-store`.
 */

let testApp: TestApp;
const agents = new Map<DemoRole, { agent: Agent; token: string }>();

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  for (const role of ['head office', 'entrepreneur', 'agency staff'] as const) {
    const agent = await demoAgent(testApp, role);
    agents.set(role, { agent, token: await csrfTokenOf(agent, '/') });
  }
});
afterAll(async () => {
  await testApp.close();
});

/** The role whose pages these are; the public pages are asked signed in as the head office. */
function roleFor(path: string): DemoRole {
  if (path.startsWith('/beheer')) return 'agency staff';
  if (path.startsWith('/onderneming')) return 'entrepreneur';
  return 'head office';
}

function signedIn(path: string) {
  const found = agents.get(roleFor(path));
  if (!found) throw new Error('agents not ready');
  return found;
}

/**
 * Signing out would end the walk's session; it has its own tests. The health
 * probes answer before any session or parameter is read (web/health.ts).
 */
const walked = (): AppRoute[] =>
  routesOf(testApp.app).filter(
    (route) =>
      !(route.method === 'post' && route.path === '/logout') && !['/healthz', '/readyz'].includes(route.path),
  );

const NUL = '%00';
const BAD_BYTES_TEXT = 'Uw aanvraag bevat een ongeldig teken (een nulbyte).';

/** The query parameters the app reads (searches, filters, pages, sorting, SAML). */
const QUERY_NAMES = [
  'zoek',
  'pagina',
  'sorteer',
  'richting',
  'jaren',
  'keten',
  'nummer',
  'onderneming',
  'van',
  'tot',
  'bedragVan',
  'bedragTot',
  'dienst',
  'status',
  'geverifieerd',
  'gemeente',
  'naam',
  'thema',
  'weergave',
  'wijzig',
  'nieuw',
  'RelayState',
];

describe('a NUL byte on every route', () => {
  it('finds the routes the issue names', () => {
    const paths = walked().map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /dienstverlener/projecten',
        'GET /dienstverlener/projecten.csv',
        'POST /dienstverlener/login',
        'POST /dienstverlener/login-vergeten',
        'POST /dienstverlener/vestigingen/nieuw',
        'GET /dienstverleners/zoeken',
        'GET /beheer/projecten',
      ]),
    );
    expect(paths.length).toBeGreaterThan(60);
  });

  it('in a path segment never gives a 500', { timeout: 120_000 }, async () => {
    const answers: string[] = [];
    for (const route of walked()) {
      const { agent, token } = signedIn(route.path);
      const url = route.path.includes(':')
        ? concreteRoute(route.path, () => `1${NUL}`)
        : `${route.path.replace(/\/$/, '')}/x${NUL}`;
      const response =
        route.method === 'get'
          ? await agent.get(url)
          : await agent.post(url).type('form').send({ _csrf: token });
      answers.push(`${route.method.toUpperCase()} ${url} ${response.status}`);
    }
    expect(answers.filter((line) => / 5\d\d$/.test(line))).toEqual([]);
  });

  it('in a query parameter gets the Dutch 400 page', { timeout: 120_000 }, async () => {
    const query = QUERY_NAMES.map((name) => `${name}=a${NUL}b`).join('&');
    const answers: string[] = [];
    for (const route of walked()) {
      const { agent, token } = signedIn(route.path);
      const url = `${concreteRoute(route.path)}?${query}`;
      const response =
        route.method === 'get'
          ? await agent.get(url)
          : await agent.post(url).type('form').send({ _csrf: token });
      answers.push(`${route.method.toUpperCase()} ${route.path} ${response.status}`);
      if (response.status === 400) expect(textOf(response.text)).toContain(BAD_BYTES_TEXT);
    }
    expect(answers).toEqual(answers.map((line) => line.replace(/\d+$/, '400')));
  });

  // The IdP's post answers garbage with the sign-in failure page (auth/saml-hardening.test.ts).
  const expectedFor = (path: string) => (path === '/auth/saml/acs' ? '401' : '400');

  it(
    'in a form field of every POST gets the Dutch 400 page (the ACS its 401) and changes nothing',
    { timeout: 120_000 },
    async () => {
      const auditBefore = await testApp.database.db('audit_log').count<{ count: string }[]>('* as count');
      const answers: string[] = [];
      for (const route of walked().filter((candidate) => candidate.method === 'post')) {
        const { agent, token } = signedIn(route.path);
        const form = {
          _csrf: token,
          naam: `a\u0000b`,
          name: `a\u0000b`,
          reason: `\u0000`,
          expectedFrom: 'A',
        };
        const response = await agent.post(concreteRoute(route.path)).type('form').send(form);
        answers.push(`POST ${route.path} ${response.status}`);
      }
      expect(answers).toEqual(
        answers.map((line) =>
          line.replace(/ (\S+) \d+$/, (_match, path: string) => ` ${path} ${expectedFor(path)}`),
        ),
      );
      expect(await testApp.database.db('audit_log').count<{ count: string }[]>('* as count')).toEqual(
        auditBefore,
      );
    },
  );

  it.each([
    ['the provider search', 'get', '/dienstverleners/zoeken?naam=a%00'],
    ['the project filters', 'get', '/dienstverlener/projecten?onderneming=%00&nummer=2026%00'],
    ['the CSV export', 'get', '/dienstverlener/projecten.csv?status=%00'],
    ['the agency search', 'get', '/beheer/projecten?zoek=%00'],
    ['a project page', 'get', '/dienstverlener/projecten/2026KMO%00'],
  ] as const)('%s answers 400 in Dutch', async (_name, _method, url) => {
    const { agent } = signedIn(url);
    const response = await agent.get(url).expect(400);
    expect(headingOf(response.text)).toBe('Ongeldige aanvraag');
    expect(textOf(response.text)).toContain(BAD_BYTES_TEXT);
  });

  it.each([
    ['the login form', '/dienstverlener/login', { login: 'a\u0000', password: 'x' }],
    [
      'the forgotten-login form',
      '/dienstverlener/login-vergeten',
      { enterpriseNumber: '0123456749', email: 'a\u0000@b.be' },
    ],
    [
      'the establishment form',
      '/dienstverlener/vestigingen/nieuw',
      { name: 'Vestiging\u0000', street: 'Straat', houseNumber: '1', postcode: '9000', municipality: 'Gent' },
    ],
    ['the department form', '/dienstverlener/departementen', { name: 'Dep\u0000', contactEmail: 'a@b.be' }],
  ] as const)('%s answers 400 in Dutch', async (_name, url, fields) => {
    const { agent, token } = signedIn(url);
    const response = await agent
      .post(url)
      .type('form')
      .send({ _csrf: token, ...fields })
      .expect(400);
    expect(textOf(response.text)).toContain(BAD_BYTES_TEXT);
  });
});

describe('empty input on every route', () => {
  it('an empty form to every POST never gives a 500', { timeout: 120_000 }, async () => {
    const answers: string[] = [];
    for (const route of walked().filter((candidate) => candidate.method === 'post')) {
      const { agent, token } = signedIn(route.path);
      const response = await agent.post(concreteRoute(route.path)).type('form').send({ _csrf: token });
      answers.push(`POST ${route.path} ${response.status}`);
    }
    expect(answers.filter((line) => / 5\d\d$/.test(line))).toEqual([]);
  });

  it('an empty query parameter on every GET never gives a 500', { timeout: 120_000 }, async () => {
    const query = QUERY_NAMES.map((name) => `${name}=`).join('&');
    const answers: string[] = [];
    for (const route of walked().filter((candidate) => candidate.method === 'get')) {
      const { agent } = signedIn(route.path);
      const response = await agent.get(`${concreteRoute(route.path)}?${query}`);
      answers.push(`GET ${route.path} ${response.status}`);
    }
    expect(answers.filter((line) => / 5\d\d$/.test(line))).toEqual([]);
  });
});

describe('personal pages are not cached', () => {
  it('every GET to a signed-in person says Cache-Control: no-store', { timeout: 120_000 }, async () => {
    const answers: string[] = [];
    for (const route of walked().filter((candidate) => candidate.method === 'get')) {
      const { agent } = signedIn(route.path);
      const url = concreteRoute(route.path);
      const response = await agent.get(url);
      answers.push(`${url} ${response.status} ${String(response.headers['cache-control'] ?? '-')}`);
    }
    expect(answers.filter((line) => !/no-store/.test(line))).toEqual([]);
  });

  it('the company data page (with its IBAN) and the menu are among them', async () => {
    const { agent } = signedIn('/onderneming');
    const response = await agent.get('/onderneming').expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('a public page to a signed-out visitor keeps the default', async () => {
    const visitor = await demoAgent(testApp, 'signed out');
    const response = await visitor.get('/').expect(200);
    expect(response.headers['cache-control']).toBeUndefined();
  });
});
