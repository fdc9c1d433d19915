import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectQueries } from '../../../src/features/projects/project.queries.js';
import { parseProjectListQuery } from '../../../src/features/projects/project-filters.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { demoProjectCopies, projectsFoundOf } from '../../support/projects.js';
import { parseCsv } from '../../support/csv.js';
import {
  decodeEntities,
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  headingOf,
  inputValueOf,
  textOf,
  titleOf,
  hrefOf,
} from '../../support/html.js';
import {
  csrfTokenOf,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';
import { fixedClock } from '../../../src/clock.js';
import { TEST_TODAY } from '../../support/clock.js';

/**
 * The providers' projects overview (issue 5) against the demo data. Every
 * expected count and order comes from SQL written here, never from the code
 * under test. The demo data is seeded for TEST_TODAY, the day of the test
 * app's clock, so the default period is derived here from that day as well.
 */

let testApp: TestApp;
let db: Knex;
let demoProviderId: number;
let secondProviderId: number;
let headOffice: Agent;
let departmentUser: Agent;
let secondProvider: Agent;

const LIST = '/dienstverlener/projecten';
const CSV = '/dienstverlener/projecten.csv';
const PER_PAGE = 50;
const BAKERY = 'Bakkerij "De Korst"; Gent\nFiliaal Zuid';

const thisYear = Number(TEST_TODAY.slice(0, 4));
const todayIso = TEST_TODAY;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  demoProviderId = (await db('provider_organisations').where({ enterprise_number: '0123456749' }).first())
    .id as number;
  secondProviderId = (await db('provider_organisations').where({ enterprise_number: '0456789034' }).first())
    .id as number;
  // A company whose name needs quoting in a CSV, with one recent project of the head office.
  const company = await db('companies').where({ name: 'Testonderneming_C' }).first();
  const { id: _id, created_at: _created, updated_at: _updated, ...companyRow } = company;
  const [bakery] = await db('companies')
    .insert({ ...companyRow, enterprise_number: '0999000001', name: BAKERY })
    .returning('id');
  await insertProject({ company_id: bakery.id, application_date: `${thisYear}-02-03` });

  headOffice = newAgent(testApp.app);
  expect((await signInAsProvider(headOffice, '0123456749', 'kmo-demo-2026')).status).toBe(303);
  departmentUser = newAgent(testApp.app);
  await signInWithSaml(departmentUser, testApp.container, 'department-user');
  secondProvider = newAgent(testApp.app);
  expect((await signInAsProvider(secondProvider, '0456789034', 'kmo-demo-2026')).status).toBe(303);
});

afterAll(async () => {
  await testApp?.close();
});

/** A copy of a head-office project of the demo provider, with a fresh number and the given columns. */
async function insertProject(
  overrides: Record<string, unknown>,
): Promise<{ id: number; projectNumber: string }> {
  const [row] = await demoProjectCopies(db, [{ verified: false, verified_at: null, ...overrides }], {
    year: 2019,
  });
  const [project] = await db('projects')
    .insert(row)
    .returning<{ id: number; project_number: string }[]>(['id', 'project_number']);
  if (!project) throw new Error('project insert returned no row');
  return { id: project.id, projectNumber: project.project_number };
}

// --- Reading the page ------------------------------------------------------------------------

/** The cells of the table's body rows, as text. */
function rowsOf(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((row) =>
      [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1] ?? '')),
    )
    .filter((cells) => !(cells.length === 1 && /geen projecten/i.test(cells[0] ?? '')));
}

const numbersOf = (html: string) => rowsOf(html).map((cells) => cells[0] ?? '');

async function listPage(agent: Agent, query: Record<string, string> = {}) {
  const response = await agent.get(LIST).query(query);
  expect(response.status).toBe(200);
  return response.text;
}

/** The project numbers of every page of a view, in order. */
async function allPages(agent: Agent, query: Record<string, string> = {}): Promise<string[]> {
  const first = await listPage(agent, query);
  const pageCount = Math.ceil(projectsFoundOf(first) / PER_PAGE);
  const numbers = numbersOf(first);
  for (let page = 2; page <= pageCount; page++) {
    numbers.push(...numbersOf(await listPage(agent, { ...query, pagina: String(page) })));
  }
  return numbers;
}

// --- The expected list, in SQL -----------------------------------------------------------------

interface Expected {
  /** Extra conditions on `projects p` joined with `companies co`. */
  where?: (query: Knex.QueryBuilder) => unknown;
  allYears?: boolean;
  orderBy?: string;
  departmentName?: string;
  providerId?: number;
}

