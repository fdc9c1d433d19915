import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidStructuredCommunication } from '../../../src/domain/belgian-identifiers.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { errorSummaryOf, fieldErrorOf, inputValueOf, textOf } from '../../support/html.js';
import { csrfTokenIn, newAgent, signInAsProvider, type Agent } from '../../support/session.js';
import { createTestCompany, formBody, postForm, trainingProject, type TestCompany } from './support.js';
import { TEST_TODAY } from '../../support/clock.js';
import { dmy, plusDays } from '../../support/format.js';

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

const training = trainingProject(today);
const participants = { firstName: ['An', 'Bert'], lastName: ['Claes', 'De Smet'] };
const TRAINING_REGISTRATION = 'DV.O218724';

const newCompany = (options: { size?: 'klein' | 'middelgroot'; email?: string | null } = {}) =>
  createTestCompany(db(), testApp.app, testApp.container, { year, ...options });

/** Starts (or resumes) the wizard; returns the draft's base path. */
async function startDraft(agent: Agent, fresh = false): Promise<string> {
  const start = await agent.get(`/onderneming/aanvraag${fresh ? '?nieuw' : ''}`);
  expect(start.status).toBe(302);
  const match = /^(\/onderneming\/aanvraag\/[0-9a-f-]{36})\/[a-z]+$/.exec(start.headers.location ?? '');
  expect(match, start.headers.location).not.toBeNull();
  return match?.[1] ?? '';
}

