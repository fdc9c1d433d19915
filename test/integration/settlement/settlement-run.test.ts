import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../../src/domain/ledger.js';
import { SettlementRepository } from '../../../src/features/settlement/settlement.repository.js';
import { SettlementService } from '../../../src/features/settlement/settlement.service.js';
import type { CaughtMail } from '../../../src/dev/mail-catcher.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { demoAgent } from '../../support/session.js';
import {
  book,
  createCompany,
  createProject,
  deliverAll,
  mailsAbout,
  mailsSince,
  mailsTo,
  PROVIDER_EMAIL,
  type TestProject,
} from '../deadlines/support.js';

/**
 * Issue 18, settlement: a Lopend project whose payment period ended (31
 * December of the application year + completion_deadline_years, 1 year for
 * these applications) is settled by the nightly run on the next day: the
 * unused own contribution refunded to the company (ledger and payout
 * instruction), the unused subsidy back, Afgewerkt, both parties mailed.
 * Amounts below are computed by hand at the project's rate.
 */

const PUBLIC_URL = 'https://kmo.example.test';
let testApp: TestApp;
let demoRun: { settled: number; failed: number };
beforeAll(async () => {
  testApp = await createTestApp({ demo: true, environment: { PUBLIC_URL } });
  // Every demo project still running has its period end before 2030: settled once, here.
  demoRun = await testApp.container.services.settlement.run('2030-01-01');
  await deliverAll(testApp);
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const APPLIED = '2030-03-01';
const DEPOSITED = '2030-03-10';
const DEADLINE = '2031-12-31';
const DAY_AFTER = '2032-01-01';
const COMPANY_IBAN = 'BE71096123456769';

async function runningProject(figures: {
  own: number;
  subsidy: number;
  payments: number[];
  companyId?: number;
}): Promise<TestProject & { companyEmail: string | null }> {
  const company = figures.companyId ? undefined : await createCompany(db());
  const project = await createProject(db(), {
    companyId: figures.companyId ?? company!.id,
    status: 'Lopend',
    applicationDate: APPLIED,
    depositDeadline: '2030-03-31',
    ownContributionCents: figures.own,
    subsidyCents: figures.subsidy,
  });
  await book(db(), project.id, 'eigen_bijdrage', figures.own, DEPOSITED);
  await book(db(), project.id, 'subsidie', figures.subsidy, DEPOSITED);
  for (const payment of figures.payments) {
    await book(db(), project.id, 'betaling_dienstverlener', -payment, '2031-06-15');
  }
  return { ...project, companyEmail: company?.email ?? null };
}

async function run(today: string): Promise<{ settled: number; failed: number; mails: CaughtMail[] }> {
  const before = testApp.mailbox.list().length;
  const result = await testApp.container.services.settlement.run(today);
  await deliverAll(testApp);
  return { ...result, mails: mailsSince(testApp, before) };
}

const statusOf = async (project: TestProject) =>
  (await db()('projects').where({ id: project.id }).first<{ status: string }>('status')).status;
const settlementRows = (project: TestProject) =>
  db()('ledger_entries')
    .where({ project_id: project.id })
    .whereIn('kind', ['terugbetaling', 'subsidie_terug'])
    .orderBy('id')
    .select('id', 'kind', 'amount_cents', 'booked_on', 'reference');
const payoutsOf = (project: TestProject) =>
  db()('payout_instructions').where({ project_id: project.id }).orderBy('id');
async function ledgerCheck(project: TestProject) {
  const row = await db()('projects')
    .where({ id: project.id })
    .first<{ status: 'Afgewerkt'; own: number; subsidy: number }>({
      status: 'status',
      own: 'own_contribution_cents',
      subsidy: 'subsidy_cents',
    });
  const entries = await db()('ledger_entries')
    .where({ project_id: project.id })
    .select({ kind: 'kind', amountCents: 'amount_cents' });
  return checkLedger(
    { status: row.status, ownContributionCents: row.own, subsidyCents: row.subsidy },
    entries,
  );
}

describe('the demo data', () => {
  it('settles every running demo project past its period without a failure', async () => {
    expect(demoRun.failed).toBe(0);
    expect(demoRun.settled).toBeGreaterThan(0);
    const [lopend] = await db()('projects').where({ status: 'Lopend' }).count<{ n: number }[]>('* as n');
    expect(Number(lopend?.n)).toBe(0);
  });
});

describe('a project at the end of its payment period', () => {
  it('runs on until its deadline, and is settled the day after at the project rate', async () => {
    // € 1.711,93 at 30 %: € 1.198,35 own, € 513,58 subsidy; € 1.000,00 paid.
    // Subsidy's share of the payment: 100 000 × 51 358 / 171 193 = 30 000,06 → € 300,00; own € 700,00.
    // Refund € 1.198,35 − € 700,00 = € 498,35; subsidy back € 513,58 − € 300,00 = € 213,58.
    const project = await runningProject({ own: 119_835, subsidy: 51_358, payments: [100_000] });

    const onDeadline = await run(DEADLINE);
    expect(mailsAbout(onDeadline.mails, project.projectNumber)).toEqual([]);
    expect(await statusOf(project)).toBe('Lopend');

    const after = await run(DAY_AFTER);
    expect(after.failed).toBe(0);
    expect(await statusOf(project)).toBe('Afgewerkt');
    expect(await settlementRows(project)).toMatchObject([
      {
        kind: 'terugbetaling',
        amount_cents: -49_835,
        booked_on: DAY_AFTER,
        reference: 'Terugbetaling eigen bijdrage na afloop van de betalingstermijn',
      },
      { kind: 'subsidie_terug', amount_cents: -21_358, booked_on: DAY_AFTER },
    ]);
    const [refundEntry] = await settlementRows(project);
    const payouts = await payoutsOf(project);
    expect(payouts).toHaveLength(1);
    expect(payouts[0]).toMatchObject({
      kind: 'refund_to_company',
      ledger_entry_id: refundEntry.id,
      amount_cents: 49_835,
      creditor_iban: COMPANY_IBAN,
      creditor_bic: 'GKCCBEBB',
      batch_id: null,
    });
    expect(payouts[0].remittance_text).toContain(project.projectNumber);
    expect(await ledgerCheck(project)).toMatchObject({ balanced: true, sums: { balanceCents: 0 } });

    const history = await db()('project_history').where({ project_id: project.id });
    expect(history).toMatchObject([
      {
        from_status: 'Lopend',
        to_status: 'Afgewerkt',
        action: 'complete',
        actor_type: 'system',
        reason: 'De betalingstermijn liep af op 31/12/2031: het project is afgerekend.',
      },
    ]);
    const audit = await db()('audit_log').where({ entity_type: 'project', entity_id: String(project.id) });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'project.complete' });
    expect(JSON.stringify(audit[0])).toContain('49835');

    const mails = mailsAbout(after.mails, project.projectNumber);
    expect(mails).toHaveLength(2);
    const [toCompany] = mailsTo(mails, project.companyEmail!);
    expect(toCompany?.subject).toBe(
      `Project ${project.projectNumber} is afgerekend: de betalingstermijn is voorbij`,
    );
    expect(toCompany?.text).toContain('Terugbetaling van de eigen bijdrage aan de onderneming: € 498,35');
    expect(toCompany?.text).toContain('Ongebruikte subsidie terug naar de Vlaamse overheid: € 213,58');
    expect(toCompany?.text).toContain('Betaald aan de dienstverlener: € 1.000,00');
    expect(toCompany?.text).toContain('teruggestort op uw rekening BE71 0961 2345 6769');
    expect(toCompany?.text).toContain(`${PUBLIC_URL}/onderneming/projecten/${project.projectNumber}`);
    const [toProvider] = mailsTo(mails, PROVIDER_EMAIL);
    expect(toProvider?.text).toContain(
      'Vanuit de kmo-portefeuille volgen geen betalingen meer voor dit project.',
    );
    expect(toProvider?.text).not.toContain('BE71');
  });

  it('closes a project with nothing left without booking or paying anything out', async () => {
    const project = await runningProject({ own: 70_000, subsidy: 30_000, payments: [60_000, 40_000] });
    const result = await run(DAY_AFTER);
    expect(result.failed).toBe(0);
    expect(await statusOf(project)).toBe('Afgewerkt');
    expect(await settlementRows(project)).toEqual([]);
    expect(await payoutsOf(project)).toEqual([]);
    const [toCompany] = mailsTo(mailsAbout(result.mails, project.projectNumber), project.companyEmail!);
    expect(toCompany?.text).toContain('Er blijft geen eigen bijdrage over om terug te storten.');
  });

  it('refunds everything when nothing was paid', async () => {
    const project = await runningProject({ own: 70_000, subsidy: 30_000, payments: [] });
    await run(DAY_AFTER);
    expect(await settlementRows(project)).toMatchObject([
      { kind: 'terugbetaling', amount_cents: -70_000 },
      { kind: 'subsidie_terug', amount_cents: -30_000 },
    ]);
    expect(await payoutsOf(project)).toMatchObject([{ amount_cents: 70_000 }]);
  });

  it('leaves a stop request for the agency, and a project of a later year running', async () => {
    const stopping = await runningProject({ own: 70_000, subsidy: 30_000, payments: [] });
    await db()('projects').where({ id: stopping.id }).update({ status: 'StopzettingAangevraagd' });
    const later = await runningProject({ own: 70_000, subsidy: 30_000, payments: [] });
    await db()('projects').where({ id: later.id }).update({ application_date: '2031-01-02' });
    await run(DAY_AFTER);
    expect(await statusOf(stopping)).toBe('StopzettingAangevraagd');
    expect(await statusOf(later)).toBe('Lopend');
    expect(await settlementRows(later)).toEqual([]);
    // Its own period (application year 2031 + 1) ends on 31/12/2032.
    await run('2033-01-01');
    expect(await statusOf(later)).toBe('Afgewerkt');
  });

  it('leaves alone a project whose ledger does not balance, and one without an account to refund to', async () => {
    const broken = await runningProject({ own: 70_000, subsidy: 30_000, payments: [] });
    await book(db(), broken.id, 'eigen_bijdrage', 1, DEPOSITED);
    const noAccount = await runningProject({ own: 70_000, subsidy: 30_000, payments: [10_000] });
    const company = await db()('projects')
      .where({ id: noAccount.id })
      .first<{ company_id: number }>('company_id');
    await db()('companies').where({ id: company.company_id }).update({ iban: null, bic: null });

    const result = await run(DAY_AFTER);
    expect(result.failed).toBe(2);
    for (const project of [broken, noAccount]) {
      expect(await statusOf(project)).toBe('Lopend');
      expect(await settlementRows(project)).toEqual([]);
      expect(await payoutsOf(project)).toEqual([]);
      expect(mailsAbout(result.mails, project.projectNumber)).toEqual([]);
    }
    // Repaired, the next run settles it.
    await db()('companies').where({ id: company.company_id }).update({ iban: COMPANY_IBAN });
    await db()('ledger_entries').where({ project_id: broken.id, amount_cents: 1 }).delete();
    const next = await run(DAY_AFTER);
    expect(next.failed).toBe(0);
    expect(await statusOf(noAccount)).toBe('Afgewerkt');
    expect(await statusOf(broken)).toBe('Afgewerkt');
  });
});

