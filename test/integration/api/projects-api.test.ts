import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import { apiGet, createApiToken } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { demoProjectCopies } from '../../support/projects.js';
import { clockOnDay } from '../../../src/clock.js';
import { demoAgent, type Agent } from '../../support/session.js';

/**
 * Issue 23: GET /api/v1/projects (the overview's filters and sorts, keyset
 * pagination) and /projects/{number}. Every answer is checked against the
 * OpenAPI document by apiGet; the expected lists come from SQL written here.
 * The test app lives on 2026-11-18 (TEST_TODAY): the default period is 2025–2026.
 */
let testApp: TestApp;
let db: Knex;
let headOffice: Agent;
let token: string;
let departmentToken: string;
let providerId: number;
let trainingDepartmentId: number;

beforeAll(async () => {
  // A quota high enough for walking every list page by page.
  testApp = await createTestApp({ demo: true, environment: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
  db = testApp.database.db;
  headOffice = await demoAgent(testApp, 'head office');
  providerId = (
    await db('provider_organisations')
      .where({ enterprise_number: DEMO_PROVIDER.enterpriseNumber })
      .first('id')
  ).id;
  trainingDepartmentId = (
    await db('departments')
      .where({ provider_id: providerId, name: DEMO_PROVIDER.trainingDepartmentName })
      .first('id')
  ).id;
  ({ token } = await createApiToken(headOffice, { name: 'Facturatie' }));
  ({ token: departmentToken } = await createApiToken(headOffice, {
    name: 'Opleidingen',
    departmentId: String(trainingDepartmentId),
  }));
});
afterAll(async () => {
  await testApp?.close();
});

const app = () => testApp.app;

interface Item {
  projectNumber: string;
}

/** Every page of a list, following links.next; checks the Link header on the way. */
async function walk(url: string, bearer = token): Promise<{ numbers: string[]; pages: number }> {
  const numbers: string[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next) {
    const response = await apiGet(app(), next, { token: bearer });
    expect(response.status, response.text).toBe(200);
    numbers.push(...(response.body.data as Item[]).map((item) => item.projectNumber));
    const following = response.body.links.next as string | null;
    expect(response.headers.link).toBe(following === null ? undefined : `<${following}>; rel="next"`);
    next = following;
    pages += 1;
  }
  return { numbers, pages };
}

/** The demo provider's projects by the test's own SQL: the period unless all years, in the given order. */
function expected(
  where: (query: Knex.QueryBuilder) => void,
  order: string,
  options: { allYears?: boolean; departmentId?: number } = {},
): Promise<string[]> {
  const query = db('projects as pr')
    .join('companies as c', 'c.id', 'pr.company_id')
    .where('pr.provider_id', providerId);
  if (!options.allYears) query.whereBetween('pr.application_date', ['2025-01-01', '2026-12-31']);
  if (options.departmentId !== undefined) query.where('pr.department_id', options.departmentId);
  where(query);
  return query.orderByRaw(order).pluck('pr.project_number');
}

const newestFirst = 'pr.application_date desc, pr.id desc';

describe('GET /api/v1/projects: filters', () => {
  it('lists the period (this year and last) newest first by default, and everything with jaren=alle', async () => {
    const { numbers } = await walk('/api/v1/projects?limit=9');
    expect(numbers).toEqual(await expected(() => undefined, newestFirst));
    expect(numbers.length).toBeGreaterThan(9);
    const all = await walk('/api/v1/projects?jaren=alle&limit=200');
    expect(all.numbers).toEqual(await expected(() => undefined, newestFirst, { allYears: true }));
    expect(all.numbers.length).toBeGreaterThan(numbers.length);
  });

  it.each<[string, string, (query: Knex.QueryBuilder) => void]>([
    ['nummer (contains, any case)', 'nummer=kmo00', (q) => q.whereLike('pr.project_number', '%KMO00%')],
    [
      'onderneming (contains, accents and case folded)',
      'onderneming=ONDERNEMING_c',
      (q) => q.whereRaw(`lower(c.name) like '%onderneming\\_c%'`),
    ],
    ['van', 'van=2026-03-01', (q) => q.where('pr.application_date', '>=', '2026-03-01')],
    ['tot', 'tot=2025-12-31', (q) => q.where('pr.application_date', '<=', '2025-12-31')],
    [
      'van and tot (both days included)',
      'van=2026-01-15&tot=2026-06-30',
      (q) => q.whereBetween('pr.application_date', ['2026-01-15', '2026-06-30']),
    ],
    ['bedragVan (cents)', 'bedragVan=150000', (q) => q.where('pr.project_amount_cents', '>=', 150000)],
    ['bedragTot (cents)', 'bedragTot=100000', (q) => q.where('pr.project_amount_cents', '<=', 100000)],
    ['dienst', 'dienst=advies', (q) => q.where('pr.service', 'advies')],
    ['status', 'status=Lopend', (q) => q.where('pr.status', 'Lopend')],
    ['geverifieerd=ja', 'geverifieerd=ja', (q) => q.where('pr.verified', true)],
    ['geverifieerd=nee', 'geverifieerd=nee', (q) => q.where('pr.verified', false)],
  ])('%s', async (_name, search, where) => {
    const { numbers } = await walk(`/api/v1/projects?jaren=alle&${search}&limit=5`);
    const want = await expected(where, newestFirst, { allYears: true });
    expect(numbers).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
  });

  it('the items carry ISO dates, amounts in cents and as decimal strings, codes and labels', async () => {
    const row = await db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .where('pr.provider_id', providerId)
      .whereNotNull('pr.department_id')
      .orderBy('pr.id')
      .first();
    const response = await apiGet(app(), `/api/v1/projects?jaren=alle&nummer=${row.project_number}`, {
      token,
    });
    expect(response.body.data).toHaveLength(1);
    const item = (response.body.data as Record<string, unknown>[]).find(
      (candidate) => candidate.projectNumber === row.project_number,
    );
    const euro = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    expect(item).toMatchObject({
      company: { name: row.name, enterpriseNumber: row.enterprise_number },
      applicationDate: row.application_date,
      service: row.service,
      status: row.status,
      verified: row.verified,
      department: { id: row.department_id },
      projectAmount: {
        cents: Number(row.project_amount_cents),
        euro: euro(Number(row.project_amount_cents)),
      },
      subsidy: { cents: Number(row.subsidy_cents), euro: euro(Number(row.subsidy_cents)) },
      ownContribution: {
        cents: Number(row.own_contribution_cents),
        euro: euro(Number(row.own_contribution_cents)),
      },
      links: { self: `/api/v1/projects/${row.project_number}` },
    });
    expect(item?.applicationDate).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
  });
});

describe('a walk across New Year', () => {
  it('keeps the two-year period of its first page; a new walk lists the new period', async () => {
    const first = await apiGet(app(), '/api/v1/projects?limit=5', { token });
    expect(first.status).toBe(200);
    const next = first.body.links.next as string;
    // The same database, seen on 5 January of the next year (the period is then 2026–2027).
    const nextYear = await createTestApp({
      shareDatabaseWith: testApp,
      clock: clockOnDay('2027-01-05'),
      environment: { API_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    try {
      const rest: string[] = [];
      let url: string | null = next;
      while (url) {
        const response = await apiGet(nextYear.app, url, { token });
        expect(response.status, response.text).toBe(200);
        rest.push(...(response.body.data as Item[]).map((item) => item.projectNumber));
        url = response.body.links.next as string | null;
      }
      const numbers = [...(first.body.data as Item[]).map((item) => item.projectNumber), ...rest];
      expect(numbers).toEqual(await expected(() => undefined, newestFirst));

      const fresh = await apiGet(nextYear.app, '/api/v1/projects?limit=200', { token });
      const freshNumbers = (fresh.body.data as Item[]).map((item) => item.projectNumber);
      expect(freshNumbers).toEqual(
        await expected(
          (query) => {
            query.where('pr.application_date', '>=', '2026-01-01');
          },
          newestFirst,
          {
            allYears: true,
          },
        ),
      );
      expect(freshNumbers.length).toBeLessThan(numbers.length);
    } finally {
      await nextYear.close();
    }
  });

  it('refuses a cursor whose period was changed by hand', async () => {
    const first = await apiGet(app(), '/api/v1/projects?limit=5', { token });
    const cursor = new URL(first.body.links.next as string, 'http://x').searchParams.get('cursor') ?? '';
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const forged = Buffer.from(JSON.stringify([...keys.slice(0, 3), 'twee']), 'utf8').toString('base64url');
    const response = await apiGet(app(), `/api/v1/projects?limit=5&cursor=${forged}`, { token });
    expect(response.status).toBe(400);
    expect(response.body.title ?? response.body.detail).toBeTruthy();
  });
});

describe('GET /api/v1/projects: sorts (each in both directions, paged through ties)', () => {
  const columns: Record<string, string> = {
    projectnummer: 'pr.project_number',
    onderneming: 'lower(public.f_unaccent(c.name))',
    aanvraagdatum: 'pr.application_date',
    bedrag: 'pr.project_amount_cents',
    dienst: 'pr.service',
    status: 'pr.status',
    geverifieerd: 'pr.verified',
  };
  it.each(Object.keys(columns).flatMap((sort) => [[sort, 'asc'] as const, [sort, 'desc'] as const]))(
    'sorteer=%s&richting=%s',
    async (sort, direction) => {
      const { numbers } = await walk(
        `/api/v1/projects?jaren=alle&sorteer=${sort}&richting=${direction}&limit=6`,
      );
      expect(numbers).toEqual(
        await expected(() => undefined, `${columns[sort]} ${direction}, pr.id ${direction}`, {
          allYears: true,
        }),
      );
    },
  );

  it('without richting: newest first for aanvraagdatum, ascending for the others', async () => {
    const { numbers } = await walk('/api/v1/projects?jaren=alle&sorteer=bedrag&limit=50');
    expect(numbers).toEqual(
      await expected(() => undefined, 'pr.project_amount_cents asc, pr.id asc', { allYears: true }),
    );
  });

  it('the next link keeps the filters, the sort and the limit', async () => {
    const response = await apiGet(
      app(),
      '/api/v1/projects?jaren=alle&dienst=opleiding&sorteer=bedrag&limit=2',
      {
        token,
      },
    );
    const next = new URL(response.body.links.next as string, 'http://api.test');
    expect(next.pathname).toBe('/api/v1/projects');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      jaren: 'alle',
      dienst: 'opleiding',
      sorteer: 'bedrag',
      limit: '2',
      cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/) as string,
    });
  });
});

describe('GET /api/v1/projects: refused values name the parameter (400)', () => {
  it.each([
    ['van', 'van=05/03/2026'],
    ['van', 'van=2026-02-30'],
    ['tot', 'tot=2026-3-5'],
    ['tot', 'van=2026-03-05&tot=2026-03-04'],
    ['bedragVan', 'bedragVan=1198,35'],
    ['bedragVan', 'bedragVan=-1'],
    ['bedragTot', 'bedragTot=12.5'],
    ['bedragTot', 'bedragVan=500&bedragTot=499'],
    ['dienst', 'dienst=coaching'],
    ['status', 'status=lopend'],
    ['geverifieerd', 'geverifieerd=true'],
    ['jaren', 'jaren=2'],
    ['sorteer', 'sorteer=prijs'],
    ['richting', 'richting=up'],
    ['nummer', 'nummer=2026-KMO'],
    ['nummer', 'nummer=2026KMO0448551'],
    ['onderneming', `onderneming=${'a'.repeat(201)}`],
    ['nummer', 'nummer='],
    ['limit', 'limit=0'],
    ['limit', 'limit=201'],
    ['cursor', 'cursor=bm90LWEtY3Vyc29y'],
    ['cursor', 'cursor=***'],
    ['pagina', 'pagina=2'],
    ['dienst', 'dienst=advies&dienst=opleiding'],
  ])('%s: %s', async (parameter, search) => {
    const response = await apiGet(app(), `/api/v1/projects?${search}`, { token });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      type: 'https://kmo-portefeuille.be/problemen/ongeldige-parameter',
      status: 400,
      parameter,
    });
    expect(response.body.detail).toEqual(expect.any(String));
  });

  it('a cursor used with other filters or another sort → 400 on cursor', async () => {
    const first = await apiGet(app(), '/api/v1/projects?jaren=alle&dienst=opleiding&limit=1', { token });
    const cursor = new URL(first.body.links.next as string, 'http://api.test').searchParams.get('cursor');
    for (const other of [
      'jaren=alle&dienst=advies',
      'dienst=opleiding',
      'jaren=alle&dienst=opleiding&sorteer=aanvraagdatum&richting=asc',
    ]) {
      const response = await apiGet(app(), `/api/v1/projects?${other}&limit=1&cursor=${cursor}`, { token });
      expect(response.status).toBe(400);
      expect(response.body.parameter).toBe('cursor');
    }
    // With its own filters (a different limit is fine), it goes on.
    const again = await apiGet(
      app(),
      `/api/v1/projects?jaren=alle&dienst=opleiding&limit=3&cursor=${cursor}`,
      {
        token,
      },
    );
    expect(again.status).toBe(200);
  });
});