/** Answers every page up to the summary; returns the draft's base path. */
async function fillUpToSummary(
  company: TestCompany,
  project: Record<string, string> = training,
  registration = TRAINING_REGISTRATION,
): Promise<string> {
  const draft = await startDraft(company.agent, true);
  expect((await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' })).headers.location).toBe(
    `${draft}/project`,
  );
  const projectPosted = await postForm(company.agent, `${draft}/project`, project);
  expect(projectPosted.status).toBe(303);
  if (project.service === 'opleiding') {
    expect(projectPosted.headers.location).toBe(`${draft}/deelnemers`);
    const names = {
      firstName: participants.firstName.slice(0, Number(project.participantCount)),
      lastName: participants.lastName.slice(0, Number(project.participantCount)),
    };
    expect((await postForm(company.agent, `${draft}/deelnemers`, names)).headers.location).toBe(
      `${draft}/dienstverlener`,
    );
  } else {
    expect(projectPosted.headers.location).toBe(`${draft}/dienstverlener`);
  }
  const chosen = await postForm(company.agent, `${draft}/dienstverlener`, {
    registrationNumber: registration,
  });
  expect(chosen.headers.location).toBe(`${draft}/overzicht`);
  return draft;
}

async function submit(agent: Agent, draft: string, fields: Record<string, string> = { declaration: 'ja' }) {
  const summary = await agent.get(`${draft}/overzicht`).expect(200);
  const shown = inputValueOf(summary.text, 'shownSubsidyCents');
  return agent
    .post(`${draft}/overzicht`)
    .type('form')
    .send(
      formBody({
        _csrf: csrfTokenIn(summary.text),
        ...(shown ? { shownSubsidyCents: shown } : {}),
        ...fields,
      }),
    );
}

const projectsOf = (companyId: number) => db()('projects').where({ company_id: companyId }).orderBy('id');

describe('the application wizard, start to finish', () => {
  it('files a training application: project, participants, history, ledger expectations, size lock, mails', async () => {
    const company = await newCompany();
    const draft = await fillUpToSummary(company);

    const summary = await company.agent.get(`${draft}/overzicht`).expect(200);
    const text = textOf(summary.text);
    expect(text).toContain('Subsidie aanvragen – stap 4 van 6');
    // 30 % for a small enterprise (DOMAIN.md §6) of € 1.000,00.
    expect(text).toContain('Projectbedrag € 1.000,00');
    expect(text).toContain('Steun van de Vlaamse overheid € 300,00 (30 %)');
    expect(text).toContain('Uw eigen bijdrage € 700,00');
    expect(text).toContain('Dienstverlener kmo-portefeuille');
    expect(text).toContain(TRAINING_REGISTRATION);
    expect(text).toContain('An Claes');
    expect(text).toContain('Bert De Smet');
    expect(text).toContain(`Aanvraagdatum ${dmy(today)}`);

    const submitted = await submit(company.agent, draft);
    expect(submitted.status).toBe(303);
    const [project] = await projectsOf(company.id);
    expect(project).toBeDefined();
    expect(submitted.headers.location).toBe(`/onderneming/projecten/${project.project_number}/storting`);

    expect(project.project_number).toMatch(new RegExp(`^${year}KMO[0-9]{6}$`));
    expect(isValidStructuredCommunication(project.structured_communication)).toBe(true);
    expect(project).toMatchObject({
      status: 'Bevestigd',
      service: 'opleiding',
      training_kind: 'extern',
      subtheme: 'hr.welzijn',
      nace_code: '62010',
      company_size: 'klein',
      participant_count: 2,
      application_date: today,
      agreement_date: plusDays(today, -10),
      start_date: plusDays(today, -3),
      deposit_deadline: plusDays(today, 30),
      registration_cost_cents: 120_000,
      project_amount_cents: 100_000,
      subsidy_cents: 30_000,
      own_contribution_cents: 70_000,
      subsidy_rate_bp: 3000,
    });
    expect(Number(project.hours)).toBe(7.5);

    const names = await db()('project_participants')
      .where({ project_id: project.id })
      .orderBy('position')
      .select('first_name', 'last_name');
    expect(names).toEqual([
      { first_name: 'An', last_name: 'Claes' },
      { first_name: 'Bert', last_name: 'De Smet' },
    ]);
    const history = await db()('project_history').where({ project_id: project.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      from_status: null,
      to_status: 'Bevestigd',
      actor_type: 'entrepreneur',
    });
    const expected = await db()('expected_ledger_entries')
      .where({ project_id: project.id })
      .orderBy('kind')
      .select('kind', 'amount_cents', 'due_on');
    expect(expected).toEqual([
      { kind: 'eigen_bijdrage', amount_cents: 70_000, due_on: plusDays(today, 30) },
      { kind: 'subsidie', amount_cents: 30_000, due_on: null },
    ]);
    const confirmation = await db()('company_size_confirmations')
      .where({ company_id: company.id, year })
      .first();
    expect(confirmation.locked_at).not.toBeNull();
    const audit = await db()('audit_log').where({ action: 'project.apply', entity_id: String(project.id) });
    expect(audit).toHaveLength(1);

    await testApp.container.mail.flush();
    const mails = testApp.mailbox.list();
    const toCompany = mails.find((mail) => mail.subject.startsWith(`Uw aanvraag ${project.project_number}`));
    expect(toCompany?.to).toEqual([company.email]);
    expect(toCompany?.subject).toBe(
      `Uw aanvraag ${project.project_number} is goedgekeurd: stort uw eigen bijdrage vóór ${dmy(plusDays(today, 30))}`,
    );
    const digits = project.structured_communication as string;
    expect(toCompany?.text).toContain(`+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`);
    expect(toCompany?.text).toContain('Bedrag: € 700,00');
    const toProvider = mails.find(
      (mail) =>
        mail.subject === `Nieuwe aanvraag kmo-portefeuille ${project.project_number} voor ${company.name}`,
    );
    expect(toProvider).toBeDefined();

    // The provider's overview shows it at once.
    const provider = newAgent(testApp.app);
    await signInAsProvider(provider, '0123456749', 'kmo-demo-2026');
    const overview = await provider
      .get(`/dienstverlener/projecten?nummer=${project.project_number}`)
      .expect(200);
    expect(textOf(overview.text)).toContain(project.project_number);
  });

  it('files an advice application on cybersecurity at the increased rate, without participants', async () => {
    const company = await newCompany({ size: 'middelgroot' });
    const advice = {
      service: 'advies',
      title: 'Advies beveiliging netwerk',
      subtheme: 'it.cybersecurity',
      hours: '12',
      agreementDate: dmy(plusDays(today, -1)),
      startDate: dmy(plusDays(today, 5)),
      businessPurpose: 'ja',
      registrationCost: '2.000,00',
      eligibleCosts: '1.999,99',
    };
    const draft = await fillUpToSummary(company, advice, 'DV.A218723');
    const submitted = await submit(company.agent, draft);
    expect(submitted.status).toBe(303);
    const [project] = await projectsOf(company.id);
    // 35 % for a medium enterprise on cybersecurity, rounded down: 199 999 × 0,35 = 69 999,65 → 69 999.
    expect(project).toMatchObject({
      service: 'advies',
      training_kind: null,
      participant_count: null,
      subsidy_rate_bp: 3500,
      project_amount_cents: 199_999,
      subsidy_cents: 69_999,
      own_contribution_cents: 130_000,
    });
    expect(await db()('project_participants').where({ project_id: project.id })).toHaveLength(0);
  });
});

describe('one project per application', () => {
  it('a second submit (double click, reload, back then submit) goes to the same project', async () => {
    const company = await newCompany();
    const draft = await fillUpToSummary(company);
    const first = await submit(company.agent, draft);
    const page = await company.agent.get(`${draft}/overzicht`);
    // The summary of a submitted draft shows its result.
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe(first.headers.location);
    const again = await company.agent
      .post(`${draft}/overzicht`)
      .type('form')
      .send(
        formBody({ _csrf: csrfTokenIn((await company.agent.get('/onderneming')).text), declaration: 'ja' }),
      );
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    // Back to a page of the submitted draft, then posting it: the result again, nothing changed.
    const back = await company.agent
      .post(`${draft}/project`)
      .type('form')
      .send(formBody({ _csrf: csrfTokenIn((await company.agent.get('/onderneming')).text), ...training }));
    expect(back.headers.location).toBe(first.headers.location);
    expect(await projectsOf(company.id)).toHaveLength(1);
  });

  it('concurrent submits of one draft create one project', async () => {
    const company = await newCompany();
    const draft = await fillUpToSummary(company);
    const summary = await company.agent.get(`${draft}/overzicht`).expect(200);
    const body = formBody({
      _csrf: csrfTokenIn(summary.text),
      declaration: 'ja',
      shownSubsidyCents: inputValueOf(summary.text, 'shownSubsidyCents') ?? '',
    });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => company.agent.post(`${draft}/overzicht`).type('form').send(body)),
    );
    const locations = new Set(results.map((result) => result.headers.location));
    expect(results.map((result) => result.status)).toEqual([303, 303, 303, 303]);
    expect(locations.size).toBe(1);
    expect(await projectsOf(company.id)).toHaveLength(1);
  });

  it('concurrent applications of different enterprises get unique numbers and communications', async () => {
    const companies = await Promise.all(Array.from({ length: 5 }, () => newCompany()));
    const drafts = await Promise.all(companies.map((company) => fillUpToSummary(company)));
    const results = await Promise.all(
      companies.map((company, index) => submit(company.agent, drafts[index] ?? '')),
    );
    expect(results.map((result) => result.status)).toEqual([303, 303, 303, 303, 303]);
    const rows = await db()('projects')
      .whereIn(
        'company_id',
        companies.map((company) => company.id),
      )
      .select('project_number', 'structured_communication');
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.project_number)).size).toBe(5);
    expect(new Set(rows.map((row) => row.structured_communication)).size).toBe(5);
    for (const row of rows) expect(isValidStructuredCommunication(row.structured_communication)).toBe(true);
    // Numbers continue above the demo data's highest of the year.
    const demoMax = await db()('projects')
      .where('project_number', 'like', `${year}KMO%`)
      .whereNotIn(
        'company_id',
        companies.map((company) => company.id),
      )
      .max<{ max: string }>('project_number as max')
      .first();
    for (const row of rows) expect(row.project_number > (demoMax?.max ?? '')).toBe(true);
  });
});

