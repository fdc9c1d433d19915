import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { headingOf, hrefOf, textOf } from '../../support/html.js';
import { pdfText } from '../../support/pdf.js';
import {
  csrfTokenOf,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';
import {
  cancelPath,
  companyId,
  entrepreneurFor,
  MEDIUM_COMPANY,
  payPath,
  ProjectPicker,
  projectPath,
  sheetPath,
  SMALL_COMPANY,
  todayIso,
  walletPath,
} from './support.js';
import { dmy, euro } from '../../support/format.js';

/**
 * The company's wallet (issue 6, /onderneming): the yearly ceiling, what to
 * do now, every project with its money, the project detail and its sheet as
 * PDF, and who may see them. Expected figures come from SQL written here and
 * from DOMAIN.md, never from the code under test.
 */

let testApp: TestApp;
let db: Knex;
const picker = new ProjectPicker(() => db);
const ROWS_PER_PAGE = 20;
const year = Number(todayIso().slice(0, 4));

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
});
afterAll(async () => {
  await testApp.close();
});

/** The subsidy a company took in a year (DOMAIN.md §6), computed here from the projects and their ledgers. */
async function subsidyUsed(company: string, inYear: number): Promise<number> {
  const id = await companyId(db, company);
  const projects: { id: number; status: string; subsidy_cents: number }[] = await db('projects')
    .where({ company_id: id })
    .whereNotIn('status', ['ProjectGeannuleerd', 'Vervallen'])
    .whereBetween('application_date', [`${inYear}-01-01`, `${inYear}-12-31`])
    .select('id', 'status', 'subsidy_cents');
  let used = 0;
  for (const project of projects) {
    used += project.subsidy_cents;
    if (project.status !== 'Stopgezet') continue;
    const stop: {
      year: number;
    } = await db('project_history')
      .where({ project_id: project.id, to_status: 'Stopgezet' })
      .first(db.raw("extract(year from created_at at time zone 'Europe/Brussels')::int as year"));
    if (stop.year !== inYear) continue;
    const back: { total: number } = await db('ledger_entries')
      .where({ project_id: project.id, kind: 'subsidie_terug' })
      .first(db.raw('coalesce(sum(amount_cents), 0)::bigint as total'));
    used += Number(back.total);
  }
  return used;
}

