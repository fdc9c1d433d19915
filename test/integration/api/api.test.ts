import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import { clockOnDay } from '../../../src/clock.js';
import { apiGet, checkAgainstContract, createApiToken } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { csrfTokenOf, demoAgent, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

/**
 * Issue 23: /api/v1 — Bearer tokens, problem documents, scopes, pagination,
 * ETags, the rate limit and the audit row. Every answer is checked against the
 * OpenAPI document by apiGet (test/support/api.ts).
 */
let testApp: TestApp;
let headOffice: Agent;
let token: string;
beforeAll(async () => {
  // A low limit, so that the rate-limit test reaches it; each test uses its own token.
  testApp = await createTestApp({ demo: true, environment: { API_RATE_LIMIT_PER_MINUTE: '10' } });
  headOffice = await demoAgent(testApp, 'head office');
  ({ token } = await createApiToken(headOffice, { name: 'Boekhouding' }));
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const app = () => testApp.app;

async function providerId(enterpriseNumber: string): Promise<number> {
  return (await db()('provider_organisations').where({ enterprise_number: enterpriseNumber }).first('id')).id;
}

/** The demo provider's registration numbers, straight from the database. */
async function registrationIdsOf(enterpriseNumber: string, departmentName?: string): Promise<number[]> {
  const query = db()('registrations as r')
    .leftJoin('departments as d', 'd.id', 'r.department_id')
    .where('r.provider_id', await providerId(enterpriseNumber))
    .orderBy('r.id')
    .pluck('r.id');
  if (departmentName) query.where('d.name', departmentName);
  return query;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document, served without a token', async () => {
    const response = await apiGet(app(), '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(response.body as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(Object.keys(response.body.paths as object)).toEqual(
      expect.arrayContaining(['/registrations', '/registrations/{id}', '/openapi.json']),
    );
  });
});

describe('the contract check of every answer', () => {
  it('refuses what the document does not describe: an extra field, a missing header, an undescribed status', async () => {
    const answer = await apiGet(app(), '/api/v1/registrations?limit=1', { token });
    const body = JSON.parse(answer.text) as { data: Record<string, unknown>[] };
    const withExtra = { ...answer, text: JSON.stringify({ ...body, data: [{ ...body.data[0], extra: 1 }] }) };
    expect(() =>
      checkAgainstContract('get', '/api/v1/registrations', withExtra as unknown as typeof answer),
    ).toThrow(/must NOT have additional properties/);
    const withoutEtag = { ...answer, headers: { ...answer.headers, etag: undefined } };
    expect(() =>
      checkAgainstContract('get', '/api/v1/registrations', withoutEtag as unknown as typeof answer),
    ).toThrow(/header ETag is missing/);
    expect(() =>
      checkAgainstContract('get', '/api/v1/registrations', {
        ...answer,
        status: 418,
      } as unknown as typeof answer),
    ).toThrow(/answered 418, which the document does not describe/);
  });
});

