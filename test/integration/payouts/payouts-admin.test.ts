import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueuePayout } from '../../../src/features/payouts/payout-instruction.repository.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { pdfWith } from '../../support/documents.js';
import { dmy } from '../../support/format.js';
import { errorSummaryOf, fieldErrorOf, flashTextsOf, textOf } from '../../support/html.js';
import { historyOf, statusOf, type DemoProject } from '../../support/projects.js';
import { csrfTokenIn, csrfTokenOf, demoAgent, type Agent, type DemoRole } from '../../support/session.js';
import {
  balanceOf,
  entrepreneurFor,
  MEDIUM_COMPANY,
  payPath,
  ProjectPicker,
  projectPath,
  SMALL_COMPANY,
  todayIso,
} from '../wallet/support.js';

/*
 * Money out (issue 18): the wallet's payment to the provider and a confirmed
 * stop's refund become payout instructions in the same transaction as their
 * ledger entry; staff gather them into a batch at /beheer/uitbetalingen,
 * download it as a pain.001.001.09 file (read back here with an independent
 * XML parser and checked against the rulebook's rules, computed here from the
 * database rows) and mark it executed once. The ledger then names its batch.
 *
 * No package in node_modules ships pain.001.001.09.xsd and xmllint is not
 * installed, so the file is not validated against the official schema here.
 */

const DEMO_PROVIDER = '0123456749';
const PAYOUTS = '/beheer/uitbetalingen';
const batchPath = (id: number) => `${PAYOUTS}/batches/${id}`;

let testApp: TestApp;
let staff: Agent;
let provider: Agent;
let entrepreneur: Agent;
const db = () => testApp.database.db;
const picker = new ProjectPicker(db);

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
  provider = await demoAgent(testApp, 'head office');
  entrepreneur = await entrepreneurFor(testApp, MEDIUM_COMPANY);
});
afterAll(async () => {
  await testApp.close();
});

/** A weekday after TEST_TODAY (Wednesday 18/11/2026), worked out here: Thursday 19/11/2026. */
const NEXT_WEEKDAY = '2026-11-19';

