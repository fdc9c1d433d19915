import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { TEST_TODAY } from '../../support/clock.js';
import { textOf } from '../../support/html.js';
import type { Agent } from '../../support/session.js';
import { createTestCompany, postForm, startDraft, trainingProject } from './support.js';

/**
 * Step 3 of the application wizard finds providers the way the public search
 * does (issue 21): accents and case folded, typos forgiven, the closest first.
 */

let testApp: TestApp;
let agent: Agent;
let draft: string;
const today = TEST_TODAY;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  const db = testApp.database.db;
  // A third training provider with an accented name, like the demo's second one.
  const template = await db('registrations').where({ number: 'DV.O207315' }).first();
  const provider = await db('provider_organisations').where({ id: template.provider_id }).first();
  const [organisation] = await db('provider_organisations')
    .insert({
      ...provider,
      id: undefined,
      enterprise_number: '0720000152',
      legal_name: 'Crèmerie Été Opleidingen',
    })
    .returning('id');
  await db('registrations').insert({
    ...template,
    id: undefined,
    provider_id: organisation.id,
    number: 'DV.O800001',
  });

  const company = await createTestCompany(db, testApp.app, testApp.container, {
    year: Number(today.slice(0, 4)),
  });
  agent = company.agent;
  draft = await startDraft(agent);
  await postForm(agent, `${draft}/activiteit`, { naceCode: '62010' });
  await postForm(agent, `${draft}/project`, trainingProject(today, { participantCount: '1' }));
  const named = await postForm(agent, `${draft}/deelnemers`, { firstName: ['An'], lastName: ['Claes'] });
  expect(named.headers.location).toBe(`${draft}/dienstverlener`);
});
afterAll(async () => {
  await testApp.close();
});

/** The registration numbers offered for a search, in the order shown. */
async function offered(search: string): Promise<string[]> {
  const page = await agent.get(`${draft}/dienstverlener`).query({ zoek: search }).expect(200);
  return [...textOf(page.text).matchAll(/Registratie (DV\.[OA][0-9]{6})/g)].map((match) => match[1] ?? '');
}

describe("the wizard's provider search forgives typos, accents and case", () => {
  it.each([
    ['Leistreek', ['DV.O207315']],
    ['leiestreek', ['DV.O207315']],
    ['OPLEIDINGSCENTRUM', ['DV.O207315']],
    // The head office's training registration and its training department's; advice is not offered.
    ['Dienstverlner', ['DV.O218724', 'DV.O218721']],
    ['ete', ['DV.O800001']],
    ['CRÈME', ['DV.O800001']],
    ['Cremery', ['DV.O800001']],
  ])('"%s" offers %o', async (search, numbers) => {
    expect(await offered(search)).toEqual(numbers);
  });

  it('offers the names found as typed alone, before anything merely similar', async () => {
    // "Opleidingen" is in "Crèmerie Été Opleidingen" and "Departement Opleidingen";
    // "Opleidingscentrum Leiestreek" only looks like it.
    expect((await offered('Opleidingen')).sort()).toEqual(['DV.O218721', 'DV.O800001']);
  });

  it('finds nothing for a name nothing looks like', async () => {
    expect(await offered('Xylofoonwerkplaats')).toEqual([]);
  });
});
