import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { codaFile } from '../../support/bank-statements.js';
import { TEST_TODAY } from '../../support/clock.js';
import { structuredCommunicationFromSequence } from '../../../src/domain/belgian-identifiers.js';
import { bodyRowsOf, errorSummaryOf, fieldErrorOf, textOf } from '../../support/html.js';
import { warningAfter } from '../../support/projects.js';
import { csrfTokenIn, demoAgent, type Agent } from '../../support/session.js';
import {
  decisionPath,
  depositsPath,
  exceptionPath,
  exceptionsPath,
  importPath,
  imported,
  importRowCounts,
  uploaded,
} from './support.js';

/*
 * Issue 18, what staff meet around the statement import and the exceptions
 * that the import and decision tests do not: the pages before anything was
 * imported, each refused upload's message, an unknown id on every `:id`
 * route, a decision clicked again after another one, and the other roles.
 */

let testApp: TestApp;
let staff: Agent;
let account: string;
const db = () => testApp.database.db;
let sequence = 700;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
  account = testApp.container.config.paymentInstitution.iban.replace(/\s+/g, '');
});
afterAll(async () => {
  await testApp.close();
});

const payer = {
  counterpartyName: 'Bakkerij Peeters bv',
  counterpartyIban: 'BE71096123456769',
  counterpartyBic: 'GKCCBEBB',
};

/** A statement of one credit, or of the movements given, on the payment institution's account. */
function statement(movements: { amountCents: number; structuredCommunication?: string | null }[]) {
  sequence += 1;
  return codaFile({
    account,
    statements: [
      {
        sequence,
        date: TEST_TODAY,
        openingBalanceCents: 0,
        movements: movements.map((movement, index) => ({
          ...payer,
          bankReference: `PAGE-${sequence}-${index}`,
          ...movement,
        })),
      },
    ],
  });
}

const movementsOf = (statementId: string) =>
  db()('bank_movements as m')
    .join('bank_statements as s', 's.id', 'm.bank_statement_id')
    .where('s.statement_id', statementId)
    .orderBy('m.id')
    .select<{ id: number; outcome: string; statementRowId: number }[]>({
      id: 'm.id',
      outcome: 'm.outcome',
      statementRowId: 's.id',
    });

/** Posts a form of the page at `formPage` to `target`, with the page's CSRF token. */
async function postWithToken(
  agent: Agent,
  formPage: string,
  target: string,
  fields: Record<string, string> = {},
) {
  const page = await agent.get(formPage).expect(200);
  return agent
    .post(target)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
}

describe('before any statement was imported', () => {
  it('says there are no statements and no exceptions, and the result page leads back', async () => {
    const deposits = textOf((await staff.get(depositsPath).expect(200)).text);
    expect(deposits).toContain('Er zijn nog geen rekeninguittreksels ingelezen.');
    expect(deposits).toContain('(0 open)');
    const exceptions = textOf((await staff.get(exceptionsPath).expect(200)).text);
    expect(exceptions).toContain('Er zijn geen stortingen zonder match.');
    // No import yet: an import's page is not found, nor one of a malformed id.
    expect((await staff.get(importPath(1)).expect(404)).text).toContain('Deze inlezing bestaat niet.');
    expect((await staff.get('/beheer/stortingen/inlezingen/abc')).status).toBe(404);
  });
});