describe('the token', () => {
  const url = '/api/v1/registrations';

  it.each([
    ['missing', undefined, 'Stuur een token mee in de kop Authorization: Bearer <token>.'],
    ['malformed', 'abc', 'De kop Authorization is geen Bearer-token van de kmo-portefeuille (kmo_…).'],
    ['unknown', `kmo_${'A'.repeat(43)}`, 'Dit token bestaat niet.'],
  ])('%s → 401 problem with WWW-Authenticate', async (_case, bearer, detail) => {
    const response = await apiGet(app(), url, bearer === undefined ? {} : { token: bearer });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="kmo-portefeuille"/);
    expect(response.body).toEqual({
      type: 'https://kmo-portefeuille.be/problemen/token-ongeldig',
      title: 'Geen geldig token',
      status: 401,
      detail,
    });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('another scheme (Basic) → 401', async () => {
    const response = await apiGet(app(), url, { headers: { Authorization: `Basic ${token}` } });
    expect(response.status).toBe(401);
  });

  it('revoked → 401', async () => {
    const { token: revoked } = await createApiToken(headOffice, { name: 'Wordt ingetrokken' });
    expect((await apiGet(app(), url, { token: revoked })).status).toBe(200);
    const row = await db()('api_tokens').where({ name: 'Wordt ingetrokken' }).first('id');
    const csrf = await csrfTokenOf(headOffice, '/dienstverlener/api-toegang');
    await headOffice
      .post(`/dienstverlener/api-toegang/${row.id}/intrekken`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    const response = await apiGet(app(), url, { token: revoked });
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe('Dit token is ingetrokken. Maak een nieuw token aan.');
  });

  it('expired by the clock → 401; valid through its expiry date', async () => {
    const { token: shortLived } = await createApiToken(headOffice, {
      name: 'Kortlevend',
      expiresOn: '19/11/2026',
    });
    const onExpiryDay = await createTestApp({ shareDatabaseWith: testApp, clock: clockOnDay('2026-11-19') });
    const dayAfter = await createTestApp({ shareDatabaseWith: testApp, clock: clockOnDay('2026-11-20') });
    try {
      expect((await apiGet(onExpiryDay.app, url, { token: shortLived })).status).toBe(200);
      const response = await apiGet(dayAfter.app, url, { token: shortLived });
      expect(response.status).toBe(401);
      expect(response.body.detail).toBe('Dit token is verlopen. Maak een nieuw token aan.');
    } finally {
      await onExpiryDay.close();
      await dayAfter.close();
    }
  });

  it('valid → 200 without any session cookie; last used is noted and shown', async () => {
    const response = await apiGet(app(), url, { token });
    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const row = await db()('api_tokens').where({ name: 'Boekhouding' }).first('last_used_at');
    expect(row.last_used_at).not.toBeNull();
    const list = await headOffice.get('/dienstverlener/api-toegang').expect(200);
    // The test clock: noon UTC of 18/11/2026 is 13:00 in Brussels.
    expect(list.text).toContain('18/11/2026 13:00');
  });

  it('a browser session does not open the API', async () => {
    const response = await headOffice.get(url);
    expect(response.status).toBe(401);
  });
});

describe('registrations', () => {
  it("lists the provider's registrations (all its units), none of another provider", async () => {
    const response = await apiGet(app(), '/api/v1/registrations', { token });
    expect(response.status).toBe(200);
    const ids = (response.body.data as { id: number }[]).map((item) => item.id);
    expect(ids).toEqual(await registrationIdsOf(DEMO_PROVIDER.enterpriseNumber));
    const numbers = (response.body.data as { number: string | null }[]).map((item) => item.number);
    expect(numbers).toContain(DEMO_PROVIDER.trainingRegistrationNumber);
    expect(numbers).not.toContain(DEMO_SECOND_PROVIDER.trainingRegistrationNumber);
    expect(response.body.links).toEqual({ next: null });
  });

  it('shows one registration with ISO dates and its history', async () => {
    const registration = await db()('registrations')
      .where({ number: DEMO_PROVIDER.trainingRegistrationNumber })
      .first();
    const response = await apiGet(app(), `/api/v1/registrations/${registration.id}`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: registration.id,
      number: DEMO_PROVIDER.trainingRegistrationNumber,
      service: 'opleiding',
      status: 'G',
      statusLabel: 'Goedgekeurd',
      department: null,
      validFrom: registration.valid_from,
      validUntil: registration.valid_until,
      links: { self: `/api/v1/registrations/${registration.id}` },
    });
    expect(response.body.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((response.body.history as { toStatus: string }[]).map((entry) => entry.toStatus)).toEqual([
      'A',
      'G',
    ]);
  });

  it("another provider's registration → 404 problem; so are a word and an unknown id", async () => {
    const [foreign] = await registrationIdsOf(DEMO_SECOND_PROVIDER.enterpriseNumber);
    for (const id of [String(foreign), 'abc', '999999']) {
      const response = await apiGet(app(), `/api/v1/registrations/${id}`, { token });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe('https://kmo-portefeuille.be/problemen/niet-gevonden');
    }
  });

  it("a department's token sees only that department's registrations", async () => {
    const department = await db()('departments')
      .where({ name: DEMO_PROVIDER.trainingDepartmentName })
      .first('id');
    const { token: scoped } = await createApiToken(headOffice, {
      name: 'Alleen opleidingen',
      departmentId: String(department.id),
    });
    const response = await apiGet(app(), '/api/v1/registrations', { token: scoped });
    const own = await registrationIdsOf(DEMO_PROVIDER.enterpriseNumber, DEMO_PROVIDER.trainingDepartmentName);
    expect(own.length).toBeGreaterThan(0);
    expect((response.body.data as { id: number }[]).map((item) => item.id)).toEqual(own);
    const headOfficeRegistration = await db()('registrations')
      .where({ number: DEMO_PROVIDER.trainingRegistrationNumber })
      .first('id');
    expect(
      (await apiGet(app(), `/api/v1/registrations/${headOfficeRegistration.id}`, { token: scoped })).status,
    ).toBe(404);
    expect((await apiGet(app(), `/api/v1/registrations/${own[0]}`, { token: scoped })).status).toBe(200);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=tien', 'limit'],
    ['cursor=bm9n', 'cursor'],
    ['cursor=!!', 'cursor'],
    ['sorteer=nummer', 'sorteer'],
    ['limit=1&limit=2', 'limit'],
  ])('a bad parameter (%s) → 400 problem naming %s', async (query, parameter) => {
    // A token per case: ten a minute is this file's limit.
    const { token: own } = await createApiToken(headOffice, { name: `Parameter ${query}` });
    const response = await apiGet(app(), `/api/v1/registrations?${query}`, { token: own });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      type: 'https://kmo-portefeuille.be/problemen/ongeldige-parameter',
      status: 400,
      parameter,
    });
  });
});

