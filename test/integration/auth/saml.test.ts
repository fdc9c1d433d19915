import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { companyIdOf, sessionCookieOf, sessionIdOf, storedSession } from '../../support/saml.js';
import {
  attributesOf,
  csrfTokenOf,
  devPerson,
  newAgent,
  signInWithSaml,
  startSamlSignIn,
  type Agent,
} from '../../support/session.js';

let testApp: TestApp;
let smallCompanyId: number;
let mediumCompanyId: number;
/** A company Jan Peeters does not represent. */
let otherCompanyId: number;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  smallCompanyId = await companyIdOf(testApp.database.db, '0765432146');
  mediumCompanyId = await companyIdOf(testApp.database.db, '0876543270');
  const [other] = await testApp.database
    .db('companies')
    .insert({
      enterprise_number: '0417497106',
      name: 'Andere Onderneming',
      legal_form: 'BV',
      street: 'Kerkstraat',
      house_number: '1',
      postcode: '9000',
      municipality: 'Gent',
    })
    .returning<{ id: number }[]>('id');
  otherCompanyId = other!.id;
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

async function choose(agent: Agent, capacity: string) {
  const token = await csrfTokenOf(agent, '/aanmelden/kies');
  return agent.post('/aanmelden/kies').type('form').send({ _csrf: token, capacity });
}

describe('SAML sign-in through the development IdP', () => {
  it('signs an agency staff member straight into /beheer', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInWithSaml(agent, testApp.container, 'agency-staff');
    expect(response.headers.location).toBe('/beheer');
    const page = await agent.get('/beheer').expect(200);
    expect(page.text).toContain('Aangemeld als <strong>Sofie Maes</strong>');
  });

  it('lets an entrepreneur with two enterprises choose one, and shows "Name (Enterprise)"', async () => {
    const agent = newAgent(testApp.app);
    const first = await signInWithSaml(agent, testApp.container, 'entrepreneur');
    expect(first.headers.location).toBe('/aanmelden/kies');
    const choice = await agent.get('/aanmelden/kies').expect(200);
    expect(choice.text).toContain('Testonderneming_A en B');
    expect(choice.text).toContain('Testonderneming_C');

    const chosen = await choose(agent, `onderneming-${mediumCompanyId}`);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/onderneming');
    const wallet = await agent.get('/onderneming').expect(200);
    expect(wallet.text).toContain('Aangemeld als <strong>Jan Peeters</strong> (Testonderneming_C)');
  });

  it('refuses a response with a tampered attribute', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const genuine = Buffer.from(flow.responseFor(attributesOf(devPerson('entrepreneur'))), 'base64').toString(
      'utf8',
    );
    const tampered = genuine.replace('Peeters', 'Janssens');
    expect(tampered).not.toBe(genuine);
    const response = await flow.post(Buffer.from(tampered).toString('base64'));
    expect(response.status).toBe(401);
    expect(response.text).toContain('Aanmelden is mislukt');
    await agent.get('/onderneming').expect(302);
  });
});

describe('choosing the enterprise', () => {
  it('lists both demo companies with their enterprise numbers, nothing chosen yet', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'entrepreneur');
    const choice = await agent.get('/aanmelden/kies').expect(200);
    expect(choice.text).toContain('Voor wie werkt u nu, Jan Peeters?');
    expect(choice.text).toContain(`value="onderneming-${smallCompanyId}"`);
    expect(choice.text).toContain(`value="onderneming-${mediumCompanyId}"`);
    expect(choice.text).toContain('Onderneming 0765.432.146');
    expect(choice.text).toContain('Onderneming 0876.543.270');
    expect(choice.text).not.toContain('checked');
    // Signed in as a person, not yet for an enterprise.
    expect(choice.text).toContain('Aangemeld als <strong>Jan Peeters</strong></p>');
    await agent.get('/onderneming').expect(302);
    const session = await storedSession(agent, db());
    expect(session?.principal).toBeUndefined();
    expect(session?.samlPerson?.displayName).toBe('Jan Peeters');
  });

  it.each([
    ['an enterprise that does not exist', () => 'onderneming-999999'],
    ['an enterprise the person does not represent', () => `onderneming-${otherCompanyId}`],
    ['the agency, which the person is not', () => 'beheer'],
    ['an empty choice', () => ''],
  ])('refuses %s with the Dutch error and signs in for no enterprise', async (_what, capacity) => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'entrepreneur');
    const refused = await choose(agent, capacity());
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe('/aanmelden/kies');
    const page = await agent.get('/aanmelden/kies').expect(200);
    expect(page.text).toContain('<title>Fout: Kies hoe u verder gaat – kmo-portefeuille</title>');
    expect(page.text).toContain('Kies hoe u verder wilt gaan.');
    expect((await storedSession(agent, db()))?.principal).toBeUndefined();
    await agent.get('/onderneming').expect(302);
    await agent.get('/beheer').expect(302);
  });

  it('switches enterprise through "Wissel van onderneming"', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'entrepreneur', `onderneming-${mediumCompanyId}`);
    const wallet = await agent.get('/onderneming').expect(200);
    expect(wallet.text).toContain('Aangemeld als <strong>Jan Peeters</strong> (Testonderneming_C)');
    expect(wallet.text).toContain('<a href="/aanmelden/kies">Wissel van onderneming</a>');

    const choice = await agent.get('/aanmelden/kies').expect(200);
    expect(choice.text).toMatch(new RegExp(`value="onderneming-${mediumCompanyId}"[^>]*checked`));
    const switched = await choose(agent, `onderneming-${smallCompanyId}`);
    expect(switched.headers.location).toBe('/onderneming');
    const after = await agent.get('/onderneming').expect(200);
    expect(after.text).toContain('Aangemeld als <strong>Jan Peeters</strong> (Testonderneming_A en B)');
    expect(after.text).toContain('U werkt voor <strong>Testonderneming_A en B</strong>.');
    expect(after.text).not.toContain('Testonderneming_C');
    expect((await storedSession(agent, db()))?.principal).toMatchObject({
      kind: 'entrepreneur',
      companyId: smallCompanyId,
      companyName: 'Testonderneming_A en B',
    });
  });
});

