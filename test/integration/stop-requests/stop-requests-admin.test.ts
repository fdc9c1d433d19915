import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockOnDay } from '../../../src/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { pdfWith } from '../../support/documents.js';
import {
  bodyRowsOf,
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  headingOf,
  textOf,
} from '../../support/html.js';
import { historyOf, mailsAbout, statusOf, warningAfter, type DemoProject } from '../../support/projects.js';
import { csrfTokenIn, demoAgent, type Agent, type DemoRole } from '../../support/session.js';

/*
 * The agency's stop requests (issue 17, /beheer/stopzettingen). Each test makes
 * its own project of the demo provider's head office for the demo company,
 * with a ledger written here, and lets the provider request its stop through
 * the provider's own page, so the amounts below are computed by hand.
 */

const DEMO_PROVIDER = '0123456749';
const DEMO_COMPANY = 'Testonderneming_A en B';

let testApp: TestApp;
let staff: Agent;
let provider: Agent;
const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
  provider = await demoAgent(testApp, 'head office');
});
afterAll(async () => {
  await testApp.close();
});

interface Fixture extends DemoProject {
  documentId: number;
  proof: Buffer;
}

let counter = 0;

/**
 * A running project of € 1.000,00 at 30 % (€ 300,00 subsidy, € 700,00 own
 * contribution, both in the wallet), of which `paidCents` was paid to the
 * provider; the provider then requests its stop with a PDF as proof.
 */
async function stopRequestedProject(
  options: {
    paidCents?: number;
    applicationDate?: string;
    reason?: string;
    requestedAt?: string;
    /** The demo provider's department whose project it is (default: the head office's). */
    department?: string;
  } = {},
): Promise<Fixture> {
  counter += 1;
  const applicationDate = options.applicationDate ?? '2026-10-01';
  const template = await db()('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .where('p.enterprise_number', DEMO_PROVIDER)
    .whereNull('pr.department_id')
    .first('pr.*');
  const company = await db()('companies').where({ name: DEMO_COMPANY }).first('id');
  const projectNumber = `${applicationDate.slice(0, 4)}KMO9${String(counter).padStart(5, '0')}`;
  const [row] = await db()('projects')
    .insert({
      ...Object.fromEntries(
        Object.entries(template).filter(([key]) => !['id', 'created_at', 'updated_at'].includes(key)),
      ),
      project_number: projectNumber,
      structured_communication: `99${String(counter).padStart(10, '0')}`,
      company_id: company.id,
      title: `Stopzetting test ${counter}`,
      department_id: options.department
        ? db()('departments').where({ name: options.department }).select('id')
        : null,
      status: 'Lopend',
      verified: false,
      verified_at: null,
      application_date: applicationDate,
      agreement_date: applicationDate,
      start_date: applicationDate,
      deposit_deadline: '2026-10-31',
      registration_cost_cents: 100_000,
      project_amount_cents: 100_000,
      subsidy_cents: 30_000,
      own_contribution_cents: 70_000,
      subsidy_rate_bp: 3000,
    })
    .returning(['id', 'project_number as projectNumber']);
  const project = row as DemoProject;
  await db()('ledger_entries').insert([
    { project_id: project.id, kind: 'eigen_bijdrage', amount_cents: 70_000, booked_on: '2026-10-05' },
    { project_id: project.id, kind: 'subsidie', amount_cents: 30_000, booked_on: '2026-10-05' },
    ...(options.paidCents
      ? [
          {
            project_id: project.id,
            kind: 'betaling_dienstverlener',
            amount_cents: -options.paidCents,
            booked_on: '2026-10-20',
            invoice_number: `F-${counter}`,
            invoice_date: '2026-10-19',
          },
        ]
      : []),
  ]);

  const stopPath = `/dienstverlener/projecten/${projectNumber}/stopzetten`;
  const page = await provider.get(stopPath).expect(200);
  const proof = await pdfWith(`Bewijs ${projectNumber}`);
  await provider
    .post(stopPath)
    .field('_csrf', csrfTokenIn(page.text))
    .field('expectedFrom', 'Lopend')
    .field('reasonChoice', options.reason ? 'andere' : 'geannuleerd')
    .field('reasonText', options.reason ?? '')
    .attach('bewijs', proof, { filename: 'bewijs.pdf', contentType: 'application/pdf' })
    .expect(303);
  expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
  const [request] = await historyOf(db(), project, 'request_stop');
  if (options.requestedAt) {
    await db()('project_history').where({ id: request.id }).update({ created_at: options.requestedAt });
  }
  return { ...project, documentId: request.document_id as number, proof };
}

const detailPath = (project: DemoProject) => `/beheer/stopzettingen/${project.projectNumber}`;
const decisionPath = (project: DemoProject, slug: string) => `${detailPath(project)}/${slug}`;

/** Opens the decision page as staff and posts its form with these fields. */
async function decide(agent: Agent, project: DemoProject, slug: string, fields: Record<string, string> = {}) {
  const page = await agent.get(decisionPath(project, slug)).expect(200);
  const expectedFrom = /name="expectedFrom" value="([^"]+)"/.exec(page.text)?.[1];
  return agent
    .post(decisionPath(project, slug))
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), expectedFrom, ...fields });
}

