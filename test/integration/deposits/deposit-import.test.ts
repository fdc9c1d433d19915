import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { camt053File, codaFile, patchCoda } from '../../support/bank-statements.js';
import { TEST_TODAY } from '../../support/clock.js';
import { bodyRowsOf, errorSummaryOf, hrefOf, textOf } from '../../support/html.js';
import { mailsAbout, statusOf } from '../../support/projects.js';
import { csrfTokenIn, demoAgent, type Agent } from '../../support/session.js';
import {
  applyThroughTheApp,
  depositsPath,
  exceptionsPath,
  importIdOf,
  importPath,
  imported,
  importRowCounts,
  insertProject,
  upload,
  uploaded,
} from './support.js';

/*
 * Issue 18, "Bank statements in" and "Exactly once": staff upload the payment
 * institution's statements at /beheer/stortingen; exact deposits are booked,
 * the rest waits among the exceptions; nothing is booked twice.
 */

let testApp: TestApp;
let staff: Agent;
let account: string;
const db = () => testApp.database.db;
let sequence = 100;
const nextSequence = () => (sequence += 1);

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
  account = testApp.container.config.paymentInstitution.iban.replace(/\s+/g, '');
});
afterAll(async () => {
  await testApp.close();
});

const payer = {
  counterpartyName: 'Testbedrijf bv',
  counterpartyIban: 'BE71096123456769',
  counterpartyBic: 'GKCCBEBB',
};

interface LedgerRow {
  kind: string;
  amount_cents: string;
  booked_on: string;
  reference: string | null;
}
const ledgerOf = (projectId: number) =>
  db()('ledger_entries').where({ project_id: projectId }).orderBy('id') as Promise<LedgerRow[]>;