/** The company's projects as the wallet lists them: newest application first. */
async function projectNumbersOf(company: string): Promise<string[]> {
  return db('projects')
    .where({ company_id: await companyId(db, company) })
    .orderBy([
      { column: 'application_date', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .pluck('project_number');
}

describe('the wallet overview', () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await entrepreneurFor(testApp, MEDIUM_COMPANY);
  });

  it('greets the company, keeps the switch between its enterprises and offers to apply', async () => {
    const page = await agent.get(walletPath).expect(200);
    expect(headingOf(page.text)).toBe('Mijn kmo-portefeuille');
    expect(page.text).toContain(`U werkt voor <strong>${MEDIUM_COMPANY}</strong>.`);
    expect(page.text).toContain('<a href="/aanmelden/kies">Wissel van onderneming</a>');
    expect(page.text).toContain(
      '<a class="button button--primary" href="/onderneming/aanvraag">Subsidie aanvragen</a>',
    );
    // The demo company confirmed its size and completed its data: no onboarding notice.
    expect(textOf(page.text)).not.toContain('Bevestig de grootte van uw onderneming');
  });

  it("shows this year's ceiling: granted, left and € 7.500,00 (DOMAIN.md §6)", async () => {
    const used = await subsidyUsed(MEDIUM_COMPANY, year);
    const ceiling = 750_000;
    const page = await agent.get(walletPath).expect(200);
    const text = textOf(page.text);
    expect(text).toContain(`Uw steunplafond in ${year}`);
    expect(text).toContain(`Al toegekend ${euro(used)}`);
    expect(text).toContain(`Nog beschikbaar ${euro(Math.max(ceiling - used, 0))}`);
    expect(text).toContain(`Steunplafond ${euro(ceiling)}`);
    expect(page.text).toContain(`max="${ceiling}" value="${Math.min(used, ceiling)}"`);
  });

  it('lists every project of the company, newest first, 20 per page, and none of the other company', async () => {
    const numbers = await projectNumbersOf(MEDIUM_COMPANY);
    const pageCount = Math.ceil(numbers.length / ROWS_PER_PAGE);
    expect(pageCount).toBeGreaterThan(1);
    const first = await agent.get(walletPath).expect(200);
    expect(textOf(first.text)).toContain(`${numbers.length} projecten in totaal`);
    const listed = (html: string) =>
      [
        ...html.matchAll(
          /<th class="table__cell" scope="row"[^>]*><a href="\/onderneming\/projecten\/([^"]+)">/g,
        ),
      ].map((match) => match[1]);
    expect(listed(first.text)).toEqual(numbers.slice(0, ROWS_PER_PAGE));
    expect(first.text).toContain(`href="/onderneming?pagina=2#projecten"`);

    const last = await agent.get(`${walletPath}?pagina=${pageCount}`).expect(200);
    expect(listed(last.text)).toEqual(numbers.slice((pageCount - 1) * ROWS_PER_PAGE));
    // A page beyond the last shows the last.
    const beyond = await agent.get(`${walletPath}?pagina=${pageCount + 5}`).expect(200);
    expect(listed(beyond.text)).toEqual(listed(last.text));

    const others = await projectNumbersOf(SMALL_COMPANY);
    for (let page = 1; page <= pageCount; page++) {
      const html = (await agent.get(`${walletPath}?pagina=${page}`).expect(200)).text;
      expect(html).not.toContain(SMALL_COMPANY);
      for (const number of others.slice(0, 10)) expect(html).not.toContain(number);
    }
  });

  it('shows status, amounts, deposit state and balance of each project', async () => {
    const numbers = await projectNumbersOf(MEDIUM_COMPANY);
    /** The text of the project's row in the list, on the page where it is. */
    const lineOf = async (projectNumber: string) => {
      const page = Math.floor(numbers.indexOf(projectNumber) / ROWS_PER_PAGE) + 1;
      const html = (await agent.get(`${walletPath}?pagina=${page}`).expect(200)).text;
      return new RegExp(
        `<tr>\\s*<th[^>]*><a href="/onderneming/projecten/${projectNumber}">[\\s\\S]*?</tr>`,
      ).exec(html)?.[0];
    };
    const factsOf = async (id: number) =>
      db('projects as pr')
        .join('provider_organisations as p', 'p.id', 'pr.provider_id')
        .leftJoin('departments as d', 'd.id', 'pr.department_id')
        .where('pr.id', id)
        .first('pr.*', 'p.legal_name as provider_name', 'd.name as department_name');
    const providerText = (row: { provider_name: string; department_name: string | null }) =>
      row.department_name ? `${row.provider_name} – ${row.department_name}` : row.provider_name;

    const confirmed = await picker.peek({ company: MEDIUM_COMPANY, status: 'Bevestigd', deadlineOpen: true });
    const row = await factsOf(confirmed.id);
    const daysLeft = Math.round(
      (Date.parse(`${row.deposit_deadline}T00:00:00Z`) - Date.parse(`${todayIso()}T00:00:00Z`)) / 86_400_000,
    );
    const days =
      daysLeft === 0 ? 'vandaag is de laatste dag' : daysLeft === 1 ? 'nog 1 dag' : `nog ${daysLeft} dagen`;
    const line = await lineOf(confirmed.projectNumber);
    expect(textOf(line ?? '')).toBe(
      [
        confirmed.projectNumber,
        row.title,
        providerText(row),
        dmy(row.application_date),
        'Bevestigd',
        euro(row.project_amount_cents),
        euro(row.own_contribution_cents),
        euro(row.subsidy_cents),
        `${euro(row.own_contribution_cents)} te storten uiterlijk op ${dmy(row.deposit_deadline)} (${days})`,
        euro(0),
        // The next step, named for a screen reader with its project (issue 21).
        `Storten project ${confirmed.projectNumber}`,
      ].join(' '),
    );
    expect(line).toContain('<strong class="tag tag--blue">Bevestigd</strong>');
    expect(hrefOf(line ?? '', `Storten project ${confirmed.projectNumber}`)).toBe(
      `/onderneming/projecten/${confirmed.projectNumber}/storting`,
    );

    const running = await picker.peek({ company: MEDIUM_COMPANY, status: 'Lopend', deposited: true });
    const runningRow = await factsOf(running.id);
    const deposit = await db('ledger_entries')
      .where({ project_id: running.id, kind: 'eigen_bijdrage' })
      .max('booked_on as last')
      .first();
    const balance = await db('ledger_entries')
      .where({ project_id: running.id })
      .sum('amount_cents as total')
      .first();
    expect(textOf((await lineOf(running.projectNumber)) ?? '')).toBe(
      [
        running.projectNumber,
        runningRow.title,
        providerText(runningRow),
        dmy(runningRow.application_date),
        'Lopend',
        euro(runningRow.project_amount_cents),
        euro(runningRow.own_contribution_cents),
        euro(runningRow.subsidy_cents),
        `Ontvangen op ${dmy(deposit?.last as string)}`,
        euro(Number(balance?.total)),
        // A running project with money left: pay the provider; without: just look.
        `${Number(balance?.total) > 0 ? 'Betalen' : 'Bekijk'} project ${running.projectNumber}`,
      ].join(' '),
    );

    const lapsed = await picker.peek({ company: MEDIUM_COMPANY, status: 'Vervallen' });
    expect(textOf((await lineOf(lapsed.projectNumber)) ?? '')).toMatch(
      / Vervallen € [0-9.,]+ € [0-9.,]+ € [0-9.,]+ Vervallen: niet tijdig gestort € 0,00 Bekijk project [0-9]{4}KMO[0-9]{6}$/,
    );
  });

  it('puts what to do first: deposits due with the days left, balances to pay the provider', async () => {
    const id = await companyId(db, MEDIUM_COMPANY);
    const due = await db('projects as pr')
      .where({ 'pr.company_id': id, 'pr.status': 'Bevestigd' })
      .whereNotExists(
        db('ledger_entries as l')
          .whereRaw("l.project_id = pr.id and l.kind = 'eigen_bijdrage'")
          .select(db.raw('1')),
      )
      .orderBy([{ column: 'pr.deposit_deadline' }, { column: 'pr.id' }])
      .select('pr.project_number', 'pr.own_contribution_cents', 'pr.deposit_deadline');
    const toPay = (await db('projects as pr')
      .where({ 'pr.company_id': id, 'pr.status': 'Lopend' })
      .whereRaw('(select sum(l.amount_cents) from ledger_entries l where l.project_id = pr.id) > 0')
      .count({ count: '*' })
      .first()) as { count: string };
    expect(due.length).toBeGreaterThan(0);
    expect(Number(toPay.count)).toBeGreaterThan(0);

    const text = textOf((await agent.get(walletPath).expect(200)).text);
    expect(text).toContain('Wat moet u nog doen?');
    const first = due[0] as {
      project_number: string;
      own_contribution_cents: number;
      deposit_deadline: string;
    };
    expect(text).toContain(
      `${first.project_number} – ${(await db('projects').where({ project_number: first.project_number }).first('title')).title}: Stort ${euro(first.own_contribution_cents)} uiterlijk op ${dmy(first.deposit_deadline)}`,
    );
    expect(text).toContain('Vergeet uw dienstverlener niet te betalen');
    if (Number(toPay.count) > 5) {
      expect(text).toContain(`Bekijk alle ${toPay.count} projecten met een saldo om te betalen`);
    }

    // The filtered list holds exactly the projects needing action.
    const filtered = await agent.get(`${walletPath}?toon=actie`).expect(200);
    expect(textOf(filtered.text)).toContain(
      `${due.length + Number(toPay.count)} projecten waarvoor u nog iets moet doen`,
    );
  });

  it('shows the onboarding notice while the size is not confirmed for this year, and the proposed ceiling', async () => {
    const id = await companyId(db, SMALL_COMPANY);
    const confirmation = await db('company_size_confirmations').where({ company_id: id, year }).first();
    await db('company_size_confirmations').where({ company_id: id, year }).delete();
    try {
      const small = await entrepreneurFor(testApp, SMALL_COMPANY);
      const text = textOf((await small.get(walletPath).expect(200)).text);
      expect(text).toContain(`Bevestig de grootte van uw onderneming voor ${year}`);
      expect(text).toContain('voorgestelde grootte (kleine onderneming)');
    } finally {
      await db('company_size_confirmations').insert(confirmation);
    }
  });
});