interface LedgerRow {
  kind: string;
  amount_cents: number;
  booked_on: string;
}

async function ledgerOf(project: DemoProject): Promise<LedgerRow[]> {
  return db()('ledger_entries')
    .where({ project_id: project.id })
    .orderBy('id')
    .select<LedgerRow[]>('kind', 'amount_cents', 'booked_on');
}

async function balanceOf(project: DemoProject): Promise<number> {
  return (await ledgerOf(project)).reduce((sum, entry) => sum + entry.amount_cents, 0);
}

async function companyOf(project: DemoProject): Promise<{ id: number; email: string }> {
  return db()('projects as pr')
    .join('companies as c', 'c.id', 'pr.company_id')
    .where('pr.id', project.id)
    .first('c.id', 'c.email');
}

async function providerAddress(): Promise<string> {
  return (
    await db()('provider_organisations').where({ enterprise_number: DEMO_PROVIDER }).first('contact_email')
  ).contact_email as string;
}

/** The stop decision mails about the project (the provider's request mail to the agency left out). */
async function decisionMails(project: DemoProject, app: TestApp = testApp) {
  return (await mailsAbout(app, project)).filter((mail) => /is (bevestigd|geweigerd)$/.test(mail.subject));
}

function auditRows(project: DemoProject, action: string) {
  return db()('audit_log').where({ entity_type: 'project', entity_id: String(project.id), action });
}

