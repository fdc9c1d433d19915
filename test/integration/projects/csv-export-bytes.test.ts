import type { Knex } from 'knex';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectStatusLabels } from '../../../src/domain/project-status.js';
import { serviceLabels } from '../../../src/domain/subsidy-terms.js';
import { demoProjectCopies } from '../../support/projects.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { newAgent, signInAsProvider, type Agent } from '../../support/session.js';

/**
 * PostgreSQL writes the export's lines (COPY … TO STDOUT): byte for byte
 * what csv-stringify writes for the same rows with the export's options
 * (stated here, not taken from the code): company names that need quoting,
 * hold a line break or look like a formula, among all the demo provider's
 * projects. The rows come from SQL of this test, formatted here.
 */

let testApp: TestApp;
let db: Knex;
let headOffice: Agent;
let providerId: number;

const NAMES = [
  'Bakkerij "De Korst"; Gent\nFiliaal Zuid',
  '=SUM(A1:A2)',
  '+32 Drukwerk',
  '-Min & Co',
  '@Home bvba',
  '\tTab in front',
  '\rCarriage in front',
  '＝Full-width equals',
  'Line\r\nbreak "quoted"',
  'Semi;colon',
  "O'Brien's Bakery",
  'Backslash \\ and \\. and $1',
  'Café Été — ünïcödé',
  ' leading space',
];

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  providerId = (await db('provider_organisations').where({ enterprise_number: '0123456749' }).first())
    .id as number;
  const company = await db('companies').where({ name: 'Testonderneming_C' }).first();
  const { id: _id, created_at: _created, updated_at: _updated, ...companyRow } = company;
  const companies: number[] = [];
  for (const [index, name] of NAMES.entries()) {
    const [inserted] = await db('companies')
      .insert({ ...companyRow, enterprise_number: `09990000${String(index).padStart(2, '0')}`, name })
      .returning<{ id: number }[]>('id');
    if (!inserted) throw new Error('company insert returned no row');
    companies.push(inserted.id);
  }
  await db('projects').insert(
    await demoProjectCopies(
      db,
      companies.map((companyId) => ({ company_id: companyId })),
      { year: 2019 },
    ),
  );
  headOffice = newAgent(testApp.app);
  expect((await signInAsProvider(headOffice, '0123456749', 'kmo-demo-2026')).status).toBe(303);
});

afterAll(async () => {
  await testApp?.close();
});

async function download(query: Record<string, string>): Promise<Buffer> {
  const response = await headOffice
    .get('/dienstverlener/projecten.csv')
    .query(query)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(response.status).toBe(200);
  return response.body as Buffer;
}

const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const dutchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('the CSV export, written by PostgreSQL', () => {
  it('is byte for byte what csv-stringify writes for the same rows', async () => {
    const rows: {
      project_number: string;
      name: string;
      application_date: string;
      project_amount_cents: number;
      service: keyof typeof serviceLabels;
      status: keyof typeof projectStatusLabels;
      verified: boolean;
    }[] = await db('projects as p')
      .join('companies as c', 'c.id', 'p.company_id')
      .where('p.provider_id', providerId)
      .orderBy([
        { column: 'p.project_number', order: 'asc' },
        { column: 'p.id', order: 'asc' },
      ])
      .select('p.project_number', 'c.name', 'p.application_date', 'p.project_amount_cents')
      .select('p.service', 'p.status', 'p.verified');
    expect(rows.filter((row) => NAMES.includes(row.name))).toHaveLength(NAMES.length);
    const expected = stringify(
      rows.map((row) => [
        row.project_number,
        row.name,
        dutchDate(row.application_date),
        euros(row.project_amount_cents),
        serviceLabels[row.service],
        projectStatusLabels[row.status],
        row.verified ? 'Ja' : 'Nee',
      ]),
      {
        delimiter: ';',
        bom: true,
        header: true,
        columns: [
          'Projectnummer',
          'Onderneming',
          'Aanvraagdatum',
          'Projectbedrag',
          'Dienst',
          'Status',
          'Geverifieerd',
        ],
        record_delimiter: 'windows',
        quote_record_delimiter: true,
        escape_formulas: true,
      },
    );
    const bytes = await download({ jaren: 'alle', sorteer: 'projectnummer', richting: 'asc' });
    expect(bytes.toString('utf8')).toBe(expected);
    expect(bytes.equals(Buffer.from(expected))).toBe(true);
  });

  it('writes only the header when nothing matches, and keeps a filter with quotes and backslashes', async () => {
    const header =
      '\uFEFFProjectnummer;Onderneming;Aanvraagdatum;Projectbedrag;Dienst;Status;Geverifieerd\r\n';
    const none = await download({ jaren: 'alle', onderneming: "x'); drop table projects; --\\" });
    expect(none.toString('utf8')).toBe(header);
    expect(Number((await db('projects').count({ count: '*' }).first())?.count)).toBeGreaterThan(0);
    const brien = await download({ jaren: 'alle', onderneming: "o'brien" });
    const lines = brien.toString('utf8').split('\r\n');
    expect(lines).toHaveLength(3);
    // The eleventh name's project: the eleventh copy of 2019 (demo projects are recent).
    expect(lines[1]).toMatch(/^2019KMO000011;O'Brien's Bakery;/);
  });
});
