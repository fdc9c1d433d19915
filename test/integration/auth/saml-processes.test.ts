import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { bindingCookieOf, expectRefused, sessionCookieOf } from '../../support/saml.js';
import { attributesOf, devPerson, newAgent, startSamlSignIn } from '../../support/session.js';

/** Two app processes behind one load balancer: each its own container and pools, one database. */
let first: TestApp;
let second: TestApp;
beforeAll(async () => {
  first = await createTestApp({ demo: true });
  second = await createTestApp({ shareDatabaseWith: first });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

async function pendingRequest(requestId: string) {
  return first.database.db('saml_request_cache').where({ request_id: requestId }).first('request_id');
}

describe('InResponseTo lives in Postgres, shared by every app process', () => {
  it('runs two apps with their own connection pools on the same database', () => {
    expect(second.database.name).toBe(first.database.name);
    expect(second.database.db).not.toBe(first.database.db);
    expect(second.container.sessionPool).not.toBe(first.container.sessionPool);
  });

  it('accepts at app 2 the response to a request sent by app 1, and forgets the request', async () => {
    const browser = newAgent(first.app);
    const flow = await startSamlSignIn(browser, first.container);
    expect(await pendingRequest(flow.requestId)).toEqual({ request_id: flow.requestId });

    // The load balancer sends the IdP's POST, from the same browser, to the other process.
    const atSecond = newAgent(second.app);
    const response = await atSecond
      .post('/auth/saml/acs')
      .set('Cookie', bindingCookieOf(browser))
      .type('form')
      .send({ SAMLResponse: flow.responseFor(attributesOf(devPerson('agency-staff'))) });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/beheer');
    expect(await pendingRequest(flow.requestId)).toBeUndefined();

    // The session (in Postgres too) is good at either process.
    const page = await atSecond.get('/beheer').expect(200);
    expect(page.text).toContain('Aangemeld als <strong>Sofie Maes</strong>');
    const cookie = `kmo.sid=${sessionCookieOf(atSecond)}`;
    const atFirst = await newAgent(first.app).get('/beheer').set('Cookie', cookie).expect(200);
    expect(atFirst.text).toContain('Aangemeld als <strong>Sofie Maes</strong>');
  });

  it('refuses at app 1 the replay of a response that app 2 accepted', async () => {
    const browser = newAgent(first.app);
    const flow = await startSamlSignIn(browser, first.container);
    const samlResponse = flow.responseFor(attributesOf(devPerson('agency-staff')));
    const accepted = await newAgent(second.app)
      .post('/auth/saml/acs')
      .set('Cookie', bindingCookieOf(browser))
      .type('form')
      .send({ SAMLResponse: samlResponse });
    expect(accepted.status).toBe(303);
    const replayed = await newAgent(first.app)
      .post('/auth/saml/acs')
      .set('Cookie', bindingCookieOf(browser))
      .type('form')
      .send({ SAMLResponse: samlResponse });
    expectRefused(replayed);
  });

  it('keeps every pending request of both apps apart until its response comes', async () => {
    const one = await startSamlSignIn(newAgent(first.app), first.container);
    const browserTwo = newAgent(second.app);
    const two = await startSamlSignIn(browserTwo, second.container);
    expect(one.requestId).not.toBe(two.requestId);
    expect(await pendingRequest(one.requestId)).toBeDefined();
    expect(await pendingRequest(two.requestId)).toBeDefined();

    const atFirst = await newAgent(first.app)
      .post('/auth/saml/acs')
      .set('Cookie', bindingCookieOf(browserTwo))
      .type('form')
      .send({ SAMLResponse: two.responseFor(attributesOf(devPerson('agency-staff'))) });
    expect(atFirst.status).toBe(303);
    expect(await pendingRequest(two.requestId)).toBeUndefined();
    expect(await pendingRequest(one.requestId)).toBeDefined();
  });
});