async function expectedNumbers(expected: Expected = {}): Promise<string[]> {
  const query = db('projects as p')
    .join('companies as co', 'co.id', 'p.company_id')
    .where('p.provider_id', expected.providerId ?? demoProviderId);
  if (expected.departmentName) {
    query.whereIn('p.department_id', db('departments').where({ name: expected.departmentName }).select('id'));
  }
  if (!expected.allYears) {
    query.whereRaw('extract(year from p.application_date) in (?, ?)', [thisYear - 1, thisYear]);
  }
  expected.where?.(query);
  query.orderByRaw(expected.orderBy ?? 'p.application_date desc, p.id desc');
  const rows: { project_number: string }[] = await query.select('p.project_number');
  return rows.map((row) => row.project_number);
}

// -----------------------------------------------------------------------------------------------

describe('the default view', () => {
  it('shows the projects applied for in the current and the previous calendar year, newest first', async () => {
    const expected = await expectedNumbers();
    const html = await listPage(headOffice);
    expect(headingOf(html)).toBe('Projecten');
    expect(projectsFoundOf(html)).toBe(expected.length);
    expect(textOf(html)).toContain(`${expected.length} projecten gevonden`);
    expect(textOf(html)).toContain(`Periode: Aanvragen van ${thisYear - 1} en ${thisYear}`);
    expect(textOf(html)).toContain('Geen filters actief.');
    expect(hrefOf(html, 'Toon alle jaren')).toBe(`${LIST}?jaren=alle`);
    expect(numbersOf(html)).toEqual(expected.slice(0, PER_PAGE));
    expect(await allPages(headOffice)).toEqual(expected);
  });

  it('shows every column formatted for nl-BE', async () => {
    const first: Record<string, string | number | boolean> = await db('projects as p')
      .join('companies as co', 'co.id', 'p.company_id')
      .where('p.provider_id', demoProviderId)
      .whereRaw('extract(year from p.application_date) in (?, ?)', [thisYear - 1, thisYear])
      .orderByRaw('p.application_date desc, p.id desc')
      .first({
        number: 'p.project_number',
        company: 'co.name',
        date: db.raw(`to_char(p.application_date, 'DD/MM/YYYY')`),
        euros: db.raw('floor(p.project_amount_cents / 100)::bigint'),
        cents: db.raw(`lpad((p.project_amount_cents % 100)::text, 2, '0')`),
        service: db.raw(`initcap(p.service)`),
        status: 'p.status',
        verified: 'p.verified',
      });
    const euros = Number(first.euros).toLocaleString('de-DE'); // dots between thousands, as nl-BE
    const [row] = rowsOf(await listPage(headOffice));
    expect(row?.slice(0, 5)).toEqual([
      first.number,
      first.company,
      first.date,
      `€ ${euros},${first.cents}`,
      first.service,
    ]);
    expect(row?.[6]).toBe(first.verified ? 'Ja' : 'Nee');
    // "Bekijk" names its project for a screen reader (visually hidden text, issue 21).
    expect(row?.[7]).toBe(`Bekijk project ${first.number}`);
  });

  it('shows the Dutch status labels', async () => {
    const html = await listPage(headOffice, { status: 'ProjectGeannuleerd', jaren: 'alle' });
    const statuses = new Set(rowsOf(html).map((cells) => cells[5]));
    expect([...statuses]).toEqual(['Project geannuleerd']);
  });

  it('switches to all years and back', async () => {
    const expected = await expectedNumbers({ allYears: true });
    const html = await listPage(headOffice, { jaren: 'alle' });
    expect(projectsFoundOf(html)).toBe(expected.length);
    expect(textOf(html)).toContain('Periode: Alle jaren');
    expect(hrefOf(html, `Toon enkel de aanvragen van ${thisYear - 1} en ${thisYear}`)).toBe(LIST);
    expect(await allPages(headOffice, { jaren: 'alle' })).toEqual(expected);
    expect(expected.length).toBeGreaterThan((await expectedNumbers()).length);
  });

  it('is not kept by the browser cache, so the back button shows the current state', async () => {
    const response = await headOffice.get(LIST).expect(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
  });

  it('is for providers only', async () => {
    const signedOut = await newAgent(testApp.app).get(LIST);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.location).toBe('/dienstverlener/login');
    expect((await newAgent(testApp.app).get(CSV)).status).toBe(302);
  });
});

