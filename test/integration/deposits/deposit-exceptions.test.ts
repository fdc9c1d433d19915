import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { codaFile } from '../../support/bank-statements.js';
import { TEST_TODAY } from '../../support/clock.js';
import { errorSummaryOf, textOf } from '../../support/html.js';
import { mailsAbout, statusOf, warningAfter } from '../../support/projects.js';
import { csrfTokenIn, demoAgent, type Agent } from '../../support/session.js';
import { decisionPath, exceptionPath, exceptionsPath, imported, insertProject } from './support.js';

/*
 * Issue 18: staff decide on each deposit among the exceptions, once: confirm
 * the refund to the payer (a payout instruction), or book it anyway on the
 * project the payer plainly meant, with a reason.
 */

let testApp: TestApp;
let staff: Agent;
let account: string;
const db = () => testApp.database.db;
let sequence = 500;

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

/** Imports one credit and returns the exception's movement id. */
async function exceptionFor(movement: {
  amountCents: number;
  structuredCommunication?: string | null;
  counterpartyIban?: string | null;
  counterpartyName?: string | null;
  counterpartyBic?: string | null;
  bankReference?: string | null;
}): Promise<number> {
  sequence += 1;
  await imported(
    testApp,
    staff,
    codaFile({
      account,
      statements: [
        {
          sequence,
          date: TEST_TODAY,
          openingBalanceCents: 0,
          movements: [{ ...payer, bankReference: `EXC-${sequence}`, ...movement }],
        },
      ],
    }),
  );
  const row = await db()('bank_movements as m')
    .join('bank_statements as s', 's.id', 'm.bank_statement_id')
    .where('s.statement_id', `2026-${sequence}`)
    .first<{ id: number; outcome: string }>('m.id', 'm.outcome');
  expect(row?.outcome).toBe('exception');
  return row.id;
}

/** Opens the decision page and posts its form with these fields. */
async function decide(agent: Agent, id: number, slug: string, fields: Record<string, string> = {}) {
  const page = await agent.get(decisionPath(id, slug)).expect(200);
  return agent
    .post(decisionPath(id, slug))
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
}

const payoutsOf = (movementId: number) => db()('payout_instructions').where({ bank_movement_id: movementId });

describe('the exception detail', () => {
  it('shows the movement, why, the project found and the proposed refund', async () => {
    const project = await insertProject(db());
    const id = await exceptionFor({
      amountCents: 100_000,
      structuredCommunication: project.structuredCommunication,
    });
    const page = textOf((await staff.get(exceptionPath(id)).expect(200)).text);
    expect(page).toContain('Storting van € 1.000,00 op 18/11/2026');
    expect(page).toContain('Verkeerd bedrag.');
    expect(page).toContain(
      `Het bedrag (€ 1.000,00) is niet de eigen bijdrage van project ${project.projectNumber} (€ 1.198,35).`,
    );
    expect(page).toContain('Bakkerij Peeters bv');
    expect(page).toContain('BE71 0961 2345 6769');
    expect(page).toContain(project.projectNumber);
    expect(page).toContain(
      'Voorstel: € 1.000,00 terugstorten aan Bakkerij Peeters bv op rekening BE71 0961 2345 6769.',
    );
    expect(page).toContain('Terugstorten bevestigen');
    expect(page).toContain('Toch boeken');
    // The queue lists it, open ones first.
    expect(textOf((await staff.get(exceptionsPath).expect(200)).text)).toContain('Open');
  });
});

