import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { TEST_TODAY } from '../../support/clock.js';
import { dmy, plusDays } from '../../support/format.js';
import { inputValueOf, textOf } from '../../support/html.js';
import { csrfTokenIn, type Agent } from '../../support/session.js';
import {
  createTestCompany,
  startDraft,
  formBody,
  postForm,
  type TestCompany,
} from '../applications/support.js';

export const depositsPath = '/beheer/stortingen';
/** An upload's import page. */
export const importPath = (id: number) => `/beheer/stortingen/inlezingen/${id}`;
const importPathPattern = /^\/beheer\/stortingen\/inlezingen\/(\d+)$/;
export const exceptionsPath = '/beheer/stortingen/uitzonderingen';
export const exceptionPath = (id: number) => `${exceptionsPath}/${id}`;
export const decisionPath = (id: number, slug: string) => `${exceptionPath(id)}/${slug}`;

/** Uploads a statement file through the form, as staff do. */
export async function upload(agent: Agent, file: Buffer, filename = 'uittreksel.cod') {
  const page = await agent.get(depositsPath).expect(200);
  return agent
    .post(depositsPath)
    .field('_csrf', csrfTokenIn(page.text))
    .attach('uittreksel', file, { filename, contentType: 'application/octet-stream' });
}

/** Uploads a statement file and expects the redirect every answer of the form gives. */
export async function uploaded(agent: Agent, file: Buffer, filename?: string) {
  const response = await upload(agent, file, filename);
  expect(response.status).toBe(303);
  return response;
}

/** The import id in the answer to an upload that was taken: a 303 to the import's page. */
export function importIdOf(response: {
  status: number;
  headers: Record<string, string | undefined>;
}): number {
  expect(response.status).toBe(303);
  const location = response.headers.location ?? '';
  const id = Number(importPathPattern.exec(location)?.[1]);
  expect(id, location).toBeGreaterThan(0);
  return id;
}

/**
 * Uploads a statement file as staff do, expects the 303 to the import's page,
 * runs the import's job there and then (as the pg-boss worker would) and
 * returns that page once the job is done.
 */
export async function imported(testApp: TestApp, agent: Agent, file: Buffer, filename?: string) {
  const id = importIdOf(await upload(agent, file, filename));
  await testApp.container.services.depositImport.processImport(id);
  const page = await agent.get(importPath(id)).expect(200);
  return { id, html: page.text, text: textOf(page.text) };
}

export interface AppliedProject {
  id: number;
  projectNumber: string;
  structuredCommunication: string;
  depositDeadline: string;
  company: TestCompany;
}

/**
 * A company of our own applies through the wizard for a training of
 * € 1.000,00 with the demo provider (DV.O218724): as a small enterprise it gets
 * 30 % (DOMAIN.md §6), € 300,00 subsidy, and deposits € 700,00 itself.
 */
export async function applyThroughTheApp(testApp: TestApp): Promise<AppliedProject> {
  const db = testApp.database.db;
  const company = await createTestCompany(db, testApp.app, testApp.container, {
    year: Number(TEST_TODAY.slice(0, 4)),
  });
  const draft = await startDraft(company.agent);
  await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
  expect(
    (
      await postForm(company.agent, `${draft}/project`, {
        service: 'opleiding',
        title: 'Opleiding boekhouden',
        trainingKind: 'extern',
        subtheme: 'hr.welzijn',
        participantCount: '1',
        hours: '7,5',
        agreementDate: dmy(plusDays(TEST_TODAY, -10)),
        startDate: dmy(plusDays(TEST_TODAY, -3)),
        businessPurpose: 'ja',
        registrationCost: '1.200,00',
        eligibleCosts: '1.000,00',
      })
    ).status,
  ).toBe(303);
  await postForm(company.agent, `${draft}/deelnemers`, { firstName: ['An'], lastName: ['Claes'] });
  await postForm(company.agent, `${draft}/dienstverlener`, { registrationNumber: 'DV.O218724' });
  const summary = await company.agent.get(`${draft}/overzicht`).expect(200);
  const shown = inputValueOf(summary.text, 'shownSubsidyCents');
  const submitted = await company.agent
    .post(`${draft}/overzicht`)
    .type('form')
    .send(
      formBody({
        _csrf: csrfTokenIn(summary.text),
        ...(shown ? { shownSubsidyCents: shown } : {}),
        declaration: 'ja',
      }),
    );
  expect(submitted.status).toBe(303);
  const row = await db('projects').where({ company_id: company.id }).first<{
    id: number;
    project_number: string;
    structured_communication: string;
    deposit_deadline: string;
    own_contribution_cents: string;
    subsidy_cents: string;
    status: string;
  }>();
  expect(row?.status).toBe('Bevestigd');
  expect(Number(row?.own_contribution_cents)).toBe(70_000);
  expect(Number(row?.subsidy_cents)).toBe(30_000);
  return {
    id: row.id,
    projectNumber: row.project_number,
    structuredCommunication: row.structured_communication,
    depositDeadline: row.deposit_deadline,
    company,
  };
}