describe('a deposit from a CODA statement', () => {
  it('books the exact own contribution of a project applied for in the app: Lopend, both amounts, both mails', async () => {
    const project = await applyThroughTheApp(testApp);
    const provider = await demoAgent(testApp, 'head office');
    const companyPage = `/onderneming/projecten/${project.projectNumber}`;
    const providerPage = `/dienstverlener/projecten/${project.projectNumber}`;
    expect(textOf((await project.company.agent.get(companyPage).expect(200)).text)).not.toContain('Lopend');

    const file = codaFile({
      account,
      statements: [
        {
          sequence: nextSequence(),
          date: TEST_TODAY,
          openingBalanceCents: 5_000_000,
          movements: [
            {
              amountCents: 70_000,
              structuredCommunication: project.structuredCommunication,
              bankReference: `REF-A-${sequence}`,
              ...payer,
            },
            {
              amountCents: -12_345,
              freeCommunication: 'Betaling dienstverlener',
              counterpartyName: 'Iemand',
            },
          ],
        },
      ],
    });
    const posted = await upload(staff, file);
    const importId = importIdOf(posted);
    // Stored, not yet booked: the job has not run.
    const waitingPage = (await staff.get(importPath(importId)).expect(200)).text;
    expect(waitingPage).toContain('<strong class="tag tag--grey">Wachtend</strong>');
    const waiting = textOf(waitingPage);
    expect(waiting).toContain('1 beweging te verwerken');
    expect(waiting).toContain('Vernieuwen');
    expect(await statusOf(db(), project)).toBe('Bevestigd');
    expect(await testApp.container.services.depositImport.processImport(importId)).toBe('klaar');
    const resultPage = (await staff.get(importPath(importId)).expect(200)).text;
    expect(resultPage).toContain('<strong class="tag tag--green">Klaar</strong>');
    const result = textOf(resultPage);
    expect(result).toContain('Verwerkt: 1 van 1 beweging');
    expect(result).not.toContain('Vernieuwen');
    expect(result).toContain('Geboekt 1');
    expect(result).toContain('Uitzonderingen 0');
    expect(result).toContain('Al ingelezen 0');
    expect(result).toContain('Uitgaand, niet verwerkt 1');

    expect(await statusOf(db(), project)).toBe('Lopend');
    const ledger = await ledgerOf(project.id);
    expect(ledger.map((row) => [row.kind, Number(row.amount_cents), row.booked_on])).toEqual([
      ['eigen_bijdrage', 70_000, TEST_TODAY],
      ['subsidie', 30_000, TEST_TODAY],
    ]);
    const movement = await db()('bank_movements').where({ project_id: project.id }).first();
    expect(movement.outcome).toBe('booked');
    expect(ledger[0]?.reference).toContain(`REF-A-${sequence}`);
    const [history] = await db()('project_history').where({
      project_id: project.id,
      action: 'receive_deposit',
    });
    expect(history).toMatchObject({ from_status: 'Bevestigd', to_status: 'Lopend', actor_type: 'agency' });

    const mails = await mailsAbout(testApp, project);
    const toCompany = mails.find(
      (mail) => mail.subject === `Uw eigen bijdrage voor project ${project.projectNumber} is ontvangen`,
    );
    const toProvider = mails.find(
      (mail) => mail.subject === `De eigen bijdrage voor project ${project.projectNumber} is ontvangen`,
    );
    expect(toCompany?.to).toContain(project.company.email);
    expect(toCompany?.text).toContain('Uw eigen bijdrage van € 700,00 is op 18/11/2026 ontvangen');
    expect(toCompany?.text).toContain('€ 300,00 subsidie');
    expect(toProvider?.text).toContain('€ 700,00');
    expect(toProvider?.to).not.toEqual(toCompany?.to);

    expect(textOf((await project.company.agent.get(companyPage).expect(200)).text)).toContain('Lopend');
    expect(textOf((await provider.get(providerPage).expect(200)).text)).toContain('Lopend');

    // The same file again: nothing is booked twice.
    const { text: again } = await imported(testApp, staff, file);
    expect(again).toContain('Geboekt 0');
    expect(again).toContain('Al ingelezen 2');
    expect(await ledgerOf(project.id)).toHaveLength(2);
    expect(
      await db()('project_history').where({ project_id: project.id, action: 'receive_deposit' }),
    ).toHaveLength(1);

    // The statements imported, newest first.
    const list = await staff.get(depositsPath).expect(200);
    expect(textOf(bodyRowsOf(list.text)[0] ?? '')).toContain(`2026-${sequence}`);
    const statementHref = hrefOf(list.text, `2026-${sequence}`);
    expect(statementHref).toMatch(/^\/beheer\/stortingen\/uittreksels\/\d+$/);
    const statementPage = textOf((await staff.get(statementHref!).expect(200)).text);
    expect(statementPage).toContain(`Geboekt op ${project.projectNumber}`);
    expect(statementPage).toContain('€ -123,45');
    expect(statementPage).toContain('Uitgaand: niet verwerkt');
  });

  it('books a movement repeated on an overlapping statement once (same bank reference)', async () => {
    const project = await insertProject(db());
    const deposit = {
      amountCents: 119_835,
      structuredCommunication: project.structuredCommunication,
      bankReference: `OVERLAP-${sequence}`,
      bookingDate: '2026-11-17',
      ...payer,
    };
    const first = nextSequence();
    await imported(
      testApp,
      staff,
      codaFile({
        account,
        statements: [{ sequence: first, date: '2026-11-17', openingBalanceCents: 0, movements: [deposit] }],
      }),
    );
    const second = nextSequence();
    const { text: result } = await imported(
      testApp,
      staff,
      codaFile({
        account,
        statements: [
          {
            sequence: second,
            date: '2026-11-18',
            openingBalanceCents: 0,
            movements: [deposit, { amountCents: -100, counterpartyName: 'Bank' }],
          },
        ],
      }),
    );
    expect(result).toContain('Geboekt 0');
    expect(result).toContain('Al ingelezen 1');
    expect(result).toContain('Uitgaand, niet verwerkt 1');
    const ledger = await ledgerOf(project.id);
    expect(ledger.filter((row) => row.kind === 'eigen_bijdrage')).toHaveLength(1);
    expect(await statusOf(db(), project)).toBe('Lopend');
  });

  it('books each deposit once when ten imports of the same file run at the same moment', async () => {
    const projects = [await insertProject(db()), await insertProject(db())];
    const file = codaFile({
      account,
      statements: [
        {
          sequence: nextSequence(),
          date: TEST_TODAY,
          openingBalanceCents: 0,
          movements: projects.map((project) => ({
            amountCents: 119_835,
            structuredCommunication: project.structuredCommunication,
            ...payer,
          })),
        },
      ],
    });
    const agents = await Promise.all(Array.from({ length: 10 }, () => demoAgent(testApp, 'agency staff')));
    const responses = await Promise.all(agents.map((agent) => upload(agent, file)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    // Each upload's import runs at once with the others: one stored the statement, nine found it in.
    const statuses = await Promise.all(
      responses.map((response) =>
        testApp.container.services.depositImport.processImport(importIdOf(response)),
      ),
    );
    expect(statuses).toEqual(Array(10).fill('klaar'));
    for (const project of projects) {
      const ledger = await ledgerOf(project.id);
      expect(ledger.map((row) => [row.kind, Number(row.amount_cents)])).toEqual([
        ['eigen_bijdrage', 119_835],
        ['subsidie', 51_358],
      ]);
      expect(
        await db()('project_history').where({ project_id: project.id, action: 'receive_deposit' }),
      ).toHaveLength(1);
    }
    expect(await db()('bank_statements').where({ statement_id: `2026-${sequence}` })).toHaveLength(1);
  });
});

describe('a deposit from a camt.053 statement', () => {
  it('books a project applied for in the app, once, whichever version the bank writes', async () => {
    const project = await applyThroughTheApp(testApp);
    const statement = (version: '02' | '08') =>
      camt053File({
        account,
        version,
        statements: [
          {
            sequence: nextSequence(),
            date: TEST_TODAY,
            openingBalanceCents: 250_000,
            movements: [
              {
                amountCents: 70_000,
                structuredCommunication: project.structuredCommunication,
                bankReference: `CAMT-${project.projectNumber}`,
                ...payer,
              },
            ],
          },
        ],
      });
    const file = statement('08');
    expect((await imported(testApp, staff, file, 'uittreksel.xml')).text).toContain('Geboekt 1');
    expect(await statusOf(db(), project)).toBe('Lopend');
    const ledger = await ledgerOf(project.id);
    expect(ledger.map((row) => [row.kind, Number(row.amount_cents), row.booked_on])).toEqual([
      ['eigen_bijdrage', 70_000, TEST_TODAY],
      ['subsidie', 30_000, TEST_TODAY],
    ]);
    const mails = (await mailsAbout(testApp, project)).filter((mail) =>
      mail.subject.endsWith('is ontvangen'),
    );
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      `De eigen bijdrage voor project ${project.projectNumber} is ontvangen`,
      `Uw eigen bijdrage voor project ${project.projectNumber} is ontvangen`,
    ]);

    // The same file again, and the movement on a later .02 statement (same bank reference): nothing twice.
    expect((await imported(testApp, staff, file, 'uittreksel.xml')).text).toContain('Al ingelezen 1');
    const { text: overlap } = await imported(testApp, staff, statement('02'), 'uittreksel-02.xml');
    expect(overlap).toContain('Geboekt 0');
    expect(overlap).toContain('Al ingelezen 1');
    expect(await ledgerOf(project.id)).toHaveLength(2);
  });

  it('refuses a camt.053 with a broken amount, naming the element, and stores nothing', async () => {
    const counts = await importRowCounts(db());
    const file = camt053File({
      account,
      version: '08',
      entryAmountText: '12,34',
      statements: [
        {
          sequence: nextSequence(),
          date: TEST_TODAY,
          openingBalanceCents: 0,
          movements: [{ amountCents: 1_234, ...payer }],
        },
      ],
    });
    await uploaded(staff, file, 'kapot.xml');
    const message = errorSummaryOf((await staff.get(depositsPath).expect(200)).text)[0]?.message;
    expect(message).toBe(
      'Het bestand is niet ingelezen: Stmt[1]/Ntry/Amt: "12,34" is geen bedrag in euro met hoogstens 2 decimalen. Er is niets geboekt.',
    );
    expect(await importRowCounts(db())).toEqual(counts);
  });
});