describe('scope', () => {
  it("a department's token lists only its department's projects", async () => {
    const { numbers } = await walk('/api/v1/projects?jaren=alle&limit=20', departmentToken);
    const want = await expected(() => undefined, newestFirst, {
      allYears: true,
      departmentId: trainingDepartmentId,
    });
    expect(numbers).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
  });

  it("another provider's project, and another department's, are 404; so is a malformed number", async () => {
    const second = await db('projects as pr')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where('p.enterprise_number', DEMO_SECOND_PROVIDER.enterpriseNumber)
      .first('pr.project_number');
    const headOffices = await db('projects')
      .where({ provider_id: providerId })
      .whereNull('department_id')
      .first('project_number');
    const otherDepartments = await db('projects as pr')
      .join('departments as d', 'd.id', 'pr.department_id')
      .where({ 'pr.provider_id': providerId, 'd.name': DEMO_PROVIDER.adviceDepartmentName })
      .first('pr.project_number');
    const departments = await db('projects')
      .where({ provider_id: providerId, department_id: trainingDepartmentId })
      .first('project_number');
    const notFound = async (number: string, bearer: string) => {
      const response = await apiGet(app(), `/api/v1/projects/${number}`, { token: bearer });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe('https://kmo-portefeuille.be/problemen/niet-gevonden');
    };
    await notFound(second.project_number, token);
    await notFound(second.project_number, departmentToken);
    await notFound(headOffices.project_number, departmentToken);
    await notFound(otherDepartments.project_number, departmentToken);
    await notFound('2026kmo000001', token);
    await notFound('abc', token);
    await notFound('2026KMO999999', token);
    expect((await apiGet(app(), `/api/v1/projects/${headOffices.project_number}`, { token })).status).toBe(
      200,
    );
    expect(
      (await apiGet(app(), `/api/v1/projects/${departments.project_number}`, { token: departmentToken }))
        .status,
    ).toBe(200);
    // Nor does another provider's project show in the list.
    const { numbers } = await walk('/api/v1/projects?jaren=alle&limit=200');
    expect(numbers).not.toContain(second.project_number);
  });
});

