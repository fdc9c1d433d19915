import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/domain/errors.js';
import type { ProjectStatus } from '../../../src/domain/project-status.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  headingOf,
  inputValueOf,
  textOf,
  titleOf,
} from '../../support/html.js';
import { csrfTokenIn, csrfTokenOf, type Agent } from '../../support/session.js';
import {
  balanceOf,
  entrepreneurFor,
  MEDIUM_COMPANY,
  payPath,
  ProjectPicker,
  projectPath,
  providerAddressesOf,
  SMALL_COMPANY,
  todayIso,
  walletPath,
} from './support.js';
import { dmy, plusDays, euro } from '../../support/format.js';
import { mailsAbout, outboxAbout, statusOf, warningAfter, type DemoProject } from '../../support/projects.js';

/**
 * Paying the provider from the wallet (issue 6): against an invoice number and
 * date, never more than the balance, only while Lopend; the payment that
 * empties the wallet finishes the project (Lopend → Afgewerkt). Second clicks,
 * stale pages and concurrent payments never pay twice.
 */

let testApp: TestApp;
let db: Knex;
const picker = new ProjectPicker(() => db);
let agent: Agent;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  lastDemoEntry = Number((await db('ledger_entries').max('id as id').first())?.id);
  agent = await entrepreneurFor(testApp, MEDIUM_COMPANY);
});
afterAll(async () => {
  await testApp.close();
});