let inserted = 0;

/**
 * A project written straight into the database, for the exceptions: € 1.711,93
 * = own contribution € 1.198,35 + subsidy € 513,58, deadline 30/11/2026.
 */
export async function insertProject(
  db: Knex,
  options: { status?: string; depositDeadline?: string; deposited?: boolean } = {},
): Promise<{ id: number; projectNumber: string; structuredCommunication: string }> {
  inserted += 1;
  const registration = await db('registrations')
    .where({ number: 'DV.O218724' })
    .first<{ id: number; provider_id: number }>('id', 'provider_id');
  const company = await db('companies').where({ name: 'Testonderneming_A en B' }).first<{ id: number }>('id');
  const projectNumber = `2026KMO8${String(inserted).padStart(5, '0')}`;
  // 10 digits + mod 97 (97 when the rest is 0): a valid Belgian structured communication.
  const base = `88${String(inserted).padStart(8, '0')}`;
  const check = Number(BigInt(base) % 97n) || 97;
  const structuredCommunication = `${base}${String(check).padStart(2, '0')}`;
  const [row] = await db('projects')
    .insert({
      project_number: projectNumber,
      company_id: company.id,
      provider_id: registration.provider_id,
      registration_id: registration.id,
      service: 'opleiding',
      title: `Uitzondering ${inserted}`,
      training_kind: 'extern',
      subtheme: 'it.software',
      nace_code: '43222',
      company_size: 'klein',
      hours: 16,
      participant_count: 1,
      agreement_date: '2026-10-01',
      start_date: '2026-10-05',
      application_date: '2026-10-31',
      deposit_deadline: options.depositDeadline ?? '2026-11-30',
      registration_cost_cents: 200_000,
      project_amount_cents: 171_193,
      subsidy_cents: 51_358,
      own_contribution_cents: 119_835,
      subsidy_rate_bp: 3000,
      structured_communication: structuredCommunication,
      status: options.status ?? 'Bevestigd',
    })
    .returning<{ id: number }[]>('id');
  if (options.deposited) {
    await db('ledger_entries').insert([
      { project_id: row!.id, kind: 'eigen_bijdrage', amount_cents: 119_835, booked_on: '2026-11-02' },
      { project_id: row!.id, kind: 'subsidie', amount_cents: 51_358, booked_on: '2026-11-02' },
    ]);
  }
  return { id: row!.id, projectNumber, structuredCommunication };
}

/** Rows of the tables an import writes, to show that a refused file wrote none. */
export async function importRowCounts(db: Knex) {
  const count = async (table: string) =>
    Number((await db(table).count<{ count: string }[]>('* as count'))[0]?.count ?? 0);
  return {
    imports: await count('bank_statement_imports'),
    statements: await count('bank_statements'),
    movements: await count('bank_movements'),
    ledger: await count('ledger_entries'),
    audit: await count('audit_log'),
    outbox: await count('mail_outbox'),
  };
}