describe('confirming the refund', () => {
  it('queues one payout to the payer, audits it, and refuses a second click', async () => {
    const id = await exceptionFor({ amountCents: 4_242, structuredCommunication: '123412341234' });
    const response = await decide(staff, id, 'terugstorten');
    expect(await warningAfter(staff, response)).toContain('De terugstorting van € 42,42 is bevestigd');
    const [payout, ...more] = await payoutsOf(id);
    expect(more).toEqual([]);
    expect(payout).toMatchObject({
      kind: 'refund_to_payer',
      creditor_name: 'Bakkerij Peeters bv',
      creditor_iban: 'BE71096123456769',
      creditor_bic: 'GKCCBEBB',
      batch_id: null,
    });
    expect(Number(payout.amount_cents)).toBe(4_242);
    expect(payout.remittance_text).toContain(`EXC-${sequence}`);
    const movement = await db()('bank_movements').where({ id }).first();
    expect(movement).toMatchObject({ resolution: 'refund_confirmed', resolved_by: 'Sofie Maes' });
    const audit = await db()('audit_log').where({
      action: 'bank_movement.confirm_refund',
      entity_id: String(id),
    });
    expect(audit).toHaveLength(1);

    // The second click (a stale page) changes nothing.
    const page = await staff.get(exceptionPath(id)).expect(200);
    expect(textOf(page.text)).toContain('Terugstorting bevestigd');
    const again = await staff
      .post(decisionPath(id, 'terugstorten'))
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text) });
    expect(await warningAfter(staff, again)).toContain('De terugstorting van deze storting is al bevestigd.');
    expect(await payoutsOf(id)).toHaveLength(1);
  });

  it('makes one payout of ten concurrent confirmations', async () => {
    const id = await exceptionFor({ amountCents: 777, structuredCommunication: null });
    const page = await staff.get(decisionPath(id, 'terugstorten')).expect(200);
    const token = csrfTokenIn(page.text);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        staff.post(decisionPath(id, 'terugstorten')).type('form').send({ _csrf: token }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    expect(await payoutsOf(id)).toHaveLength(1);
    expect(
      await db()('audit_log').where({ action: 'bank_movement.confirm_refund', entity_id: String(id) }),
    ).toHaveLength(1);
  });

  it('cannot propose a refund when the statement names no payer account', async () => {
    const id = await exceptionFor({ amountCents: 1_500, counterpartyIban: null, counterpartyBic: null });
    const page = textOf((await staff.get(exceptionPath(id)).expect(200)).text);
    expect(page).toContain(
      'Het uittreksel vermeldt geen rekening van de betaler: een terugstorting kan niet worden voorgesteld.',
    );
    expect(page).not.toContain('Terugstorten bevestigen');
    const token = csrfTokenIn((await staff.get(exceptionPath(id)).expect(200)).text);
    const forced = await staff.post(decisionPath(id, 'terugstorten')).type('form').send({ _csrf: token });
    expect(await warningAfter(staff, forced)).toContain('kan niet automatisch worden teruggestort');
    expect(await payoutsOf(id)).toEqual([]);
  });
});

describe('handling manually', () => {
  it('closes a deposit without a payer account once, with a required note, audited, booking and paying nothing', async () => {
    const id = await exceptionFor({ amountCents: 2_500, counterpartyIban: null, counterpartyBic: null });
    const detail = (await staff.get(exceptionPath(id)).expect(200)).text;
    expect(textOf(detail)).toContain('Handmatig afgehandeld');
    expect(textOf(detail)).toContain('Toch boeken');
    const counts = {
      ledger: (await db()('ledger_entries').count<{ count: string }[]>('* as count'))[0]?.count,
      payouts: (await db()('payout_instructions').count<{ count: string }[]>('* as count'))[0]?.count,
    };

    // The note is required: the message beside the field, nothing decided.
    const empty = await decide(staff, id, 'handmatig', { note: '   ' });
    expect(empty.status).toBe(303);
    expect(empty.headers.location).toBe(decisionPath(id, 'handmatig'));
    const form = (await staff.get(decisionPath(id, 'handmatig')).expect(200)).text;
    expect(errorSummaryOf(form)).toEqual([
      { field: 'note', message: 'Schrijf op hoe de storting buiten het portaal afgehandeld is.' },
    ]);
    expect((await db()('bank_movements').where({ id }).first()).resolution).toBeNull();

    const note = 'Betaler gebeld; op 20/11/2026 via de bank teruggestort op BE68 5390 0754 7034.';
    const done = await decide(staff, id, 'handmatig', { note });
    expect(await warningAfter(staff, done)).toContain('De storting is gemarkeerd als handmatig afgehandeld.');
    expect(await db()('bank_movements').where({ id }).first()).toMatchObject({
      resolution: 'handled_manually',
      resolution_reason: note,
      resolved_by: 'Sofie Maes',
      ledger_entry_id: null,
    });
    const audit = await db()('audit_log').where({
      action: 'bank_movement.handle_manually',
      entity_id: String(id),
    });
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ amountCents: 2_500, note });
    const page = textOf((await staff.get(exceptionPath(id)).expect(200)).text);
    expect(page).toContain('Handmatig afgehandeld');
    expect(page).toContain(note);
    expect(textOf((await staff.get(exceptionsPath).expect(200)).text)).toContain('Handmatig afgehandeld');

    // A second click, and any other decision after it, changes nothing.
    const token = csrfTokenIn((await staff.get(exceptionPath(id)).expect(200)).text);
    for (const slug of ['handmatig', 'terugstorten']) {
      const again = await staff
        .post(decisionPath(id, slug))
        .type('form')
        .send({ _csrf: token, note: 'nog eens' });
      expect(await warningAfter(staff, again)).toContain(
        'Deze storting is al als handmatig afgehandeld gemarkeerd.',
      );
    }
    expect(
      await db()('audit_log').where({ action: 'bank_movement.handle_manually', entity_id: String(id) }),
    ).toHaveLength(1);
    expect({
      ledger: (await db()('ledger_entries').count<{ count: string }[]>('* as count'))[0]?.count,
      payouts: (await db()('payout_instructions').count<{ count: string }[]>('* as count'))[0]?.count,
    }).toEqual(counts);
  });

  it('is not offered, and refused, for a deposit that can be refunded to the payer', async () => {
    const id = await exceptionFor({ amountCents: 2_600, structuredCommunication: null });
    expect(textOf((await staff.get(exceptionPath(id)).expect(200)).text)).not.toContain(
      'Handmatig afgehandeld',
    );
    const token = csrfTokenIn((await staff.get(exceptionPath(id)).expect(200)).text);
    const forced = await staff
      .post(decisionPath(id, 'handmatig'))
      .type('form')
      .send({ _csrf: token, note: 'Zelf teruggestort' });
    expect(await warningAfter(staff, forced)).toContain(
      'Deze storting kan naar de rekening van de betaler teruggestort worden',
    );
    expect((await db()('bank_movements').where({ id }).first()).resolution).toBeNull();
  });
});

