import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/app.js';
import { createApp } from '../../../src/app.js';
import { devPersons } from '../../../src/dev/dev-persons.js';
import { devIdpRoutes } from '../../../src/dev/idp.routes.js';
import type { ResponseOptions } from '../../../src/dev/saml-response.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { capturedLogger } from '../../support/log.js';
import { expectRefused, expectSignedOut } from '../../support/saml.js';
import { attributesOf, devPerson, newAgent, startSamlSignIn, type Agent } from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const sofie = () => attributesOf(devPerson('agency-staff'));

/** Sessions in the Postgres store in which someone is signed in. */
async function signedInSessions(): Promise<number> {
  const rows = await testApp.database
    .db('session')
    .whereRaw(`sess->'principal' is not null`)
    .count<{ count: string }[]>({ count: '*' });
  return Number(rows[0]?.count);
}

describe('a SAML response signs in at most once', () => {
  it('signs in exactly one session when the same response is posted 10 times at once', async () => {
    const before = await signedInSessions();
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const samlResponse = flow.responseFor(sofie());
    const answers = await Promise.all(Array.from({ length: 10 }, () => flow.post(samlResponse)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([303, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    expect(answers.find((answer) => answer.status === 303)?.headers.location).toBe('/beheer');
    for (const refused of answers.filter((answer) => answer.status === 401)) expectRefused(refused);
    expect(await signedInSessions()).toBe(before + 1);
    expect(await testApp.database.db('saml_request_cache').where({ request_id: flow.requestId })).toEqual([]);
  });

  it('refuses a second use of the same assertion ID, even in a response to a new request', async () => {
    const assertionId = `_${randomBytes(20).toString('hex')}`;
    const agent = newAgent(testApp.app);
    const first = await startSamlSignIn(agent, testApp.container);
    expect((await first.post(first.responseFor(sofie(), { assertionId }))).status).toBe(303);
    expect(
      await testApp.database.db('saml_used_assertions').where({ assertion_id: assertionId }),
    ).toHaveLength(1);

    const other = newAgent(testApp.app);
    const second = await startSamlSignIn(other, testApp.container);
    expectRefused(await second.post(second.responseFor(sofie(), { assertionId })));
    await expectSignedOut(other, testApp.database.db);
  });
});

describe('a SAML response is bound to the browser that started the login', () => {
  it('sets a short-lived HttpOnly cookie when the login starts (Lax over http: SameSite=None needs Secure)', async () => {
    const login = await request(testApp.app).get('/auth/saml/login').expect(302);
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((value) =>
      value.startsWith('kmo.saml='),
    );
    expect(cookie).toMatch(
      /^kmo\.saml=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/auth\/saml; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
  });

  it('refuses A’s response posted by browser B (without a cookie, or with its own), then signs A in', async () => {
    const a = newAgent(testApp.app);
    const flow = await startSamlSignIn(a, testApp.container);
    const samlResponse = flow.responseFor(sofie());

    const stranger = newAgent(testApp.app);
    expectRefused(await stranger.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }));
    await expectSignedOut(stranger, testApp.database.db);

    const b = newAgent(testApp.app);
    await startSamlSignIn(b, testApp.container); // B holds a binding cookie of its own
    expectRefused(await b.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }));
    await expectSignedOut(b, testApp.database.db);

    const signedIn = await flow.post(samlResponse);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/beheer');
  });

  it('binds each of ten logins started at the same moment by ten browsers to its own browser', async () => {
    const agents = Array.from({ length: 10 }, () => newAgent(testApp.app));
    const flows = await Promise.all(agents.map((agent) => startSamlSignIn(agent, testApp.container)));
    expect(new Set(flows.map((flow) => flow.requestId)).size).toBe(10);
    const bound = await testApp.database
      .db('saml_request_cache')
      .whereIn(
        'request_id',
        flows.map((flow) => flow.requestId),
      )
      .select<{ binding_hash: string | null }[]>('binding_hash');
    expect(bound).toHaveLength(10);
    expect(new Set(bound.map((row) => row.binding_hash)).size).toBe(10);
    expect(bound.every((row) => row.binding_hash !== null)).toBe(true);

    // Each browser's response is refused from the next browser, and then accepted from its own.
    for (const [index, flow] of flows.entries()) {
      const samlResponse = flow.responseFor(sofie());
      const neighbour = agents[(index + 1) % agents.length] as Agent;
      expectRefused(await neighbour.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }));
      expect((await flow.post(samlResponse)).status).toBe(303);
    }
  });

  it('lets one browser finish either of two logins it started (two tabs)', async () => {
    const agent = newAgent(testApp.app);
    const firstTab = await startSamlSignIn(agent, testApp.container);
    await startSamlSignIn(agent, testApp.container);
    const response = await firstTab.post(firstTab.responseFor(sofie()));
    expect(response.status).toBe(303);
  });
});

