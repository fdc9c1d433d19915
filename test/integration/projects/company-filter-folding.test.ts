import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProjectCopies } from '../../support/projects.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { textOf } from '../../support/html.js';
import { demoAgent, type Agent } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';

/**
 * The projects overview's company filter folds accents and case in SQL (issue
 * 21): the database's locale is C, where `ilike` found "Été" but not "été" or
 * "CRÈME". The expected projects are inserted here; the counts come from them.
 */

let testApp: TestApp;
let db: Knex;
let headOffice: Agent;
const LIST = '/dienstverlener/projecten';
const CREAMERY = 'Crèmerie Été';
let creameryProjects: string[] = [];

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  const company = await db('companies').where({ name: 'Testonderneming_C' }).first();
  const { id: _id, created_at: _created, updated_at: _updated, ...companyRow } = company;
  const [creamery] = await db('companies')
    .insert({ ...companyRow, enterprise_number: '0999000001', name: CREAMERY })
    .returning('id');
  // Two projects of the demo head office for the creamery, this year.
  const copies = await demoProjectCopies(
    db,
    [1, 2].map((index) => ({
      company_id: creamery.id,
      application_date: `${TEST_TODAY.slice(0, 4)}-01-0${index + 1}`,
    })),
    { year: 2019 },
  );
  const inserted = await db('projects')
    .insert(copies)
    .returning<{ project_number: string }[]>('project_number');
  creameryProjects = inserted.map((project) => project.project_number);
  creameryProjects = creameryProjects.sort();
  headOffice = await demoAgent(testApp, 'head office');
});

afterAll(async () => {
  await testApp?.close();
});

/** The project numbers on the overview for a company filter, sorted, and the "… gevonden" line. */
async function filterBy(company: string) {
  const response = await headOffice.get(LIST).query({ onderneming: company, jaren: 'alle' });
  expect(response.status).toBe(200);
  const text = textOf(response.text);
  const numbers = [...new Set([...text.matchAll(/\b(20[0-9]{2}KMO[0-9]{6})\b/g)].map((match) => match[1]))];
  return { numbers: numbers.sort(), found: /([0-9.]+) projecte?n? gevonden/.exec(text)?.[0] };
}

describe('the company filter of the projects overview folds accents and case', () => {
  it.each(['Été', 'été', 'ETE', 'ete', 'CRÈME', 'creme', 'crèmerie été', 'Cremerie ete'])(
    '"%s" finds the creamery "Crèmerie Été"',
    async (typed) => {
      const { numbers, found } = await filterBy(typed);
      expect(numbers).toEqual(creameryProjects);
      expect(found).toBe('2 projecten gevonden');
    },
  );

  it('still matches parts of a name only, and treats % and _ as text', async () => {
    expect((await filterBy('cremeri ete')).found).toBe('0 projecten gevonden');
    expect((await filterBy('%')).found).toBe('0 projecten gevonden');
    expect((await filterBy('Cr_merie')).found).toBe('0 projecten gevonden');
  });
});

describe("the overview's copy of the company name (projects.company_name_folded, issue 22)", () => {
  it('finds the projects of a renamed company under its new name at once, and no longer under the old one', async () => {
    await db('companies').where({ name: CREAMERY }).update({ name: 'Ijssalon Ölçek' });
    try {
      expect((await filterBy('crèmerie')).found).toBe('0 projecten gevonden');
      const { numbers, found } = await filterBy('olcek');
      expect(numbers).toEqual(creameryProjects);
      expect(found).toBe('2 projecten gevonden');
    } finally {
      await db('companies').where({ name: 'Ijssalon Ölçek' }).update({ name: CREAMERY });
    }
    expect((await filterBy('crèmerie')).found).toBe('2 projecten gevonden');
  });

  it('follows a project moved to another company', async () => {
    const other = await db('companies').where({ name: 'Testonderneming_C' }).first('id');
    const [moved] = creameryProjects;
    const { company_id: creameryId } = await db('projects')
      .where({ project_number: moved })
      .first('company_id');
    await db('projects').where({ project_number: moved }).update({ company_id: other.id });
    try {
      expect((await filterBy('creme')).numbers).toEqual(creameryProjects.slice(1));
    } finally {
      await db('projects').where({ project_number: moved }).update({ company_id: creameryId });
    }
  });

  it('sorts an accented first letter among its letter, not after the z', async () => {
    await db('companies').where({ name: CREAMERY }).update({ name: 'Été Crèmerie' });
    try {
      const response = await headOffice
        .get(LIST)
        .query({ jaren: 'alle', sorteer: 'onderneming', richting: 'asc', onderneming: 'e' });
      const numbers = [...textOf(response.text).matchAll(/\b(20[0-9]{2}KMO[0-9]{6})\b/g)].map(
        (match) => match[1],
      );
      const shown = [...new Set(numbers)];
      // "Été …" before "Testonderneming_…" (in byte order "É" would sort after every ASCII letter).
      expect(shown.slice(0, 2).sort()).toEqual(creameryProjects);
      expect(shown.length).toBeGreaterThan(2);
    } finally {
      await db('companies').where({ name: 'Été Crèmerie' }).update({ name: CREAMERY });
    }
  });
});
