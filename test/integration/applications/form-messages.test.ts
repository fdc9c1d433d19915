import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { errorSummaryOf, fieldErrorOf, inputValueOf } from '../../support/html.js';
import { csrfTokenIn } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';
import {
  createTestCompany,
  formBody,
  postForm,
  startDraft,
  trainingProject,
  type TestCompany,
} from './support.js';
import { expectSummaryLinksToInvalidFields } from './summary-links.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const year = Number(TEST_TODAY.slice(0, 4));
const training = trainingProject(TEST_TODAY);

const newCompany = () => createTestCompany(db(), testApp.app, testApp.container, { year });

/** Posts a page and shows it again after the refusal (post / redirect / get). */
async function refused(company: TestCompany, path: string, fields: Record<string, string | string[]>) {
  const posted = await postForm(company.agent, path, fields);
  expect(posted.status).toBe(303);
  expect(posted.headers.location).toBe(path);
  return (await company.agent.get(path).expect(200)).text;
}

describe('every error summary link of the wizard goes to its field, marked invalid', () => {
  it('the activity page', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent);
    const html = await refused(company, `${draft}/activiteit`, { naceCode: '123' });
    expect(expectSummaryLinksToInvalidFields(html).map((link) => link.field)).toEqual(['naceCode']);
  });

  it('the project page with every field empty, and with each value that does not fit', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent);
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    const empty = await refused(company, `${draft}/project`, {});
    const fields = expectSummaryLinksToInvalidFields(empty).map((link) => link.field);
    expect(fields).toEqual(
      expect.arrayContaining(['service', 'title', 'subtheme', 'hours', 'agreementDate', 'startDate']),
    );

    const wrong = await refused(company, `${draft}/project`, {
      ...training,
      hours: '100000',
      agreementDate: '31/02/2026',
      startDate: '00/01/2026',
    });
    expect(expectSummaryLinksToInvalidFields(wrong)).toEqual([
      { field: 'hours', message: 'Het aantal uren is te groot: hoogstens 9.999,99 uren.' },
      {
        field: 'agreementDate',
        message: '31/02/2026 is geen bestaande datum: februari 2026 heeft 28 dagen.',
      },
      {
        field: 'startDate',
        message: '00/01/2026 is geen bestaande datum: de dag ligt tussen 01 en 31, de maand tussen 01 en 12.',
      },
    ]);
    // The input is kept as typed.
    expect(inputValueOf(wrong, 'hours')).toBe('100000');
    expect(inputValueOf(wrong, 'agreementDate')).toBe('31/02/2026');
  });

  it("the participants page: each participant's message links to that participant's own field", async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent);
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    await postForm(company.agent, `${draft}/project`, training);
    const longName = 'Van '.repeat(26).trim(); // 103 characters
    const html = await refused(company, `${draft}/deelnemers`, {
      firstName: ['An', ''],
      lastName: [longName, 'De Smet'],
    });
    expect(expectSummaryLinksToInvalidFields(html)).toEqual([
      {
        field: 'lastName-1',
        message: `De achternaam van deelnemer 1 heeft hoogstens 100 tekens; u typte er ${longName.length}.`,
      },
      { field: 'firstName-2', message: 'Vul de voornaam van deelnemer 2 in.' },
    ]);
    // No message is keyed by an index the page has no field for (lastName.0).
    expect(html).not.toMatch(/href="#[a-zA-Z]+\.[0-9]+"/);
    expect(fieldErrorOf(html, 'firstName-1')).toBeUndefined();
    expect(await db()('projects').where({ company_id: company.id })).toEqual([]);
  });

  it('the provider page and the summary page', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent);
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    await postForm(company.agent, `${draft}/project`, training);
    await postForm(company.agent, `${draft}/deelnemers`, {
      firstName: ['An', 'Bert'],
      lastName: ['Claes', 'Peeters'],
    });
    const provider = await refused(company, `${draft}/dienstverlener`, { registrationNumber: 'XYZ' });
    expect(expectSummaryLinksToInvalidFields(provider).map((link) => link.field)).toEqual([
      'registrationNumber',
    ]);

    await postForm(company.agent, `${draft}/dienstverlener`, { registrationNumber: 'DV.O218724' });
    const summary = await company.agent.get(`${draft}/overzicht`).expect(200);
    const posted = await company.agent
      .post(`${draft}/overzicht`)
      .type('form')
      .send(formBody({ _csrf: csrfTokenIn(summary.text) }));
    expect(posted.status).toBe(303);
    const shown = await company.agent.get(`${draft}/overzicht`).expect(200);
    expect(expectSummaryLinksToInvalidFields(shown.text).map((link) => link.field)).toEqual(['declaration']);
    expect(errorSummaryOf(shown.text)).toHaveLength(1);
  });
});
