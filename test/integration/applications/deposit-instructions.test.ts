import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockOnDay } from '../../../src/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { flashTextsOf, headingOf, textOf, titleOf, hrefOf } from '../../support/html.js';
import { pdfText } from '../../support/pdf.js';
import { newAgent, signInAsProvider, signInWithSaml, type Agent } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';
import { dmy, plusDays, euro } from '../../support/format.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

const depositPath = (projectNumber: string) => `/onderneming/projecten/${projectNumber}/storting`;
const pdfPath = (projectNumber: string) => `/onderneming/projecten/${projectNumber}/stortingsinstructies.pdf`;
const nextStepsPath = (projectNumber: string) => `/onderneming/projecten/${projectNumber}/volgende-stappen`;

// ---------------------------------------------------------------------------
// Dates and amounts written here as the spec has them, independent of the code.

/** `123456789002` → `+++123/4567/89002+++`. */
function communication(digits: string): string {
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

/** The rows of the summary lists on a page: key → the text of its value. */
function summaryRowsOf(html: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of html.matchAll(
    /<dt class="summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="summary-list__value">([\s\S]*?)<\/dd>/g,
  )) {
    rows.set(textOf(match[1] ?? ''), textOf(match[2] ?? ''));
  }
  return rows;
}

/** The timeline of the next-steps page: per step its heading, state and text. */
function timelineOf(html: string) {
  return [...html.matchAll(/<li class="timeline__step timeline__step--([a-z-]+)">([\s\S]*?)<\/li>/g)].map(
    (match) => {
      const body = match[2] ?? '';
      return {
        state: match[1],
        heading: textOf(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(body)?.[1] ?? ''),
        tag: textOf(/<strong class="tag[^"]*">([\s\S]*?)<\/strong>/.exec(body)?.[1] ?? ''),
        text: textOf(body),
      };
    },
  );
}

function pageCountOf(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page(?!s)/g) ?? []).length;
}

// ---------------------------------------------------------------------------
// The demo companies and projects of our own with known values.

const today = TEST_TODAY;
const smallCompany = 'Testonderneming_A en B';
const mediumCompany = 'Testonderneming_C';

async function companyId(name: string): Promise<number> {
  const row = await db()('companies').where({ name }).first<{ id: number }>('id');
  if (!row) throw new Error(`no demo company ${name}`);
  return row.id;
}

async function entrepreneurFor(name: string): Promise<Agent> {
  const agent = newAgent(testApp.app);
  await signInWithSaml(agent, testApp.container, 'entrepreneur', `onderneming-${await companyId(name)}`);
  return agent;
}

interface OwnProject {
  projectNumber: string;
  status?: string;
  applicationDate: string;
  depositDeadline?: string;
  structuredCommunication: string;
  company?: string;
}

/**
 * A training project of the demo provider (registration DV.O218724) for a
 * company: project amount € 1.711,93 = own contribution € 1.198,35 + subsidy € 513,58.
 */