describe('exactly once', () => {
  async function threeProjects() {
    return [
      await runningProject({ own: 70_000, subsidy: 30_000, payments: [40_000] }),
      await runningProject({ own: 80_000, subsidy: 20_000, payments: [] }),
      await runningProject({ own: 60_000, subsidy: 40_000, payments: [25_000] }),
    ];
  }
  async function countsOf(projects: TestProject[], mails: CaughtMail[]) {
    return Promise.all(
      projects.map(async (project) => ({
        status: await statusOf(project),
        entries: (await settlementRows(project)).length,
        payouts: (await payoutsOf(project)).length,
        history: (await db()('project_history').where({ project_id: project.id })).length,
        mails: mailsAbout(mails, project.projectNumber).length,
      })),
    );
  }
  const settledOnce = { status: 'Afgewerkt', entries: 2, payouts: 1, history: 1, mails: 2 };

  it('a second run on the same day, or a later one, changes nothing', async () => {
    const projects = await threeProjects();
    const first = await run(DAY_AFTER);
    const second = await run(DAY_AFTER);
    const later = await run('2032-01-05');
    expect(second.settled + later.settled).toBe(0);
    expect(await countsOf(projects, [...first.mails, ...second.mails, ...later.mails])).toEqual([
      settledOnce,
      settledOnce,
      settledOnce,
    ]);
  });

  it('ten runs at the same moment settle each project once', async () => {
    const projects = await threeProjects();
    const before = testApp.mailbox.list().length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => testApp.container.services.settlement.run(DAY_AFTER)),
    );
    await deliverAll(testApp);
    expect(results.reduce((sum, result) => sum + result.failed, 0)).toBe(0);
    expect(results.reduce((sum, result) => sum + result.settled, 0)).toBe(3);
    expect(await countsOf(projects, mailsSince(testApp, before))).toEqual([
      settledOnce,
      settledOnce,
      settledOnce,
    ]);
  });

  it('a run killed halfway is completed by the next run, after days of downtime', async () => {
    const projects = await threeProjects();
    // The killed run got as far as the first project: a run over that one project only.
    class FirstOnly extends SettlementRepository {
      override async candidates(appliedBefore: string) {
        return (await super.candidates(appliedBefore)).filter((id) => id === projects[0]!.id);
      }
    }
    const container = testApp.container;
    const killed = new SettlementService(db(), new FirstOnly(db()), container.repositories.projectReactions, {
      publicUrl: PUBLIC_URL,
      logger: container.logger,
      onMailQueued: () => container.mail.kick(),
    });
    const before = testApp.mailbox.list().length;
    expect(await killed.run(DAY_AFTER)).toEqual({ settled: 1, failed: 0 });
    expect((await countsOf(projects, []))[1]?.status).toBe('Lopend');

    const resumed = await testApp.container.services.settlement.run('2032-01-09');
    await deliverAll(testApp);
    expect(resumed).toEqual({ settled: 2, failed: 0 });
    expect(await countsOf(projects, mailsSince(testApp, before))).toEqual([
      settledOnce,
      settledOnce,
      settledOnce,
    ]);
    // Booked on the day the run caught up.
    expect((await settlementRows(projects[1]!))[0]).toMatchObject({ booked_on: '2032-01-09' });
  });
});