describe('the wizard keeps order and answers', () => {
  it('cannot reach a step before its predecessors; resumes the open draft', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent, true);
    // (The participants page only exists once the service is training.)
    for (const page of ['project', 'dienstverlener', 'overzicht']) {
      const response = await company.agent.get(`${draft}/${page}`);
      expect(response.status, page).toBe(302);
      expect(response.headers.location).toBe(`${draft}/activiteit`);
    }
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    await postForm(company.agent, `${draft}/project`, training);
    // Leave and come back: the same draft, at the first incomplete page.
    const resumed = await company.agent.get('/onderneming/aanvraag');
    expect(resumed.headers.location).toBe(`${draft}/deelnemers`);
    // Back links are real links, and the earlier pages show the answers given.
    const page = await company.agent.get(`${draft}/deelnemers`).expect(200);
    expect(page.text).toContain(`href="${draft}/project"`);
    const project = await company.agent.get(`${draft}/project`).expect(200);
    expect(inputValueOf(project.text, 'title')).toBe(training.title);
    expect(inputValueOf(project.text, 'eligibleCosts')).toBe('1.000,00');
    expect(project.text).toContain(`href="${draft}/activiteit"`);
  });

  it('"Wijzig" returns to the summary, and the summary recalculates', async () => {
    const company = await newCompany();
    const draft = await fillUpToSummary(company);
    const changed = await postForm(company.agent, `${draft}/project?wijzig=1`, {
      ...training,
      eligibleCosts: '500,00',
    });
    expect(changed.headers.location).toBe(`${draft}/overzicht`);
    const summary = await company.agent.get(`${draft}/overzicht`).expect(200);
    expect(textOf(summary.text)).toContain('Steun van de Vlaamse overheid € 150,00 (30 %)');
  });

  it('a participant count change asks for the names again', async () => {
    const company = await newCompany();
    const draft = await fillUpToSummary(company);
    await postForm(company.agent, `${draft}/project?wijzig=1`, { ...training, participantCount: '3' });
    const summary = await company.agent.get(`${draft}/overzicht`);
    expect(summary.headers.location).toBe(`${draft}/deelnemers`);
    const page = await company.agent.get(`${draft}/deelnemers`).expect(200);
    expect(textOf(page.text)).toContain('Deelnemer 3');
    const refused = await postForm(company.agent, `${draft}/deelnemers`, participants);
    const shown = await company.agent.get(refused.headers.location ?? '').expect(200);
    expect(fieldErrorOf(shown.text, 'firstName-3')).toBe('Vul de voornaam van deelnemer 3 in.');
    expect(fieldErrorOf(shown.text, 'lastName-3')).toBe('Vul de achternaam van deelnemer 3 in.');
    expect(errorSummaryOf(shown.text).map((error) => error.field)).toEqual(['firstName-3', 'lastName-3']);
  });
});