describe('the 1 January boundary', () => {
  it('shows a project of 1 January of the previous year and not one of 31 December before it', async () => {
    const inside = await insertProject({ application_date: `${thisYear - 1}-01-01` });
    const outside = await insertProject({ application_date: `${thisYear - 2}-12-31` });
    const shown = numbersOf(await listPage(headOffice, { nummer: '2019KMO' }));
    expect(shown).toContain(inside.projectNumber);
    expect(shown).not.toContain(outside.projectNumber);
    const all = numbersOf(await listPage(headOffice, { nummer: '2019KMO', jaren: 'alle' }));
    expect(all).toContain(inside.projectNumber);
    expect(all).toContain(outside.projectNumber);
  });

  it('moves with the Brussels calendar year, not the UTC one', async () => {
    const projects = {
      '2024-12-31': await insertProject({ application_date: '2024-12-31' }),
      '2025-01-01': await insertProject({ application_date: '2025-01-01' }),
      '2026-12-31': await insertProject({ application_date: '2026-12-31' }),
      '2027-01-01': await insertProject({ application_date: '2027-01-01' }),
    };
    const scope = { kind: 'provider', providerId: demoProviderId } as const;
    const shownAt = async (instant: string) => {
      const queries = new ProjectQueries(db, fixedClock(new Date(instant)));
      const { criteria } = parseProjectListQuery({ nummer: '2019KMO', sorteer: 'aanvraagdatum' });
      const page = await queries.page(scope, criteria, 1);
      const numbers = page.rows.map((row) => row.projectNumber);
      expect(await queries.count(scope, criteria)).toBe(page.total);
      return Object.entries(projects)
        .filter(([, project]) => numbers.includes(project.projectNumber))
        .map(([date]) => date);
    };
    // 31/12/2025 23:30 in Brussels: 2024 and 2025.
    expect(await shownAt('2025-12-31T22:30:00Z')).toEqual(['2024-12-31', '2025-01-01']);
    // 01/01/2026 00:30 in Brussels (still 2025 in UTC): 2025 and 2026; 2024 is out.
    expect(await shownAt('2025-12-31T23:30:00Z')).toEqual(['2025-01-01', '2026-12-31']);
    // 01/01/2027 00:30 in Brussels: 2026 and 2027; 2025 is out.
    expect(await shownAt('2026-12-31T23:30:00Z')).toEqual(['2026-12-31', '2027-01-01']);
    expect(await shownAt('2027-01-01T12:00:00Z')).toEqual(['2026-12-31', '2027-01-01']);
    await db('projects')
      .whereIn(
        'id',
        Object.values(projects).map((project) => project.id),
      )
      .delete();
  });
});