describe('the company sees it', () => {
  it('shows the deposit, subsidy, payment and refund with their dates, and the balance of zero', async () => {
    const demoCompany = await db()('companies')
      .where({ name: 'Testonderneming_A en B' })
      .first<{ id: number; iban: string | null }>('id', 'iban');
    const project = await runningProject({
      own: 70_000,
      subsidy: 30_000,
      payments: [40_000],
      companyId: demoCompany.id,
    });
    await run(DAY_AFTER);
    const agent = await demoAgent(testApp, 'entrepreneur');
    const page = await agent.get(`/onderneming/projecten/${project.projectNumber}`);
    expect(page.status).toBe(200);
    const text = page.text.replace(/\s+/g, ' ');
    expect(text).toContain('Afgewerkt');
    expect(text).toMatch(/10\/03\/2030.*Storting eigen bijdrage.*€ 700,00/);
    expect(text).toMatch(/10\/03\/2030.*Subsidie Vlaamse overheid.*€ 300,00/);
    expect(text).toMatch(/15\/06\/2031.*Betaling aan de dienstverlener.*€ -400,00/);
    expect(text).toMatch(/01\/01\/2032.*Terugbetaling aan de onderneming.*€ -420,00/);
    expect(text).toMatch(/01\/01\/2032.*Subsidie terug naar de Vlaamse overheid.*€ -180,00/);
    expect(text).toMatch(/Saldo.*€ 0,00/);
  });
});