describe('a refused upload says why beside the field, and stores nothing', () => {
  it('a post without a file', async () => {
    const counts = await importRowCounts(db());
    const page = await staff.get(depositsPath).expect(200);
    const response = await staff.post(depositsPath).field('_csrf', csrfTokenIn(page.text));
    expect(response.status).toBe(303);
    const after = (await staff.get(depositsPath).expect(200)).text;
    expect(fieldErrorOf(after, 'uittreksel')).toContain(
      'Kies een rekeninguittreksel: een CODA-bestand of een camt.053-bestand (XML).',
    );
    expect(errorSummaryOf(after)).toHaveLength(1);
    expect(await importRowCounts(db())).toEqual(counts);
  });

  it('a file over 10 MB', async () => {
    const counts = await importRowCounts(db());
    await uploaded(staff, Buffer.alloc(10 * 1024 * 1024 + 1, 0x30));
    const after = (await staff.get(depositsPath).expect(200)).text;
    expect(errorSummaryOf(after)[0]?.message).toBe(
      'Het bestand is groter dan 10 MB. Kies een kleiner bestand.',
    );
    expect(await importRowCounts(db())).toEqual(counts);
  });

  it('a file that is no statement: a PDF, a text, another XML', async () => {
    const counts = await importRowCounts(db());
    const files: [Buffer, string][] = [
      [Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), 'offerte.pdf'],
      [Buffer.from('Beste, in bijlage de offerte.\nMet vriendelijke groeten\n'), 'brief.txt'],
      [
        Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>',
        ),
        'uitbetalingen.xml',
      ],
    ];
    const messages: string[] = [];
    for (const [content, filename] of files) {
      await uploaded(staff, content, filename);
      messages.push(errorSummaryOf((await staff.get(depositsPath).expect(200)).text)[0]?.message ?? '');
    }
    const neither =
      'Het bestand is niet ingelezen. Dit is geen rekeninguittreksel in CODA- (begint met een record 0) of camt.053-formaat (XML). Er is niets geboekt.';
    expect(messages.slice(0, 2)).toEqual([neither, neither]);
    expect(messages[2]).toMatch(
      /^Het bestand is niet ingelezen: Document: Dit XML-bestand is geen camt\.053-rekeningafschrift .+\. Er is niets geboekt\.$/,
    );
    expect(await importRowCounts(db())).toEqual(counts);
  });
});

describe('a movement of € 0,00', () => {
  it('is no deposit and no debit: the statement is imported around it', async () => {
    const page = await imported(
      testApp,
      staff,
      statement([
        { amountCents: 0, structuredCommunication: null },
        { amountCents: 1_200, structuredCommunication: null },
      ]),
    );
    expect(page.text).toContain('Uitzonderingen 1');
    const movements = await movementsOf(`2026-${sequence}`);
    expect(movements.map((movement) => movement.outcome)).toEqual(['exception']);
  });
});