describe('every credit that is not a deposit lands among the exceptions', () => {
  it('names each reason, books nothing for them and counts the open ones on /beheer', async () => {
    const wrongAmount = await insertProject(db());
    const annulled = await insertProject(db(), { status: 'ProjectGeannuleerd' });
    const lapsed = await insertProject(db(), { status: 'Vervallen', depositDeadline: '2026-11-10' });
    const late = await insertProject(db(), { depositDeadline: '2026-11-17' });
    const paidTwice = await insertProject(db());
    const running = await insertProject(db(), { status: 'Lopend' });
    const onDeadline = await insertProject(db(), { depositDeadline: TEST_TODAY });
    const before = await db()('bank_movements')
      .where({ outcome: 'exception' })
      .whereNull('resolution')
      .count<{ count: string }[]>('* as count');
    const credit = (structuredCommunication: string | null, amountCents = 119_835) => ({
      amountCents,
      structuredCommunication,
      ...payer,
    });
    const { text: result } = await imported(
      testApp,
      staff,
      codaFile({
        account,
        statements: [
          {
            sequence: nextSequence(),
            date: TEST_TODAY,
            openingBalanceCents: 1_000,
            movements: [
              credit('999999999999'.slice(0, 10) + '39'),
              { amountCents: 5_000, freeCommunication: 'factuur 12', ...payer },
              credit(wrongAmount.structuredCommunication, 119_834),
              credit(annulled.structuredCommunication),
              credit(lapsed.structuredCommunication),
              credit(late.structuredCommunication),
              credit(paidTwice.structuredCommunication),
              credit(paidTwice.structuredCommunication),
              credit(running.structuredCommunication),
              credit(onDeadline.structuredCommunication),
            ],
          },
        ],
      }),
    );
    expect(result).toContain('Geboekt 2');
    expect(result).toContain('Uitzonderingen 8');

    const rows: { outcome: string; exception_reason: string | null }[] = await db()('bank_movements as m')
      .join('bank_statements as s', 's.id', 'm.bank_statement_id')
      .where('s.statement_id', `2026-${sequence}`)
      .orderBy('m.id')
      .select('m.outcome', 'm.exception_reason');
    expect(rows.map((row) => row.exception_reason ?? row.outcome)).toEqual([
      'unknown_communication',
      'no_communication',
      'wrong_amount',
      'project_annulled',
      'project_lapsed',
      'after_deadline',
      'booked',
      'already_paid',
      'project_not_awaiting_deposit',
      'booked',
    ]);
    expect(await statusOf(db(), onDeadline)).toBe('Lopend');
    expect(await statusOf(db(), wrongAmount)).toBe('Bevestigd');
    expect(await ledgerOf(wrongAmount.id)).toEqual([]);
    expect(await ledgerOf(running.id)).toEqual([]);

    const queue = await staff.get(exceptionsPath).expect(200);
    const queueText = textOf(queue.text);
    for (const label of [
      'Onbekende mededeling',
      'Geen gestructureerde mededeling',
      'Verkeerd bedrag',
      'Project geannuleerd',
      'Project vervallen',
      'Na de uiterste stortingsdatum',
      'Al betaald',
      'Project wacht niet op een storting',
    ]) {
      expect(queueText).toContain(label);
    }
    const open = Number(before[0]?.count) + 8;
    const home = textOf((await staff.get('/beheer').expect(200)).text);
    expect(home).toContain(`${open} stortingen zonder match`);
  });
});