describe('RelayState: back to the page asked for', () => {
  it('brings a signed-out entrepreneur to the project page asked for, after the choice', async () => {
    const project = await db()('projects')
      .where({ company_id: mediumCompanyId })
      .orderBy('project_number')
      .first<{ project_number: string }>('project_number');
    const asked = `/onderneming/projecten/${project.project_number}`;
    const agent = newAgent(testApp.app);

    const gate = await agent.get(asked).expect(302);
    expect(gate.headers.location).toBe(`/auth/saml/login?RelayState=${encodeURIComponent(asked)}`);
    const flow = await startSamlSignIn(agent, testApp.container, asked);
    expect(flow.relayState).toBe(asked);
    const acs = await flow.post(flow.responseFor(attributesOf(devPerson('entrepreneur'))));
    expect(acs.headers.location).toBe('/aanmelden/kies');
    const chosen = await choose(agent, `onderneming-${mediumCompanyId}`);
    expect(chosen.headers.location).toBe(asked);
    const page = await agent.get(asked).expect(200);
    expect(page.text).toContain(project.project_number);
  });

  it('brings a person with one capacity straight to the page asked for', async () => {
    const agent = newAgent(testApp.app);
    const gate = await agent.get('/beheer/registraties').expect(302);
    expect(gate.headers.location).toBe('/auth/saml/login?RelayState=%2Fbeheer%2Fregistraties');
    const flow = await startSamlSignIn(agent, testApp.container, '/beheer/registraties');
    const acs = await flow.post(flow.responseFor(attributesOf(devPerson('agency-staff'))));
    expect(acs.headers.location).toBe('/beheer/registraties');
  });

  it.each(['https://evil.example/x', '//evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'drops the external RelayState %s at our SP: the user lands on the audience home',
    async (relayState) => {
      const agent = newAgent(testApp.app);
      const login = await agent.get('/auth/saml/login').query({ RelayState: relayState }).expect(302);
      const idp = new URL(login.headers.location as string);
      expect(idp.pathname).toBe('/dev/idp');
      expect(idp.searchParams.has('SAMLRequest')).toBe(true);
      expect(idp.searchParams.has('RelayState')).toBe(false);

      // The same again, through to the end: the IdP gets no RelayState, so none comes back.
      const flow = await startSamlSignIn(agent, testApp.container, relayState);
      expect(flow.relayState).toBeNull();
      const acs = await flow.post(flow.responseFor(attributesOf(devPerson('entrepreneur'))));
      expect(acs.headers.location).toBe('/aanmelden/kies');
      const chosen = await choose(agent, `onderneming-${mediumCompanyId}`);
      expect(chosen.headers.location).toBe('/onderneming');
    },
  );

  it.each(['https://evil.example/x', '//evil.example'])(
    'ignores the external RelayState %s posted to the ACS',
    async (relayState) => {
      const agent = newAgent(testApp.app);
      const flow = await startSamlSignIn(agent, testApp.container);
      const single = await flow.post(flow.responseFor(attributesOf(devPerson('agency-staff'))), relayState);
      expect(single.headers.location).toBe('/beheer');

      const other = newAgent(testApp.app);
      const second = await startSamlSignIn(other, testApp.container);
      const acs = await second.post(second.responseFor(attributesOf(devPerson('entrepreneur'))), relayState);
      expect(acs.headers.location).toBe('/aanmelden/kies');
      expect((await choose(other, `onderneming-${smallCompanyId}`)).headers.location).toBe('/onderneming');
    },
  );

  it('does not send an entrepreneur to another audience’s page', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container, '/beheer');
    await flow.post(flow.responseFor(attributesOf(devPerson('entrepreneur'))));
    expect((await choose(agent, `onderneming-${smallCompanyId}`)).headers.location).toBe('/onderneming');
  });
});

describe('the session at sign-in', () => {
  it('gets a new id: the cookie before sign-in no longer names a session', async () => {
    const agent = newAgent(testApp.app);
    await agent.get('/dienstverlener/login').expect(200);
    const before = sessionCookieOf(agent);
    const sidBefore = sessionIdOf(agent);
    expect(before).toBeDefined();
    expect(await storedSession(agent, db())).toBeDefined();

    const response = await signInWithSaml(agent, testApp.container, 'agency-staff');
    expect(response.headers['set-cookie']?.[0]).toMatch(/^kmo\.sid=/);
    const after = sessionCookieOf(agent);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await db()('session').where({ sid: sidBefore }).first()).toBeUndefined();
    expect((await storedSession(agent, db()))?.principal).toMatchObject({ kind: 'agency' });

    // The old cookie does not sign anyone in.
    const attacker = newAgent(testApp.app);
    await attacker.get('/beheer').set('Cookie', `kmo.sid=${before}`).expect(302);
  });

  it('signs out with the header button', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'entrepreneur', `onderneming-${mediumCompanyId}`);
    const token = await csrfTokenOf(agent, '/onderneming');
    const out = await agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    expect(out.headers.location).toBe('/');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('U bent afgemeld.');
    expect(home.text).not.toContain('Aangemeld als');
    await agent.get('/onderneming').expect(302);
    await agent.get('/aanmelden/kies').expect(302);
  });
});