async function insertProject(project: OwnProject): Promise<number> {
  const registration = await db()('registrations')
    .where({ number: 'DV.O218724' })
    .first<{ id: number; provider_id: number }>('id', 'provider_id');
  if (!registration) throw new Error('no demo registration DV.O218724');
  const [row] = await db()('projects')
    .insert({
      project_number: project.projectNumber,
      company_id: await companyId(project.company ?? smallCompany),
      provider_id: registration.provider_id,
      registration_id: registration.id,
      service: 'opleiding',
      title: 'Opleiding veilig werken met cloudsoftware',
      training_kind: 'extern',
      subtheme: 'it.software',
      nace_code: '43222',
      company_size: 'klein',
      hours: 16,
      participant_count: 1,
      agreement_date: plusDays(project.applicationDate, -10),
      start_date: plusDays(project.applicationDate, -3),
      application_date: project.applicationDate,
      deposit_deadline: project.depositDeadline ?? plusDays(project.applicationDate, 30),
      registration_cost_cents: 200_000,
      project_amount_cents: 171_193,
      subsidy_cents: 51_358,
      own_contribution_cents: 119_835,
      subsidy_rate_bp: 3000,
      structured_communication: project.structuredCommunication,
      status: project.status ?? 'Bevestigd',
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('project not inserted');
  await db()('project_participants').insert({
    project_id: row.id,
    position: 1,
    first_name: 'An',
    last_name: 'Janssens',
  });
  return row.id;
}

/** Own contribution and subsidy received on `bookedOn`, and the project Lopend. */
async function receiveDeposit(projectId: number, bookedOn: string): Promise<void> {
  await db()('ledger_entries').insert([
    { project_id: projectId, kind: 'eigen_bijdrage', amount_cents: 119_835, booked_on: bookedOn },
    { project_id: projectId, kind: 'subsidie', amount_cents: 51_358, booked_on: bookedOn },
  ]);
  await db()('projects').where({ id: projectId }).update({ status: 'Lopend' });
}

// Applied 18 days ago: the deadline (application + 30 days) is 12 days away.
const applied = plusDays(today, -18);
const waiting = {
  projectNumber: '2026KMO999001',
  applicationDate: applied,
  structuredCommunication: '123456789002',
};
const lastDay = {
  projectNumber: '2026KMO999002',
  applicationDate: plusDays(today, -30),
  structuredCommunication: '987654321009',
};
const overdue = {
  projectNumber: '2026KMO999003',
  applicationDate: plusDays(today, -31),
  structuredCommunication: '555000111028',
};
// Applied in December 2025, deposited in January 2026: to be finished and paid by 31/12/2026.
const lastYear = {
  projectNumber: '2025KMO999004',
  applicationDate: '2025-12-20',
  depositDeadline: '2026-01-19',
  structuredCommunication: '555000111129',
};

beforeAll(async () => {
  await insertProject(waiting);
  await insertProject(lastDay);
  await insertProject(overdue);
  await receiveDeposit(await insertProject(lastYear), '2026-01-08');
});

interface DemoProject {
  id: number;
  projectNumber: string;
  title: string;
  depositDeadline: string;
  ownContributionCents: number;
  structuredCommunication: string;
}

const demoProjectColumns = {
  id: 'pr.id',
  projectNumber: 'pr.project_number',
  title: 'pr.title',
  depositDeadline: 'pr.deposit_deadline',
  ownContributionCents: 'pr.own_contribution_cents',
  structuredCommunication: 'pr.structured_communication',
};

/** A demo project of a company in this status, found by SQL (never one of ours). */
async function demoProject(status: string, company = smallCompany): Promise<DemoProject> {
  const project = await db()('projects as pr')
    .join('companies as c', 'c.id', 'pr.company_id')
    .where({ 'c.name': company, 'pr.status': status })
    .whereNot('pr.project_number', 'like', '%KMO999%')
    .orderBy('pr.id')
    .first<DemoProject | undefined>(demoProjectColumns);
  if (!project) throw new Error(`no demo project ${status} of ${company}`);
  return project;
}

async function depositOf(projectId: number) {
  const row = await db()('ledger_entries')
    .where({ project_id: projectId, kind: 'eigen_bijdrage' })
    .first<{ amount_cents: number; booked_on: string }>('amount_cents', 'booked_on');
  if (!row) throw new Error(`project ${projectId} has no deposit`);
  return row;
}

// ---------------------------------------------------------------------------

describe('step 5: the deposit instructions of a project that waits for its deposit', () => {
  it('shows every value of the transfer exactly, each on its own row', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const page = await agent.get(depositPath(waiting.projectNumber)).expect(200);
    expect(titleOf(page.text)).toBe('Stap 5 van 6: Storting van uw eigen bijdrage – kmo-portefeuille');
    expect(headingOf(page.text)).toBe('Storting van uw eigen bijdrage');
    expect(textOf(page.text)).toContain('Subsidie aanvragen – stap 5 van 6');
    const rows = summaryRowsOf(page.text);
    expect(Object.fromEntries(rows)).toEqual({
      Projectnummer: '2026KMO999001',
      Project: 'Opleiding veilig werken met cloudsoftware',
      'Uiterste stortingsdatum': `${dmy(plusDays(applied, 30))} nog 12 dagen`,
      Begunstigde: 'Pluxee Belgium nv Vorstlaan 165, 1160 Oudergem',
      'Rekeningnummer (IBAN)': 'BE68 5390 0754 7034',
      BIC: 'BBRUBEBB',
      'Te storten bedrag': '€ 1.198,35',
      'Gestructureerde mededeling': '+++123/4567/89002+++',
    });
    expect(page.headers['cache-control']).toBe('private, no-store');
  });

  it('explains in plain Dutch what happens without the exact communication and amount, or after the deadline', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const text = textOf((await agent.get(depositPath(waiting.projectNumber)).expect(200)).text);
    expect(text).toContain('Uw aanvraag werd automatisch goedgekeurd.');
    expect(text).toContain(
      'Zonder deze mededeling of met een ander bedrag wordt uw storting geweigerd en teruggestort.',
    );
    expect(text).toContain(
      `Uw eigen bijdrage moet uiterlijk op ${dmy(plusDays(applied, 30))} op de rekening staan.`,
    );
    expect(text).toContain('dan vervalt het project (status Vervallen) en verliest u de subsidie.');
  });

  it('links to the PDF and to the next steps', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const html = (await agent.get(depositPath(waiting.projectNumber)).expect(200)).text;
    expect(hrefOf(html, 'Download als PDF')).toBe(pdfPath('2026KMO999001'));
    expect(hrefOf(html, 'Volgende stap: wat gebeurt er nu?')).toBe(nextStepsPath('2026KMO999001'));
  });

  it('still asks to deposit on the last day, saying so', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const html = (await agent.get(depositPath(lastDay.projectNumber)).expect(200)).text;
    expect(summaryRowsOf(html).get('Uiterste stortingsdatum')).toBe(
      `${dmy(today)} vandaag is de laatste dag`,
    );
    expect(summaryRowsOf(html).get('Gestructureerde mededeling')).toBe('+++987/6543/21009+++');
  });

  it("acts on the app's clock: on the day after the deadline the same project gets no instructions", async () => {
    // A second app process on this database whose clock stands on the day after the waiting project's deadline.
    const deadline = plusDays(applied, 30);
    const lateApp = await createTestApp({
      shareDatabaseWith: testApp,
      clock: clockOnDay(plusDays(deadline, 1)),
    });
    try {
      const onTime = textOf(
        (await (await entrepreneurFor(smallCompany)).get(depositPath(waiting.projectNumber)).expect(200))
          .text,
      );
      expect(onTime).toContain('+++123/4567/89002+++');
      expect(onTime).not.toContain('De uiterste stortingsdatum is verstreken');

      const agent = newAgent(lateApp.app);
      await signInWithSaml(
        agent,
        lateApp.container,
        'entrepreneur',
        `onderneming-${await companyId(smallCompany)}`,
      );
      const late = (await agent.get(depositPath(waiting.projectNumber)).expect(200)).text;
      expect(textOf(late)).toContain('De uiterste stortingsdatum is verstreken');
      expect(textOf(late)).toContain(`Uw eigen bijdrage moest uiterlijk op ${dmy(deadline)} binnen zijn.`);
      expect(textOf(late)).not.toContain('+++123/4567/89002+++');
      expect(hrefOf(late, 'Download als PDF')).toBeUndefined();
    } finally {
      await lateApp.close();
    }
  });

  it('shows the values of a Bevestigd demo project of the company', async () => {
    // The demo data has a few Bevestigd projects still before their deadline, for either company.
    const project = await db()('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .where({ 'pr.status': 'Bevestigd' })
      .where('pr.deposit_deadline', '>=', today)
      .whereIn('c.name', [smallCompany, mediumCompany])
      .whereNot('pr.project_number', 'like', '%KMO999%')
      .orderBy('pr.id')
      .first<DemoProject & { companyName: string }>({
        companyName: 'c.name',
        ...demoProjectColumns,
      });
    if (!project) throw new Error('no Bevestigd demo project before its deadline');
    const agent = await entrepreneurFor(project.companyName);
    const rows = summaryRowsOf((await agent.get(depositPath(project.projectNumber)).expect(200)).text);
    expect(rows.get('Projectnummer')).toBe(project.projectNumber);
    expect(rows.get('Project')).toBe(project.title);
    expect(rows.get('Uiterste stortingsdatum')).toMatch(
      new RegExp(`^${dmy(project.depositDeadline)} (nog \\d+ dagen?|vandaag is de laatste dag)$`),
    );
    expect(rows.get('Te storten bedrag')).toBe(euro(project.ownContributionCents));
    expect(rows.get('Gestructureerde mededeling')).toBe(communication(project.structuredCommunication));
    expect(rows.get('Rekeningnummer (IBAN)')).toBe('BE68 5390 0754 7034');
  });

  it('takes the beneficiary and the account from the configuration', async () => {
    const other = await createTestApp({
      demo: true,
      environment: {
        PAYMENT_INSTITUTION_NAME: 'Edenred Belgium nv',
        PAYMENT_INSTITUTION_ADDRESS: 'Bourgetlaan 42, 1130 Brussel',
        PAYMENT_INSTITUTION_IBAN: 'BE71096123456769',
        PAYMENT_INSTITUTION_BIC: 'GKCCBEBB',
      },
    });
    try {
      const project = await other.database
        .db('projects as pr')
        .join('companies as c', 'c.id', 'pr.company_id')
        .where({ 'pr.status': 'Bevestigd', 'c.name': smallCompany })
        .where('pr.deposit_deadline', '>=', today)
        .first<{ projectNumber: string; companyId: number }>({
          projectNumber: 'pr.project_number',
          companyId: 'c.id',
        });
      if (!project) throw new Error('no Bevestigd demo project before its deadline');
      const agent = newAgent(other.app);
      await signInWithSaml(agent, other.container, 'entrepreneur', `onderneming-${project.companyId}`);
      const rows = summaryRowsOf((await agent.get(depositPath(project.projectNumber)).expect(200)).text);
      expect(rows.get('Begunstigde')).toBe('Edenred Belgium nv Bourgetlaan 42, 1130 Brussel');
      expect(rows.get('Rekeningnummer (IBAN)')).toBe('BE71 0961 2345 6769');
      expect(rows.get('BIC')).toBe('GKCCBEBB');
      const pdf = await agent.get(pdfPath(project.projectNumber)).buffer(true).expect(200);
      const text = await pdfText(pdf.body as Buffer);
      expect(text).toContain('Edenred Belgium nv');
      expect(text).toContain('BE71 0961 2345 6769');
    } finally {
      await other.close();
    }
  });
});