describe('a refused file stores nothing', () => {
  it('refuses a statement whose balances do not add up, with its line and reason', async () => {
    const counts = await importRowCounts(db());
    const project = await insertProject(db());
    const afterInsert = await importRowCounts(db());
    const file = codaFile({
      account,
      statements: [
        {
          sequence: nextSequence(),
          date: TEST_TODAY,
          openingBalanceCents: 0,
          closingBalanceCents: 1,
          movements: [
            { amountCents: 119_835, structuredCommunication: project.structuredCommunication, ...payer },
          ],
        },
      ],
    });
    const posted = await upload(staff, file);
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(depositsPath);
    const page = await staff.get(depositsPath).expect(200);
    const [error] = errorSummaryOf(page.text);
    expect(error?.message).toMatch(/^Het bestand is niet ingelezen: regel \d+/);
    expect(error?.message).toContain('Er is niets geboekt.');
    expect(await importRowCounts(db())).toEqual(afterInsert);
    expect(counts.statements).toBe(afterInsert.statements);
    expect(await statusOf(db(), project)).toBe('Bevestigd');
  });

  it('refuses a malformed record and a statement of another account', async () => {
    const counts = await importRowCounts(db());
    const good = codaFile({
      account,
      statements: [
        {
          sequence: nextSequence(),
          date: TEST_TODAY,
          openingBalanceCents: 0,
          movements: [{ amountCents: 100, ...payer }],
        },
      ],
    });
    await uploaded(staff, patchCoda(good, 3, 33, 'ABCDEFGHIJKLMNOP'));
    expect(errorSummaryOf((await staff.get(depositsPath).expect(200)).text)[0]?.message).toContain('regel 3');

    const foreign = codaFile({
      account: 'BE71096123456769',
      statements: [
        {
          sequence: nextSequence(),
          date: TEST_TODAY,
          openingBalanceCents: 0,
          movements: [{ amountCents: 100, ...payer }],
        },
      ],
    });
    await uploaded(staff, foreign);
    expect(errorSummaryOf((await staff.get(depositsPath).expect(200)).text)[0]?.message).toContain(
      'niet van de rekening van de betaalinstelling',
    );
    expect(await importRowCounts(db())).toEqual(counts);
  });

  it('refuses the shared CODA sample (an extract whose balances do not add up), and an empty or missing file', async () => {
    const counts = await importRowCounts(db());
    const sample = fs.readFileSync(
      new URL('../../../../shared/samples/coda-2.2-example.cod', import.meta.url),
    );
    await uploaded(staff, sample, 'coda-2.2-example.cod');
    expect(errorSummaryOf((await staff.get(depositsPath).expect(200)).text)[0]?.message).toMatch(
      /^Het bestand is niet ingelezen: /,
    );
    await uploaded(staff, Buffer.alloc(0));
    expect(errorSummaryOf((await staff.get(depositsPath).expect(200)).text)[0]?.message).toBe(
      'Het gekozen bestand is leeg.',
    );
    expect(await importRowCounts(db())).toEqual(counts);
  });
});