describe('the project detail', () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await entrepreneurFor(testApp, MEDIUM_COMPANY);
  });

  it('shows the sheet, the participants, the history and every movement with its invoice', async () => {
    const project = await picker.peek({
      company: MEDIUM_COMPANY,
      status: 'Afgewerkt',
      withParticipants: true,
    });
    const payment = await db('ledger_entries')
      .where({ project_id: project.id, kind: 'betaling_dienstverlener' })
      .orderBy('id')
      .first();
    const participants = await db('project_participants')
      .where({ project_id: project.id })
      .orderBy('position');
    const page = await agent.get(projectPath(project.projectNumber)).expect(200);
    const text = textOf(page.text);
    expect(headingOf(page.text)).toBe(`Project ${project.projectNumber}`);
    expect(text).toContain('Historiek');
    expect(text).toContain('Afgewerkt');
    for (const participant of participants) {
      expect(text).toContain(`${participant.first_name} ${participant.last_name}`);
    }
    expect(text).toContain('Bewegingen op de portefeuille');
    expect(text).toContain(
      `${dmy(payment.booked_on)} Betaling aan de dienstverlener ${payment.invoice_number} van ${dmy(payment.invoice_date)} ${euro(payment.amount_cents)}`,
    );
    expect(text).toContain('Storting eigen bijdrage');
    expect(page.text).toContain(`href="${sheetPath(project.projectNumber)}"`);
    // Finished: nothing to pay, nothing to cancel.
    expect(page.text).not.toContain(`href="${payPath(project.projectNumber)}"`);
    expect(page.text).not.toContain(`href="${cancelPath(project.projectNumber)}"`);
  });

  it('offers the deposit instructions and cancelling for a Bevestigd project, paying for a Lopend one', async () => {
    const confirmed = await picker.peek({ company: MEDIUM_COMPANY, status: 'Bevestigd', deadlineOpen: true });
    const confirmedPage = await agent.get(projectPath(confirmed.projectNumber)).expect(200);
    expect(confirmedPage.text).toContain(`href="${projectPath(confirmed.projectNumber)}/storting"`);
    expect(confirmedPage.text).toContain(`href="${cancelPath(confirmed.projectNumber)}"`);
    expect(confirmedPage.text).not.toContain(`href="${payPath(confirmed.projectNumber)}"`);

    const running = await picker.peek({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const runningPage = await agent.get(projectPath(running.projectNumber)).expect(200);
    expect(textOf(runningPage.text)).toContain('Vergeet uw dienstverlener niet te betalen');
    expect(runningPage.text).toContain(`href="${payPath(running.projectNumber)}"`);
    expect(runningPage.text).not.toContain(`href="${cancelPath(running.projectNumber)}"`);
  });
});