describe('the ACS refuses what the standards require it to refuse', () => {
  const other = () => `_${randomBytes(20).toString('hex')}`;
  const refusals: [string, (flow: { requestId: string }) => Partial<ResponseOptions>][] = [
    [
      'a top-level StatusCode other than Success, though a signed assertion is inside',
      () => ({ statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }),
    ],
    ['an RSA-SHA1 signature (response and assertion)', () => ({ signatureAlgorithm: 'sha1' })],
    ['SHA-1 digests (response and assertion)', () => ({ digestAlgorithm: 'sha1' })],
    ['a signed response without Destination', () => ({ responseDestination: null })],
    ['an assertion without InResponseTo', () => ({ subjectInResponseTo: null })],
    ['an assertion answering another request than the response', () => ({ subjectInResponseTo: other() })],
  ];

  it.each(refusals)('refuses %s (401, no session), and the request stays usable', async (_what, spoil) => {
    const before = await signedInSessions();
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    expectRefused(await flow.post(flow.responseFor(sofie(), spoil(flow))));
    await expectSignedOut(agent, testApp.database.db);
    expect(await signedInSessions()).toBe(before);
    // Refused before the request was touched: a planted response cannot use up a user's login.
    expect(
      await testApp.database.db('saml_request_cache').where({ request_id: flow.requestId }),
    ).toHaveLength(1);
    expect((await flow.post(flow.responseFor(sofie()))).status).toBe(303);
  });

  it('refuses an assertion whose InResponseTo names another request this browser started', async () => {
    const agent = newAgent(testApp.app);
    const first = await startSamlSignIn(agent, testApp.container);
    const second = await startSamlSignIn(agent, testApp.container);
    expectRefused(await first.post(first.responseFor(sofie(), { subjectInResponseTo: second.requestId })));
    await expectSignedOut(agent, testApp.database.db);
  });

  it('accepts SHA-512 signatures and digests', async () => {
    const agent = newAgent(testApp.app);
    const flow = await startSamlSignIn(agent, testApp.container);
    const response = await flow.post(
      flow.responseFor(sofie(), { signatureAlgorithm: 'sha512', digestAlgorithm: 'sha512' }),
    );
    expect(response.status).toBe(303);
  });
});

describe('bad bytes at the ACS get the sign-in failure page, never a 500', () => {
  const cases: [string, Record<string, string>][] = [
    ['a missing SAMLResponse', {}],
    ['an empty SAMLResponse', { SAMLResponse: '' }],
    ['a SAMLResponse that is not base64', { SAMLResponse: '%%%<xml>' }],
    ['a SAMLResponse that is not XML', { SAMLResponse: Buffer.from('geen xml <<<').toString('base64') }],
    ['a SAMLResponse that is other XML', { SAMLResponse: Buffer.from('<a><b/></a>').toString('base64') }],
    ['a huge SAMLResponse (150,000 characters)', { SAMLResponse: 'A'.repeat(150_000) }],
    ['a SAMLResponse with a NUL byte', { SAMLResponse: `PHNhbWxw\u0000` }],
  ];

  it.each(cases)('answers %s with 401', async (_what, body) => {
    const agent = newAgent(testApp.app);
    await startSamlSignIn(agent, testApp.container);
    expectRefused(await agent.post('/auth/saml/acs').type('form').send(body));
    await expectSignedOut(agent, testApp.database.db);
  });
});

describe('limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp();
  });
  afterAll(async () => {
    await limited.close();
  });

  it('answers 429 with a Dutch page to the 101st login started from one IP address in ten minutes', async () => {
    const agent: Agent = newAgent(limited.app);
    for (let count = 0; count < 100; count += 1) await agent.get('/auth/saml/login').expect(302);
    const refused = await agent.get('/auth/saml/login').expect(429);
    expect(refused.text).toContain('<h1>Te veel aanmeldpogingen</h1>');
    expect(refused.text).toContain('Wacht 10 minuten en probeer dan opnieuw.');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
    const rows = await limited.database.db('saml_request_cache').count<{ count: string }[]>({ count: '*' });
    expect(Number(rows[0]?.count)).toBe(100);
  });

  it('removes expired requests and assertion IDs when a login starts, so a flood does not stay', async () => {
    const { db } = testApp.database;
    const old = db.raw(`now() - interval '11 minutes'`);
    await db('saml_request_cache').insert(
      Array.from({ length: 500 }, (_, index) => ({
        request_id: `_flood${index}`,
        value: 'x',
        created_at: old,
      })),
    );
    await db('saml_used_assertions').insert(
      Array.from({ length: 500 }, (_, index) => ({ assertion_id: `_flood${index}`, expires_at: old })),
    );
    await newAgent(testApp.app).get('/auth/saml/login').expect(302);
    expect(await db('saml_request_cache').where('request_id', 'like', '_flood%')).toEqual([]);
    expect(await db('saml_used_assertions').where('assertion_id', 'like', '_flood%')).toEqual([]);
  });
});

describe('the development IdP', () => {
  it('logs a warning whenever it is mounted', () => {
    const { logger, lines } = capturedLogger('warn');
    createApp({ ...testApp.container, logger });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'the development IdP is mounted: anyone can sign in as anyone; never use this outside development',
      }),
    );
  });

  it('never mounts in production, even when handed the development keys', async () => {
    const { logger, lines } = capturedLogger('warn');
    const app = express().use(
      devIdpRoutes(testApp.container.saml.settings, devPersons, { isProduction: true, logger }),
    );
    await request(app).get('/dev/idp').expect(404);
    expect(lines).toEqual([]);
  });
});

describe('configuration fails closed', () => {
  it('stops the process on a partial set of SAML settings, naming the missing ones', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-saml-config-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'development',
          DATA_DIR: dataDir,
          SAML_ENTRY_POINT: 'https://idp.example.be/saml/sso',
          SAML_IDP_CERT: 'MIIC-idp-cert',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain('SAML_SP_KEY is missing');
      expect(stderr).toContain('SAML_SP_CERT is missing');
      expect(stderr).not.toContain('SAML_ENTRY_POINT is missing');
      expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('dev-idp'))).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