describe('a long list', () => {
  it('shows the exceptions 50 a page, open first, with links to the other pages', async () => {
    // 51 credits whose communication no project carries: 51 more exceptions.
    await imported(
      testApp,
      staff,
      statement(
        Array.from({ length: 51 }, (_, index) => ({
          amountCents: 1_000 + index,
          structuredCommunication: structuredCommunicationFromSequence(900_000 + index),
        })),
      ),
    );
    const total = Number(
      (await db()('bank_movements').where({ outcome: 'exception' }).count<{ n: string }[]>({ n: '*' }))[0]?.n,
    );
    expect(total).toBeGreaterThanOrEqual(51);
    const pageCount = Math.ceil(total / 50);

    const first = await staff.get(exceptionsPath).expect(200);
    expect(bodyRowsOf(first.text)).toHaveLength(50);
    expect(textOf(first.text)).toContain(`Pagina 1 van ${pageCount}`);
    expect(first.text).toContain(`href="${exceptionsPath}?pagina=2"`);

    const last = await staff
      .get(exceptionsPath)
      .query({ pagina: String(pageCount) })
      .expect(200);
    expect(bodyRowsOf(last.text)).toHaveLength(total - 50 * (pageCount - 1));
    // A page past the end shows the last one; a malformed page number the first.
    const beyond = await staff.get(exceptionsPath).query({ pagina: '999' }).expect(200);
    expect(bodyRowsOf(beyond.text)).toEqual(bodyRowsOf(last.text));
    const odd = await staff.get(exceptionsPath).query({ pagina: 'twee' }).expect(200);
    expect(bodyRowsOf(odd.text)).toEqual(bodyRowsOf(first.text));
  });

  it('shows the statements 50 a page, newest first', async () => {
    const total = Number((await db()('bank_statements').count<{ n: string }[]>({ n: '*' }))[0]?.n);
    const page = await staff.get(depositsPath).expect(200);
    expect(bodyRowsOf(page.text)).toHaveLength(Math.min(total, 50));
    const newest = await db()('bank_statements')
      .orderBy([
        { column: 'imported_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('statement_id');
    expect(bodyRowsOf(page.text)[0]).toContain(newest.statement_id);
  });
});

describe('an unknown id is not found', () => {
  it('on the statement, the exception and the decision routes, also a movement that is no exception', async () => {
    await imported(
      testApp,
      staff,
      statement([{ amountCents: 5_000, structuredCommunication: null }, { amountCents: -2_000 }]),
    );
    const movements = await movementsOf(`2026-${sequence}`);
    expect(movements.map((movement) => movement.outcome).sort()).toEqual(['exception', 'ignored_debit']);
    const exception = movements.find((movement) => movement.outcome === 'exception');
    const debit = movements.find((movement) => movement.outcome === 'ignored_debit');
    await staff.get(`${depositsPath}/uittreksels/${exception!.statementRowId}`).expect(200);

    for (const id of ['999999', 'abc', '0', '-1', '1.5']) {
      await staff.get(`${depositsPath}/uittreksels/${id}`).expect(404);
      await staff.get(exceptionPath(id as unknown as number)).expect(404);
      await staff.get(decisionPath(id as unknown as number, 'terugstorten')).expect(404);
    }
    // A debit is no exception: no page, no decision.
    await staff.get(exceptionPath(debit!.id)).expect(404);
    await staff.get(decisionPath(debit!.id, 'boeken')).expect(404);
    // A decision that does not exist.
    await staff.get(decisionPath(exception!.id, 'wissen')).expect(404);

    const posts = [
      decisionPath(999_999, 'terugstorten'),
      decisionPath(999_999, 'boeken'),
      decisionPath(debit!.id, 'terugstorten'),
      decisionPath(exception!.id, 'wissen'),
    ];
    for (const target of posts) {
      const response = await postWithToken(staff, exceptionsPath, target, {
        projectNumber: '2026KMO000001',
        reason: 'Tikfout',
      });
      expect(response.status, target).toBe(404);
    }
    expect(await db()('payout_instructions').where({ bank_movement_id: exception!.id })).toEqual([]);
  });
});

describe('a decision after another one', () => {
  it('refuses booking anyway once the refund is confirmed, and leads a stale decision page back', async () => {
    await imported(testApp, staff, statement([{ amountCents: 3_100, structuredCommunication: null }]));
    const [refunded] = await movementsOf(`2026-${sequence}`);
    const refund = await postWithToken(
      staff,
      decisionPath(refunded!.id, 'terugstorten'),
      decisionPath(refunded!.id, 'terugstorten'),
    );
    expect(await warningAfter(staff, refund)).toContain('De terugstorting van € 31,00 is bevestigd');

    // The decision pages of a decided exception lead back to it.
    const stale = await staff.get(decisionPath(refunded!.id, 'boeken'));
    expect(await warningAfter(staff, { ...stale, status: 303 })).toContain(
      'Over deze storting is al beslist.',
    );
    // A stale form posted anyway.
    const book = await postWithToken(
      staff,
      exceptionPath(refunded!.id),
      decisionPath(refunded!.id, 'boeken'),
      {
        projectNumber: '2026KMO000001',
        reason: 'Tikfout in de mededeling',
      },
    );
    expect(await warningAfter(staff, book)).toContain('De terugstorting van deze storting is al bevestigd.');
    expect(await db()('payout_instructions').where({ bank_movement_id: refunded!.id })).toHaveLength(1);
    expect(await db()('bank_movements').where({ id: refunded!.id }).first()).toMatchObject({
      resolution: 'refund_confirmed',
      ledger_entry_id: null,
    });
  });
});

describe('other roles', () => {
  it('get 403 on the statement, the import page and each decision page', async () => {
    const { id: importId } = await imported(
      testApp,
      staff,
      statement([{ amountCents: 4_100, structuredCommunication: null }]),
    );
    const [movement] = await movementsOf(`2026-${sequence}`);
    for (const role of ['head office', 'department user', 'entrepreneur'] as const) {
      const agent = await demoAgent(testApp, role);
      expect((await agent.get(`${depositsPath}/uittreksels/${movement!.statementRowId}`)).status).toBe(403);
      expect((await agent.get(importPath(importId))).status).toBe(403);
      expect((await agent.get(decisionPath(movement!.id, 'boeken'))).status).toBe(403);
      const home = role === 'entrepreneur' ? '/onderneming' : '/dienstverlener';
      const token = csrfTokenIn((await agent.get(home).expect(200)).text);
      const post = await agent
        .post(decisionPath(movement!.id, 'boeken'))
        .type('form')
        .send({ _csrf: token, projectNumber: '2026KMO000001', reason: 'x' });
      expect(post.status).toBe(403);
    }
    expect(await db()('bank_movements').where({ id: movement!.id }).first()).toMatchObject({
      resolution: null,
    });
  });
});
