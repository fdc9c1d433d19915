import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseOptions } from '../../../src/dev/saml-response.js';
import type { KeyPair } from '../../../src/auth/saml-keys.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  expectRefused,
  expectSignedOut,
  foreignKeyPair,
  signInAs,
  type TestPerson,
} from '../../support/saml.js';
import { attributesOf, devPerson, newAgent, startSamlSignIn } from '../../support/session.js';

let testApp: TestApp;
let forger: KeyPair;
beforeAll(async () => {
  [testApp, forger] = await Promise.all([createTestApp({ demo: true }), foreignKeyPair()]);
});
afterAll(async () => {
  await testApp.close();
});

const minutes = (count: number) => count * 60 * 1000;

/** Sofie Maes, agency staff: a genuine response for her signs in straight away. */
const sofie = () => devPerson('agency-staff');

describe('the ACS refuses a SAML response that is not the IdP’s genuine, fresh answer to our request', () => {
  it('accepts the genuine response (the control for every refusal below)', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, sofie());
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/beheer');
  });

  it('refuses a signed response whose name was changed afterwards (tampered attribute)', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const genuine = Buffer.from(flow.responseFor(attributesOf(sofie())), 'base64').toString('utf8');
    const tampered = genuine.replace(
      '<saml:AttributeValue>Maes</saml:AttributeValue>',
      '<saml:AttributeValue>Janssens</saml:AttributeValue>',
    );
    expect(tampered).not.toBe(genuine);
    expectRefused(await flow.post(Buffer.from(tampered).toString('base64')));
    await expectSignedOut(agent, testApp.database.db);
  });

  it('refuses a signed response whose agency role was added afterwards', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const genuine = Buffer.from(flow.responseFor(attributesOf(devPerson('entrepreneur'))), 'base64').toString(
      'utf8',
    );
    const tampered = genuine.replace(
      '<saml:AttributeValue>KMO-Ondernemer:0765432146</saml:AttributeValue>',
      '<saml:AttributeValue>KMO-Ondernemer:0765432146</saml:AttributeValue><saml:AttributeValue>KMO-Beheerder</saml:AttributeValue>',
    );
    expect(tampered).not.toBe(genuine);
    expectRefused(await flow.post(Buffer.from(tampered).toString('base64')));
    await expectSignedOut(agent, testApp.database.db);
  });

  const spoiled: [string, () => Partial<ResponseOptions>][] = [
    ['the response is not signed (only the assertion)', () => ({ signResponse: false })],
    ['the assertion is not signed (only the response)', () => ({ signAssertion: false })],
    [
      'neither the response nor the assertion is signed',
      () => ({ signResponse: false, signAssertion: false }),
    ],
    ['it is signed with another key pair than the IdP’s', () => ({ key: forger })],
    ['it expired (issued 20 minutes ago, valid for 5)', () => ({ now: new Date(Date.now() - minutes(20)) })],
    [
      'it expired a minute ago, beyond the clock skew',
      () => ({ now: new Date(Date.now() - minutes(6)), validForSeconds: 300 }),
    ],
    ['it is not yet valid (issued 10 minutes from now)', () => ({ now: new Date(Date.now() + minutes(10)) })],
    ['it is meant for another service provider (audience)', () => ({ audience: 'https://evil.example/sp' })],
    [
      'it is addressed to another ACS (destination and recipient)',
      () => ({ destination: 'https://evil.example/auth/saml/acs' }),
    ],
    [
      'another identity provider issued it, even with a signature the IdP’s key makes',
      () => ({ issuer: 'urn:evil:idp' }),
    ],
    [
      'it answers a request we never sent (InResponseTo)',
      () => ({ inResponseTo: `_${randomBytes(20).toString('hex')}` }),
    ],
  ];

  it.each(spoiled)('refuses it when %s', async (_reason, overrides) => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, sofie(), { response: overrides() });
    expectRefused(response);
    await expectSignedOut(agent, testApp.database.db);
  });

  it('refuses a response without InResponseTo (unsolicited, IdP-initiated)', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const xml = Buffer.from(flow.responseFor(attributesOf(sofie())), 'base64').toString('utf8');
    // Removing the attribute breaks the signature as well; either way it must not sign in.
    const unsolicited = xml.replaceAll(/ InResponseTo="[^"]*"/g, '');
    expect(unsolicited).not.toContain('InResponseTo');
    expectRefused(await flow.post(Buffer.from(unsolicited).toString('base64')));
    await expectSignedOut(agent, testApp.database.db);
  });

  it('refuses a replay: the same response posted a second time', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const samlResponse = flow.responseFor(attributesOf(sofie()));
    const first = await flow.post(samlResponse);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/beheer');

    // The attacker replays it from another browser.
    const attacker = newAgent(testApp.app);
    const replayed = await attacker.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse });
    expectRefused(replayed);
    await expectSignedOut(attacker, testApp.database.db);
  });

  it('refuses the same response posted twice by the same browser', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const samlResponse = flow.responseFor(attributesOf(sofie()));
    expect((await flow.post(samlResponse)).status).toBe(303);
    expectRefused(await flow.post(samlResponse));
  });

  it('refuses a new response to a request that already signed someone in', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    expect((await flow.post(flow.responseFor(attributesOf(sofie())))).status).toBe(303);

    const other = newAgent(testApp.app);
    const second = await other
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: flow.responseFor(attributesOf(devPerson('entrepreneur'))) });
    expectRefused(second);
    await expectSignedOut(other, testApp.database.db);
  });

  it('refuses a response to a request sent more than ten minutes ago', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    await testApp.database
      .db('saml_request_cache')
      .where({ request_id: flow.requestId })
      .update({ created_at: testApp.database.db.raw("now() - interval '11 minutes'") });
    expectRefused(await flow.post(flow.responseFor(attributesOf(sofie()))));
    await expectSignedOut(agent, testApp.database.db);
  });

  it('lets a refused response use up its request: the genuine one after it is refused too', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    expectRefused(await flow.post(flow.responseFor(attributesOf(sofie()), { key: forger })));
    expectRefused(await flow.post(flow.responseFor(attributesOf(sofie()))));
    await expectSignedOut(agent, testApp.database.db);
  });

  it('refuses a post without a SAML response, or with one that is not XML', async () => {
    const agent = newAgent(testApp.app);
    expectRefused(await agent.post('/auth/saml/acs').type('form').send({}));
    expectRefused(
      await agent
        .post('/auth/saml/acs')
        .type('form')
        .send({ SAMLResponse: Buffer.from('geen xml').toString('base64') }),
    );
    await expectSignedOut(agent, testApp.database.db);
  });
});

