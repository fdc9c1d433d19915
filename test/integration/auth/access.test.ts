import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { headingOf, textOf } from '../../support/html.js';
import {
  csrfTokenOf,
  demoAgent,
  newAgent,
  signInAsProvider,
  type Agent,
  type DemoRole,
} from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const agentFor = (role: DemoRole) => demoAgent(testApp, role);

/** The status of a GET, with where a redirect leads. */
async function outcome(agent: Agent, path: string): Promise<string> {
  const response = await agent.get(path);
  return response.status === 302 ? `302 ${response.headers.location}` : String(response.status);
}

const PATHS = ['/dienstverlener', '/dienstverlener/login-wijzigen', '/onderneming', '/beheer'] as const;

// prettier-ignore
const EXPECTED: [DemoRole, string, string, string, string][] = [
  //                   /dienstverlener                 /dienstverlener/login-wijzigen  /onderneming                                     /beheer
  ['signed out',       '302 /dienstverlener/login',    '302 /dienstverlener/login',    '302 /auth/saml/login?RelayState=%2Fonderneming', '302 /auth/saml/login?RelayState=%2Fbeheer'],
  ['head office',      '200',                          '200',                          '403',                                           '403'],
  ['department user',  '200',                          '403',                          '403',                                           '403'],
  ['entrepreneur',     '403',                          '403',                          '200',                                           '403'],
  ['agency staff',     '403',                          '403',                          '403',                                           '200'],
];

describe('every role against every route group', () => {
  it.each(EXPECTED)('GET of each route group as %s', async (role, ...expected) => {
    const agent = await agentFor(role);
    const actual: string[] = [];
    for (const path of PATHS) actual.push(await outcome(agent, path));
    expect(Object.fromEntries(PATHS.map((path, index) => [path, actual[index]]))).toEqual(
      Object.fromEntries(PATHS.map((path, index) => [path, expected[index]])),
    );
  });

  it('answers a refused role with the Dutch 403 page', async () => {
    const agent = await agentFor('entrepreneur');
    const page = await agent.get('/beheer').expect(403);
    expect(headingOf(page.text)).toBe('Geen toegang');
    expect(textOf(page.text)).toContain('U hebt geen toegang tot deze pagina.');
  });

  it('refuses a form post to a route group when signed out, without redirecting it', async () => {
    const agent = newAgent(testApp.app);
    const token = await csrfTokenOf(agent, '/dienstverlener/login');
    const response = await agent
      .post('/dienstverlener/login-wijzigen')
      .type('form')
      .send({ _csrf: token, newLogin: 'overgenomen-login' })
      .expect(403);
    expect(textOf(response.text)).toContain('U bent niet (meer) aangemeld. Meld u opnieuw aan.');
  });
});

interface ProjectRow {
  projectNumber: string;
  title: string;
  companyName: string;
  providerName: string;
}