describe('GET /api/v1/projects/{number}', () => {
  it('gives the project with its participants, history and ledger, as the database holds them', async () => {
    // A project of the head office with a payment to the provider in its ledger.
    const project = await db('projects as pr')
      .where('pr.provider_id', providerId)
      .whereExists(
        db('ledger_entries as le')
          .where('le.project_id', db.ref('pr.id'))
          .where('le.kind', 'betaling_dienstverlener'),
      )
      .orderBy('pr.id')
      .first();
    expect(project).toBeDefined();
    const response = await apiGet(app(), `/api/v1/projects/${project.project_number}`, { token });
    expect(response.status).toBe(200);
    const body = response.body as Record<string, unknown> & {
      ledger: Record<'deposited' | 'paidToProvider', { cents: number; euro: string }> & {
        entries: unknown[];
      };
    };
    expect(body).toMatchObject({
      projectNumber: project.project_number,
      title: project.title,
      startDate: project.start_date,
      depositDeadline: project.deposit_deadline,
      projectAmount: { cents: Number(project.project_amount_cents) },
    });

    const participants = await db('project_participants')
      .where({ project_id: project.id })
      .orderBy('position')
      .select('first_name as firstName', 'last_name as lastName');
    expect(body.participants).toEqual(participants);

    const history = await db('project_history').where({ project_id: project.id }).orderBy('id');
    expect(body.history).toEqual(
      history.map(
        (row: { created_at: Date; from_status: string | null; to_status: string; reason: string | null }) =>
          expect.objectContaining({
            at: row.created_at.toISOString(),
            fromStatus: row.from_status,
            toStatus: row.to_status,
            reason: row.reason,
          }),
      ),
    );

    const entries = await db('ledger_entries').where({ project_id: project.id }).orderBy(['booked_on', 'id']);
    const names: Record<string, string> = {
      eigen_bijdrage: 'ownContributionDeposit',
      subsidie: 'subsidy',
      betaling_dienstverlener: 'paymentToProvider',
      terugbetaling: 'refundToCompany',
      subsidie_terug: 'subsidyReturned',
    };
    expect(body.ledger.entries).toEqual(
      entries.map(
        (row: { kind: string; booked_on: string; amount_cents: number; invoice_number: string | null }) =>
          expect.objectContaining({
            kind: names[row.kind],
            bookedOn: row.booked_on,
            amount: expect.objectContaining({ cents: Number(row.amount_cents) }) as unknown,
            invoiceNumber: row.invoice_number,
          }),
      ),
    );
    const sum = (kind: string) =>
      entries
        .filter((row: { kind: string }) => row.kind === kind)
        .reduce((total: number, row: { amount_cents: number }) => total + Number(row.amount_cents), 0);
    expect(body.ledger.deposited.cents).toBe(sum('eigen_bijdrage'));
    expect(body.ledger.paidToProvider.cents).toBe(-sum('betaling_dienstverlener'));
    expect(body.ledger.paidToProvider.cents).toBeGreaterThan(0);
  });
});

