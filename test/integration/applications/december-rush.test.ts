import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { fieldErrorOf, inputValueOf } from '../../support/html.js';
import { projectsFoundOf } from '../../support/projects.js';
import { csrfTokenIn, demoAgent, type Agent } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';
import { euro } from '../../support/format.js';
import { createTestCompany, formBody, postForm, startDraft, trainingProject } from './support.js';

/**
 * The December rush (issue 22): many submits of one enterprise at the same
 * moment must take its yearly ceiling one after the other. Figures from
 * DOMAIN.md: a small enterprise gets 30 % and at most € 7.500 a calendar year.
 */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const today = TEST_TODAY;
const year = Number(today.slice(0, 4));

const CEILING_CENTS = 750_000;
/** € 1.000 eligible at 30 %: € 300 subsidy each. */
const SUBSIDY_EACH_CENTS = 30_000;
const DRAFTS = 20;
const ROOM_FOR = 3;

const training = trainingProject(today, { participantCount: '1' });

/** A fresh draft answered up to its summary; returns its base path. */
async function completeDraft(agent: Agent): Promise<string> {
  const draft = await startDraft(agent);
  expect((await postForm(agent, `${draft}/activiteit`, { naceCode: '62010' })).status).toBe(303);
  expect((await postForm(agent, `${draft}/project`, training)).headers.location).toBe(`${draft}/deelnemers`);
  const named = await postForm(agent, `${draft}/deelnemers`, { firstName: 'An', lastName: 'Claes' });
  expect(named.headers.location).toBe(`${draft}/dienstverlener`);
  const chosen = await postForm(agent, `${draft}/dienstverlener`, { registrationNumber: 'DV.O218724' });
  expect(chosen.headers.location).toBe(`${draft}/overzicht`);
  return draft;
}

/** The number in the provider's "N projecten gevonden" (its default view). */
async function overviewCount(agent: Agent): Promise<number> {
  return projectsFoundOf((await agent.get('/dienstverlener/projecten').expect(200)).text);
}

/** Follows redirects (GET) from `location` until a page answers 200; returns its path and HTML. */
async function landOn(agent: Agent, location: string): Promise<{ path: string; html: string }> {
  let path = location;
  for (let hop = 0; hop < 5; hop += 1) {
    const page = await agent.get(path);
    if (page.status === 200) return { path, html: page.text };
    expect([302, 303]).toContain(page.status);
    path = page.headers.location ?? '';
  }
  throw new Error(`too many redirects from ${location}`);
}