describe('the deposit instructions as PDF', () => {
  it('is a one-page attachment named after the project with the same values as the page', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const response = await agent.get(pdfPath(waiting.projectNumber)).buffer(true).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="stortingsinstructies-2026KMO999001.pdf"',
    );
    expect(response.headers['cache-control']).toBe('private, no-store');
    const pdf = response.body as Buffer;
    expect(pageCountOf(pdf)).toBe(1);
    const text = await pdfText(pdf);
    for (const expected of [
      'Stortingsinstructies',
      'Projectnummer: 2026KMO999001',
      'Project: Opleiding veilig werken met cloudsoftware',
      'Onderneming: Testonderneming_A en B',
      `Uiterste stortingsdatum: ${dmy(plusDays(applied, 30))}`,
      'Begunstigde: Pluxee Belgium nv',
      'Adres begunstigde: Vorstlaan 165, 1160 Oudergem',
      'Rekeningnummer (IBAN): BE68 5390 0754 7034',
      'BIC: BBRUBEBB',
      'Te storten bedrag: € 1.198,35',
      'Gestructureerde mededeling: +++123/4567/89002+++',
      'geweigerd en teruggestort',
      'verliest u de subsidie',
      `Opgemaakt op ${dmy(today)}.`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('is refused for a project that no longer waits for its deposit: back to the page, which says why', async () => {
    const lopend = await demoProject('Lopend');
    const agent = await entrepreneurFor(smallCompany);
    for (const projectNumber of [lopend.projectNumber, overdue.projectNumber]) {
      const response = await agent.get(pdfPath(projectNumber)).expect(303);
      expect(response.headers.location).toBe(depositPath(projectNumber));
      expect(response.headers['content-type'] ?? '').not.toContain('application/pdf');
      const page = await agent.get(depositPath(projectNumber)).expect(200);
      expect(flashTextsOf(page.text)).toEqual([
        `Let op: Voor project ${projectNumber} zijn er geen stortingsinstructies (meer) om te downloaden.`,
      ]);
      expect(summaryRowsOf(page.text).has('Gestructureerde mededeling')).toBe(false);
    }
  });
});

describe('step 5 for a project that cannot take a deposit', () => {
  it('says when the own contribution of a Lopend project was received, and gives no instructions', async () => {
    const project = await demoProject('Lopend');
    const deposit = await depositOf(project.id);
    const agent = await entrepreneurFor(smallCompany);
    const html = (await agent.get(depositPath(project.projectNumber)).expect(200)).text;
    const text = textOf(html);
    expect(text).toContain(
      `Uw eigen bijdrage van ${euro(deposit.amount_cents)} werd ontvangen op ${dmy(deposit.booked_on)}. U hoeft niets meer te storten.`,
    );
    expect(text).toContain('ontvangen');
    const rows = summaryRowsOf(html);
    expect([...rows.keys()]).toEqual(['Projectnummer', 'Project']);
    expect(text).not.toContain(communication(project.structuredCommunication));
    expect(text).not.toContain('BE68 5390 0754 7034');
    expect(hrefOf(html, 'Download als PDF')).toBeUndefined();
    expect(html).not.toContain(pdfPath(project.projectNumber));
  });

  it('tells a cancelled and a lapsed project not to deposit', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const cancelled = await demoProject('ProjectGeannuleerd');
    const cancelledText = textOf((await agent.get(depositPath(cancelled.projectNumber)).expect(200)).text);
    expect(cancelledText).toContain('Dit project is geannuleerd');
    expect(cancelledText).toContain('U hoeft niets te storten.');
    expect(cancelledText).not.toContain(communication(cancelled.structuredCommunication));

    const lapsed = await demoProject('Vervallen');
    const lapsedText = textOf((await agent.get(depositPath(lapsed.projectNumber)).expect(200)).text);
    expect(lapsedText).toContain('Dit project is vervallen');
    expect(lapsedText).toContain(
      `Uw eigen bijdrage was niet binnen op de uiterste stortingsdatum (${dmy(lapsed.depositDeadline)}).`,
    );
    expect(lapsedText).toContain('de subsidie is verloren');
    expect(lapsedText).not.toContain(communication(lapsed.structuredCommunication));
    for (const project of [cancelled, lapsed]) {
      await agent.get(pdfPath(project.projectNumber)).expect(303);
    }
  });

  it('gives no instructions for a Bevestigd project whose deadline passed', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const html = (await agent.get(depositPath(overdue.projectNumber)).expect(200)).text;
    const text = textOf(html);
    expect(text).toContain('De uiterste stortingsdatum is verstreken');
    expect(text).toContain(`Uw eigen bijdrage moest uiterlijk op ${dmy(plusDays(today, -1))} binnen zijn.`);
    expect(text).toContain('Stort niets meer.');
    expect(text).not.toContain('+++555/0001/11028+++');
    expect(hrefOf(html, 'Download als PDF')).toBeUndefined();
  });
});