describe('filters', () => {
  it.each<[string, Record<string, string>, (query: Knex.QueryBuilder) => unknown]>([
    [
      'project number, any case',
      { nummer: 'kmo0' },
      (q) => q.whereRaw(`lower(p.project_number) like '%kmo0%'`),
    ],
    ['project number digits', { nummer: '5' }, (q) => q.whereRaw(`strpos(p.project_number, '5') > 0`)],
    [
      'company, any case',
      { onderneming: 'testonderneming_c' },
      (q) => q.where('co.name', 'Testonderneming_C'),
    ],
    ['company part', { onderneming: 'A EN b' }, (q) => q.where('co.name', 'Testonderneming_A en B')],
    ['company with quotes', { onderneming: '"De Korst";' }, (q) => q.where('co.name', BAKERY)],
    [
      'application date from',
      { van: `01/07/${thisYear - 1}` },
      (q) => q.where('p.application_date', '>=', `${thisYear - 1}-07-01`),
    ],
    [
      'application date to, inclusive',
      { tot: `15/03/${thisYear - 1}` },
      (q) => q.where('p.application_date', '<=', `${thisYear - 1}-03-15`),
    ],
    [
      'application date range',
      { van: `1-2-${thisYear}`, tot: `${thisYear}-06-30` },
      (q) => q.whereBetween('p.application_date', [`${thisYear}-02-01`, `${thisYear}-06-30`]),
    ],
    ['amount from', { bedragVan: '1.000' }, (q) => q.where('p.project_amount_cents', '>=', 100_000)],
    ['amount to, inclusive', { bedragTot: '500,00' }, (q) => q.where('p.project_amount_cents', '<=', 50_000)],
    [
      'amount range',
      { bedragVan: '€ 300', bedragTot: '1.198,35' },
      (q) => q.whereBetween('p.project_amount_cents', [30_000, 119_835]),
    ],
    ['service opleiding', { dienst: 'opleiding' }, (q) => q.where('p.service', 'opleiding')],
    ['service advies', { dienst: 'advies' }, (q) => q.where('p.service', 'advies')],
    ['verified', { geverifieerd: 'ja' }, (q) => q.where('p.verified', true)],
    ['not verified', { geverifieerd: 'nee' }, (q) => q.where('p.verified', false)],
  ])('filters on %s', async (_name, query, where) => {
    const expected = await expectedNumbers({ where });
    expect(expected.length).toBeGreaterThan(0);
    const html = await listPage(headOffice, query);
    expect(projectsFoundOf(html)).toBe(expected.length);
    expect(numbersOf(html)).toEqual(expected.slice(0, PER_PAGE));
    expect(errorSummaryOf(html)).toEqual([]);
    expect(textOf(html)).toContain('Actieve filters:');
    expect(hrefOf(html, 'Filters wissen')).toBe(LIST);
    // The form shows the filter as typed.
    for (const [field, value] of Object.entries(query)) {
      if (!['dienst', 'geverifieerd'].includes(field)) expect(inputValueOf(html, field)).toBe(value);
    }
  });

  it('filters on each status', async () => {
    const statuses = (await db('projects').distinct('status').orderBy('status')) as { status: string }[];
    expect(statuses.length).toBe(7);
    for (const { status } of statuses) {
      const expected = await expectedNumbers({ allYears: true, where: (q) => q.where('p.status', status) });
      const html = await listPage(headOffice, { status, jaren: 'alle' });
      expect(projectsFoundOf(html), status).toBe(expected.length);
      expect(numbersOf(html)).toEqual(expected.slice(0, PER_PAGE));
      expect(html).toContain(`<option value="${status}" selected>`);
    }
  });

  it('takes LIKE wildcards literally', async () => {
    for (const text of ['%', '_', 'KMO_', 'Testonderneming%']) {
      const html = await listPage(headOffice, { onderneming: text, jaren: 'alle' });
      const expected = await expectedNumbers({
        allYears: true,
        where: (q) => q.whereRaw('strpos(lower(co.name), lower(?)) > 0', [text]),
      });
      expect(projectsFoundOf(html), text).toBe(expected.length);
    }
    expect(projectsFoundOf(await listPage(headOffice, { nummer: '%', jaren: 'alle' }))).toBe(0);
    expect(projectsFoundOf(await listPage(headOffice, { nummer: '____KMO', jaren: 'alle' }))).toBe(0);
  });

  it('combines filters, and says which apply', async () => {
    const query = {
      onderneming: 'testonderneming',
      dienst: 'opleiding',
      status: 'Afgewerkt',
      bedragVan: '200',
      van: `01/01/${thisYear - 3}`,
      jaren: 'alle',
    };
    const expected = await expectedNumbers({
      allYears: true,
      where: (q) =>
        q
          .whereRaw(`lower(co.name) like '%testonderneming%'`)
          .where({ 'p.service': 'opleiding', 'p.status': 'Afgewerkt' })
          .where('p.project_amount_cents', '>=', 20_000)
          .where('p.application_date', '>=', `${thisYear - 3}-01-01`),
    });
    expect(expected.length).toBeGreaterThan(PER_PAGE);
    const html = await listPage(headOffice, query);
    expect(projectsFoundOf(html)).toBe(expected.length);
    expect(await allPages(headOffice, query)).toEqual(expected);
    const text = textOf(html);
    for (const described of [
      'Onderneming bevat “testonderneming”',
      `Aanvraagdatum vanaf 01/01/${thisYear - 3}`,
      'Projectbedrag vanaf € 200,00',
      'Dienst: Opleiding',
      'Status: Afgewerkt',
    ]) {
      expect(text).toContain(described);
    }
    expect(text).toContain('Periode: Alle jaren');
    // Clearing the filters keeps the period (and the sort).
    expect(hrefOf(html, 'Filters wissen')).toBe(`${LIST}?jaren=alle`);
  });

  it('warns when a date filter reaches before the default period', async () => {
    const html = await listPage(headOffice, { van: `01/01/${thisYear - 3}` });
    expect(textOf(html)).toContain(
      `U ziet enkel aanvragen van ${thisYear - 1} en ${thisYear}: een aanvraagdatum daarvoor vindt u bij "Toon alle jaren".`,
    );
    expect(textOf(await listPage(headOffice, { van: `01/01/${thisYear}` }))).not.toContain('U ziet enkel');
  });

  it('reports invalid input beside the field and in the summary, and applies the other filters', async () => {
    const html = await listPage(headOffice, {
      onderneming: 'testonderneming_c',
      van: '31/02/2026',
      bedragTot: '12,345',
      dienst: 'coaching',
      status: 'Goedgekeurd',
      geverifieerd: 'misschien',
      nummer: '2026KMO0000000',
    });
    expect(titleOf(html)).toMatch(/^Fout: Projecten/);
    expect(errorSummaryOf(html)).toEqual([
      {
        field: 'nummer',
        message: 'Een projectnummer telt 13 tekens, bijvoorbeeld 2026KMO044855: vul er hoogstens 13 in.',
      },
      { field: 'van', message: 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.' },
      { field: 'bedragTot', message: 'Vul een bedrag in euro in, bijvoorbeeld 1.198,35.' },
      { field: 'dienst', message: 'Kies een dienst uit de lijst: opleiding of advies.' },
      { field: 'status', message: 'Kies een status uit de lijst.' },
      { field: 'geverifieerd', message: 'Kies "Ja" of "Nee".' },
    ]);
    expect(fieldErrorOf(html, 'van')).toBe('Vul een geldige datum in, bijvoorbeeld 05/03/2026.');
    expect(fieldErrorOf(html, 'bedragTot')).toBe('Vul een bedrag in euro in, bijvoorbeeld 1.198,35.');
    expect(fieldErrorOf(html, 'status')).toBe('Kies een status uit de lijst.');
    expect(inputValueOf(html, 'van')).toBe('31/02/2026');
    const expected = await expectedNumbers({ where: (q) => q.where('co.name', 'Testonderneming_C') });
    expect(projectsFoundOf(html)).toBe(expected.length);
    expect(numbersOf(html)).toEqual(expected.slice(0, PER_PAGE));
    expect(textOf(html)).toContain('Onderneming bevat “testonderneming_c”');
    expect(textOf(html)).not.toContain('Aanvraagdatum vanaf');
  });

  it('refuses a range that ends before it starts', async () => {
    const html = await listPage(headOffice, { van: `01/06/${thisYear}`, tot: `01/05/${thisYear}` });
    expect(fieldErrorOf(html, 'tot')).toBe('De datum "tot en met" mag niet vóór de datum "van" liggen.');
    const expected = await expectedNumbers({
      where: (q) => q.where('p.application_date', '>=', `${thisYear}-06-01`),
    });
    expect(projectsFoundOf(html)).toBe(expected.length);
  });

  it('finds nothing with a clear message', async () => {
    const html = await listPage(headOffice, { nummer: 'XYZ' });
    expect(textOf(html)).toContain('0 projecten gevonden');
    expect(textOf(html)).toContain('Er zijn geen projecten die aan de filters voldoen.');
    expect(rowsOf(html)).toEqual([]);
  });

  it('counts one project in the singular', async () => {
    const [number] = await expectedNumbers();
    expect(textOf(await listPage(headOffice, { nummer: number ?? '' }))).toContain('1 project gevonden');
  });
});

describe('sorting', () => {
  const orders: [string, string, string][] = [
    ['projectnummer', 'p.project_number', 'Projectnummer'],
    ['onderneming', 'lower(f_unaccent(co.name))', 'Onderneming'],
    ['aanvraagdatum', 'p.application_date', 'Aanvraagdatum'],
    ['bedrag', 'p.project_amount_cents', 'Projectbedrag'],
    ['dienst', 'p.service', 'Dienst'],
    ['status', 'p.status', 'Status'],
    ['geverifieerd', 'p.verified', 'Geverifieerd'],
  ];
  it.each(
    orders.flatMap(([key, column, label]) =>
      (['asc', 'desc'] as const).map((direction) => [key, column, direction, label]),
    ),
  )('sorts on %s (%s) %s over every page', async (key, column, direction, label) => {
    const expected = await expectedNumbers({ orderBy: `${column} ${direction}, p.id ${direction}` });
    const query = { sorteer: key, richting: direction };
    const html = await listPage(headOffice, query);
    expect(html).toMatch(
      new RegExp(
        `aria-sort="${direction === 'asc' ? 'ascending' : 'descending'}">\\s*<a class="table__sort" href="[^"]*">${label}<`,
      ),
    );
    expect(await allPages(headOffice, query)).toEqual(expected);
  });

  it('sorts the date newest first by default, and the other columns A to Z', async () => {
    const byAmount = await listPage(headOffice, { sorteer: 'bedrag' });
    expect(numbersOf(byAmount)).toEqual(
      (await expectedNumbers({ orderBy: 'p.project_amount_cents asc, p.id asc' })).slice(0, PER_PAGE),
    );
    // The header of the sorted column turns the order round; the filters stay.
    const filtered = await listPage(headOffice, { onderneming: 'C', sorteer: 'bedrag', richting: 'asc' });
    expect(
      decodeEntities(/class="table__sort" href="([^"]*sorteer=bedrag[^"]*)"/.exec(filtered)?.[1] ?? ''),
    ).toBe(`${LIST}?onderneming=C&sorteer=bedrag&richting=desc`);
  });

  it('ignores an unknown sort key', async () => {
    const html = await listPage(headOffice, { sorteer: 'id; drop table projects', richting: 'sideways' });
    expect(numbersOf(html)).toEqual((await expectedNumbers()).slice(0, PER_PAGE));
  });
});

describe('pages', () => {
  it('continues page 2 where page 1 ended, with a partial last page', async () => {
    const expected = await expectedNumbers({ allYears: true });
    const pageCount = Math.ceil(expected.length / PER_PAGE);
    expect(expected.length % PER_PAGE).not.toBe(0);
    const first = await listPage(headOffice, { jaren: 'alle' });
    const second = await listPage(headOffice, { jaren: 'alle', pagina: '2' });
    expect(numbersOf(first)).toEqual(expected.slice(0, PER_PAGE));
    expect(numbersOf(second)).toEqual(expected.slice(PER_PAGE, 2 * PER_PAGE));
    expect(textOf(second)).toContain(`Pagina 2 van ${pageCount}`);
    expect(textOf(second)).toContain(`Projecten 51 tot en met 100 van ${expected.length}.`);
    expect(hrefOf(second, '‹ Vorige pagina')).toBe(`${LIST}?jaren=alle`);
    expect(hrefOf(second, 'Volgende pagina ›')).toBe(`${LIST}?jaren=alle&pagina=3`);
    const last = await listPage(headOffice, { jaren: 'alle', pagina: String(pageCount) });
    expect(numbersOf(last)).toEqual(expected.slice((pageCount - 1) * PER_PAGE));
    expect(numbersOf(last).length).toBe(expected.length % PER_PAGE);
    expect(hrefOf(last, 'Volgende pagina ›')).toBeUndefined();
  });

  it('shows the last page, and says so, for a page beyond it', async () => {
    const expected = await expectedNumbers({ allYears: true });
    const pageCount = Math.ceil(expected.length / PER_PAGE);
    const html = await listPage(headOffice, { jaren: 'alle', pagina: '999' });
    expect(textOf(html)).toContain(
      `Pagina 999 bestaat niet: er zijn maar ${pageCount} pagina's. U ziet de laatste pagina.`,
    );
    expect(numbersOf(html)).toEqual(expected.slice((pageCount - 1) * PER_PAGE));
  });

  it('shows an empty list without a page notice when nothing matches', async () => {
    const html = await listPage(headOffice, { nummer: 'XYZ', pagina: '3' });
    expect(textOf(html)).toContain('0 projecten gevonden');
    expect(textOf(html)).not.toContain('bestaat niet');
  });

  it('treats an unreadable page number as page 1', async () => {
    const html = await listPage(headOffice, { pagina: 'twee' });
    expect(numbersOf(html)).toEqual((await expectedNumbers()).slice(0, PER_PAGE));
  });
});

describe('scope', () => {
  it('shows a department user only the projects of its departments', async () => {
    const expected = await expectedNumbers({ allYears: true, departmentName: 'Departement Opleidingen' });
    expect(expected.length).toBeGreaterThan(0);
    const html = await listPage(departmentUser, { jaren: 'alle' });
    expect(projectsFoundOf(html)).toBe(expected.length);
    expect(await allPages(departmentUser, { jaren: 'alle' })).toEqual(expected);
    // Its filters work within the scope too.
    const advice = await listPage(departmentUser, { dienst: 'advies', jaren: 'alle' });
    expect(projectsFoundOf(advice)).toBe(0);
  });

  it("counts a department user's default view, and a new project of its department at once", async () => {
    const expected = await expectedNumbers({ departmentName: 'Departement Opleidingen' });
    expect(projectsFoundOf(await listPage(departmentUser))).toBe(expected.length);
    const department = await db('departments').where({ name: 'Departement Opleidingen' }).first('id');
    const added = await insertProject({
      department_id: department.id,
      application_date: `${thisYear}-03-04`,
    });
    const html = await listPage(departmentUser);
    expect(projectsFoundOf(html)).toBe(expected.length + 1);
    expect(numbersOf(html)).toContain(added.projectNumber);
    // The head office counts it too, and the count goes back when it is gone.
    expect(projectsFoundOf(await listPage(headOffice))).toBe((await expectedNumbers()).length);
    await db('projects').where({ id: added.id }).delete();
    expect(projectsFoundOf(await listPage(departmentUser))).toBe(expected.length);
  });

  it("never shows another provider's projects", async () => {
    const foreign = await expectedNumbers({ allYears: true, providerId: secondProviderId });
    expect(foreign.length).toBeGreaterThan(0);
    const own = await allPages(headOffice, { jaren: 'alle' });
    expect(own.filter((number) => foreign.includes(number))).toEqual([]);
    expect(projectsFoundOf(await listPage(headOffice, { nummer: foreign[0] ?? '', jaren: 'alle' }))).toBe(0);
    // And the other provider sees exactly its own.
    expect(await allPages(secondProvider, { jaren: 'alle' })).toEqual(foreign);
  });
});

describe('the CSV export', () => {
  async function download(agent: Agent, query: Record<string, string> = {}) {
    const response = await agent
      .get(CSV)
      .query(query)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    return { response, bytes: response.body as Buffer };
  }

  it('is UTF-8 with a BOM, ";"-separated, with a Dutch header and a dated file name', async () => {
    const { response, bytes } = await download(headOffice);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="?projecten-${todayIso}\\.csv"?$`),
    );
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'Projectnummer;Onderneming;Aanvraagdatum;Projectbedrag;Dienst;Status;Geverifieerd',
    );
  });

  it('holds exactly the rows of every page of the same view, in the same order', async () => {
    for (const query of [
      {},
      { jaren: 'alle', sorteer: 'bedrag', richting: 'desc' },
      { onderneming: 'testonderneming', status: 'Afgewerkt', sorteer: 'onderneming' },
      { van: 'ongeldig', dienst: 'opleiding' },
    ] as Record<string, string>[]) {
      const { bytes } = await download(headOffice, query);
      const [header, ...records] = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(header).toHaveLength(7);
      const pages: string[][] = [];
      const first = await listPage(headOffice, query);
      pages.push(...rowsOf(first));
      for (let page = 2; page <= Math.ceil(projectsFoundOf(first) / PER_PAGE); page++) {
        pages.push(...rowsOf(await listPage(headOffice, { ...query, pagina: String(page) })));
      }
      expect(records.length).toBe(projectsFoundOf(first));
      // The same rows; the amount without € and thousands separator.
      // The page shows a line break in a name as a space.
      const withSpaces = records.map((record) => record.map((field) => field.replace(/\s+/g, ' ')));
      expect(withSpaces).toEqual(
        pages.map((cells) => [
          cells[0],
          cells[1],
          cells[2],
          (cells[3] ?? '').replace('€ ', '').replace(/\./g, ''),
          cells[4],
          cells[5],
          cells[6],
        ]),
      );
    }
  });

  it('formats dates dd/mm/yyyy and amounts with a decimal comma, as SQL computes them', async () => {
    const expected: { number: string; date: string; amount: string; verified: string }[] = await db(
      'projects as p',
    )
      .join('companies as co', 'co.id', 'p.company_id')
      .where('p.provider_id', demoProviderId)
      .orderByRaw('p.application_date desc, p.id desc')
      .select({
        number: 'p.project_number',
        date: db.raw(`to_char(p.application_date, 'DD/MM/YYYY')`),
        amount: db.raw(`replace(to_char(p.project_amount_cents / 100.0, 'FM999999999990.00'), '.', ',')`),
        verified: db.raw(`case when p.verified then 'Ja' else 'Nee' end`),
      });
    const { bytes } = await download(headOffice, { jaren: 'alle' });
    const [, ...records] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(records.map((record) => [record[0], record[2], record[3], record[6]])).toEqual(
      expected.map((row) => [row.number, row.date, row.amount, row.verified]),
    );
    expect(records.some((record) => /^[0-9]{4,},[0-9]{2}$/.test(record[3] ?? ''))).toBe(true);
  });

  it('holds only the header when nothing matches the filters', async () => {
    const { bytes } = await download(headOffice, { onderneming: 'bestaat-niet-xyz', jaren: 'alle' });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Projectnummer;Onderneming;Aanvraagdatum;Projectbedrag;Dienst;Status;Geverifieerd\r\n',
    );
  });

  it('quotes a name with a separator, quotes and a line break', async () => {
    const { bytes } = await download(headOffice, { onderneming: 'Korst' });
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain(';"Bakkerij ""De Korst""; Gent\nFiliaal Zuid";');
    const [, ...records] = parseCsv(text);
    expect(records).toHaveLength(1);
    expect(records[0]?.[1]).toBe(BAKERY);
  });

  it("holds only the department user's projects for a department user", async () => {
    const expected = await expectedNumbers({ allYears: true, departmentName: 'Departement Opleidingen' });
    const { bytes } = await download(departmentUser, { jaren: 'alle' });
    const [, ...records] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(records.map((record) => record[0])).toEqual(expected);
  });

  it('is linked from the page with the current view', async () => {
    const html = await listPage(headOffice, { onderneming: 'C', sorteer: 'bedrag', pagina: '2' });
    expect(hrefOf(html, 'Exporteren naar CSV')).toBe(`${CSV}?onderneming=C&sorteer=bedrag&richting=asc`);
  });
});

describe('the verified mark', () => {
  async function unverifiedProject(extra: (query: Knex.QueryBuilder) => unknown = () => undefined) {
    const query = db('projects')
      .where({ provider_id: demoProviderId, verified: false })
      .whereRaw('extract(year from application_date) = ?', [thisYear])
      .orderBy('project_number');
    extra(query);
    const row: { id: number; project_number: string } = await query.first('id', 'project_number');
    return { id: row.id, projectNumber: row.project_number };
  }

  async function post(agent: Agent, projectNumber: string, value: string, token?: string) {
    const detail = `${LIST}/${projectNumber}`;
    return agent
      .post(`${detail}/geverifieerd`)
      .type('form')
      .send({ _csrf: token ?? (await csrfTokenOf(agent, detail)), geverifieerd: value });
  }

  const auditRows = (id: number) =>
    db('audit_log')
      .where({ action: 'project.verify', entity_type: 'project', entity_id: String(id) })
      .orderBy('id');

  it('marks a project verified and back, idempotently, with an audit row per change', async () => {
    const project = await unverifiedProject();
    const detail = `${LIST}/${project.projectNumber}`;
    const listRow = async () => rowsOf(await listPage(headOffice, { nummer: project.projectNumber }))[0];
    expect((await listRow())?.[6]).toBe('Nee');
    expect(textOf((await headOffice.get(detail)).text)).toContain('Geverifieerd: Nee');

    const marked = await post(headOffice, project.projectNumber, 'ja');
    expect(marked.status).toBe(303);
    expect(marked.headers.location).toBe(detail);
    const shown = await headOffice.get(detail).expect(200);
    expect(flashTextsOf(shown.text)).toEqual(['Gelukt: Het project is gemarkeerd als geverifieerd.']);
    expect(textOf(shown.text)).toContain('Geverifieerd: Ja');
    expect((await listRow())?.[6]).toBe('Ja');
    const row = await db('projects').where({ id: project.id }).first();
    expect(row.verified).toBe(true);
    expect(row.verified_at).not.toBeNull();
    expect((await auditRows(project.id)).map((audit) => audit.details)).toEqual([
      { projectNumber: project.projectNumber, verified: { old: false, new: true } },
    ]);

    // A second click (or a stale page) changes nothing.
    expect((await post(headOffice, project.projectNumber, 'ja')).status).toBe(303);
    expect(flashTextsOf((await headOffice.get(detail)).text)).toEqual([
      'Gelukt: Het project is gemarkeerd als geverifieerd.',
    ]);
    expect(await auditRows(project.id)).toHaveLength(1);
    expect((await db('projects').where({ id: project.id }).first()).verified_at).toEqual(row.verified_at);

    expect((await post(headOffice, project.projectNumber, 'nee')).status).toBe(303);
    const unmarked = await headOffice.get(detail);
    expect(flashTextsOf(unmarked.text)).toEqual([
      'Gelukt: Het project is niet meer gemarkeerd als geverifieerd.',
    ]);
    expect(textOf(unmarked.text)).toContain('Geverifieerd: Nee');
    expect((await listRow())?.[6]).toBe('Nee');
    expect(await db('projects').where({ id: project.id }).first()).toMatchObject({
      verified: false,
      verified_at: null,
    });
    expect((await auditRows(project.id)).map((audit) => audit.details.verified)).toEqual([
      { old: false, new: true },
      { old: true, new: false },
    ]);
    const [first] = await auditRows(project.id);
    expect(first).toMatchObject({ actor_type: 'provider', actor_label: expect.any(String) });
  });

  it('refuses a post without the CSRF token', async () => {
    const project = await unverifiedProject();
    const response = await headOffice
      .post(`${LIST}/${project.projectNumber}/geverifieerd`)
      .type('form')
      .send({ geverifieerd: 'ja' });
    expect(response.status).toBe(403);
    expect((await db('projects').where({ id: project.id }).first()).verified).toBe(false);
  });

  it('refuses a value other than ja or nee', async () => {
    const project = await unverifiedProject();
    const audited = (await auditRows(project.id)).length;
    const response = await post(headOffice, project.projectNumber, 'misschien');
    expect(response.status).toBe(303);
    expect(flashTextsOf((await headOffice.get(response.headers.location as string)).text)).toEqual([
      'Let op: Kies of het project geverifieerd is of niet.',
    ]);
    expect(await auditRows(project.id)).toHaveLength(audited);
    expect((await db('projects').where({ id: project.id }).first()).verified).toBe(false);
  });

  it("answers 404 for another provider's project", async () => {
    // An unverified one, so that "still unverified" below proves nothing changed.
    const foreign = (await db('projects')
      .where({ provider_id: secondProviderId, verified: false })
      .orderBy('id')
      .first()) as {
      id: number;
      project_number: string;
    };
    const token = await csrfTokenOf(headOffice, LIST);
    const response = await post(headOffice, foreign.project_number, 'ja', token);
    expect(response.status).toBe(404);
    expect(textOf(response.text)).toContain('Dit project bestaat niet of hoort niet bij u.');
    expect((await db('projects').where({ id: foreign.id }).first()).verified).toBe(false);
    expect(await auditRows(foreign.id)).toHaveLength(0);
  });

  it("lets a department user mark its department's projects, and no others", async () => {
    const department = (await db('departments').where({ name: 'Departement Opleidingen' }).first()) as {
      id: number;
    };
    const own = await unverifiedProject((q) => q.where({ department_id: department.id }));
    expect((await post(departmentUser, own.projectNumber, 'ja')).status).toBe(303);
    expect((await db('projects').where({ id: own.id }).first()).verified).toBe(true);
    expect((await auditRows(own.id))[0]).toMatchObject({ actor_type: 'department' });

    const headOfficeProject = await unverifiedProject((q) => q.whereNull('department_id'));
    const token = await csrfTokenOf(departmentUser, LIST);
    expect((await post(departmentUser, headOfficeProject.projectNumber, 'ja', token)).status).toBe(404);
    expect((await db('projects').where({ id: headOfficeProject.id }).first()).verified).toBe(false);
  });
});

describe('the way back from a project', () => {
  it('leads to the overview as last shown', async () => {
    const agent = newAgent(testApp.app);
    await signInAsProvider(agent, '0123456749', 'kmo-demo-2026');
    const html = await listPage(agent, { onderneming: 'C', sorteer: 'bedrag', pagina: '2' });
    const [number] = numbersOf(html);
    const detail = await agent.get(`${LIST}/${number}`).expect(200);
    expect(hrefOf(detail.text, 'Terug naar de projecten')).toBe(
      `${LIST}?onderneming=C&sorteer=bedrag&richting=asc&pagina=2`,
    );
  });
});