describe('the December rush: 20 submits at once for one enterprise with room for 3', () => {
  it('accepts exactly 3, refuses the others with the ceiling message, never exceeds the ceiling', async () => {
    const company = await createTestCompany(db(), testApp.app, testApp.container, { year });
    // Used already this year: all but room for three more applications.
    const demoProject = await db()('projects').where({ status: 'Lopend' }).first();
    const used = CEILING_CENTS - ROOM_FOR * SUBSIDY_EACH_CENTS;
    const number = `${year}KMO980001`;
    await db()('projects').insert({
      ...demoProject,
      id: undefined,
      created_at: undefined,
      updated_at: undefined,
      company_id: company.id,
      project_number: number,
      structured_communication: `${number.slice(0, 4)}${number.slice(7)}`.padEnd(10, '0') + '00',
      application_date: `${year}-01-15`,
      project_amount_cents: 5_000_000,
      registration_cost_cents: 5_000_000,
      subsidy_cents: used,
      own_contribution_cents: 5_000_000 - used,
    });

    // The provider of DV.O218724 watches its overview: its count must follow the rush at once.
    const headOffice = await demoAgent(testApp, 'head office');
    const countBefore = await overviewCount(headOffice);

    const drafts: string[] = [];
    for (let index = 0; index < DRAFTS; index += 1) drafts.push(await completeDraft(company.agent));
    // Every summary was read before the rush: each shows the full € 300 and would be accepted alone.
    const bodies: string[] = [];
    for (const draft of drafts) {
      const summary = await company.agent.get(`${draft}/overzicht`).expect(200);
      expect(inputValueOf(summary.text, 'shownSubsidyCents')).toBe(String(SUBSIDY_EACH_CENTS));
      bodies.push(
        formBody({
          _csrf: csrfTokenIn(summary.text),
          declaration: 'ja',
          shownSubsidyCents: String(SUBSIDY_EACH_CENTS),
        }),
      );
    }

    const results = await Promise.all(
      drafts.map((draft, index) =>
        company.agent
          .post(`${draft}/overzicht`)
          .type('form')
          .send(bodies[index] ?? ''),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: DRAFTS }, () => 303));
    const accepted = results.filter((result) =>
      /^\/onderneming\/projecten\/[0-9]{4}KMO[0-9]+\/storting$/.test(result.headers.location ?? ''),
    );
    expect(accepted).toHaveLength(ROOM_FOR);

    // Every refusal says why: the draft's page names the used-up ceiling.
    const ceilingMessage = `Uw steunplafond voor ${year} (${euro(CEILING_CENTS)}) is opgebruikt. Een aanvraag levert dit jaar geen steun meer op; vanaf 01/01/${year + 1} kan het opnieuw.`;
    for (const [index, result] of results.entries()) {
      if (accepted.includes(result)) continue;
      expect([`${drafts[index]}/overzicht`, `${drafts[index]}/project`]).toContain(result.headers.location);
      const landed = await landOn(company.agent, result.headers.location ?? '');
      expect(landed.path).toBe(`${drafts[index]}/project`);
      expect(fieldErrorOf(landed.html, 'eligibleCosts')).toBe(ceilingMessage);
    }

    expect(await overviewCount(headOffice)).toBe(countBefore + ROOM_FOR);

    // In the database: the three projects, each once, and the ceiling reached, not passed.
    const projects = await db()('projects')
      .where({ company_id: company.id })
      .whereNot({ project_number: number })
      .select('project_number', 'subsidy_cents');
    expect(projects).toHaveLength(ROOM_FOR);
    expect(new Set(projects.map((project) => project.project_number)).size).toBe(ROOM_FOR);
    expect(projects.map((project) => project.subsidy_cents)).toEqual(
      Array.from({ length: ROOM_FOR }, () => SUBSIDY_EACH_CENTS),
    );
    // Gap-free: the accepted numbers follow each other, and the year's counter stands at the last.
    const serials = projects
      .map((project) => Number(String(project.project_number).slice(`${year}KMO`.length)))
      .sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: ROOM_FOR }, (_, index) => (serials[0] ?? 0) + index));
    const counter = await db()('project_number_counters').where({ year }).first('last_number');
    expect(counter?.last_number).toBe(serials.at(-1));
    const total = await db()('projects')
      .where({ company_id: company.id })
      .sum<{ sum: string }>('subsidy_cents as sum')
      .first();
    expect(Number(total?.sum)).toBe(CEILING_CENTS);
    const submitted = await db()('wizard_drafts')
      .whereIn(
        'id',
        drafts.map((draft) => draft.split('/').pop() ?? ''),
      )
      .whereNotNull('submitted_at')
      .select('result_path');
    expect(submitted.map((row) => row.result_path).sort()).toEqual(
      accepted.map((result) => result.headers.location).sort(),
    );
    const audits = await db()('audit_log')
      .where({ action: 'project.apply' })
      .whereIn(
        'entity_id',
        (await db()('projects').where({ company_id: company.id }).select('id')).map((row) => String(row.id)),
      );
    expect(audits).toHaveLength(ROOM_FOR);

    // A second submit of an accepted draft goes to its project; of a refused one, refused again.
    const acceptedIndex = results.findIndex((result) => accepted.includes(result));
    const refusedIndex = results.findIndex((result) => !accepted.includes(result));
    const token = csrfTokenIn((await company.agent.get('/onderneming')).text);
    const again = await Promise.all(
      [acceptedIndex, refusedIndex].map((index) =>
        company.agent
          .post(`${drafts[index]}/overzicht`)
          .type('form')
          .send(formBody({ _csrf: token, declaration: 'ja', shownSubsidyCents: String(SUBSIDY_EACH_CENTS) })),
      ),
    );
    expect(again[0]?.headers.location).toBe(results[acceptedIndex]?.headers.location);
    expect(again[1]?.headers.location).toBe(`${drafts[refusedIndex]}/project`);
    expect(await db()('projects').where({ company_id: company.id })).toHaveLength(ROOM_FOR + 1);
  });
});