describe('step 6: the next steps', () => {
  it('gives the timeline deposit → subsidy → payment with this project’s figures and dates', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const html = (await agent.get(nextStepsPath(waiting.projectNumber)).expect(200)).text;
    expect(titleOf(html)).toBe('Stap 6 van 6: Volgende stappen – kmo-portefeuille');
    expect(headingOf(html)).toBe('Volgende stappen');
    expect(textOf(html)).toContain('Subsidie aanvragen – stap 6 van 6');
    const deadline = dmy(plusDays(applied, 30));
    const completion = `31/12/${Number(applied.slice(0, 4)) + 1}`;
    const [deposit, subsidy, payment, ...rest] = timelineOf(html);
    expect(rest).toEqual([]);
    expect(deposit).toMatchObject({ state: 'current', heading: 'Stap 1 Stort uw eigen bijdrage' });
    expect(deposit?.text).toContain(
      `Stort € 1.198,35 uiterlijk op ${deadline} (nog 12 dagen) op rekening BE68 5390 0754 7034 van Pluxee Belgium nv, met de gestructureerde mededeling +++123/4567/89002+++.`,
    );
    expect(subsidy).toMatchObject({
      state: 'upcoming',
      heading: 'Stap 2 De Vlaamse overheid voegt de subsidie toe',
    });
    expect(subsidy?.text).toContain('subsidie van € 513,58');
    expect(subsidy?.text).toContain('het projectbedrag van € 1.711,93');
    expect(payment).toMatchObject({
      state: 'upcoming',
      heading: 'Stap 3 Betaal uw dienstverlener vanuit uw portefeuille',
    });
    expect(payment?.text).toContain('Als Dienstverlener kmo-portefeuille de dienstverlening geleverd heeft');
    expect(payment?.text).toContain(
      `De dienstverlening moet afgewerkt en betaald zijn uiterlijk op ${completion}.`,
    );
    expect(hrefOf(html, 'Naar mijn portefeuille')).toBe('/onderneming');
    expect(hrefOf(html, 'Bekijk het project')).toBe('/onderneming/projecten/2026KMO999001');
    expect(hrefOf(html, 'Bekijk de stortingsinstructies')).toBe(depositPath('2026KMO999001'));
  });

  it('marks deposit and subsidy done for a project applied last year, to be paid by 31/12 of this year', async () => {
    const agent = await entrepreneurFor(smallCompany);
    const steps = timelineOf((await agent.get(nextStepsPath(lastYear.projectNumber)).expect(200)).text);
    expect(steps.map((step) => [step.state, step.tag])).toEqual([
      ['done', 'Gedaan'],
      ['done', 'Gedaan'],
      ['current', 'Nu aan de beurt'],
    ]);
    expect(steps[0]?.text).toContain('Uw eigen bijdrage van € 1.198,35 werd ontvangen op 08/01/2026.');
    expect(steps[1]?.text).toContain(
      'De subsidie van € 513,58 werd op 08/01/2026 aan uw portefeuille toegevoegd.',
    );
    expect(steps[2]?.text).toContain('afgewerkt en betaald zijn uiterlijk op 31/12/2026.');
  });

  it('marks every step done for a finished demo project', async () => {
    const project = await demoProject('Afgewerkt');
    const agent = await entrepreneurFor(smallCompany);
    const steps = timelineOf((await agent.get(nextStepsPath(project.projectNumber)).expect(200)).text);
    expect(steps.map((step) => step.state)).toEqual(['done', 'done', 'done']);
  });

  it('shows the missed deposit of a lapsed project and no step left to do', async () => {
    const project = await demoProject('Vervallen');
    const agent = await entrepreneurFor(smallCompany);
    const html = (await agent.get(nextStepsPath(project.projectNumber)).expect(200)).text;
    expect(timelineOf(html).map((step) => step.state)).toEqual([
      'missed',
      'not-applicable',
      'not-applicable',
    ]);
    expect(textOf(html)).toContain('Dit project is vervallen');
  });
});