/** The standard IBAN check (ISO 13616): rearranged, letters as numbers, mod 97 equals 1. */
function ibanChecksumHolds(iban: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const character of rearranged) {
    const digits = /[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** One CdtTrfTxInf as fast-xml-parser reads it (every value a string). */
interface ParsedTransaction {
  PmtId: { EndToEndId: string };
  Amt: { InstdAmt: { '#text': string; '@_Ccy': string } };
  CdtrAgt?: { FinInstnId: { BICFI: string } };
  Cdtr: { Nm: string };
  CdtrAcct: { Id: { IBAN: string } };
  RmtInf: {
    Ustrd?: string;
    Strd?: { CdtrRefInf: { Tp: { CdOrPrtry: { Cd: string }; Issr: string }; Ref: string } };
  };
}

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Cents as the file must write them, worked out independently: 1234 → "12.34". */
function decimal(cents: number): string {
  const text = String(cents).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

async function payProvider(project: DemoProject, amountCents: number, invoiceNumber: string) {
  const page = await entrepreneur.get(payPath(project.projectNumber)).expect(200);
  const expectedBalance = /name="expectedBalance" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  await entrepreneur
    .post(payPath(project.projectNumber))
    .type('form')
    .send({
      _csrf: csrfTokenIn(page.text),
      expectedBalance,
      bedrag: `${Math.floor(amountCents / 100)},${String(amountCents % 100).padStart(2, '0')}`,
      factuurnummer: invoiceNumber,
      factuurdatum: dmy(todayIso()),
    })
    .expect(303);
}

let stopCounter = 0;

/** A running project of € 1.000,00 for the small company, € 400,00 paid, whose stop the provider requests. */
async function stopRequestedProject(): Promise<DemoProject> {
  stopCounter += 1;
  const template = await db()('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .where('p.enterprise_number', DEMO_PROVIDER)
    .whereNull('pr.department_id')
    .first('pr.*');
  const company = await db()('companies').where({ name: SMALL_COMPANY }).first('id');
  const [row] = await db()('projects')
    .insert({
      ...Object.fromEntries(
        Object.entries(template).filter(([key]) => !['id', 'created_at', 'updated_at'].includes(key)),
      ),
      project_number: `2026KMO8${String(stopCounter).padStart(5, '0')}`,
      structured_communication: `98${String(stopCounter).padStart(10, '0')}`,
      company_id: company.id,
      title: `Uitbetaling test ${stopCounter}`,
      status: 'Lopend',
      application_date: '2026-10-01',
      agreement_date: '2026-10-01',
      start_date: '2026-10-01',
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
    {
      project_id: project.id,
      kind: 'betaling_dienstverlener',
      amount_cents: -40_000,
      booked_on: '2026-10-20',
      invoice_number: `F-${stopCounter}`,
      invoice_date: '2026-10-19',
    },
  ]);
  const stopPath = `/dienstverlener/projecten/${project.projectNumber}/stopzetten`;
  const page = await provider.get(stopPath).expect(200);
  await provider
    .post(stopPath)
    .field('_csrf', csrfTokenIn(page.text))
    .field('expectedFrom', 'Lopend')
    .field('reasonChoice', 'geannuleerd')
    .field('reasonText', '')
    .attach('bewijs', await pdfWith(`Bewijs ${project.projectNumber}`), {
      filename: 'bewijs.pdf',
      contentType: 'application/pdf',
    })
    .expect(303);
  expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
  expect(await historyOf(db(), project, 'request_stop')).toHaveLength(1);
  return project;
}

async function confirmStop(project: DemoProject) {
  const path = `/beheer/stopzettingen/${project.projectNumber}/bevestigen`;
  const page = await staff.get(path).expect(200);
  await staff
    .post(path)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), expectedFrom: 'StopzettingAangevraagd' })
    .expect(303);
}

async function createBatch(fields: Record<string, string> = { executionDate: dmy(NEXT_WEEKDAY) }) {
  const token = await csrfTokenOf(staff, PAYOUTS);
  return staff
    .post(PAYOUTS)
    .type('form')
    .send({ _csrf: token, ...fields });
}

async function pendingCount(): Promise<number> {
  const [row] = await db()('payout_instructions')
    .whereNull('batch_id')
    .count<{ count: string }[]>({ count: '*' });
  return Number(row?.count);
}

describe('payout instructions from the ledger', () => {
  it("the wallet's payment to the provider queues one transfer to the provider's account", async () => {
    const project = await picker.take({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const balance = await balanceOf(db(), project);
    const amount = Math.min(12_345, balance);
    await payProvider(project, amount, 'F2026/0815');

    const entry = await db()('ledger_entries')
      .where({ project_id: project.id, kind: 'betaling_dienstverlener', invoice_number: 'F2026/0815' })
      .first();
    const instructions = await db()('payout_instructions').where({ project_id: project.id });
    expect(instructions).toHaveLength(1);
    const account = await db()('projects as pr')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where('pr.id', project.id)
      .first('p.legal_name', 'p.iban', 'p.bic');
    expect(instructions[0]).toMatchObject({
      kind: 'payment_to_provider',
      ledger_entry_id: entry.id,
      amount_cents: -entry.amount_cents,
      creditor_name: account.legal_name,
      creditor_iban: account.iban,
      creditor_bic: account.bic,
      remittance_structured: null,
      batch_id: null,
    });
    expect(amount).toBe(-entry.amount_cents);
    expect(instructions[0].remittance_text).toContain('F2026/0815');
    expect(instructions[0].remittance_text).toContain(project.projectNumber);

    const page = await entrepreneur.get(projectPath(project.projectNumber)).expect(200);
    expect(textOf(page.text)).toContain('In afwachting van uitbetaling');
  });

  it("a confirmed stop queues the company's refund, and nothing for the subsidy's return", async () => {
    const project = await stopRequestedProject();
    await confirmStop(project);
    const entries = await db()('ledger_entries')
      .where({ project_id: project.id })
      .whereIn('kind', ['terugbetaling', 'subsidie_terug'])
      .orderBy('id');
    // € 1.000,00 at 30 %, € 400,00 paid: 70 % of it from the own contribution, so € 420,00 back to the company.
    expect(entries.map((entry) => [entry.kind, entry.amount_cents])).toEqual([
      ['terugbetaling', -42_000],
      ['subsidie_terug', -18_000],
    ]);
    const instructions = await db()('payout_instructions').where({ project_id: project.id });
    expect(instructions).toHaveLength(1);
    const company = await db()('companies').where({ name: SMALL_COMPANY }).first('name', 'iban', 'bic');
    expect(instructions[0]).toMatchObject({
      kind: 'refund_to_company',
      ledger_entry_id: entries[0].id,
      amount_cents: 42_000,
      creditor_name: company.name,
      creditor_iban: company.iban,
      creditor_bic: company.bic,
      batch_id: null,
    });
    expect(instructions[0].remittance_text).toContain(project.projectNumber);
  });
});

describe('/beheer/uitbetalingen', () => {
  it.each(['head office', 'department user', 'entrepreneur'] as DemoRole[])(
    'is closed to a %s (403), also the batch, its file and the posts',
    async (role) => {
      const agent = await demoAgent(testApp, role);
      await agent.get(PAYOUTS).expect(403);
      await agent.get(batchPath(1)).expect(403);
      await agent.get(`${batchPath(1)}/sepa.xml`).expect(403);
      await agent
        .post(PAYOUTS)
        .type('form')
        .send({ executionDate: dmy(NEXT_WEEKDAY) })
        .expect(403);
      await agent
        .post(`${batchPath(1)}/uitgevoerd`)
        .type('form')
        .send({})
        .expect(403);
    },
  );

  it('refuses a post without its CSRF token', async () => {
    const before = await db()('payout_batches').count<{ count: string }[]>({ count: '*' });
    await staff
      .post(PAYOUTS)
      .type('form')
      .send({ executionDate: dmy(NEXT_WEEKDAY) })
      .expect(403);
    const after = await db()('payout_batches').count<{ count: string }[]>({ count: '*' });
    expect(after[0]?.count).toBe(before[0]?.count);
  });

  it('lists the pending instructions with their total, and the home page counts them', async () => {
    const rows = await db()('payout_instructions').whereNull('batch_id');
    const total = rows.reduce((sum, row) => sum + Number(row.amount_cents), 0);
    expect(rows.length).toBeGreaterThan(0);
    const page = await staff.get(PAYOUTS).expect(200);
    const text = textOf(page.text);
    expect(text).toContain(`Aantal uitbetalingen ${rows.length}`);
    expect(text).toContain(`Totaal € ${(total / 100).toFixed(2).replace('.', ',')}`);
    expect(page.text).toContain('Batch aanmaken');
    expect(page.text).toContain(`value="${dmy(NEXT_WEEKDAY)}"`);
    // No batch was made yet.
    expect(await db()('payout_batches').count<{ count: number }[]>({ count: '*' })).toEqual([{ count: 0 }]);
    expect(text).toContain('Er zijn nog geen uitbetalingsbatches.');

    const home = await staff.get('/beheer').expect(200);
    expect(textOf(home.text)).toContain(
      `${rows.length} ${rows.length === 1 ? 'uitbetaling' : 'uitbetalingen'} klaar voor een batch`,
    );
    expect(home.text).toContain(`href="${PAYOUTS}"`);
    expect(home.text).toContain('>Uitbetalingen</a>');
  });

  it('refuses an execution date today, in the past, on a weekend or unreadable, and makes no batch', async () => {
    const cases: [string, string][] = [
      [dmy(todayIso()), 'Kies een uitvoeringsdatum na vandaag.'],
      ['01/11/2026', 'Kies een uitvoeringsdatum na vandaag.'],
      ['21/11/2026', 'Kies een werkdag (maandag tot vrijdag) als uitvoeringsdatum.'],
      ['morgen', 'Vul de uitvoeringsdatum in als dd/mm/jjjj, bijvoorbeeld 08/12/2026.'],
    ];
    for (const [typed, message] of cases) {
      const response = await createBatch({ executionDate: typed });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(PAYOUTS);
      const page = await staff.get(PAYOUTS).expect(200);
      expect(fieldErrorOf(page.text, 'executionDate')).toBe(message);
      expect(errorSummaryOf(page.text)).toEqual([{ field: 'executionDate', message }]);
      expect(page.text).toContain(`value="${typed}"`);
    }
    expect(await db()('payout_batches').count<{ count: number }[]>({ count: '*' })).toEqual([{ count: 0 }]);
  });
});

describe('a payout batch', () => {
  let batchId: number;

  it('ten concurrent creations put every pending instruction in exactly one batch, and no batch is empty', async () => {
    // A deposit refunded to its payer abroad, without BIC, with a Belgian structured communication.
    await db().transaction((trx) =>
      enqueuePayout(trx, {
        kind: 'refund_to_payer',
        projectId: null,
        ledgerEntryId: null,
        bankMovementId: null,
        amountCents: 5,
        creditorName: 'Société Générale Ærø & Zoon',
        creditorIban: 'NL91ABNA0417164300',
        creditorBic: null,
        remittanceStructured: '090933755493',
        remittanceText: null,
      }),
    );
    const pending = await db()('payout_instructions').whereNull('batch_id').select('id');
    expect(pending.length).toBeGreaterThanOrEqual(3);

    const token = await csrfTokenOf(staff, PAYOUTS);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        staff
          .post(PAYOUTS)
          .type('form')
          .send({ _csrf: token, executionDate: dmy(NEXT_WEEKDAY) }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));

    const batches = await db()('payout_batches').select('id');
    expect(batches.length).toBeGreaterThanOrEqual(1);
    for (const batch of batches) {
      const [row] = await db()('payout_instructions')
        .where({ batch_id: batch.id })
        .count<{ count: string }[]>({ count: '*' });
      expect(Number(row?.count)).toBeGreaterThan(0);
    }
    expect(await pendingCount()).toBe(0);
    const taken = await db()('payout_instructions').whereIn(
      'id',
      pending.map((row) => row.id),
    );
    expect(taken.every((row) => row.batch_id !== null)).toBe(true);
    const audits = await db()('audit_log').where({ action: 'payout_batch.create' });
    expect(audits).toHaveLength(batches.length);
    batchId = Number(batches[0]?.id);
    expect(responses.some((response) => response.headers.location === batchPath(batchId))).toBe(true);
  });

  it('an empty pending list cannot make a batch', async () => {
    const before = await db()('payout_batches').count<{ count: string }[]>({ count: '*' });
    const page = await staff.get(PAYOUTS).expect(200);
    expect(textOf(page.text)).toContain('Er wachten geen uitbetalingen op een batch.');
    expect(page.text).not.toContain('Batch aanmaken</button>');
    const response = await createBatch();
    expect(response.headers.location).toBe(PAYOUTS);
    const after = await staff.get(PAYOUTS).expect(200);
    expect(flashTextsOf(after.text)).toEqual([
      'Let op: Er zijn geen uitbetalingen die op een batch wachten. Een lege batch maken kan niet.',
    ]);
    expect(await db()('payout_batches').count<{ count: string }[]>({ count: '*' })).toEqual(before);
  });

  it('shows its instructions, count and control sum', async () => {
    const rows = await db()('payout_instructions').where({ batch_id: batchId });
    const total = rows.reduce((sum, row) => sum + Number(row.amount_cents), 0);
    const page = await staff.get(batchPath(batchId)).expect(200);
    const text = textOf(page.text);
    expect(text).toContain(`Uitbetalingsbatch ${batchId}`);
    expect(text).toContain(`Aantal transacties ${rows.length}`);
    expect(text).toContain(`Controletotaal € ${(total / 100).toFixed(2).replace('.', ',')}`);
    expect(text).toContain('Nog niet uitgevoerd');
    expect(text).toContain(`Gevraagde uitvoeringsdatum ${dmy(NEXT_WEEKDAY)}`);
    const list = await staff.get(PAYOUTS).expect(200);
    expect(list.text).toContain(`href="${batchPath(batchId)}"`);
  });

  it('downloads as a pain.001.001.09 file that holds what the rulebook asks', async () => {
    const rows = await db()('payout_instructions').where({ batch_id: batchId }).orderBy('id');
    const response = await staff.get(`${batchPath(batchId)}/sepa.xml`).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(response.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="?kmo-portefeuille-uitbetalingen-${batchId}\\.xml"?$`),
    );
    const xml = response.text;
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      isArray: (name) => ['PmtInf', 'CdtTrfTxInf'].includes(name),
    }).parse(xml);
    const document = parsed.Document;
    expect(document['@_xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    const initiation = document.CstmrCdtTrfInitn;

    const totalCents = rows.reduce((sum, row) => sum + Number(row.amount_cents), 0);
    expect(initiation.GrpHdr.NbOfTxs).toBe(String(rows.length));
    expect(initiation.GrpHdr.CtrlSum).toBe(decimal(totalCents));
    expect(initiation.PmtInf).toHaveLength(1);
    const info = initiation.PmtInf[0];
    expect(info.PmtMtd).toBe('TRF');
    expect(info.NbOfTxs).toBe(String(rows.length));
    expect(info.CtrlSum).toBe(decimal(totalCents));
    expect(info.ReqdExctnDt.Dt).toBe(NEXT_WEEKDAY);
    const institution = testApp.container.config.paymentInstitution;
    expect(info.DbtrAcct.Id.IBAN).toBe(institution.iban.replace(/\s+/g, ''));
    expect(ibanChecksumHolds(info.DbtrAcct.Id.IBAN)).toBe(true);
    expect(info.DbtrAgt.FinInstnId.BICFI).toMatch(BIC);

    const transactions = info.CdtTrfTxInf as ParsedTransaction[];
    expect(transactions).toHaveLength(rows.length);
    const ids = transactions.map((tx) => tx.PmtId.EndToEndId);
    expect(new Set(ids).size).toBe(rows.length);
    const sepaText = /^[a-zA-Z0-9/\-?:().,'+ ]+$/;
    for (const row of rows) {
      const tx = transactions.find((candidate) => candidate.PmtId.EndToEndId === `KMO-${batchId}-${row.id}`);
      expect(tx, `transaction of instruction ${row.id}`).toBeDefined();
      expect(tx?.Amt.InstdAmt['#text']).toMatch(/^[0-9]+\.[0-9]{2}$/);
      expect(tx?.Amt.InstdAmt['#text']).toBe(decimal(Number(row.amount_cents)));
      expect(tx?.Amt.InstdAmt['@_Ccy']).toBe('EUR');
      expect(tx?.CdtrAcct.Id.IBAN).toBe(row.creditor_iban);
      expect(ibanChecksumHolds(tx?.CdtrAcct.Id.IBAN ?? '')).toBe(true);
      if (row.creditor_bic) expect(tx?.CdtrAgt?.FinInstnId.BICFI).toMatch(BIC);
      else expect(tx?.CdtrAgt).toBeUndefined();
      expect(tx?.Cdtr.Nm).toMatch(sepaText);
      if (row.remittance_structured) {
        const reference = tx?.RmtInf.Strd?.CdtrRefInf;
        expect(reference?.Tp.CdOrPrtry.Cd).toBe('SCOR');
        expect(reference?.Tp.Issr).toBe('BBA');
        expect(reference?.Ref).toBe(row.remittance_structured);
        expect(tx?.RmtInf.Ustrd).toBeUndefined();
      } else {
        const remittance = tx?.RmtInf.Ustrd ?? '';
        expect(remittance.length).toBeGreaterThan(0);
        expect(remittance.length).toBeLessThanOrEqual(140);
        expect(remittance).toMatch(sepaText);
      }
    }
    // The payer abroad: transliterated name, no BIC.
    const abroad = transactions.find((tx) => tx.CdtrAcct.Id.IBAN === 'NL91ABNA0417164300');
    expect(abroad?.Cdtr.Nm).toBe('Societe Generale AEro + Zoon');
    expect(abroad?.Amt.InstdAmt['#text']).toBe('0.05');
  });

  it('is marked executed once, even with ten clicks at once, and each ledger entry names it', async () => {
    const token = await csrfTokenOf(staff, batchPath(batchId));
    await staff
      .post(`${batchPath(batchId)}/uitgevoerd`)
      .type('form')
      .send({})
      .expect(403);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        staff
          .post(`${batchPath(batchId)}/uitgevoerd`)
          .type('form')
          .send({ _csrf: token }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    const batch = await db()('payout_batches').where({ id: batchId }).first();
    expect(batch.executed_on).toBe(todayIso());
    expect(batch.executed_by_label).toBe('Sofie Maes');
    const audits = await db()('audit_log').where({
      action: 'payout_batch.execute',
      entity_type: 'payout_batch',
      entity_id: String(batchId),
    });
    expect(audits).toHaveLength(1);
    expect(audits[0].details).toEqual({ executedOn: todayIso() });

    const page = await staff.get(batchPath(batchId)).expect(200);
    expect(textOf(page.text)).toContain(`Uitgevoerd op ${dmy(todayIso())}`);
    expect(page.text).not.toContain('Markeer als uitgevoerd</button>');
    const again = await staff
      .post(`${batchPath(batchId)}/uitgevoerd`)
      .type('form')
      .send({ _csrf: token });
    expect(again.status).toBe(303);
    const warned = await staff.get(batchPath(batchId)).expect(200);
    expect(flashTextsOf(warned.text)).toEqual([
      `Let op: Batch ${batchId} is al als uitgevoerd gemarkeerd op ${dmy(todayIso())}. Er is niets gewijzigd.`,
    ]);

    // The company sees it simply, the agency with the batch.
    const paid = await db()('payout_instructions as pi')
      .join('projects as pr', 'pr.id', 'pi.project_id')
      .join('companies as c', 'c.id', 'pr.company_id')
      .where({ 'pi.batch_id': batchId, 'c.name': MEDIUM_COMPANY, 'pi.kind': 'payment_to_provider' })
      .first('pr.project_number as projectNumber');
    const company = await entrepreneur.get(projectPath(paid.projectNumber)).expect(200);
    expect(textOf(company.text)).toContain(`Uitbetaald op ${dmy(todayIso())}`);
    expect(textOf(company.text)).not.toContain('In afwachting van uitbetaling');
    const sheet = await staff.get(`/beheer/projecten/${paid.projectNumber}`).expect(200);
    expect(textOf(sheet.text)).toContain(`Uitbetaald in batch ${batchId} op ${dmy(todayIso())}`);
    expect(sheet.text).toContain(`href="${batchPath(batchId)}"`);
  });

  it('an unknown or malformed batch id is not found', async () => {
    const token = await csrfTokenOf(staff, PAYOUTS);
    for (const id of ['999999', 'abc', '0', '-1', '1.5']) {
      const path = `${PAYOUTS}/batches/${id}`;
      await staff.get(path).expect(404);
      await staff.get(`${path}/sepa.xml`).expect(404);
      await staff.post(`${path}/uitgevoerd`).type('form').send({ _csrf: token }).expect(404);
    }
    expect(await db()('audit_log').where({ action: 'payout_batch.execute', entity_id: '999999' })).toEqual(
      [],
    );
  });
});
