import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { hrefOf, textOf } from '../../support/html.js';
import {
  attributesOf,
  csrfTokenIn,
  devPerson,
  newAgent,
  signInWithSaml,
  startSamlSignIn,
  type Agent,
} from '../../support/session.js';

/** Issue 21: the department user's header names the department and offers switching without signing out. */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

/** The header's text. */
function headerOf(html: string): string {
  return textOf(/<header class="site-header">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '');
}

async function choose(agent: Agent, capacity: string) {
  const page = await agent.get('/aanmelden/kies').expect(200);
  return agent
    .post('/aanmelden/kies')
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), capacity })
    .expect(303);
}

describe("the department user's header", () => {
  it('names the departments and the provider; no switch link with only one capacity', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'department-user');
    const page = await agent.get('/dienstverlener/projecten').expect(200);
    const header = headerOf(page.text);
    expect(header).toContain('Aangemeld als Eva Claes');
    expect(header).toContain('(Departement Opleidingen – Dienstverlener kmo-portefeuille)');
    expect(hrefOf(page.text, 'Andere rol kiezen zonder af te melden')).toBeUndefined();
  });

  it('lets a person with several capacities switch at /aanmelden/kies without signing in again', async () => {
    const departmentUser = devPerson('department-user');
    const entrepreneur = devPerson('entrepreneur');
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const signedIn = await flow.post(
      flow.responseFor(
        attributesOf({
          ...departmentUser,
          roles: [...departmentUser.roles, ...entrepreneur.roles.slice(0, 1)],
        }),
      ),
    );
    expect(signedIn.headers.location).toBe('/aanmelden/kies');
    const provider = await testApp.database
      .db('provider_organisations')
      .where({ enterprise_number: '0123456749' })
      .first('id');
    expect((await choose(agent, `dienstverlener-${provider.id}`)).headers.location).toBe('/dienstverlener');

    const asDepartment = await agent.get('/dienstverlener/projecten').expect(200);
    expect(headerOf(asDepartment.text)).toContain(
      '(Departement Opleidingen – Dienstverlener kmo-portefeuille)',
    );
    expect(hrefOf(asDepartment.text, 'Andere rol kiezen zonder af te melden')).toBe('/aanmelden/kies');

    // The choice page marks the current capacity; choosing the company needs no new sign-in.
    const company = await testApp.database
      .db('companies')
      .where({ enterprise_number: entrepreneur.roles[0]?.split(':').pop() })
      .first('id', 'name');
    const choice = await agent.get('/aanmelden/kies').expect(200);
    expect(choice.text).toMatch(new RegExp(`value="dienstverlener-${provider.id}"[^>]*checked`));
    const switched = await choose(agent, `onderneming-${company.id}`);
    expect(switched.headers.location).toMatch(/^\/onderneming/);
    const asCompany = await agent.get(String(switched.headers.location)).expect(200);
    expect(headerOf(asCompany.text)).toContain(`Aangemeld als Eva Claes (${company.name as string})`);
    expect(headerOf(asCompany.text)).not.toContain('Departement Opleidingen');
    await agent.get('/dienstverlener/projecten').expect(403);

    // And back again.
    await choose(agent, `dienstverlener-${provider.id}`);
    await agent.get('/dienstverlener/projecten').expect(200);
  });
});