describe('pagination', () => {
  it('pages through a large list without duplicates or gaps while registrations are added', async () => {
    const { token: paging } = await createApiToken(headOffice, { name: 'Pagineren' });
    const provider = await providerId(DEMO_PROVIDER.enterpriseNumber);
    const addRegistrations = (count: number) =>
      db()('registrations')
        .insert(
          Array.from({ length: count }, () => ({
            provider_id: provider,
            department_id: null,
            service: 'advies',
            basis: 'privaat',
            status: 'A',
            requested_at: new Date('2026-11-01T10:00:00Z'),
          })),
        )
        .returning('id');
    await addRegistrations(30);
    const seen: number[] = [];
    let next: string | null = '/api/v1/registrations?limit=7';
    let pages = 0;
    while (next) {
      const response = await apiGet(app(), next, { token: paging });
      expect(response.status).toBe(200);
      seen.push(...(response.body.data as { id: number }[]).map((item) => item.id));
      next = response.body.links.next as string | null;
      pages += 1;
      // Added while paging: they come at the end, once.
      if (pages === 2) await addRegistrations(5);
    }
    const all = await registrationIdsOf(DEMO_PROVIDER.enterpriseNumber);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(all.length / 7));
  });
});

describe('ETag', () => {
  it('answers 304 to If-None-Match with the ETag, 200 when it does not match', async () => {
    const { token: caching } = await createApiToken(headOffice, { name: 'Caching' });
    const first = await apiGet(app(), '/api/v1/registrations', { token: caching });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await apiGet(app(), '/api/v1/registrations', {
      token: caching,
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    const weak = await apiGet(app(), '/api/v1/registrations', {
      token: caching,
      headers: { 'If-None-Match': `"other", W/${etag}` },
    });
    expect(weak.status).toBe(304);
    const other = await apiGet(app(), '/api/v1/registrations', {
      token: caching,
      headers: { 'If-None-Match': '"x"' },
    });
    expect(other.status).toBe(200);
    const openapi = await apiGet(app(), '/api/v1/openapi.json');
    const cached = await apiGet(app(), '/api/v1/openapi.json', {
      headers: { 'If-None-Match': openapi.headers.etag as string },
    });
    expect(cached.status).toBe(304);
  });
});

describe('the rate limit', () => {
  it('counts down in the RateLimit headers and answers 429 with Retry-After past the limit (10 a minute here)', async () => {
    const { token: busy } = await createApiToken(headOffice, { name: 'Druk' });
    const remaining: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const response = await apiGet(app(), '/api/v1/registrations?limit=1', { token: busy });
      expect(response.status).toBe(200);
      expect(response.headers['ratelimit-policy']).toBe('"per-token";q=10;w=60');
      remaining.push(/r=(\d+)/.exec(response.headers.ratelimit as string)?.[1] ?? '');
    }
    expect(remaining).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    const refused = await apiGet(app(), '/api/v1/registrations?limit=1', { token: busy });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers.ratelimit).toMatch(/^"per-token";r=0;t=\d+$/);
    expect(refused.body.type).toBe('https://kmo-portefeuille.be/problemen/te-veel-aanvragen');
    // Per token: another token still gets its answer.
    const { token: calm } = await createApiToken(headOffice, { name: 'Rustig' });
    expect((await apiGet(app(), '/api/v1/registrations?limit=1', { token: calm })).status).toBe(200);
  });
});

describe('the audit log', () => {
  it('records every authenticated call with the token name, method, path and status', async () => {
    const { token: audited } = await createApiToken(headOffice, { name: 'Auditspoor' });
    await apiGet(app(), '/api/v1/registrations?limit=2', { token: audited });
    await apiGet(app(), '/api/v1/registrations/999999', { token: audited });
    const rows = await db()('audit_log')
      .where({ action: 'api_token.read', actor_label: 'API-token Auditspoor' })
      .orderBy('chain_seq');
    expect(rows.map((row) => row.details)).toEqual([
      { tokenName: 'Auditspoor', method: 'GET', path: '/api/v1/registrations?limit=2', status: 200 },
      { tokenName: 'Auditspoor', method: 'GET', path: '/api/v1/registrations/999999', status: 404 },
    ]);
  });
});

describe('other answers', () => {
  it('an unknown path → 404 problem; a client that wants no JSON → 406 problem', async () => {
    const unknown = await newAgent(app())
      .get('/api/v1/projecten-onbekend')
      .set('Authorization', `Bearer ${token}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    const html = await apiGet(app(), '/api/v1/registrations', { token, headers: { Accept: 'text/html' } });
    expect(html.status).toBe(406);
    expect(html.body.type).toBe('https://kmo-portefeuille.be/problemen/niet-aanvaardbaar');
  });

  it("another provider's token sees its own registrations only", async () => {
    const other = newAgent(app());
    await signInAsProvider(other, DEMO_SECOND_PROVIDER.login, DEMO_SECOND_PROVIDER.password);
    const { token: theirs } = await createApiToken(other, { name: 'Leiestreek' });
    const response = await apiGet(app(), '/api/v1/registrations', { token: theirs });
    expect((response.body.data as { id: number }[]).map((item) => item.id)).toEqual(
      await registrationIdsOf(DEMO_SECOND_PROVIDER.enterpriseNumber),
    );
  });
});