describe('the queue', () => {
  it('says so when no stop request awaits a decision', async () => {
    const waiting = await db()('projects').where({ status: 'StopzettingAangevraagd' }).pluck('id');
    await db()('projects').whereIn('id', waiting).update({ status: 'Lopend' });
    try {
      const list = await staff.get('/beheer/stopzettingen').expect(200);
      expect(bodyRowsOf(list.text).map(textOf)).toEqual([
        'Er wachten geen aanvragen tot stopzetting op een beslissing.',
      ]);
    } finally {
      await db()('projects').whereIn('id', waiting).update({ status: 'StopzettingAangevraagd' });
    }
  });

  it('counts the requests on /beheer and lists them oldest first with the figures', async () => {
    const later = await stopRequestedProject({ paidCents: 40_000, requestedAt: '2026-11-10 09:00:00+01' });
    const earlier = await stopRequestedProject({
      reason:
        'De opleiding werd na de eerste sessie stopgezet omdat de lesgever ernstig ziek werd en er geen vervanger gevonden werd.',
      requestedAt: '2026-11-05 09:00:00+01',
    });
    const awaiting = (await db()('projects').where({ status: 'StopzettingAangevraagd' }).count('* as n'))[0]
      ?.n as string;

    const home = await staff.get('/beheer').expect(200);
    expect(textOf(home.text)).toContain(`${awaiting} aanvragen tot stopzetting wachten op een beslissing`);
    expect(home.text).toContain('href="/beheer/stopzettingen"');

    const list = await staff.get('/beheer/stopzettingen').expect(200);
    expect(headingOf(list.text)).toBe('Stopzettingen');
    const rows = bodyRowsOf(list.text).map(textOf);
    expect(rows).toHaveLength(Number(awaiting));
    const earlierRow = rows.findIndex((row) => row.includes(earlier.projectNumber));
    const laterRow = rows.findIndex((row) => row.includes(later.projectNumber));
    expect(earlierRow).toBeGreaterThanOrEqual(0);
    expect(laterRow).toBe(earlierRow + 1);
    // Nothing paid: the whole € 700,00 goes back, the balance is € 1.000,00; the long reason is cut.
    expect(rows[earlierRow]).toBe(
      `${earlier.projectNumber} ${DEMO_COMPANY} Dienstverlener kmo-portefeuille 05/11/2026 De opleiding werd na de eerste sessie stopgezet omdat de lesgever ernstig ziek… € 700,00 € 1.000,00`,
    );
    // € 400 paid: 30 % of it (€ 120) is subsidy spent, € 280 own money; € 420 goes back of € 600 left.
    expect(rows[laterRow]).toContain(
      'De diensten werden geannuleerd of vroegtijdig stopgezet. € 420,00 € 600,00',
    );
    expect(list.text).toContain(`href="/beheer/stopzettingen/${earlier.projectNumber}"`);

    // The requests stay in order by the time they were made, whatever their number.
    const requested = await db()('projects as pr')
      .join('project_history as h', 'h.project_id', 'pr.id')
      .where({ 'pr.status': 'StopzettingAangevraagd', 'h.action': 'request_stop' })
      .select('pr.project_number', 'h.created_at');
    const at = new Map(
      requested.map((row) => [row.project_number as string, (row.created_at as Date).getTime()]),
    );
    const order = rows.map((row) => at.get(row.split(' ')[0] ?? '') ?? Number.NaN);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shows the reason, the proof, the figures, what a confirmation books, and the ledger', async () => {
    const project = await stopRequestedProject({ paidCents: 40_000 });
    const page = await staff.get(detailPath(project)).expect(200);
    const text = textOf(page.text);
    expect(headingOf(page.text)).toBe(`Stopzetting ${project.projectNumber}`);
    expect(text).toContain('Stopzetting aangevraagd');
    expect(text).toContain('Reden De diensten werden geannuleerd of vroegtijdig stopgezet.');
    expect(text).toContain('Aangevraagd door');
    expect(page.text).toContain(
      `href="/beheer/stopzettingen/${project.projectNumber}/documenten/${project.documentId}">Bewijsstuk downloaden (bewijs.pdf)</a>`,
    );
    expect(text).toContain('Terugbetaling eigen bijdrage aan de onderneming € 420,00');
    expect(text).toContain('Ongebruikte subsidie terug naar de Vlaamse overheid € 180,00');
    expect(text).toContain('De ongebruikte subsidie komt opnieuw vrij binnen het steunplafond van 2026.');
    expect(text).toContain('Projectbedrag € 1.000,00');
    expect(text).toContain('Betaald aan de dienstverlener € 400,00');
    expect(text).toContain('Saldo € 600,00');
    // The ledger: the deposit, the subsidy and the payment with its invoice.
    expect(text).toContain('05/10/2026 Storting eigen bijdrage € 700,00');
    expect(text).toContain(`F-${counter} van 19/10/2026 € -400,00`);
    expect(page.text).toContain(`href="${decisionPath(project, 'bevestigen')}"`);
    expect(page.text).toContain(`href="${decisionPath(project, 'weigeren')}"`);
  });

  it('answers 404 for a project without a stop request and for an unknown number', async () => {
    const lopend = await db()('projects as pr')
      .where('pr.status', 'Lopend')
      .whereNotExists(
        db()('project_history as h').whereRaw('h.project_id = pr.id').where('h.action', 'request_stop'),
      )
      .first('project_number');
    await staff.get(`/beheer/stopzettingen/${lopend.project_number}`).expect(404);
    await staff.get('/beheer/stopzettingen/2026KMO999999').expect(404);
  });
});

describe('the proof document', () => {
  it('downloads for agency staff, typed and named as stored', async () => {
    const project = await stopRequestedProject();
    const response = await staff
      .get(`${detailPath(project)}/documenten/${project.documentId}`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename=bewijs.pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(response.body as Buffer, project.proof)).toBe(0);
    // A document of another project is not found under this one.
    const other = await stopRequestedProject();
    await staff.get(`${detailPath(project)}/documenten/${other.documentId}`).expect(404);
  });

  it('is refused (403) to providers, department users and entrepreneurs', async () => {
    const project = await stopRequestedProject();
    for (const role of ['head office', 'department user', 'entrepreneur'] as DemoRole[]) {
      const agent = await demoAgent(testApp, role);
      await agent.get(`${detailPath(project)}/documenten/${project.documentId}`).expect(403);
    }
  });
});