describe('who may see a project’s deposit instructions and next steps', () => {
  const allPaths = (projectNumber: string) => [
    depositPath(projectNumber),
    pdfPath(projectNumber),
    nextStepsPath(projectNumber),
  ];

  it("answers 404 for another company's project and for an unknown project number", async () => {
    const other = await demoProject('Bevestigd', mediumCompany);
    const agent = await entrepreneurFor(smallCompany);
    for (const path of [...allPaths(other.projectNumber), ...allPaths('2026KMO000000')]) {
      const response = await agent.get(path).expect(404);
      expect(response.text).not.toContain(communication(other.structuredCommunication));
    }
  });

  it('answers 404 to the other company the entrepreneur represents for our own project', async () => {
    const agent = await entrepreneurFor(mediumCompany);
    for (const path of allPaths(waiting.projectNumber)) await agent.get(path).expect(404);
  });

  it('refuses a provider head office and a department user (403)', async () => {
    const headOffice = newAgent(testApp.app);
    expect((await signInAsProvider(headOffice, '0123456749', 'kmo-demo-2026')).status).toBe(303);
    const departmentUser = newAgent(testApp.app);
    await signInWithSaml(departmentUser, testApp.container, 'department-user');
    for (const agent of [headOffice, departmentUser]) {
      for (const path of allPaths(waiting.projectNumber)) {
        const response = await agent.get(path).expect(403);
        expect(response.text).not.toContain('+++123/4567/89002+++');
      }
    }
  });

  it('sends a visitor who is not signed in to the SAML sign-in', async () => {
    for (const path of allPaths(waiting.projectNumber)) {
      const response = await newAgent(testApp.app).get(path).expect(302);
      expect(response.headers.location).toBe(`/auth/saml/login?RelayState=${encodeURIComponent(path)}`);
    }
  });

  it('changes nothing: reading the pages twice writes no audit row and no ledger entry', async () => {
    const count = async (table: string) =>
      Number((await db()(table).count<{ count: string }[]>({ count: '*' }))[0]?.count);
    // Signing in writes its own audit row: sign in first.
    const agent = await entrepreneurFor(smallCompany);
    const before = [await count('audit_log'), await count('ledger_entries'), await count('project_history')];
    for (let click = 0; click < 2; click += 1) {
      for (const path of allPaths(waiting.projectNumber)) await agent.get(path).expect(200);
    }
    expect([await count('audit_log'), await count('ledger_entries'), await count('project_history')]).toEqual(
      before,
    );
    const status = await db()('projects').where({ project_number: waiting.projectNumber }).first('status');
    expect(status?.status).toBe('Bevestigd');
  });
});