describe('who may import', () => {
  it('answers 403 to providers, department users and entrepreneurs, and to a post without CSRF token', async () => {
    for (const role of ['head office', 'department user', 'entrepreneur'] as const) {
      const agent = await demoAgent(testApp, role);
      expect((await agent.get(depositsPath)).status).toBe(403);
      expect((await agent.get(exceptionsPath)).status).toBe(403);
      // With the agent's own valid token, so the 403 is the role's, not the CSRF check's.
      const home = role === 'entrepreneur' ? '/onderneming' : '/dienstverlener';
      const token = csrfTokenIn((await agent.get(home).expect(200)).text);
      const post = await agent
        .post(depositsPath)
        .field('_csrf', token)
        .attach('uittreksel', Buffer.from('0'), 'x.cod');
      expect(post.status).toBe(403);
    }
    const counts = await importRowCounts(db());
    const file = codaFile({
      account,
      statements: [
        {
          sequence: nextSequence(),
          date: TEST_TODAY,
          openingBalanceCents: 0,
          movements: [{ amountCents: 100, ...payer }],
        },
      ],
    });
    const noToken = await staff.post(depositsPath).attach('uittreksel', file, 'uittreksel.cod');
    expect(noToken.status).toBe(403);
    expect(await importRowCounts(db())).toEqual(counts);
  });
});