/** A project of the demo data picked by SQL, never a number written into the test. */
async function projectWhere(filter: (query: Knex.QueryBuilder) => unknown): Promise<ProjectRow> {
  const query = testApp.database
    .db('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .join('companies as c', 'c.id', 'pr.company_id')
    .leftJoin('departments as d', 'd.id', 'pr.department_id')
    .orderBy('pr.project_number');
  filter(query);
  const row: ProjectRow | undefined = await query.first({
    projectNumber: 'pr.project_number',
    title: 'pr.title',
    companyName: 'c.name',
    providerName: 'p.legal_name',
  });
  if (!row) throw new Error('no such project in the demo data');
  return row;
}

/** The page text without the request reference, which differs on every answer. */
function withoutReference(html: string): string {
  return textOf(html).replace(/Referentie: \S+/, 'Referentie: …');
}

async function expectNotFound(agent: Agent, path: string, project: ProjectRow, ...alsoAbsent: string[]) {
  const response = await agent.get(path).expect(404);
  expect(headingOf(response.text)).toBe('Pagina niet gevonden');
  expect(textOf(response.text)).toContain('Dit project bestaat niet of hoort niet bij u.');
  for (const secret of [project.title, ...alsoAbsent]) expect(textOf(response.text)).not.toContain(secret);
  // Only the address asked for names the project; the page itself does not.
  expect(response.text).not.toContain(project.projectNumber);
  // A foreign project answers exactly like one that does not exist.
  const missing = await agent.get(path.replace(project.projectNumber, '2026KMO999999')).expect(404);
  expect(withoutReference(response.text)).toBe(withoutReference(missing.text));
}

async function expectShown(agent: Agent, path: string, project: ProjectRow) {
  const response = await agent.get(path).expect(200);
  expect(textOf(response.text)).toContain(project.projectNumber);
  expect(textOf(response.text)).toContain(textOf(project.title));
}

describe('every query scoped to the signed-in party', () => {
  it('the head office sees its own projects, not those of the second provider', async () => {
    const agent = await agentFor('head office');
    const foreign = await projectWhere((query) => query.where('p.enterprise_number', '0456789034'));
    await expectNotFound(
      agent,
      `/dienstverlener/projecten/${foreign.projectNumber}`,
      foreign,
      'Opleidingscentrum Leiestreek',
    );
    const own = await projectWhere((query) =>
      query.where('p.enterprise_number', '0123456749').whereNull('pr.department_id'),
    );
    await expectShown(agent, `/dienstverlener/projecten/${own.projectNumber}`, own);
    // The head office sees its departments' projects too.
    const department = await projectWhere((query) =>
      query.where('p.enterprise_number', '0123456749').where('d.name', 'Departement Advies'),
    );
    await expectShown(agent, `/dienstverlener/projecten/${department.projectNumber}`, department);
  });

  it('the second provider sees its own projects, not those of the demo provider', async () => {
    const agent = newAgent(testApp.app);
    expect((await signInAsProvider(agent, '0456789034', 'kmo-demo-2026')).headers.location).toBe(
      '/dienstverlener',
    );
    const foreign = await projectWhere((query) => query.where('p.enterprise_number', '0123456749'));
    await expectNotFound(
      agent,
      `/dienstverlener/projecten/${foreign.projectNumber}`,
      foreign,
      'Dienstverlener kmo-portefeuille',
    );
    const own = await projectWhere((query) => query.where('p.enterprise_number', '0456789034'));
    await expectShown(agent, `/dienstverlener/projecten/${own.projectNumber}`, own);
  });

  it('a department user sees the projects of its department only', async () => {
    const agent = await agentFor('department user');
    const headOffice = await projectWhere((query) =>
      query.where('p.enterprise_number', '0123456749').whereNull('pr.department_id'),
    );
    await expectNotFound(agent, `/dienstverlener/projecten/${headOffice.projectNumber}`, headOffice);
    const otherDepartment = await projectWhere((query) =>
      query.where('p.enterprise_number', '0123456749').where('d.name', 'Departement Advies'),
    );
    await expectNotFound(
      agent,
      `/dienstverlener/projecten/${otherDepartment.projectNumber}`,
      otherDepartment,
      'Departement Advies',
    );
    const own = await projectWhere((query) =>
      query.where('p.enterprise_number', '0123456749').where('d.name', 'Departement Opleidingen'),
    );
    await expectShown(agent, `/dienstverlener/projecten/${own.projectNumber}`, own);
  });

  it('an entrepreneur sees the projects of the enterprise it acts for, not of its other enterprise', async () => {
    const agent = await agentFor('entrepreneur');
    const otherEnterprise = await projectWhere((query) => query.where('c.name', 'Testonderneming_C'));
    await expectNotFound(
      agent,
      `/onderneming/projecten/${otherEnterprise.projectNumber}`,
      otherEnterprise,
      'Testonderneming_C',
    );
    const own = await projectWhere((query) => query.where('c.name', 'Testonderneming_A en B'));
    await expectShown(agent, `/onderneming/projecten/${own.projectNumber}`, own);
    // The provider's address for the same project belongs to another route group.
    await agent.get(`/dienstverlener/projecten/${own.projectNumber}`).expect(403);
  });
});