describe('ETag', () => {
  it('answers 304 to If-None-Match on the list and on a project', async () => {
    for (const url of ['/api/v1/projects?limit=3', '/api/v1/projects?jaren=alle&sorteer=bedrag']) {
      const first = await apiGet(app(), url, { token });
      const etag = first.headers.etag as string;
      const again = await apiGet(app(), url, { token, headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
    }
    const number = (await db('projects').where({ provider_id: providerId }).first('project_number'))
      .project_number as string;
    const first = await apiGet(app(), `/api/v1/projects/${number}`, { token });
    const etag = first.headers.etag as string;
    expect(
      (await apiGet(app(), `/api/v1/projects/${number}`, { token, headers: { 'If-None-Match': etag } }))
        .status,
    ).toBe(304);
    // A change to the project gives another ETag.
    await db('projects').where({ project_number: number }).update({ title: 'Nieuwe titel' });
    expect(
      (await apiGet(app(), `/api/v1/projects/${number}`, { token, headers: { 'If-None-Match': etag } }))
        .status,
    ).toBe(200);
  });
});

describe('pagination while projects are added', () => {
  it('walks 600+ projects page by page: every project of the start once, in order, no duplicates', async () => {
    /** Inserts projects of the demo head office applied for on the given days. */
    const insert = async (days: string[]) => {
      const rows = await demoProjectCopies(
        db,
        days.map((day) => ({ application_date: day })),
        { year: 2001 },
      );
      return (
        await db('projects').insert(rows).returning<{ project_number: string }[]>('project_number')
      ).map((inserted) => inserted.project_number);
    };
    // 600 projects spread over 2020–2024, several on each day (ties broken by the id).
    await insert(
      Array.from({ length: 600 }, (_, index) => {
        const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(index / 3) * 9 * 86_400_000);
        return day.toISOString().slice(0, 10);
      }),
    );
    const order = 'pr.application_date desc, pr.id desc';
    const atStart = await expected(() => undefined, order, { allYears: true });
    expect(atStart.length).toBeGreaterThan(600);

    const seen: string[] = [];
    const addedBefore: string[] = [];
    const addedAfter: string[] = [];
    let next: string | null = '/api/v1/projects?jaren=alle&limit=50';
    let pages = 0;
    while (next) {
      const response = await apiGet(app(), next, { token });
      expect(response.status).toBe(200);
      seen.push(...(response.body.data as Item[]).map((item) => item.projectNumber));
      next = response.body.links.next as string | null;
      pages += 1;
      // Between the pages: one newer than anything (before the cursor: not seen), one older than anything
      // (after it: seen once),
      // and one on the very day of the last project sent (its id is higher: in a desc order, before the cursor).
      const lastSent = await db('projects')
        .where({ project_number: seen.at(-1) })
        .first('application_date');
      addedBefore.push(...(await insert(['2026-11-18', lastSent.application_date as string])));
      // Each older than the one before: always after the cursor.
      const older = new Date(Date.UTC(2000, 11, 31) - pages * 86_400_000).toISOString().slice(0, 10);
      addedAfter.push(...(await insert([older])));
    }
    expect(pages).toBeGreaterThan(12);
    expect(new Set(seen).size).toBe(seen.length);
    // Every project of the start, once, in order.
    expect(seen.filter((number) => atStart.includes(number))).toEqual(atStart);
    // Those added before the cursor were not sent, those after it were — all but the ones added after the last page.
    for (const number of addedBefore) expect(seen).not.toContain(number);
    expect(seen.filter((number) => addedAfter.includes(number))).toEqual(addedAfter.slice(0, -1));
    // And the whole walk is in the list's order as it stands now.
    const now = await expected(() => undefined, order, { allYears: true });
    expect(now.filter((number) => seen.includes(number))).toEqual(seen);
  });
});
