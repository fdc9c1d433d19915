import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { errorSummaryOf, textOf } from '../../support/html.js';
import {
  csrfTokenIn,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

async function headOffice(login = '0123456749'): Promise<Agent> {
  const agent = newAgent(testApp.app);
  await signInAsProvider(agent, login, 'kmo-demo-2026');
  return agent;
}

async function registrationId(number: string): Promise<number> {
  const row = await testApp.database.db('registrations').where({ number }).first('id');
  if (!row) throw new Error(`no registration ${number}`);
  return row.id as number;
}

/** The cells of the overview table, row by row, as text. */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => textOf(cell[1] ?? '')),
  );
}

describe('the registrations overview', () => {
  it('lists service, number, expiry, provider, type, status and a detail link, with the legend', async () => {
    const agent = await headOffice();
    const page = await agent.get('/dienstverlener/registraties').expect(200);
    const rows = tableRows(page.text);
    expect(rows).toContainEqual([
      'Opleiding',
      'DV.O218724',
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
      'Dienstverlener kmo-portefeuille',
      'MZ',
      'G – Goedgekeurd',
      'Bekijk',
    ]);
    expect(rows).toContainEqual([
      'Advies',
      '–',
      '–',
      'Dienstverlener kmo-portefeuille',
      'MZ',
      'A – Aangevraagd',
      'Bekijk',
    ]);
    expect(rows).toContainEqual([
      'Opleiding',
      'DV.O218721',
      expect.any(String),
      'Departement Opleidingen',
      'DEP',
      'G – Goedgekeurd',
      'Bekijk',
    ]);
    const text = textOf(page.text);
    for (const legend of [
      'A Aangevraagd',
      'G/V Goedgekeurd, verlenging aangevraagd',
      'L/H Verlopen, herregistratie aangevraagd',
      'U Uitgesloten',
      'T Gestopt',
    ]) {
      expect(text).toContain(legend);
    }
    expect(text).not.toContain('DV.O207315');
  });

  it('sorts on a column both ways', async () => {
    const agent = await headOffice();
    const ascending = tableRows(
      (await agent.get('/dienstverlener/registraties?sorteer=registratienummer&richting=asc').expect(200))
        .text,
    );
    const descending = tableRows(
      (await agent.get('/dienstverlener/registraties?sorteer=registratienummer&richting=desc').expect(200))
        .text,
    );
    const numbers = (rows: string[][]) => rows.map((row) => row[1]).filter((value) => value !== '–');
    expect(numbers(ascending)).toEqual(['DV.A218723', 'DV.O218721', 'DV.O218724']);
    expect(numbers(descending)).toEqual(['DV.O218724', 'DV.O218721', 'DV.A218723']);
  });

  it('shows only active services when asked', async () => {
    await testApp.database.db('registrations').where({ number: 'DV.A218723' }).update({ status: 'T' });
    try {
      const agent = await headOffice();
      const all = tableRows((await agent.get('/dienstverlener/registraties').expect(200)).text);
      const active = tableRows(
        (await agent.get('/dienstverlener/registraties?weergave=actief').expect(200)).text,
      );
      expect(all.map((row) => row[1])).toContain('DV.A218723');
      expect(active.map((row) => row[1])).not.toContain('DV.A218723');
      expect(active).toHaveLength(all.length - 1);
    } finally {
      await testApp.database.db('registrations').where({ number: 'DV.A218723' }).update({ status: 'G' });
    }
  });

  it('shows a department user only its own department', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'department-user');
    const rows = tableRows((await agent.get('/dienstverlener/registraties').expect(200)).text);
    expect(rows.map((row) => row[1])).toEqual(['DV.O218721']);
    await agent.get(`/dienstverlener/registraties/${await registrationId('DV.O218724')}`).expect(404);
  });

  it("answers 404 for another provider's registration and for a non-numeric id", async () => {
    const agent = await headOffice();
    const foreign = await agent
      .get(`/dienstverlener/registraties/${await registrationId('DV.O207315')}`)
      .expect(404);
    expect(foreign.text).not.toContain('DV.O207315');
    await agent.get('/dienstverlener/registraties/abc').expect(404);
  });
});