describe('refusals on the project page', () => {
  async function refusedProject(company: TestCompany, changes: Record<string, string>) {
    const draft = await startDraft(company.agent, true);
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    const posted = await postForm(company.agent, `${draft}/project`, { ...training, ...changes });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(`${draft}/project`);
    const page = await company.agent.get(`${draft}/project`).expect(200);
    // Nothing was saved: the next page still sends back here.
    expect((await company.agent.get(`${draft}/dienstverlener`)).headers.location).toBe(`${draft}/project`);
    return page.text;
  }

  let company: TestCompany;
  beforeAll(async () => {
    company = await newCompany();
  });

  it.each([
    [
      'services started 15 days ago',
      { startDate: dmy(plusDays(today, -15)), agreementDate: dmy(plusDays(today, -20)) },
      'startDate',
      `De dienstverlening startte op ${dmy(plusDays(today, -15))}. U kunt steun aanvragen tot 14 kalenderdagen na de start, dus voor diensten die startten op of na ${dmy(plusDays(today, -14))}.`,
    ],
    [
      'an agreement date in the future',
      { agreementDate: dmy(plusDays(today, 1)), startDate: dmy(plusDays(today, 2)) },
      'agreementDate',
      `De datum van de overeenkomst ligt in de toekomst. Vul de datum in waarop u de overeenkomst met de dienstverlener sloot (uiterlijk ${dmy(today)}).`,
    ],
    ['zero hours', { hours: '0' }, 'hours', 'Het aantal uren moet groter zijn dan 0.'],
    [
      'hours that are not a number',
      { hours: 'zeven' },
      'hours',
      'Vul het aantal uren in als een getal, bijvoorbeeld 7 of 7,5.',
    ],
    ['too many hours', { hours: '100000' }, 'hours', 'Het aantal uren is te groot: hoogstens 9.999,99 uren.'],
    [
      'a zero registration cost',
      { registrationCost: '0' },
      'registrationCost',
      'Vul de inschrijvingskost in als een bedrag groter dan 0, bijvoorbeeld 1.250,00.',
    ],
    [
      'negative eligible costs',
      { eligibleCosts: '-10' },
      'eligibleCosts',
      'Vul de subsidiabele kosten in als een bedrag groter dan 0, bijvoorbeeld 1.000,00.',
    ],
    [
      'eligible costs above the registration cost',
      { eligibleCosts: '1.200,01' },
      'eligibleCosts',
      'De subsidiabele kosten (€ 1.200,01) kunnen niet hoger zijn dan de inschrijvingskost (€ 1.200,00).',
    ],
    [
      'a training amount under € 100',
      { eligibleCosts: '99,99' },
      'eligibleCosts',
      'Het projectbedrag (€ 99,99) is lager dan het minimum van € 100,00 voor opleiding.',
    ],
    [
      'advice outside cybersecurity',
      { service: 'advies', subtheme: 'strategie.swot', eligibleCosts: '800,00' },
      'subtheme',
      'Sinds 01/02/2026 komt advies enkel in aanmerking met het thema cybersecurity. Kies het subthema Cybersecurity, of vraag steun aan voor een opleiding.',
    ],
    [
      'an advice amount under € 500',
      { service: 'advies', subtheme: 'it.cybersecurity', eligibleCosts: '499,99' },
      'eligibleCosts',
      'Het projectbedrag (€ 499,99) is lager dan het minimum van € 500,00 voor advies.',
    ],
    ['no training kind', { trainingKind: '' }, 'trainingKind', 'Kies de soort opleiding.'],
    [
      'no participants',
      { participantCount: '0' },
      'participantCount',
      'Vul het aantal deelnemers in, een geheel getal van 1 tot 100.',
    ],
    [
      'the business purpose not confirmed',
      { businessPurpose: '' },
      'businessPurpose',
      'Bevestig dat het project dient voor de huidige of toekomstige bedrijfsvoering.',
    ],
    [
      'an unknown subtheme',
      { subtheme: 'it.quantum' },
      'subtheme',
      'Kies het thema en subthema van het project.',
    ],
    [
      'a date that does not exist',
      { agreementDate: '31/02/2026' },
      'agreementDate',
      '31/02/2026 is geen bestaande datum: februari 2026 heeft 28 dagen.',
    ],
    [
      'a start date on day 00',
      { startDate: '00/01/2026' },
      'startDate',
      '00/01/2026 is geen bestaande datum: de dag ligt tussen 01 en 31, de maand tussen 01 en 12.',
    ],
    [
      'a date that is not written as a date',
      { agreementDate: 'vorige week' },
      'agreementDate',
      'Vul de datum van de overeenkomst in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.',
    ],
  ])(
    'refuses %s, beside the field and in the summary, keeping the input',
    async (_what, changes, field, message) => {
      const html = await refusedProject(company, changes);
      expect(fieldErrorOf(html, field)).toBe(message);
      expect(errorSummaryOf(html)).toContainEqual({ field, message });
      expect(html).toContain('<title>Fout: ');
      expect(inputValueOf(html, 'title')).toBe(training.title);
    },
  );

  it('refuses once the yearly ceiling is used up, and caps the subsidy when little is left', async () => {
    const capped = await newCompany();
    const demoProject = await db()('projects').where({ status: 'Lopend' }).first();
    const insertUsed = (subsidy: number, number: string) =>
      db()('projects').insert({
        ...demoProject,
        id: undefined,
        created_at: undefined,
        updated_at: undefined,
        company_id: capped.id,
        project_number: number,
        structured_communication: `${number.slice(0, 4)}${number.slice(7)}`.padEnd(10, '0') + '00',
        application_date: `${year}-01-15`,
        project_amount_cents: 5_000_000,
        registration_cost_cents: 5_000_000,
        subsidy_cents: subsidy,
        own_contribution_cents: 5_000_000 - subsidy,
      });
    // € 7.300 used: € 200 left of € 7.500.
    await insertUsed(730_000, `${year}KMO990001`);
    const draft = await fillUpToSummary(capped);
    const summary = await capped.agent.get(`${draft}/overzicht`).expect(200);
    expect(textOf(summary.text)).toContain(
      'Steun van de Vlaamse overheid € 200,00 (30 %, beperkt door uw steunplafond)',
    );
    expect(textOf(summary.text)).toContain('Uw eigen bijdrage € 800,00');
    expect(textOf(summary.text)).toContain('Na deze aanvraag blijft er € 0,00 over.');

    // € 100 more used meanwhile (e.g. by a colleague) while this summary was open: the submit
    // says the figures changed instead of filing other ones.
    await insertUsed(10_000, `${year}KMO990002`);
    const changed = await capped.agent
      .post(`${draft}/overzicht`)
      .type('form')
      .send(
        formBody({
          _csrf: csrfTokenIn(summary.text),
          declaration: 'ja',
          shownSubsidyCents: inputValueOf(summary.text, 'shownSubsidyCents') ?? '',
        }),
      );
    expect(changed.headers.location).toBe(`${draft}/overzicht`);
    const again = await capped.agent.get(`${draft}/overzicht`).expect(200);
    expect(errorSummaryOf(again.text)).toEqual([
      {
        field: 'formulier',
        message: `De steun is intussen gewijzigd: € 100,00 in plaats van € 200,00, omdat uw steunplafond voor ${year} ondertussen verder gebruikt werd. Controleer de nieuwe bedragen en dien opnieuw in.`,
      },
    ]);
    expect(textOf(again.text)).toContain('Steun van de Vlaamse overheid € 100,00');

    // The rest used up too: the project page now says why, nothing is filed.
    await insertUsed(10_000, `${year}KMO990003`);
    const late = await capped.agent
      .post(`${draft}/overzicht`)
      .type('form')
      .send(formBody({ _csrf: csrfTokenIn(again.text), declaration: 'ja' }));
    expect(late.headers.location).toBe(`${draft}/project`);
    expect((await capped.agent.get(`${draft}/overzicht`)).headers.location).toBe(`${draft}/project`);
    const projectPage = await capped.agent.get(`${draft}/project`).expect(200);
    expect(fieldErrorOf(projectPage.text, 'eligibleCosts')).toBe(
      `Uw steunplafond voor ${year} (€ 7.500,00) is opgebruikt. Een aanvraag levert dit jaar geen steun meer op; vanaf 01/01/${year + 1} kan het opnieuw.`,
    );
    expect(await db()('projects').where({ company_id: capped.id, status: 'Bevestigd' })).toHaveLength(0);
  });
});