/** `123456` → `1234,56`: how a user types an amount. */
function typed(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** The last ledger entry of the demo data: the tests' own payments come after it. */
let lastDemoEntry: number;

/** The payments booked by these tests (the demo data has earlier ones). */
async function paymentsOf(project: DemoProject) {
  return db('ledger_entries')
    .where({ project_id: project.id, kind: 'betaling_dienstverlener' })
    .where('id', '>', lastDemoEntry)
    .orderBy('id');
}

async function agreementDateOf(project: DemoProject): Promise<string> {
  return (await db('projects').where({ id: project.id }).first('agreement_date')).agreement_date as string;
}

/** Opens the payment page (as a browser does before posting) and returns its token and hidden balance. */
async function openForm(project: DemoProject, who: Agent = agent) {
  const page = await who.get(payPath(project.projectNumber)).expect(200);
  return { token: csrfTokenIn(page.text), expectedBalance: inputValueOf(page.text, 'expectedBalance') ?? '' };
}

async function pay(project: DemoProject, fields: Record<string, string>, who: Agent = agent) {
  const form = await openForm(project, who);
  return who
    .post(payPath(project.projectNumber))
    .type('form')
    .send({ _csrf: form.token, expectedBalance: form.expectedBalance, ...fields });
}

describe('paying the provider', () => {
  it('books a part of the balance against an invoice: ledger, audit, the provider mailed; the project stays Lopend', async () => {
    const project = await picker.take({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const balance = await balanceOf(db, project);
    const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(detail.text).toContain(`href="${payPath(project.projectNumber)}"`);

    const form = await agent.get(payPath(project.projectNumber)).expect(200);
    expect(headingOf(form.text)).toBe(`Dienstverlener betalen: project ${project.projectNumber}`);
    expect(textOf(form.text)).toContain(`Saldo ${euro(balance)}`);
    expect(inputValueOf(form.text, 'expectedBalance')).toBe(String(balance));
    // The page says which invoice dates it takes before the user types one.
    expect(textOf(form.text)).toContain(
      `Niet in de toekomst en niet vóór de datum van de overeenkomst met de dienstverlener (${dmy(await agreementDateOf(project))}).`,
    );

    const amount = Math.floor(balance / 2);
    const response = await pay(project, {
      bedrag: typed(amount),
      factuurnummer: ' F2026-0815 ',
      factuurdatum: dmy(todayIso()),
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(projectPath(project.projectNumber));

    const payments = await paymentsOf(project);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      amount_cents: -amount,
      booked_on: todayIso(),
      invoice_number: 'F2026-0815',
      invoice_date: todayIso(),
    });
    expect(await balanceOf(db, project)).toBe(balance - amount);
    expect(await statusOf(db, project)).toBe('Lopend');

    const audit = await db('audit_log').where({
      entity_type: 'project',
      entity_id: String(project.id),
      action: 'project.pay_provider',
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_type: 'entrepreneur',
      actor_label: `Jan Peeters (${MEDIUM_COMPANY})`,
    });
    expect(audit[0].details).toMatchObject({
      amountCents: amount,
      invoiceNumber: 'F2026-0815',
      invoiceDate: todayIso(),
      balanceCents: { old: balance, new: balance - amount },
    });

    const page = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(flashTextsOf(page.text).join(' ')).toContain('De betaling is geboekt.');
    expect(textOf(page.text)).toContain(
      `${dmy(todayIso())} Betaling aan de dienstverlener F2026-0815 van ${dmy(todayIso())} ${euro(-amount)}`,
    );
    expect(textOf(page.text)).toContain(`Saldo ${euro(balance - amount)}`);

    const mails = await mailsAbout(testApp, project);
    const addresses = await providerAddressesOf(db, project);
    expect(mails.map((mail) => mail.to).sort()).toEqual(addresses.map((address) => [address]).sort());
    for (const mail of mails) {
      expect(mail.subject).toBe(`Betaling voor project ${project.projectNumber}: ${euro(amount)}`);
      expect(mail.text).toContain(`Bedrag: ${euro(amount)}`);
      expect(mail.text).toContain(`Factuur: F2026-0815 van ${dmy(todayIso())}`);
      expect(mail.text).toContain(`Saldo op de portefeuille voor dit project: ${euro(balance - amount)}`);
      expect(mail.text).not.toContain('Afgewerkt');
    }
  });

  it('finishes the project when the balance reaches zero (Lopend → Afgewerkt), in the same step', async () => {
    const project = await picker.take({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const balance = await balanceOf(db, project);
    const response = await pay(project, {
      bedrag: typed(balance),
      factuurnummer: 'F-EIND',
      // The oldest date an invoice may have: that of the agreement with the provider.
      factuurdatum: dmy(await agreementDateOf(project)),
    });
    expect(response.status).toBe(303);
    expect(await balanceOf(db, project)).toBe(0);
    expect(await statusOf(db, project)).toBe('Afgewerkt');
    const history = await db('project_history').where({ project_id: project.id, action: 'complete' });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      from_status: 'Lopend',
      to_status: 'Afgewerkt',
      actor_type: 'entrepreneur',
      actor_label: `Jan Peeters (${MEDIUM_COMPANY})`,
      reason: 'Het volledige saldo is betaald aan de dienstverlener.',
    });
    expect(
      await db('audit_log').where({ entity_id: String(project.id), action: 'project.complete' }),
    ).toHaveLength(1);

    const page = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(flashTextsOf(page.text).join(' ')).toContain(
      'Het saldo is volledig betaald: het project is afgewerkt.',
    );
    expect(page.text).not.toContain(`href="${payPath(project.projectNumber)}"`);
    const mails = await mailsAbout(testApp, project);
    expect(mails[0]?.text).toContain(
      'Het saldo is volledig betaald: het project krijgt de status "Afgewerkt".',
    );
  });

  it('books a second click once and says why the second one was refused', async () => {
    const project = await picker.take({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const balance = await balanceOf(db, project);
    const form = await openForm(project);
    const fields = {
      _csrf: form.token,
      expectedBalance: form.expectedBalance,
      bedrag: typed(100),
      factuurnummer: 'F-DUBBEL',
      factuurdatum: dmy(todayIso()),
    };
    await agent.post(payPath(project.projectNumber)).type('form').send(fields).expect(303);
    const second = await agent.post(payPath(project.projectNumber)).type('form').send(fields);
    expect(await warningAfter(agent, second)).toContain(
      `Het saldo van dit project is intussen gewijzigd: het is nu ${euro(balance - 100)}. Misschien verstuurde u het formulier twee keer.`,
    );
    expect(await paymentsOf(project)).toHaveLength(1);
    expect(await balanceOf(db, project)).toBe(balance - 100);
    expect(await outboxAbout(db, project)).toHaveLength((await providerAddressesOf(db, project)).length);
  });

  it('never pays more than the balance, also with two payments at once', async () => {
    const project = await picker.take({ company: SMALL_COMPANY, status: 'Lopend', balance: 'positive' });
    const small = await entrepreneurFor(testApp, SMALL_COMPANY);
    const balance = await balanceOf(db, project);
    const part = Math.ceil((balance * 6) / 10);
    const form = await openForm(project, small);
    const post = (invoice: string) =>
      small
        .post(payPath(project.projectNumber))
        .type('form')
        .send({
          _csrf: form.token,
          expectedBalance: form.expectedBalance,
          bedrag: typed(part),
          factuurnummer: invoice,
          factuurdatum: dmy(todayIso()),
        });
    const responses = await Promise.all([post('F-A'), post('F-B')]);
    expect(responses.map((response) => response.status)).toEqual([303, 303]);
    const payments = await paymentsOf(project);
    expect(payments).toHaveLength(1);
    expect(await balanceOf(db, project)).toBe(balance - part);
    expect(await balanceOf(db, project)).toBeGreaterThanOrEqual(0);

    // The service itself, under its row lock: of two payments that each fit the balance seen, one is booked.
    const now = await balanceOf(db, project);
    const smallId = (await db('companies').where({ name: SMALL_COMPANY }).first('id')).id as number;
    const attempt = (invoice: string) =>
      testApp.container.services.wallet.pay(smallId, project.projectNumber, {
        actor: { type: 'entrepreneur', id: null, label: 'Test' },
        expectedBalanceCents: now,
        amountCents: now,
        invoiceNumber: invoice,
        invoiceDate: todayIso(),
      });
    const results = await Promise.allSettled([attempt('F-C'), attempt('F-D')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await balanceOf(db, project)).toBe(0);
    expect(await statusOf(db, project)).toBe('Afgewerkt');
    expect(await paymentsOf(project)).toHaveLength(2);
  });
});

describe('the payment form refuses bad input', () => {
  let project: DemoProject;
  let balance: number;
  beforeAll(async () => {
    project = await picker.take({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    balance = await balanceOf(db, project);
  });

  async function refused(fields: Record<string, string>) {
    const response = await pay(project, fields);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(payPath(project.projectNumber));
    const page = await agent.get(payPath(project.projectNumber)).expect(200);
    expect(titleOf(page.text)).toMatch(/^Fout: /);
    expect(await paymentsOf(project)).toHaveLength(0);
    expect(await outboxAbout(db, project)).toHaveLength(0);
    return page.text;
  }

  it('needs every field, with the message beside each and in the summary', async () => {
    const html = await refused({ bedrag: '', factuurnummer: ' ', factuurdatum: '' });
    expect(errorSummaryOf(html)).toEqual([
      { field: 'bedrag', message: 'Vul het bedrag in.' },
      { field: 'factuurnummer', message: 'Vul het factuurnummer in.' },
      { field: 'factuurdatum', message: 'Vul de factuurdatum in.' },
    ]);
    expect(fieldErrorOf(html, 'bedrag')).toBe('Vul het bedrag in.');
    expect(fieldErrorOf(html, 'factuurnummer')).toBe('Vul het factuurnummer in.');
    expect(fieldErrorOf(html, 'factuurdatum')).toBe('Vul de factuurdatum in.');
  });

  it('refuses more than the balance, zero and a negative amount, keeping what was typed', async () => {
    const above = typed(balance + 1);
    let html = await refused({ bedrag: above, factuurnummer: 'F-1', factuurdatum: dmy(todayIso()) });
    expect(fieldErrorOf(html, 'bedrag')).toBe(
      `Het bedrag is hoger dan het saldo van dit project (${euro(balance)}). U kunt niet meer betalen dan het saldo.`,
    );
    expect(inputValueOf(html, 'bedrag')).toBe(above);
    expect(inputValueOf(html, 'factuurnummer')).toBe('F-1');
    expect(inputValueOf(html, 'factuurdatum')).toBe(dmy(todayIso()));
    for (const amount of ['0', '0,00', '-5']) {
      html = await refused({ bedrag: amount, factuurnummer: 'F-1', factuurdatum: dmy(todayIso()) });
      expect(fieldErrorOf(html, 'bedrag'), amount).toBe('Het bedrag moet groter zijn dan € 0,00.');
    }
    html = await refused({ bedrag: '10,999', factuurnummer: 'F-1', factuurdatum: dmy(todayIso()) });
    expect(fieldErrorOf(html, 'bedrag')).toBe(
      'Vul een bedrag in euro in met hoogstens twee decimalen, bijvoorbeeld 1.250,00.',
    );
  });

  it('keeps the invoice number to 50 characters', async () => {
    const long = 'F'.repeat(51);
    const html = await refused({ bedrag: '1,00', factuurnummer: long, factuurdatum: dmy(todayIso()) });
    expect(fieldErrorOf(html, 'factuurnummer')).toBe('Het factuurnummer mag hoogstens 50 tekens lang zijn.');
    expect(inputValueOf(html, 'factuurnummer')).toBe(long);
  });

  it('refuses an invoice date in the future, before the agreement, or that does not exist', async () => {
    const agreed = await agreementDateOf(project);
    let html = await refused({
      bedrag: '1,00',
      factuurnummer: 'F-1',
      factuurdatum: dmy(plusDays(todayIso(), 1)),
    });
    expect(fieldErrorOf(html, 'factuurdatum')).toBe('De factuurdatum mag niet in de toekomst liggen.');
    html = await refused({ bedrag: '1,00', factuurnummer: 'F-1', factuurdatum: dmy(plusDays(agreed, -1)) });
    expect(fieldErrorOf(html, 'factuurdatum')).toBe(
      `De factuurdatum mag niet vóór de datum van de overeenkomst met de dienstverlener (${dmy(agreed)}) liggen.`,
    );
    html = await refused({ bedrag: '1,00', factuurnummer: 'F-1', factuurdatum: '31/02/2026' });
    expect(fieldErrorOf(html, 'factuurdatum')).toBe(
      'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.',
    );
  });

  it('refuses an invoice of this project that was paid before', async () => {
    const earlier = await picker.take({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const first = await pay(earlier, {
      bedrag: '1,00',
      factuurnummer: 'F2026-0001',
      factuurdatum: dmy(todayIso()),
    });
    expect(first.status).toBe(303);
    const response = await pay(earlier, {
      bedrag: '2,00',
      factuurnummer: 'f2026-0001 ',
      factuurdatum: dmy(todayIso()),
    });
    expect(response.headers.location).toBe(payPath(earlier.projectNumber));
    const html = (await agent.get(payPath(earlier.projectNumber)).expect(200)).text;
    expect(fieldErrorOf(html, 'factuurnummer')).toBe(
      `U betaalde factuur f2026-0001 al op ${dmy(todayIso())} voor dit project. Betaal een factuur maar één keer.`,
    );
    expect(await paymentsOf(earlier)).toHaveLength(1);
  });

  it('refuses a form without the balance it was made for', async () => {
    const token = await csrfTokenOf(agent, payPath(project.projectNumber));
    const response = await agent
      .post(payPath(project.projectNumber))
      .type('form')
      .send({ _csrf: token, bedrag: '1,00', factuurnummer: 'F-1', factuurdatum: dmy(todayIso()) });
    expect(await warningAfter(agent, response)).toContain('Dit formulier is onvolledig of verouderd.');
    expect(await paymentsOf(project)).toHaveLength(0);
  });

  it('refuses a post without a valid CSRF token (403)', async () => {
    await agent
      .post(payPath(project.projectNumber))
      .type('form')
      .send({
        expectedBalance: String(balance),
        bedrag: '1,00',
        factuurnummer: 'F-1',
        factuurdatum: dmy(todayIso()),
      })
      .expect(403);
    expect(await paymentsOf(project)).toHaveLength(0);
  });
});

describe('paying is only for a Lopend project with a balance', () => {
  it('offers no payment, no form and books nothing in any other status', async () => {
    const cases: [ProjectStatus, Parameters<ProjectPicker['peek']>[0]][] = [
      ['Bevestigd', { company: MEDIUM_COMPANY, status: 'Bevestigd' }],
      ['Afgewerkt', { company: MEDIUM_COMPANY, status: 'Afgewerkt' }],
      [
        'StopzettingAangevraagd',
        { company: MEDIUM_COMPANY, status: 'StopzettingAangevraagd', balance: 'positive' },
      ],
      ['Stopgezet', { company: MEDIUM_COMPANY, status: 'Stopgezet' }],
      ['Vervallen', { company: MEDIUM_COMPANY, status: 'Vervallen' }],
      ['ProjectGeannuleerd', { company: MEDIUM_COMPANY, status: 'ProjectGeannuleerd' }],
    ];
    for (const [status, criteria] of cases) {
      const project = await picker.peek(criteria);
      const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
      expect(detail.text, status).not.toContain(`href="${payPath(project.projectNumber)}"`);
      const form = await agent.get(payPath(project.projectNumber)).expect(302);
      expect(form.headers.location).toBe(projectPath(project.projectNumber));
      const balance = await balanceOf(db, project);
      const response = await agent
        .post(payPath(project.projectNumber))
        .type('form')
        .send({
          _csrf: csrfTokenIn(detail.text),
          expectedBalance: String(balance),
          bedrag: '1,00',
          factuurnummer: 'F-1',
          factuurdatum: dmy(todayIso()),
        });
      const warning = await warningAfter(agent, response);
      expect(warning, status).toMatch(
        /alleen betalen voor een lopend project|Er staat geen geld meer op de portefeuille/,
      );
      expect(await statusOf(db, project)).toBe(status);
      expect(await balanceOf(db, project)).toBe(balance);
      expect(await outboxAbout(db, project)).toHaveLength(0);
    }
  });

  it('shows the balances to pay on the wallet and drops a project once it is paid', async () => {
    const project = await picker.take({ company: MEDIUM_COMPANY, status: 'Lopend', balance: 'positive' });
    const filtered = async () => (await agent.get(`${walletPath}?toon=actie`).expect(200)).text;
    expect(await filtered()).toContain(`href="${projectPath(project.projectNumber)}"`);
    const paid = await pay(project, {
      bedrag: typed(await balanceOf(db, project)),
      factuurnummer: 'F-ALLES',
      factuurdatum: dmy(todayIso()),
    });
    expect(paid.status).toBe(303);
    expect(await filtered()).not.toContain(`href="${projectPath(project.projectNumber)}"`);
  });
});
