import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { demoProjectCopies } from '../../support/projects.js';

/**
 * The per-department, per-year project counts that the providers' overview
 * reads when no filter applies (project_counts, kept by triggers). After
 * every kind of write they must equal a count of the projects themselves,
 * written here in plain SQL.
 */

let testApp: TestApp;
let db: Knex;
let providerId: number;
let departmentId: number;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  providerId = (await db('provider_organisations').where({ enterprise_number: '0123456749' }).first()).id;
  departmentId = (await db('departments').where({ provider_id: providerId }).orderBy('id').first()).id;
});

afterAll(async () => {
  await testApp?.close();
});

interface CountRow {
  provider_id: number;
  department_id: number | null;
  application_year: number;
  projects: number;
}

/** The projects counted from scratch, per provider, department and year; keys without projects left out. */
async function countedFromProjects(): Promise<CountRow[]> {
  const { rows } = await db.raw<{ rows: CountRow[] }>(`
    select provider_id, department_id, extract(year from application_date)::int as application_year,
           count(*)::int as projects
      from projects group by 1, 2, 3 order by 1, 2 nulls first, 3`);
  return rows;
}

/** What project_counts holds, in the same shape and order (rows that fell to zero left out). */
async function kept(): Promise<CountRow[]> {
  const { rows } = await db.raw<{ rows: CountRow[] }>(`
    select provider_id, department_id, application_year::int as application_year, projects
      from project_counts where projects > 0 order by 1, 2 nulls first, 3`);
  return rows;
}

async function keptFor(department: number | null, year: number): Promise<number> {
  const row = await db('project_counts')
    .where({ provider_id: providerId, department_id: department, application_year: year })
    .first<{ projects: number } | undefined>('projects');
  return row?.projects ?? 0;
}

/** `count` copies of a demo head-office project with the same columns set. */
const copiesOf = (count: number, columns: Record<string, unknown>) =>
  demoProjectCopies(
    db,
    Array.from({ length: count }, () => columns),
  );

describe('the kept project counts', () => {
  it('agree with the demo data as seeded', async () => {
    const counted = await countedFromProjects();
    expect(counted.length).toBeGreaterThan(2);
    expect(await kept()).toEqual(counted);
  });

  it('follow an insert of several rows, a delete, a move and a change of year, and ignore a status change', async () => {
    const before = await keptFor(departmentId, 2018);
    const ids = await db('projects')
      .insert(await copiesOf(3, { department_id: departmentId, application_date: '2018-05-02' }))
      .returning<{ id: number }[]>('id');
    expect(await keptFor(departmentId, 2018)).toBe(before + 3);
    expect(await kept()).toEqual(await countedFromProjects());

    const [first, second, third] = ids.map((row) => row.id) as [number, number, number];
    await db('projects').where({ id: first }).del();
    expect(await keptFor(departmentId, 2018)).toBe(before + 2);

    await db('projects').where({ id: second }).update({ department_id: null });
    expect(await keptFor(departmentId, 2018)).toBe(before + 1);
    await db('projects').where({ id: third }).update({ application_date: '2017-12-31' });
    expect(await keptFor(departmentId, 2018)).toBe(before);
    expect(await keptFor(departmentId, 2017)).toBeGreaterThanOrEqual(1);

    // Same year, other day; and a status change: no count moves.
    const unchanged = await kept();
    await db('projects').where({ id: third }).update({ application_date: '2017-01-02', status: 'Vervallen' });
    await db('projects').where({ id: second }).update({ verified: true });
    expect(await kept()).toEqual(unchanged);
    expect(await kept()).toEqual(await countedFromProjects());
  });

  it('leave no trace of a rolled-back insert', async () => {
    const before = await kept();
    const rows = await copiesOf(2, { application_date: '2018-03-04' });
    await expect(
      db.transaction(async (trx) => {
        await trx('projects').insert(rows);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await kept()).toEqual(before);
  });

  it('count ten inserts at the same moment, each in its own transaction, exactly once each', async () => {
    const before = await keptFor(departmentId, 2018);
    const rows = await copiesOf(10, { department_id: departmentId, application_date: '2018-06-07' });
    await Promise.all(
      rows.map((row) =>
        db.transaction(async (trx) => {
          await trx('projects').insert(row);
          // Hold the count row a moment, so the others queue on it.
          await trx.raw('select pg_sleep(0.02)');
        }),
      ),
    );
    expect(await keptFor(departmentId, 2018)).toBe(before + 10);
    expect(await kept()).toEqual(await countedFromProjects());
  });

  it('let a department go that no project names any more, its rows at zero with it', async () => {
    const [department] = await db('departments')
      .insert({
        provider_id: providerId,
        name: 'Tijdelijk departement',
        contact_email: 'tijdelijk@example.be',
      })
      .returning<{ id: number }[]>('id');
    const id = (department as { id: number }).id;
    const [project] = await db('projects')
      .insert(await copiesOf(1, { department_id: id, application_date: '2018-09-10' }))
      .returning<{ id: number }[]>('id');
    expect(await keptFor(id, 2018)).toBe(1);
    await db('projects')
      .where({ id: (project as { id: number }).id })
      .update({ department_id: null });
    expect(await keptFor(id, 2018)).toBe(0);

    await db('departments').where({ id }).delete();
    expect(await db('project_counts').where({ department_id: id })).toEqual([]);
    expect(await kept()).toEqual(await countedFromProjects());
  });
});