describe('the calculation as the user types', () => {
  it('answers the live script with the figures (JSON) without saving anything', async () => {
    const company = await newCompany({ size: 'middelgroot' });
    const draft = await startDraft(company.agent, true);
    const response = await company.agent
      .get(`${draft}/berekening`)
      .query({ service: 'opleiding', subtheme: 'energie.energie-efficientie', eligibleCosts: '2.500,00' })
      .expect(200);
    expect(response.body).toMatchObject({
      complete: true,
      projectAmount: '€ 2.500,00',
      subsidy: '€ 875,00',
      ownContribution: '€ 1.625,00',
      rate: '35 %',
      increasedRate: true,
      ceilingLeft: '€ 7.500,00',
    });
    const incomplete = await company.agent
      .get(`${draft}/berekening`)
      .query({ eligibleCosts: 'veel' })
      .expect(200);
    expect(incomplete.body.complete).toBe(false);
    expect(incomplete.body.subsidy).toBe('–');
  });

  it('recalculates without JavaScript: the button shows the figures and keeps the input, saving nothing', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent, true);
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    const posted = await postForm(company.agent, `${draft}/project`, {
      service: 'opleiding',
      subtheme: 'it.cybersecurity',
      eligibleCosts: '1.000,00',
      title: 'Nog niet af',
      actie: 'herbereken',
    });
    expect(posted.headers.location).toBe(`${draft}/project#berekening`);
    const page = await company.agent.get(`${draft}/project`).expect(200);
    const text = textOf(page.text);
    expect(text).toContain('Steun van de Vlaamse overheid (45 %) € 450,00');
    expect(text).toContain('Uw eigen bijdrage € 550,00');
    expect(errorSummaryOf(page.text)).toEqual([]);
    expect(inputValueOf(page.text, 'title')).toBe('Nog niet af');
    expect((await company.agent.get(`${draft}/dienstverlener`)).headers.location).toBe(`${draft}/project`);
  });
});