describe('confirming a stop (StopzettingAangevraagd → Stopgezet)', () => {
  it('books the refund and the unused subsidy, balances the ledger, frees the ceiling and mails both parties', async () => {
    const project = await stopRequestedProject({ paidCents: 40_000 });
    const company = await companyOf(project);
    const usedBefore = await testApp.container.queries.wallet.subsidyUsedInYear(company.id, 2026);

    const response = await decide(staff, project, 'bevestigen');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(detailPath(project));
    const page = await staff.get(detailPath(project)).expect(200);
    expect(flashTextsOf(page.text).join(' ')).toContain(
      'De stopzetting is bevestigd: het project heeft nu de status "Stopgezet". € 420,00 eigen bijdrage gaat terug naar de onderneming, € 180,00 subsidie naar de Vlaamse overheid.',
    );
    expect(textOf(page.text)).toContain('er wacht geen stopzetting op een beslissing');

    expect(await statusOf(db(), project)).toBe('Stopgezet');
    const [history] = await historyOf(db(), project, 'confirm_stop');
    expect(history).toMatchObject({
      from_status: 'StopzettingAangevraagd',
      to_status: 'Stopgezet',
      actor_type: 'agency',
      actor_label: 'Sofie Maes',
    });
    // € 1.000 at 30 %, € 400 paid: € 120 of it was subsidy, € 280 own money.
    // Refund 700 − 280 = € 420; subsidy back 300 − 120 = € 180; booked on the day of the stop.
    expect((await ledgerOf(project)).slice(3)).toEqual([
      { kind: 'terugbetaling', amount_cents: -42_000, booked_on: '2026-11-18' },
      { kind: 'subsidie_terug', amount_cents: -18_000, booked_on: '2026-11-18' },
    ]);
    expect(await balanceOf(project)).toBe(0);
    // Stopped in the application's year: the € 180 counts no more against the 2026 ceiling.
    expect(await testApp.container.queries.wallet.subsidyUsedInYear(company.id, 2026)).toBe(
      usedBefore - 18_000,
    );

    const audit = await auditRows(project, 'project.confirm_stop');
    expect(audit.map((row: { details: unknown }) => row.details)).toEqual([
      {
        status: { old: 'StopzettingAangevraagd', new: 'Stopgezet' },
        refundCents: 42_000,
        subsidyReturnCents: 18_000,
        stoppedOn: '2026-11-18',
        ceilingFreed: true,
      },
    ]);

    const mails = await decisionMails(project);
    expect(mails.map((mail) => mail.to).sort()).toEqual([[company.email], [await providerAddress()]].sort());
    for (const mail of mails) {
      expect(mail.subject).toBe(`De stopzetting van project ${project.projectNumber} is bevestigd`);
      expect(mail.text).toContain('Terugbetaling van de eigen bijdrage aan de onderneming: € 420,00');
      expect(mail.text).toContain('Ongebruikte subsidie terug naar de Vlaamse overheid: € 180,00');
    }
    const toCompany = mails.find((mail) => mail.to.includes(company.email));
    expect(toCompany?.text).toContain(`Beste ${DEMO_COMPANY},`);
    expect(toCompany?.text).toContain('komt opnieuw vrij binnen uw steunplafond van 2026');
    expect(toCompany?.text).toContain(`/onderneming/projecten/${project.projectNumber}`);
    const toProvider = mails.find((mail) => !mail.to.includes(company.email));
    expect(toProvider?.text).toContain(
      'Vanuit de kmo-portefeuille volgen geen betalingen meer voor dit project.',
    );
    expect(toProvider?.text).toContain(`/dienstverlener/projecten/${project.projectNumber}`);
  });

  it('shows the new status and history on the provider’s and the company’s project page at once', async () => {
    const project = await stopRequestedProject();
    expect((await decide(staff, project, 'bevestigen')).status).toBe(303);

    const providerPage = textOf(
      (await provider.get(`/dienstverlener/projecten/${project.projectNumber}`).expect(200)).text,
    );
    expect(providerPage).toContain('Status Stopgezet');
    expect(providerPage).toContain('Stopgezet Sofie Maes');
    const entrepreneur = await demoAgent(testApp, 'entrepreneur');
    const companyPage = textOf(
      (await entrepreneur.get(`/onderneming/projecten/${project.projectNumber}`).expect(200)).text,
    );
    expect(companyPage).toContain('Status Stopgezet');
    expect(companyPage).toContain('Stopgezet Sofie Maes');
    // Nothing paid: the whole own contribution comes back, the whole subsidy returns.
    expect(companyPage).toContain('Terugbetaling aan de onderneming');
    expect(companyPage).toContain('€ 700,00');
    expect(companyPage).toContain('Teruggestort € 1.000,00');
  });

  it('takes out the subsidy but frees no ceiling when the stop falls in a later year', async () => {
    const project = await stopRequestedProject({ paidCents: 40_000 });
    const company = await companyOf(project);
    // The first app's mail sender must not take the second app's mails from the shared outbox.
    await testApp.container.mail.idle();
    const nextYear = await createTestApp({ shareDatabaseWith: testApp, clock: clockOnDay('2027-01-05') });
    try {
      const used2026 = await nextYear.container.queries.wallet.subsidyUsedInYear(company.id, 2026);
      const used2027 = await nextYear.container.queries.wallet.subsidyUsedInYear(company.id, 2027);
      const agent = await demoAgent(nextYear, 'agency staff');
      const detail = textOf((await agent.get(detailPath(project)).expect(200)).text);
      expect(detail).toContain('Komt niet opnieuw vrij: de stopzetting valt na 2026.');
      expect((await decide(agent, project, 'bevestigen')).status).toBe(303);

      expect(await statusOf(db(), project)).toBe('Stopgezet');
      expect((await ledgerOf(project)).slice(3)).toEqual([
        { kind: 'terugbetaling', amount_cents: -42_000, booked_on: '2027-01-05' },
        { kind: 'subsidie_terug', amount_cents: -18_000, booked_on: '2027-01-05' },
      ]);
      expect(await balanceOf(project)).toBe(0);
      // The 2026 ceiling stays used; 2027's is not touched either.
      expect(await nextYear.container.queries.wallet.subsidyUsedInYear(company.id, 2026)).toBe(used2026);
      expect(await nextYear.container.queries.wallet.subsidyUsedInYear(company.id, 2027)).toBe(used2027);
      const [audit] = await auditRows(project, 'project.confirm_stop');
      expect(audit.details).toMatchObject({ ceilingFreed: false, stoppedOn: '2027-01-05' });
      const toCompany = (await decisionMails(project, nextYear)).find((mail) =>
        mail.to.includes(company.email),
      );
      expect(toCompany?.text).toContain(
        'De stopzetting valt na 2026: de ongebruikte subsidie gaat terug naar de Vlaamse overheid en komt niet opnieuw vrij binnen uw steunplafond van 2026.',
      );
    } finally {
      await nextYear.close();
    }
  });

  it('changes nothing on a second click: the stale form is refused in Dutch', async () => {
    const project = await stopRequestedProject();
    const page = await staff.get(decisionPath(project, 'bevestigen')).expect(200);
    const form = { _csrf: csrfTokenIn(page.text), expectedFrom: 'StopzettingAangevraagd' };
    await staff.post(decisionPath(project, 'bevestigen')).type('form').send(form).expect(303);
    const second = await staff.post(decisionPath(project, 'bevestigen')).type('form').send(form);
    expect(await warningAfter(staff, second)).toContain(
      'Dit project heeft intussen de status "Stopgezet". "Stopzetting bevestigen" kan daardoor niet meer.',
    );
    expect(await historyOf(db(), project, 'confirm_stop')).toHaveLength(1);
    expect(await ledgerOf(project)).toHaveLength(4);
    expect(await decisionMails(project)).toHaveLength(2);
  });

  it('applies ten concurrent confirmations once: one status change, one set of entries, two mails', async () => {
    const project = await stopRequestedProject({ paidCents: 40_000 });
    const page = await staff.get(decisionPath(project, 'bevestigen')).expect(200);
    const form = { _csrf: csrfTokenIn(page.text), expectedFrom: 'StopzettingAangevraagd' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        staff.post(decisionPath(project, 'bevestigen')).type('form').send(form),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    expect(await statusOf(db(), project)).toBe('Stopgezet');
    expect(await historyOf(db(), project, 'confirm_stop')).toHaveLength(1);
    expect((await ledgerOf(project)).map((entry) => entry.kind)).toEqual([
      'eigen_bijdrage',
      'subsidie',
      'betaling_dienstverlener',
      'terugbetaling',
      'subsidie_terug',
    ]);
    expect(await balanceOf(project)).toBe(0);
    expect(await auditRows(project, 'project.confirm_stop')).toHaveLength(1);
    expect(await decisionMails(project)).toHaveLength(2);
  });
});

describe('refusing a stop (StopzettingAangevraagd → Lopend)', () => {
  it('needs a reason: the error beside the field and in the summary, nothing changed', async () => {
    const project = await stopRequestedProject();
    const response = await decide(staff, project, 'weigeren', { reason: '   ' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(decisionPath(project, 'weigeren'));
    const page = await staff.get(decisionPath(project, 'weigeren')).expect(200);
    const message = 'Geef een reden op waarom u de stopzetting weigert.';
    expect(errorSummaryOf(page.text)).toEqual([{ field: 'reason', message }]);
    expect(fieldErrorOf(page.text, 'reason')).toBe(message);
    expect(page.text).toContain('<title>Fout:');
    expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
    expect(await historyOf(db(), project, 'refuse_stop')).toHaveLength(0);
    expect(await auditRows(project, 'project.refuse_stop')).toHaveLength(0);
    expect(await decisionMails(project)).toHaveLength(0);
  });

  it('puts the project back to Lopend with the reason in the history, the audit and both mails', async () => {
    const project = await stopRequestedProject({ paidCents: 40_000 });
    const company = await companyOf(project);
    const reason = 'Het bewijsstuk toont geen stopzetting van de opleiding.';
    const response = await decide(staff, project, 'weigeren', { reason });
    const flashText = await warningAfter(staff, response);
    expect(flashText).toContain('De stopzetting is geweigerd: het project heeft opnieuw de status "Lopend".');

    expect(await statusOf(db(), project)).toBe('Lopend');
    const [history] = await historyOf(db(), project, 'refuse_stop');
    expect(history).toMatchObject({ from_status: 'StopzettingAangevraagd', to_status: 'Lopend', reason });
    // The money stays where it was.
    expect(await ledgerOf(project)).toHaveLength(3);
    expect(await balanceOf(project)).toBe(60_000);
    const audit = await auditRows(project, 'project.refuse_stop');
    expect(audit.map((row: { details: unknown }) => row.details)).toEqual([
      { status: { old: 'StopzettingAangevraagd', new: 'Lopend' }, reason },
    ]);

    const mails = await decisionMails(project);
    expect(mails.map((mail) => mail.to).sort()).toEqual([[company.email], [await providerAddress()]].sort());
    for (const mail of mails) {
      expect(mail.subject).toBe(`De stopzetting van project ${project.projectNumber} is geweigerd`);
      expect(mail.text).toContain(`Reden van de weigering: ${reason}`);
    }
    const providerPage = textOf(
      (await provider.get(`/dienstverlener/projecten/${project.projectNumber}`).expect(200)).text,
    );
    expect(providerPage).toContain('Status Lopend');
    expect(providerPage).toContain(reason);
  });
});

describe("a department's project", () => {
  it('mails the decision to the head office and to the department', async () => {
    const project = await stopRequestedProject({ department: 'Departement Opleidingen' });
    const company = await companyOf(project);
    await decide(staff, project, 'weigeren', { reason: 'Geen grond.' });

    const mails = await decisionMails(project);
    expect(mails.map((mail) => mail.to).sort()).toEqual(
      [[company.email], [await providerAddress()], ['opleidingen@dienstverlener-kmo.test']].sort(),
    );
  });
});

describe('refusals', () => {
  it('refuses a decision on a project that awaits none, with a clear message, and changes nothing', async () => {
    const project = await stopRequestedProject();
    expect((await decide(staff, project, 'weigeren', { reason: 'Geen grond.' })).status).toBe(303);
    expect(await statusOf(db(), project)).toBe('Lopend');

    // The detail offers no decision; the decision page sends back with a warning.
    const detail = await staff.get(detailPath(project)).expect(200);
    expect(detail.text).not.toContain(`href="${decisionPath(project, 'bevestigen')}"`);
    const page = await staff.get(decisionPath(project, 'bevestigen')).expect(302);
    expect(page.headers.location).toBe(detailPath(project));
    expect(flashTextsOf((await staff.get(detailPath(project)).expect(200)).text).join(' ')).toContain(
      'Dit project heeft de status "Lopend": er wacht geen stopzetting op een beslissing.',
    );
    // A post claiming the status it has now is refused the same way.
    const token = csrfTokenIn(detail.text);
    const post = await staff
      .post(decisionPath(project, 'bevestigen'))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Lopend' });
    expect(await warningAfter(staff, post)).toContain(
      'Dit project heeft de status "Lopend": er wacht geen stopzetting op een beslissing.',
    );
    expect(await historyOf(db(), project, 'confirm_stop')).toHaveLength(0);
    expect(await ledgerOf(project)).toHaveLength(2);
  });

  it('refuses a form without the status it was shown in, on the detail page, changing nothing', async () => {
    const project = await stopRequestedProject();
    const page = await staff.get(decisionPath(project, 'bevestigen')).expect(200);
    for (const expectedFrom of [undefined, 'Onbekend']) {
      const response = await staff
        .post(decisionPath(project, 'bevestigen'))
        .type('form')
        .send({ _csrf: csrfTokenIn(page.text), ...(expectedFrom ? { expectedFrom } : {}) });
      expect(response.headers.location).toBe(detailPath(project));
      expect(await warningAfter(staff, response)).toBe(
        'Let op: Dit formulier is niet volledig. Open de beslissing opnieuw.',
      );
    }
    expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
    expect(await ledgerOf(project)).toHaveLength(2);
  });

  it('refuses a reason longer than 2000 characters beside the field, keeping it, changing nothing', async () => {
    const project = await stopRequestedProject();
    const tooLong = 'x'.repeat(2001);
    const response = await decide(staff, project, 'weigeren', { reason: tooLong });
    expect(response.headers.location).toBe(decisionPath(project, 'weigeren'));
    const page = await staff.get(decisionPath(project, 'weigeren')).expect(200);
    const message = 'Houd de reden korter dan 2000 tekens.';
    expect(errorSummaryOf(page.text)).toEqual([{ field: 'reason', message }]);
    expect(fieldErrorOf(page.text, 'reason')).toBe(message);
    expect(page.text).toContain(tooLong);
    expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
  });

  it('answers 404 for a decision that does not exist, on GET and POST', async () => {
    const project = await stopRequestedProject();
    const page = await staff.get(detailPath(project)).expect(200);
    await staff.get(decisionPath(project, 'goedkeuren')).expect(404);
    await staff
      .post(decisionPath(project, 'goedkeuren'))
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), expectedFrom: 'StopzettingAangevraagd' })
      .expect(404);
    await staff.get(decisionPath({ ...project, projectNumber: '2026KMO999999' }, 'bevestigen')).expect(404);
    expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
  });

  it('refuses a post without a valid CSRF token (403)', async () => {
    const project = await stopRequestedProject();
    for (const slug of ['bevestigen', 'weigeren']) {
      await staff
        .post(decisionPath(project, slug))
        .type('form')
        .send({ expectedFrom: 'StopzettingAangevraagd', reason: 'Geen grond.' })
        .expect(403);
      await staff
        .post(decisionPath(project, slug))
        .type('form')
        .send({ _csrf: 'vervalst', expectedFrom: 'StopzettingAangevraagd', reason: 'Geen grond.' })
        .expect(403);
    }
    expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
  });

  it('answers 403 to providers, department users and entrepreneurs on every page and post', async () => {
    const project = await stopRequestedProject();
    for (const role of ['head office', 'department user', 'entrepreneur'] as DemoRole[]) {
      const agent = await demoAgent(testApp, role);
      for (const path of [
        '/beheer/stopzettingen',
        detailPath(project),
        decisionPath(project, 'bevestigen'),
      ]) {
        await agent.get(path).expect(403);
      }
      // With the agent's own valid token, so the 403 is the role's, not the CSRF check's.
      const home = role === 'entrepreneur' ? '/onderneming' : '/dienstverlener';
      const token = csrfTokenIn((await agent.get(home).expect(200)).text);
      for (const slug of ['bevestigen', 'weigeren']) {
        await agent
          .post(decisionPath(project, slug))
          .type('form')
          .send({ _csrf: token, expectedFrom: 'StopzettingAangevraagd', reason: 'Geen grond.' })
          .expect(403);
      }
    }
    expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
    expect(await decisionMails(project)).toHaveLength(0);
  });
});
