import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES } from '../../../seeds/demo.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { attributesOf, devPerson, newAgent, signInWithSaml, startSamlSignIn } from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

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
    expect(choice.text).toContain(DEMO_COMPANIES.small.name);
    expect(choice.text).toContain(DEMO_COMPANIES.medium.name);
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