describe('main activity and provider', () => {
  it.each([
    ['12', 'Een NACE-BEL-code heeft 5 cijfers, bijvoorbeeld 43222.'],
    ['99999', 'Deze NACE-BEL-code kennen we niet. Kies de code uit de lijst, bijvoorbeeld 43222.'],
    [
      '01110',
      'Ondernemingen met als hoofdactiviteit primaire landbouw, visserij of aquacultuur komen niet in aanmerking voor de kmo-portefeuille.',
    ],
    ['', 'Vul de NACE-BEL-code van uw hoofdactiviteit in.'],
  ])('refuses NACE code "%s"', async (code, message) => {
    const company = await newCompany();
    const draft = await startDraft(company.agent, true);
    const posted = await postForm(company.agent, `${draft}/activiteit`, { naceCode: code });
    expect(posted.headers.location).toBe(`${draft}/activiteit`);
    const page = await company.agent.get(`${draft}/activiteit`).expect(200);
    expect(fieldErrorOf(page.text, 'naceCode')).toBe(message);
  });

  it('proposes the NACE code on file and accepts it written with a dot', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent, true);
    const page = await company.agent.get(`${draft}/activiteit`).expect(200);
    expect(inputValueOf(page.text, 'naceCode')).toBe('62010');
    const posted = await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62.010' });
    expect(posted.headers.location).toBe(`${draft}/project`);
  });

  it('finds registered providers for the service by name and selects one', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent, true);
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    await postForm(company.agent, `${draft}/project`, training);
    await postForm(company.agent, `${draft}/deelnemers`, participants);
    const search = await company.agent.get(`${draft}/dienstverlener?zoek=kmo-portef`).expect(200);
    const text = textOf(search.text);
    expect(text).toContain(TRAINING_REGISTRATION);
    // Only training registrations: the advice registration DV.A218723 is not offered for a training.
    expect(text).not.toContain('Registratie DV.A218723');
    const none = await company.agent.get(`${draft}/dienstverlener?zoek=zzzzzz`).expect(200);
    expect(textOf(none.text)).toContain('Geen dienstverleners gevonden');
    const chosen = await postForm(company.agent, `${draft}/dienstverlener`, {
      registrationNumber: 'dv.o218724',
    });
    expect(chosen.headers.location).toBe(`${draft}/overzicht`);
  });

  it.each([
    [
      'DV.O999999',
      'Er is geen registratie met nummer DV.O999999. Controleer het nummer of zoek de dienstverlener op naam.',
    ],
    ['218724x', 'Een registratienummer ziet eruit als DV.O218724 (opleiding) of DV.A218723 (advies).'],
    [
      'DV.A218723',
      'Registratie DV.A218723 is een registratie voor advies; uw project is een opleiding. Kies een dienstverlener die voor opleiding geregistreerd is.',
    ],
  ])('refuses registration %s', async (number, message) => {
    const company = await newCompany();
    const draft = await startDraft(company.agent, true);
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    await postForm(company.agent, `${draft}/project`, training);
    await postForm(company.agent, `${draft}/deelnemers`, participants);
    const posted = await postForm(company.agent, `${draft}/dienstverlener`, { registrationNumber: number });
    expect(posted.headers.location).toBe(`${draft}/dienstverlener`);
    const page = await company.agent.get(`${draft}/dienstverlener`).expect(200);
    expect(fieldErrorOf(page.text, 'registrationNumber')).toBe(message);
  });

  it('refuses a registration that is not approved, also when it is suspended just before the submit', async () => {
    const company = await newCompany();
    const draft = await fillUpToSummary(company);
    await db()('registrations').where({ number: TRAINING_REGISTRATION }).update({ status: 'S' });
    try {
      // A summary opened before the suspension, submitted after it: back to the page whose answer no longer holds.
      const refused = await company.agent
        .post(`${draft}/overzicht`)
        .type('form')
        .send(
          formBody({ _csrf: csrfTokenIn((await company.agent.get('/onderneming')).text), declaration: 'ja' }),
        );
      expect(refused.headers.location).toBe(`${draft}/dienstverlener`);
      const summary = await company.agent.get(`${draft}/overzicht`);
      expect(summary.headers.location).toBe(`${draft}/dienstverlener`);
      // The page says why, beside the field, without the user doing anything.
      const page = await company.agent.get(`${draft}/dienstverlener`).expect(200);
      expect(fieldErrorOf(page.text, 'registrationNumber')).toContain(
        'is vandaag niet geldig (status: Geschorst',
      );
      const posted = await postForm(company.agent, `${draft}/dienstverlener`, {
        registrationNumber: TRAINING_REGISTRATION,
      });
      const shown = await company.agent.get(posted.headers.location ?? '').expect(200);
      expect(fieldErrorOf(shown.text, 'registrationNumber')).toContain(
        `Registratie ${TRAINING_REGISTRATION} van Dienstverlener kmo-portefeuille is vandaag niet geldig (status: Geschorst`,
      );
      expect(await projectsOf(company.id)).toHaveLength(0);
    } finally {
      await db()('registrations').where({ number: TRAINING_REGISTRATION }).update({ status: 'G' });
    }
  });
});