describe("a provider's actions on a registration", () => {
  it('requests a renewal (G → G/V) once; a second click from the stale page changes nothing', async () => {
    const agent = await headOffice('0456789034');
    const id = await registrationId('DV.O207315');
    const before = await testApp.database.db('registrations').where({ id }).first();
    // The demo's approved registration has the complete file of its approval.
    expect(before.declaration_received_on).not.toBeNull();
    expect(before.audit_report_document_id).not.toBeNull();
    const detail = await agent.get(`/dienstverlener/registraties/${id}`).expect(200);
    expect(detail.text).toContain(`href="/dienstverlener/registraties/${id}/verlengen"`);
    expect(detail.text).toContain(`href="/dienstverlener/registraties/${id}/stopzetten"`);
    const confirm = await agent.get(`/dienstverlener/registraties/${id}/verlengen`).expect(200);
    const token = csrfTokenIn(confirm.text);
    const first = await agent
      .post(`/dienstverlener/registraties/${id}/verlengen`)
      .type('form')
      .send({ _csrf: token, expectedFrom: 'G' })
      .expect(303);
    expect(first.headers.location).toBe(`/dienstverlener/registraties/${id}`);
    const second = await agent
      .post(`/dienstverlener/registraties/${id}/verlengen`)
      .type('form')
      .send({ _csrf: token, expectedFrom: 'G' })
      .expect(303);
    expect(second.headers.location).toBe(`/dienstverlener/registraties/${id}`);
    const page = await agent.get(`/dienstverlener/registraties/${id}`).expect(200);
    expect(textOf(page.text)).toContain(
      'Deze registratie heeft intussen de status "Goedgekeurd, verlenging aangevraagd"',
    );
    const row = await testApp.database.db('registrations').where({ id }).first();
    // The renewal is judged on a new file: a newly signed declaration and a new audit.
    expect(row).toMatchObject({
      status: 'G/V',
      number: 'DV.O207315',
      declaration_received_on: null,
      declaration_document_id: null,
      audit_report_document_id: null,
    });
    expect(textOf(page.text)).toContain('het auditrapport ontbreekt');
    const history = await testApp.database
      .db('registration_history')
      .where({ registration_id: id, action: 'request_renewal' });
    expect(history).toHaveLength(1);
    // G/V offers the provider nothing more: no renewal, no stop.
    expect(page.text).not.toContain(`/dienstverlener/registraties/${id}/verlengen"`);
  });

  it('needs a reason to stop a registration, then stops it (G → T) with the reason in the history', async () => {
    const agent = await headOffice();
    const id = await registrationId('DV.A218723');
    const confirm = await agent.get(`/dienstverlener/registraties/${id}/stopzetten`).expect(200);
    const token = csrfTokenIn(confirm.text);
    const refused = await agent
      .post(`/dienstverlener/registraties/${id}/stopzetten`)
      .type('form')
      .send({ _csrf: token, expectedFrom: 'G', reason: '  ' })
      .expect(303);
    expect(refused.headers.location).toBe(`/dienstverlener/registraties/${id}/stopzetten`);
    const again = await agent.get(refused.headers.location as string).expect(200);
    expect(errorSummaryOf(again.text)).toEqual([{ field: 'reason', message: 'Geef een reden op.' }]);
    expect((await testApp.database.db('registrations').where({ id }).first()).status).toBe('G');

    await agent
      .post(`/dienstverlener/registraties/${id}/stopzetten`)
      .type('form')
      .send({ _csrf: csrfTokenIn(again.text), expectedFrom: 'G', reason: 'Wij bieden geen advies meer aan.' })
      .expect(303);
    expect((await testApp.database.db('registrations').where({ id }).first()).status).toBe('T');
    const page = await agent.get(`/dienstverlener/registraties/${id}`).expect(200);
    expect(textOf(page.text)).toContain('Wij bieden geen advies meer aan.');
    const audit = await testApp.database
      .db('audit_log')
      .where({ entity_type: 'registration', entity_id: String(id), action: 'registration.stop' });
    expect(audit).toHaveLength(1);
  });

  it("refuses an action the status does not allow, and one on another provider's registration", async () => {
    const agent = await headOffice();
    const requested = await testApp.database
      .db('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .where({ 'p.enterprise_number': '0123456749', 'r.status': 'A' })
      .first('r.id');
    const page = await agent.get(`/dienstverlener/registraties/${requested.id}/verlengen`).expect(302);
    expect(page.headers.location).toBe(`/dienstverlener/registraties/${requested.id}`);
    const token = csrfTokenIn(
      (await agent.get(`/dienstverlener/registraties/${requested.id}`).expect(200)).text,
    );
    await agent
      .post(`/dienstverlener/registraties/${requested.id}/verlengen`)
      .type('form')
      .send({ _csrf: token, expectedFrom: 'A' })
      .expect(303);
    expect((await testApp.database.db('registrations').where({ id: requested.id }).first()).status).toBe('A');

    const foreign = await registrationId('DV.O207315');
    await agent
      .post(`/dienstverlener/registraties/${foreign}/stopzetten`)
      .type('form')
      .send({ _csrf: token, expectedFrom: 'G/V', reason: 'x' })
      .expect(404);
  });

  it('asks re-registration of an expired registration (L → L/H), keeping its number', async () => {
    const { db } = testApp.database;
    const id = await registrationId('DV.O218721');
    await db('registrations').where({ id }).update({ status: 'L', valid_until: '2026-11-01' });
    const agent = await headOffice();
    const detail = await agent.get(`/dienstverlener/registraties/${id}`).expect(200);
    expect(detail.text).toContain(`href="/dienstverlener/registraties/${id}/herregistreren"`);
    expect(detail.text).not.toContain(`href="/dienstverlener/registraties/${id}/verlengen"`);
    const confirm = await agent.get(`/dienstverlener/registraties/${id}/herregistreren`).expect(200);
    await agent
      .post(`/dienstverlener/registraties/${id}/herregistreren`)
      .type('form')
      .send({ _csrf: csrfTokenIn(confirm.text), expectedFrom: 'L' })
      .expect(303);
    expect(await db('registrations').where({ id }).first()).toMatchObject({
      status: 'L/H',
      number: 'DV.O218721',
    });
    const page = await agent.get(`/dienstverlener/registraties/${id}`).expect(200);
    expect(textOf(page.text)).toContain('L/H – Verlopen, herregistratie aangevraagd');
  });

  it('withdraws a request still waiting (A → T)', async () => {
    const agent = await headOffice();
    const requested = await testApp.database
      .db('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .where({ 'p.enterprise_number': '0123456749', 'r.status': 'A' })
      .first('r.id');
    const confirm = await agent.get(`/dienstverlener/registraties/${requested.id}/intrekken`).expect(200);
    await agent
      .post(`/dienstverlener/registraties/${requested.id}/intrekken`)
      .type('form')
      .send({ _csrf: csrfTokenIn(confirm.text), expectedFrom: 'A' })
      .expect(303);
    expect((await testApp.database.db('registrations').where({ id: requested.id }).first()).status).toBe('T');
  });
});