describe('the ACS refuses a genuine response that lacks the identity', () => {
  const base: TestPerson = {
    nationalRegisterNumber: '85073003328',
    firstName: 'Lotte',
    lastName: 'Wouters',
    email: 'lotte.wouters@example.test',
    roles: ['KMO-Beheerder'],
  };
  const personCount = async () =>
    Number((await testApp.database.db('persons').count<{ count: string }[]>({ count: '*' }))[0]?.count);
  const attributes = (person: TestPerson, drop: string) =>
    Object.fromEntries(Object.entries(attributesOf(person)).filter(([name]) => name !== drop));

  it.each([
    ['the national register number', 'urn:be:fedict:iam:attr:rrn'],
    ['the first name', 'urn:oid:2.5.4.42'],
    ['the last name', 'urn:oid:2.5.4.4'],
  ])('refuses it without %s (401) and records nobody', async (_what, attribute) => {
    const before = await personCount();
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const response = await flow.post(flow.responseFor(attributes(base, attribute), { nameId: 'lotte' }));
    expectRefused(response);
    await expectSignedOut(agent, testApp.database.db);
    expect(await personCount()).toBe(before);
  });

  it('refuses a national register number that is not eleven digits', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      ...base,
      nationalRegisterNumber: '85.07.30-033.28x',
    });
    expectRefused(response);
    await expectSignedOut(agent, testApp.database.db);
  });

  it('refuses a blank first name', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, { ...base, firstName: '   ' });
    expectRefused(response);
    await expectSignedOut(agent, testApp.database.db);
  });
});
