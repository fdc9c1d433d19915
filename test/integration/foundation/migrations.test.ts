import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectStatuses } from '../../../src/domain/project-status.js';
import { registrationStatuses } from '../../../src/domain/registration-status.js';
import { createEmptyDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createEmptyDatabase();
});
afterAll(async () => {
  await database.destroy();
});

async function tableNames(): Promise<string[]> {
  const rows = await database
    .db('information_schema.tables')
    .where({ table_schema: 'public' })
    .whereNot('table_name', 'like', 'knex_%')
    .pluck('table_name');
  return (rows as string[]).sort();
}

/** The values a CHECK constraint allows, read back from PostgreSQL's own catalogue. */
async function allowedValues(constraint: string): Promise<string[]> {
  const result = await database.db.raw<{ rows: { definition: string }[] }>(
    'select pg_get_constraintdef(oid) as definition from pg_constraint where conname = ?',
    [constraint],
  );
  const definition = result.rows[0]?.definition ?? '';
  return [...definition.matchAll(/'([^']+)'::text/g)].map((match) => match[1] as string).sort();
}

describe('migrations', () => {
  it('create the core tables, roll back to nothing, and apply again', async () => {
    await database.db.migrate.latest();
    const created = await tableNames();
    for (const table of [
      'provider_organisations',
      'departments',
      'establishments',
      'provider_accounts',
      'persons',
      'department_users',
      'agency_staff',
      'companies',
      'company_representatives',
      'company_size_confirmations',
      'registrations',
      'registration_history',
      'documents',
      'projects',
      'project_participants',
      'project_history',
      'ledger_entries',
      'rule_parameters',
      'nace_codes',
      'audit_log',
      'mail_outbox',
      'session',
      'saml_request_cache',
    ]) {
      expect(created).toContain(table);
    }

    await database.db.migrate.rollback(undefined, true);
    expect(await tableNames()).toEqual([]);

    await database.db.migrate.latest();
    expect(await tableNames()).toEqual(created);
  });

  it('constrain statuses to exactly the lists of the domain', async () => {
    expect(await allowedValues('project_status')).toEqual([...projectStatuses].sort());
    expect(await allowedValues('registration_status')).toEqual([...registrationStatuses].sort());
  });

  it('refuse a project whose shares do not add up to the project amount', async () => {
    const { db } = database;
    const [provider] = await db('provider_organisations')
      .insert({
        enterprise_number: '0403170701',
        legal_name: 'Controle bv',
        legal_form: 'bv',
        street: 'Kerkstraat',
        house_number: '1',
        postcode: '9000',
        municipality: 'Gent',
        contact_name: 'An Peeters',
        contact_email: 'an@controle.test',
        contact_phone: '+3291234567',
        iban: 'BE68539007547034',
        bic: 'BBRUBEBB',
      })
      .returning('id');
    const [company] = await db('companies')
      .insert({
        enterprise_number: '0202239951',
        name: 'Klant nv',
        legal_form: 'nv',
        street: 'Markt',
        house_number: '2',
        postcode: '2000',
        municipality: 'Antwerpen',
      })
      .returning('id');
    const [registration] = await db('registrations')
      .insert({
        provider_id: provider.id,
        service: 'opleiding',
        basis: 'privaat',
        status: 'G',
        number: 'DV.O100001',
      })
      .returning('id');
    const project = {
      project_number: '2026KMO000001',
      company_id: company.id,
      provider_id: provider.id,
      registration_id: registration.id,
      service: 'opleiding',
      title: 'Excel voor gevorderden',
      training_kind: 'extern',
      subtheme: 'it.software',
      nace_code: '62010',
      company_size: 'klein',
      hours: 8,
      agreement_date: '2026-03-01',
      start_date: '2026-03-10',
      application_date: '2026-03-12',
      deposit_deadline: '2026-04-11',
      registration_cost_cents: 100_000,
      project_amount_cents: 100_000,
      subsidy_cents: 30_000,
      own_contribution_cents: 70_001,
      subsidy_rate_bp: 3000,
      structured_communication: '000000000101',
    };
    await expect(db('projects').insert(project)).rejects.toThrow(/project_shares_sum/);
    await expect(
      db('projects').insert({ ...project, own_contribution_cents: 70_000, status: 'Onbekend' }),
    ).rejects.toThrow(/project_status/);
    await db('projects').insert({ ...project, own_contribution_cents: 70_000 });
    expect(await db('projects').count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});
