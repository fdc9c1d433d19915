import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KeyPair } from '../../../src/auth/saml-keys.js';
import { buildSamlResponse, parseRedirectAuthnRequest } from '../../../src/dev/saml-response.js';
import { createTestApp, productionEnvironment, type TestApp } from '../../support/app.js';
import { expectRefused, foreignKeyPair, storedSession } from '../../support/saml.js';
import { attributesOf, csrfTokenIn, devPerson, newAgent, type Agent } from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

/** The PEM body on one line, as it appears in metadata (<ds:X509Certificate>). */
const certificateBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

/** Our SP sends the browser to the development IdP: the local path of that redirect. */
async function redirectToIdp(agent: Agent, relayState?: string): Promise<string> {
  const login = await agent
    .get('/auth/saml/login')
    .query(relayState ? { RelayState: relayState } : {})
    .expect(302);
  const location = new URL(login.headers.location as string);
  expect(location.origin).toBe('http://localhost:3000');
  expect(location.pathname).toBe('/dev/idp');
  return location.pathname + location.search;
}

describe('SP metadata', () => {
  it('answers XML with our entity id, the ACS and our signing certificate', async () => {
    const response = await request(testApp.app).get('/auth/saml/metadata').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/samlmetadata\+xml/);
    const xml = response.text;
    expect(xml).toContain('entityID="http://localhost:3000/auth/saml/metadata"');
    expect(xml).toMatch(
      /<AssertionConsumerService[^>]*Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"[^>]*Location="http:\/\/localhost:3000\/auth\/saml\/acs"/,
    );
    const spCertificate = fs.readFileSync(path.join(inject('testDataDir'), 'saml-sp.crt'), 'utf8');
    expect(xml.replace(/\s+/g, '')).toContain(certificateBody(spCertificate));
    expect(xml).toContain('WantAssertionsSigned="true"');
  });
});

describe('the development IdP', () => {
  it('sends a visitor without a SAML request to our SP first', async () => {
    const response = await request(testApp.app).get('/dev/idp').expect(302);
    expect(response.headers.location).toBe('/auth/saml/login');
  });

  it('answers 400 with a Dutch page to a SAML request it cannot read', async () => {
    for (const garbage of ['bm9nIGVlbnMgZ2VlbiBzYW1s', '%%%', 'PHNhbWxwOkF1dGhuUmVxdWVzdC8+']) {
      const response = await request(testApp.app).get('/dev/idp').query({ SAMLRequest: garbage }).expect(400);
      expect(response.text).toContain('<h1>Ongeldige SAML-aanvraag</h1>');
      expect(response.text).toContain('De test-IdP kon deze aanvraag niet lezen.');
    }
  });

  it('lists the three demo persons for our AuthnRequest', async () => {
    const agent = newAgent(testApp.app);
    const page = await agent.get(await redirectToIdp(agent)).expect(200);
    expect(page.text).toContain('<h1>Test-IdP: kies een persoon</h1>');
    for (const name of ['Eva Claes', 'Jan Peeters', 'Sofie Maes']) {
      expect(page.text).toContain(`Aanmelden als ${name}</button>`);
    }
    expect(page.text).toContain(
      'Ondernemer voor Testonderneming_A en B (klein) en Testonderneming_C (middelgroot)',
    );
    expect(page.text).toContain('Medewerker van VLAIO (beheerder)');
  });

  it('posts a signed response to our ACS that signs the person in: the production path', async () => {
    const agent = newAgent(testApp.app);
    const idpPath = await redirectToIdp(agent, '/onderneming');
    const requestId = parseRedirectAuthnRequest(
      new URL(idpPath, 'http://x').searchParams.get('SAMLRequest')!,
    )?.id;
    const page = await agent.get(idpPath).expect(200);
    const form = await agent
      .post('/dev/idp')
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), person: 'entrepreneur', requestId, RelayState: '/onderneming' })
      .expect(200);
    expect(form.text).toContain(
      '<form method="post" action="http://localhost:3000/auth/saml/acs" data-auto-submit>',
    );
    expect(form.text).toContain('<script src="/js/auto-submit.js" defer></script>');
    const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(form.text)?.[1];
    const relayState = /name="RelayState" value="([^"]+)"/.exec(form.text)?.[1];
    expect(relayState).toBe('/onderneming');
    const xml = Buffer.from(samlResponse!, 'base64').toString('utf8');
    expect(xml).toContain(`InResponseTo="${requestId}"`);
    expect(xml.match(/<(ds:)?Signature /g)).toHaveLength(2);
    expect(xml).toContain('<saml:AttributeValue>75031208980</saml:AttributeValue>');

    const acs = await agent
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: relayState });
    expect(acs.status).toBe(303);
    expect(acs.headers.location).toBe('/aanmelden/kies');
    expect((await storedSession(agent, testApp.database.db))?.samlPerson?.displayName).toBe('Jan Peeters');
  });

  it('answers 400 to an unknown person or a malformed request id', async () => {
    const agent = newAgent(testApp.app);
    const idpPath = await redirectToIdp(agent);
    const requestId = parseRedirectAuthnRequest(
      new URL(idpPath, 'http://x').searchParams.get('SAMLRequest')!,
    )?.id;
    const token = csrfTokenIn((await agent.get(idpPath).expect(200)).text);
    for (const body of [
      { person: 'onbekende-persoon', requestId },
      { person: '', requestId },
      { person: 'entrepreneur', requestId: '"><script>' },
      { person: 'entrepreneur' },
    ]) {
      const response = await agent
        .post('/dev/idp')
        .type('form')
        .send({ _csrf: token, ...body })
        .expect(400);
      expect(response.text).toContain('<h1>Ongeldige SAML-aanvraag</h1>');
      expect(response.text).not.toContain('SAMLResponse');
    }
  });

  it('refuses a POST without the CSRF token of its page', async () => {
    const agent = newAgent(testApp.app);
    await agent.post('/dev/idp').type('form').send({ person: 'entrepreneur', requestId: '_abc' }).expect(403);
  });
});