describe('the project sheet (projectfiche) as PDF', () => {
  it('holds the project, company, provider with registration number, dates, amounts with the rate, status and participants', async () => {
    const agent = await entrepreneurFor(testApp, MEDIUM_COMPANY);
    const project = await picker.peek({ company: MEDIUM_COMPANY, status: 'Lopend', withParticipants: true });
    const row = await db('projects as pr')
      .join('registrations as r', 'r.id', 'pr.registration_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where('pr.id', project.id)
      .first('pr.*', 'r.number as registration_number', 'p.legal_name as provider_name');
    const participants = await db('project_participants')
      .where({ project_id: project.id })
      .orderBy('position');

    const response = await agent.get(sheetPath(project.projectNumber)).buffer(true).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="?projectfiche-${project.projectNumber}\\.pdf"?$`),
    );
    expect(response.headers['cache-control']).toBe('private, no-store');
    const text = await pdfText(response.body as Buffer);
    const rate = `${row.subsidy_rate_bp / 100} %`;
    for (const expected of [
      `Projectfiche ${project.projectNumber}`,
      `Projectnummer: ${project.projectNumber}`,
      'Status: Lopend',
      `Titel: ${row.title}`,
      'Dienst: Opleiding',
      MEDIUM_COMPANY,
      'Ondernemingsnummer: 0876.543.270',
      row.provider_name,
      `Registratienummer: ${row.registration_number}`,
      `Aantal uren: ${String(Number(row.hours)).replace('.', ',')}`,
      `Datum overeenkomst: ${dmy(row.agreement_date)}`,
      `Start van de dienstverlening: ${dmy(row.start_date)}`,
      `Aanvraagdatum: ${dmy(row.application_date)}`,
      `Uiterste stortingsdatum eigen bijdrage: ${dmy(row.deposit_deadline)}`,
      `Projectbedrag (exclusief btw): ${euro(row.project_amount_cents)}`,
      `Steunpercentage: ${rate}`,
      `Subsidie: ${euro(row.subsidy_cents)}`,
      `Eigen bijdrage: ${euro(row.own_contribution_cents)}`,
      'Deelnemers',
      ...participants.map(
        (participant, index) => `${index + 1}. ${participant.first_name} ${participant.last_name}`,
      ),
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('who may see the wallet', () => {
  it('refuses a provider and the agency (403), and sends a signed-out visitor to sign in', async () => {
    const project = await picker.peek({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const provider = newAgent(testApp.app);
    expect((await signInAsProvider(provider, '0123456749', 'kmo-demo-2026')).status).toBe(303);
    const agency = newAgent(testApp.app);
    await signInWithSaml(agency, testApp.container, 'agency-staff');
    for (const agent of [provider, agency]) {
      await agent.get(walletPath).expect(403);
      await agent.get(projectPath(project.projectNumber)).expect(403);
      await agent.get(sheetPath(project.projectNumber)).expect(403);
      await agent.get(payPath(project.projectNumber)).expect(403);
    }
    const department = newAgent(testApp.app);
    await signInWithSaml(department, testApp.container, 'department-user');
    await department.get(walletPath).expect(403);

    const anonymous = newAgent(testApp.app);
    const gate = await anonymous.get(sheetPath(project.projectNumber)).expect(302);
    expect(gate.headers.location).toBe(
      `/auth/saml/login?RelayState=${encodeURIComponent(sheetPath(project.projectNumber))}`,
    );
  });

  it("answers 404 for the other company's project on every page, and changes nothing", async () => {
    // Jan Peeters represents both demo companies: signed in for the small one, the medium one's projects are foreign.
    const agent = await entrepreneurFor(testApp, SMALL_COMPANY);
    const token = await csrfTokenOf(agent, walletPath);
    const confirmed = await picker.peek({ company: MEDIUM_COMPANY, status: 'Bevestigd', deadlineOpen: true });
    const running = await picker.peek({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    for (const path of [
      projectPath(running.projectNumber),
      sheetPath(running.projectNumber),
      payPath(running.projectNumber),
      cancelPath(confirmed.projectNumber),
    ]) {
      const page = await agent.get(path).expect(404);
      expect(page.text).not.toContain(running.projectNumber);
    }
    await agent
      .post(cancelPath(confirmed.projectNumber))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd' })
      .expect(404);
    const balance = await db('ledger_entries')
      .where({ project_id: running.id })
      .sum('amount_cents as total')
      .first();
    await agent
      .post(payPath(running.projectNumber))
      .type('form')
      .send({
        _csrf: token,
        expectedBalance: String(balance?.total),
        bedrag: '1,00',
        factuurnummer: 'F-1',
        factuurdatum: dmy(todayIso()),
      })
      .expect(404);
    expect((await db('projects').where({ id: confirmed.id }).first('status')).status).toBe('Bevestigd');
    expect(
      await db('ledger_entries').where({
        project_id: running.id,
        kind: 'betaling_dienstverlener',
        invoice_number: 'F-1',
      }),
    ).toHaveLength(0);
  });

  it('answers 404 for a project number that does not exist', async () => {
    const agent = await entrepreneurFor(testApp, MEDIUM_COMPANY);
    await agent.get(projectPath('2026KMO000000')).expect(404);
    await agent.get(sheetPath('bestaat-niet')).expect(404);
  });
});
