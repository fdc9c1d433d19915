import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockOnDay } from '../../../src/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { textOf } from '../../support/html.js';
import { TEST_TODAY } from '../../support/clock.js';
import { completeRegistrationFile } from '../../support/registration-file.js';
import { csrfTokenIn, newAgent, signInWithSaml, type Agent } from '../../support/session.js';
import { createTestCompany, startDraft } from '../applications/support.js';

/**
 * A value the agency adds for a date to come changes nothing before that
 * date and applies from it: three apps on one database, each living on its
 * own day (TEST_TODAY = 18/11/2026, where staff add the values; the day
 * before they take effect; the day they do).
 */
const CHANGE_DAY = '2026-12-01';

let today: TestApp;
let dayBefore: TestApp;
let changeDay: TestApp;

async function staffOn(app: TestApp): Promise<Agent> {
  const agent = newAgent(app.app);
  await signInWithSaml(agent, app.container, 'agency-staff');
  return agent;
}

async function addValue(agent: Agent, slug: string, fields: Record<string, string>) {
  const page = await agent.get(`/beheer/regels/${slug}`);
  expect(page.status).toBe(200);
  const response = await agent
    .post(`/beheer/regels/${slug}`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
  expect(response.status).toBe(303);
  const after = await agent.get(`/beheer/regels/${slug}`);
  expect(after.text).not.toContain('error-summary');
}

beforeAll(async () => {
  today = await createTestApp({ demo: true });
  dayBefore = await createTestApp({ shareDatabaseWith: today, clock: clockOnDay('2026-11-30') });
  changeDay = await createTestApp({ shareDatabaseWith: today, clock: clockOnDay(CHANGE_DAY) });

  const staff = await staffOn(today);
  const decree = { validFrom: '01/12/2026', note: 'Besluit van de Vlaamse Regering van 20 november 2026' };
  await addValue(staff, 'steunpercentage-klein', { value: '35', ...decree });
  await addValue(staff, 'geldigheid-registratie', { value: '4', ...decree });
  await addValue(staff, 'geldigheid-voorwaardelijke-registratie', { value: '3', ...decree });
});
afterAll(async () => {
  await changeDay?.close();
  await dayBefore?.close();
  await today?.close();
});

/** The live calculation of the application wizard for a new small company on that app's day. */
async function liveCalculation(app: TestApp) {
  const company = await createTestCompany(app.database.db, app.app, app.container, {
    year: 2026,
    size: 'klein',
  });
  const draft = await startDraft(company.agent);
  const response = await company.agent
    .get(`${draft}/berekening`)
    .query({ service: 'opleiding', subtheme: 'hr.welzijn', eligibleCosts: '1.000,00' })
    .expect(200);
  return response.body as { rate: string; subsidy: string; ownContribution: string };
}

describe('a new subsidy rate', () => {
  it('leaves the calculation of an application dated before it at the old rate', async () => {
    // DOMAIN.md §6: 30 % for a small enterprise since 1 December 2019.
    expect(await liveCalculation(today)).toMatchObject({
      rate: '30 %',
      subsidy: '€ 300,00',
      ownContribution: '€ 700,00',
    });
    expect(await liveCalculation(dayBefore)).toMatchObject({ rate: '30 %', subsidy: '€ 300,00' });
  });

  it('applies to an application dated on the day it takes effect', async () => {
    expect(await liveCalculation(changeDay)).toMatchObject({
      rate: '35 %',
      subsidy: '€ 350,00',
      ownContribution: '€ 650,00',
    });
  });
});

describe('a new registration validity', () => {
  /** A request (A) of the second demo provider, for advice, with a complete file (approval needs one). */
  async function newRequest(app: TestApp): Promise<number> {
    const { db } = app.database;
    const provider = await db('provider_organisations')
      .where({ enterprise_number: '0456789034' })
      .first('id');
    const [row] = await db('registrations')
      .insert({
        provider_id: provider.id,
        service: 'advies',
        basis: 'privaat',
        audit_bureau: 'SGS Belgium',
        status: 'A',
        requested_at: '2026-11-10 09:00:00 Europe/Brussels',
      })
      .returning('id');
    await completeRegistrationFile(db, row.id as number);
    return row.id as number;
  }

  async function approve(app: TestApp, slug: 'goedkeuren' | 'voorwaardelijk-goedkeuren') {
    const id = await newRequest(app);
    const staff = await staffOn(app);
    const page = await staff.get(`/beheer/registraties/${id}/${slug}`);
    expect(page.status).toBe(200);
    const response = await staff
      .post(`/beheer/registraties/${id}/${slug}`)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), expectedFrom: 'A' });
    expect(response.status).toBe(303);
    return app.database
      .db('registrations')
      .where({ id })
      .first('status', 'valid_from', 'valid_until', 'conditional');
  }

  it('gives an approval before the change the old validity: 5 years, 2 when conditional', async () => {
    expect(await approve(today, 'goedkeuren')).toMatchObject({
      status: 'G',
      valid_from: TEST_TODAY,
      valid_until: '2031-11-17',
    });
    expect(await approve(dayBefore, 'voorwaardelijk-goedkeuren')).toMatchObject({
      status: 'G',
      valid_from: '2026-11-30',
      valid_until: '2028-11-29',
      conditional: true,
    });
  });

  it('names the years in force on the decision buttons', async () => {
    const id = await newRequest(today);
    const before = textOf((await (await staffOn(dayBefore)).get(`/beheer/registraties/${id}`)).text);
    expect(before).toContain('Goedkeuren (5 jaar)');
    expect(before).toContain('Voorwaardelijk goedkeuren (2 jaar)');
    const after = textOf((await (await staffOn(changeDay)).get(`/beheer/registraties/${id}`)).text);
    expect(after).toContain('Goedkeuren (4 jaar)');
    expect(after).toContain('Voorwaardelijk goedkeuren (3 jaar)');
  });

  it('gives an approval from the day of the change the new validity: 4 years, 3 when conditional', async () => {
    expect(await approve(changeDay, 'goedkeuren')).toMatchObject({
      status: 'G',
      valid_from: CHANGE_DAY,
      valid_until: '2030-11-30',
    });
    expect(await approve(changeDay, 'voorwaardelijk-goedkeuren')).toMatchObject({
      status: 'G',
      valid_from: CHANGE_DAY,
      valid_until: '2029-11-30',
      conditional: true,
    });
  });
});