describe('in production', () => {
  let production: TestApp;
  let idpKey: KeyPair;
  let devIdpKey: KeyPair;
  beforeAll(async () => {
    const idp = await foreignKeyPair('Vlaamse IdP');
    idpKey = idp;
    const dataDir = inject('testDataDir');
    devIdpKey = {
      privateKey: fs.readFileSync(path.join(dataDir, 'dev-idp.key'), 'utf8'),
      certificate: fs.readFileSync(path.join(dataDir, 'dev-idp.crt'), 'utf8'),
    };
    production = await createTestApp({
      demo: true,
      // Production trusts the Flemish IdP's certificate, not the development IdP's.
      environment: {
        ...productionEnvironment(),
        SAML_IDP_CERT: idp.certificate,
        SAML_IDP_ISSUER: 'https://idp.example.be',
      },
    });
  });
  afterAll(async () => {
    await production?.close();
  });

  it('has no development IdP and no mailbox (404), and no links to them', async () => {
    expect(production.container.config.isProduction).toBe(true);
    for (const devPath of ['/dev/idp', '/dev/idp?SAMLRequest=abc', '/dev/mailbox']) {
      const response = await request(production.app).get(devPath).expect(404);
      expect(response.text).toContain('Pagina niet gevonden');
    }
    // A POST is stopped before any route (no CSRF token): never a signed response.
    const posted = await request(production.app)
      .post('/dev/idp')
      .type('form')
      .send({ person: 'entrepreneur', requestId: '_abc' })
      .expect(403);
    expect(posted.text).not.toContain('SAMLResponse');
    const home = await request(production.app).get('/').expect(200);
    expect(home.text).not.toContain('/dev/idp');
    expect(home.text).not.toContain('/dev/mailbox');
  });

  it('sends the user to the configured IdP and publishes the configured entity id', async () => {
    const login = await request(production.app).get('/auth/saml/login').expect(302);
    const location = new URL(login.headers.location as string);
    expect(location.origin + location.pathname).toBe('https://idp.example.be/saml/sso');
    expect(location.searchParams.has('SAMLRequest')).toBe(true);
    const metadata = await request(production.app).get('/auth/saml/metadata').expect(200);
    expect(metadata.text).toContain('entityID="https://www.kmo-portefeuille.be/auth/saml/metadata"');
    expect(metadata.text).toContain('Location="https://www.kmo-portefeuille.be/auth/saml/acs"');
  });

  it('accepts a response signed by the configured IdP and refuses one signed by the development IdP', async () => {
    // The browser-binding cookie is Secure: the test carries it as a browser on https would.
    let bindingCookie = '';
    const responseTo = async (key: KeyPair) => {
      const login = await request(production.app).get('/auth/saml/login').expect(302);
      const setCookie = (login.headers['set-cookie'] as unknown as string[] | undefined)?.find((cookie) =>
        cookie.startsWith('kmo.saml='),
      );
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; SameSite=None/);
      bindingCookie = setCookie!.split(';')[0]!;
      const samlRequest = new URL(login.headers.location as string).searchParams.get('SAMLRequest');
      const authnRequest = parseRedirectAuthnRequest(samlRequest!);
      return buildSamlResponse({
        issuer: 'https://idp.example.be',
        destination: 'https://www.kmo-portefeuille.be/auth/saml/acs',
        audience: 'https://www.kmo-portefeuille.be/auth/saml/metadata',
        inResponseTo: authnRequest!.id,
        nameId: '88062124446',
        attributes: attributesOf(devPerson('agency-staff')),
        key,
      });
    };
    const post = (samlResponse: string) =>
      request(production.app)
        .post('/auth/saml/acs')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', bindingCookie)
        .type('form')
        .send({ SAMLResponse: samlResponse });

    expectRefused(await post(await responseTo(devIdpKey)));
    const accepted = await post(await responseTo(idpKey));
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe('/beheer');
    expect(accepted.headers['set-cookie']?.[0]).toMatch(/; Secure/);
  });
});