describe('the declaration and who may apply', () => {
  it('refuses a submit without the declaration on honour', async () => {
    const company = await newCompany();
    const draft = await fillUpToSummary(company);
    const refused = await submit(company.agent, draft, {});
    expect(refused.headers.location).toBe(`${draft}/overzicht`);
    const page = await company.agent.get(`${draft}/overzicht`).expect(200);
    expect(fieldErrorOf(page.text, 'declaration')).toBe(
      'Vink de verklaring op eer aan om uw aanvraag in te dienen.',
    );
    expect(await projectsOf(company.id)).toHaveLength(0);
  });

  it("answers 404 for another person's draft", async () => {
    const owner = await newCompany();
    const draft = await startDraft(owner.agent, true);
    const other = await newCompany();
    expect((await other.agent.get(`${draft}/activiteit`)).status).toBe(404);
    expect((await other.agent.get(`${draft}/berekening`)).status).toBe(404);
    const token = csrfTokenIn((await other.agent.get('/onderneming')).text);
    const posted = await other.agent
      .post(`${draft}/activiteit`)
      .type('form')
      .send(formBody({ _csrf: token, naceCode: '62010' }));
    expect(posted.status).toBe(404);
  });

  it('keeps providers and anonymous visitors out', async () => {
    const provider = newAgent(testApp.app);
    await signInAsProvider(provider, '0123456749', 'kmo-demo-2026');
    expect((await provider.get('/onderneming/aanvraag')).status).toBe(403);
    const anonymous = await newAgent(testApp.app).get('/onderneming/aanvraag');
    expect(anonymous.status).toBe(302);
  });

  it('refuses a post without the CSRF token', async () => {
    const company = await newCompany();
    const draft = await startDraft(company.agent, true);
    const posted = await company.agent
      .post(`${draft}/activiteit`)
      .type('form')
      .send(formBody({ naceCode: '62010' }));
    expect(posted.status).toBe(403);
  });
});