describe('booking anyway', () => {
  it('books a typo in the communication on the project staff name: Lopend, ledger, mails, audit, once', async () => {
    const project = await insertProject(db());
    const typo = `${project.structuredCommunication.slice(0, 11)}${(Number(project.structuredCommunication[11]) + 1) % 10}`;
    const id = await exceptionFor({ amountCents: 119_835, structuredCommunication: typo });
    expect((await db()('bank_movements').where({ id }).first()).exception_reason).toBe(
      'unknown_communication',
    );

    const missing = await decide(staff, id, 'boeken', { projectNumber: project.projectNumber, reason: '' });
    expect(missing.status).toBe(303);
    const form = await staff.get(decisionPath(id, 'boeken')).expect(200);
    expect(errorSummaryOf(form.text)).toEqual([
      { field: 'reason', message: 'Geef een reden op waarom u de storting toch boekt.' },
    ]);
    expect(await statusOf(db(), project)).toBe('Bevestigd');

    const booked = await decide(staff, id, 'boeken', {
      projectNumber: project.projectNumber.toLowerCase(),
      reason: 'Tikfout in de mededeling; bedrag en naam kloppen.',
    });
    expect(await warningAfter(staff, booked)).toContain(
      `De storting van € 1.198,35 is geboekt op project ${project.projectNumber}`,
    );
    expect(await statusOf(db(), project)).toBe('Lopend');
    const ledger = await db()('ledger_entries').where({ project_id: project.id }).orderBy('id');
    expect(ledger.map((row) => [row.kind, Number(row.amount_cents), row.booked_on])).toEqual([
      ['eigen_bijdrage', 119_835, TEST_TODAY],
      ['subsidie', 51_358, TEST_TODAY],
    ]);
    const movement = await db()('bank_movements').where({ id }).first();
    expect(movement).toMatchObject({
      resolution: 'booked_anyway',
      project_id: project.id,
      ledger_entry_id: ledger[0]?.id,
      resolution_reason: 'Tikfout in de mededeling; bedrag en naam kloppen.',
    });
    const [history] = await db()('project_history').where({
      project_id: project.id,
      action: 'receive_deposit',
    });
    expect(history.reason).toBe('Tikfout in de mededeling; bedrag en naam kloppen.');
    expect(
      await db()('audit_log').where({ action: 'bank_movement.book_anyway', entity_id: String(id) }),
    ).toHaveLength(1);
    const mails = await mailsAbout(testApp, project);
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      `De eigen bijdrage voor project ${project.projectNumber} is ontvangen`,
      `Uw eigen bijdrage voor project ${project.projectNumber} is ontvangen`,
    ]);

    const token = csrfTokenIn((await staff.get(exceptionPath(id)).expect(200)).text);
    const again = await staff
      .post(decisionPath(id, 'boeken'))
      .type('form')
      .send({ _csrf: token, projectNumber: project.projectNumber, reason: 'nog eens' });
    expect(await warningAfter(staff, again)).toContain('Deze storting is al toch geboekt.');
    expect(await db()('ledger_entries').where({ project_id: project.id })).toHaveLength(2);
  });

  it('refuses another amount, a project that is not Bevestigd, and an unknown project number', async () => {
    const bevestigd = await insertProject(db());
    const lapsed = await insertProject(db(), { status: 'Vervallen' });
    const wrongAmount = await exceptionFor({ amountCents: 119_836, structuredCommunication: '000000000097' });
    const reason = 'De betaler bedoelde dit project.';

    await decide(staff, wrongAmount, 'boeken', { projectNumber: bevestigd.projectNumber, reason });
    let form = await staff.get(decisionPath(wrongAmount, 'boeken')).expect(200);
    expect(errorSummaryOf(form.text)[0]?.message).toBe(
      `Deze storting kan niet op project ${bevestigd.projectNumber} geboekt worden. Het bedrag (€ 1.198,36) is niet de eigen bijdrage van project ${bevestigd.projectNumber} (€ 1.198,35).`,
    );

    const exact = await exceptionFor({ amountCents: 119_835, structuredCommunication: '000000000097' });
    await decide(staff, exact, 'boeken', { projectNumber: lapsed.projectNumber, reason });
    form = await staff.get(decisionPath(exact, 'boeken')).expect(200);
    expect(errorSummaryOf(form.text)[0]?.message).toContain(`${lapsed.projectNumber} is vervallen`);

    await decide(staff, exact, 'boeken', { projectNumber: '2026KMO999999', reason });
    form = await staff.get(decisionPath(exact, 'boeken')).expect(200);
    expect(errorSummaryOf(form.text)[0]?.message).toBe('Er bestaat geen project met dit nummer.');

    await decide(staff, exact, 'boeken', { projectNumber: 'geen nummer', reason });
    form = await staff.get(decisionPath(exact, 'boeken')).expect(200);
    expect(errorSummaryOf(form.text)[0]?.message).toBe('Geef een projectnummer zoals 2026KMO000123.');

    expect(await statusOf(db(), bevestigd)).toBe('Bevestigd');
    expect(await db()('ledger_entries').whereIn('project_id', [bevestigd.id, lapsed.id])).toEqual([]);
    expect(
      await db()('bank_movements').whereIn('id', [wrongAmount, exact]).whereNotNull('resolution'),
    ).toEqual([]);
  });

  it('books once of ten concurrent clicks', async () => {
    const project = await insertProject(db());
    const id = await exceptionFor({ amountCents: 119_835, structuredCommunication: null });
    const page = await staff.get(decisionPath(id, 'boeken')).expect(200);
    const token = csrfTokenIn(page.text);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        staff
          .post(decisionPath(id, 'boeken'))
          .type('form')
          .send({ _csrf: token, projectNumber: project.projectNumber, reason: 'Mededeling vergeten.' }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    expect(await db()('ledger_entries').where({ project_id: project.id })).toHaveLength(2);
    expect(
      await db()('project_history').where({ project_id: project.id, action: 'receive_deposit' }),
    ).toHaveLength(1);
  });
});

describe('who may decide', () => {
  it('answers 403 to other roles and to a post without CSRF token', async () => {
    const id = await exceptionFor({ amountCents: 2_000, structuredCommunication: null });
    for (const role of ['head office', 'department user', 'entrepreneur'] as const) {
      const agent = await demoAgent(testApp, role);
      expect((await agent.get(exceptionPath(id))).status).toBe(403);
      expect((await agent.get(decisionPath(id, 'terugstorten'))).status).toBe(403);
      // With the agent's own valid token, so the 403 is the role's, not the CSRF check's.
      const home = role === 'entrepreneur' ? '/onderneming' : '/dienstverlener';
      const token = csrfTokenIn((await agent.get(home).expect(200)).text);
      expect(
        (await agent.post(decisionPath(id, 'terugstorten')).type('form').send({ _csrf: token })).status,
      ).toBe(403);
    }
    expect((await staff.post(decisionPath(id, 'terugstorten')).type('form').send({})).status).toBe(403);
    expect(await payoutsOf(id)).toEqual([]);
  });
});
