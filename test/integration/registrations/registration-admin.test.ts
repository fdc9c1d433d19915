import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  bodyRowsOf,
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  headingOf,
  textOf,
} from '../../support/html.js';
import { pdfText } from '../../support/pdf.js';
import { completeRegistrationFile } from '../../support/registration-file.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  demoAgent,
  newAgent,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';

let testApp: TestApp;
let staff: Agent;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = newAgent(testApp.app);
  await signInWithSaml(staff, testApp.container, 'agency-staff');
});
afterAll(async () => {
  await testApp.close();
});

/**
 * A registration of the second demo provider (Opleidingscentrum Leiestreek), in a department of its own,
 * with a complete file (declaration received, audit report uploaded) unless `file` is 'empty'.
 */
async function newRegistration(values: {
  status: string;
  service?: 'opleiding' | 'advies';
  number?: string;
  requestedAt?: string;
  department?: string;
  file?: 'complete' | 'empty';
}): Promise<number> {
  const { db } = testApp.database;
  const provider = await db('provider_organisations').where({ enterprise_number: '0456789034' }).first('id');
  let departmentId: number | null = null;
  if (values.department) {
    const [department] = await db('departments')
      .insert({ provider_id: provider.id, name: values.department, contact_email: 'dep@leiestreek.test' })
      .returning('id');
    departmentId = department.id;
  }
  const approved = values.number !== undefined;
  const [row] = await db('registrations')
    .insert({
      provider_id: provider.id,
      department_id: departmentId,
      service: values.service ?? 'advies',
      basis: 'privaat',
      audit_bureau: 'SGS Belgium',
      status: values.status,
      number: values.number ?? null,
      valid_from: approved ? '2025-01-01' : null,
      valid_until: approved ? '2029-12-31' : null,
      requested_at: values.requestedAt ?? '2026-11-10 09:00:00 Europe/Brussels',
    })
    .returning('id');
  if (values.file !== 'empty') await completeRegistrationFile(db, row.id as number);
  return row.id as number;
}

async function statusOf(id: number): Promise<string> {
  return (await testApp.database.db('registrations').where({ id }).first('status')).status as string;
}

async function historyCount(id: number): Promise<number> {
  return (await testApp.database.db('registration_history').where({ registration_id: id })).length;
}

/** Opens the decision page as staff and posts its form with these fields. */
async function decide(id: number, slug: string, fields: Record<string, string> = {}) {
  const page = await staff.get(`/beheer/registraties/${id}/${slug}`);
  expect(page.status).toBe(200);
  const expectedFrom = /name="expectedFrom" value="([^"]+)"/.exec(page.text)?.[1];
  return staff
    .post(`/beheer/registraties/${id}/${slug}`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), expectedFrom, ...fields });
}

async function mailsTo(address: string, subjectPart: string) {
  // A run the decision started may hold the newest mail; wait for it, then send what is left.
  await testApp.container.mail.idle();
  await testApp.container.mail.flush();
  return testApp.mailbox
    .list()
    .filter((mail) => mail.to.includes(address) && mail.subject.includes(subjectPart));
}

describe('the agency home', () => {
  it('counts requests, renewals and re-registrations apart, each linked to its queue', async () => {
    const response = await staff.get('/beheer');
    expect(response.status).toBe(200);
    // The demo data holds one request (A) of the demo provider's head office for advice.
    const text = textOf(response.text);
    expect(text).toContain('1 registratieaanvraag wacht op een beslissing');
    expect(text).toContain('0 verlengingen wachten op een beslissing');
    expect(text).toContain('0 herregistraties wachten op een beslissing');
    expect(response.text).toContain('href="/beheer/registraties?status=A"');
    expect(response.text).toContain('href="/beheer/registraties?status=G%2FV"');

    const renewal = await newRegistration({ status: 'G/V', service: 'opleiding', number: 'DV.O900009' });
    try {
      expect(textOf((await staff.get('/beheer')).text)).toContain('1 verlenging wacht op een beslissing');
      const queue = await staff.get('/beheer/registraties').query({ status: 'G/V' });
      expect(bodyRowsOf(queue.text).join('\n')).toContain('Leiestreek');
    } finally {
      await testApp.database.db('registration_history').where({ registration_id: renewal }).delete();
      await testApp.database.db('registrations').where({ id: renewal }).delete();
    }
  });
});

describe('the queue', () => {
  it('says when nothing awaits a decision, and when a filter finds nothing', async () => {
    // The demo's only open request is for advice: a filter on training alone finds nothing.
    const training = await staff.get('/beheer/registraties').query({ dienst: 'opleiding' });
    expect(textOf(training.text)).toContain('Er zijn geen registraties die aan deze filter voldoen.');

    const { db } = testApp.database;
    const open = await db('registrations').where({ status: 'A' }).pluck('id');
    await db('registrations').whereIn('id', open).update({ status: 'T' });
    try {
      const empty = await staff.get('/beheer/registraties');
      expect(textOf(empty.text)).toContain('Er wachten geen registraties op een beslissing.');
      expect(textOf((await staff.get('/beheer')).text)).toContain(
        '0 registratieaanvragen wachten op een beslissing',
      );
    } finally {
      await db('registrations').whereIn('id', open).update({ status: 'A' });
    }
  });

  it('shows the requests awaiting a decision, oldest first, and filters by status and service', async () => {
    const renewal = await newRegistration({
      status: 'G/V',
      service: 'opleiding',
      number: 'DV.O900001',
      requestedAt: '2026-10-01 09:00:00 Europe/Brussels',
    });
    const reregistration = await newRegistration({
      status: 'L/H',
      service: 'advies',
      number: 'DV.A900002',
      requestedAt: '2026-11-12 09:00:00 Europe/Brussels',
    });
    const suspended = await newRegistration({ status: 'S', service: 'advies', number: 'DV.A900003' });

    const response = await staff.get('/beheer/registraties');
    expect(response.status).toBe(200);
    const rows = bodyRowsOf(response.text);
    expect(rows).toEqual([
      'Opleidingscentrum Leiestreek 0456.789.034 Opleiding G/V – Goedgekeurd, verlenging aangevraagd 01/10/2026 Bekijk en beslis',
      'Dienstverlener kmo-portefeuille 0123.456.749 Advies A – Aangevraagd 06/11/2026 Bekijk en beslis',
      'Opleidingscentrum Leiestreek 0456.789.034 Advies L/H – Verlopen, herregistratie aangevraagd 12/11/2026 Bekijk en beslis',
    ]);
    expect(response.text).toContain(`href="/beheer/registraties/${renewal}"`);
    expect(response.text).not.toContain(`href="/beheer/registraties/${suspended}"`);

    const advice = await staff.get('/beheer/registraties').query({ dienst: 'advies' });
    expect(advice.text).toContain(`href="/beheer/registraties/${reregistration}"`);
    expect(advice.text).not.toContain(`href="/beheer/registraties/${renewal}"`);

    const onlySuspended = await staff.get('/beheer/registraties').query({ status: 'S' });
    expect(onlySuspended.text).toContain(`href="/beheer/registraties/${suspended}"`);
    expect(onlySuspended.text).not.toContain(`href="/beheer/registraties/${reregistration}"`);

    const none = await staff.get('/beheer/registraties').query({ status: 'U', dienst: 'opleiding' });
    expect(textOf(none.text)).toContain('Er zijn geen registraties die aan deze filter voldoen.');

    await testApp.database.db('registrations').whereIn('id', [renewal, reregistration, suspended]).delete();
  });
});

describe('the detail', () => {
  it("shows the organisation, the request's answers and the history, and only the allowed decisions", async () => {
    const id = (
      await testApp.database
        .db('registrations')
        .where({ status: 'A', service: 'advies', department_id: null })
        .first('id')
    ).id as number;
    const response = await staff.get(`/beheer/registraties/${id}`);
    expect(response.status).toBe(200);
    const text = textOf(response.text);
    expect(text).toContain('Ondernemingsnummer 0123.456.749');
    expect(text).toContain('info@dienstverlener-kmo.test');
    expect(text).toContain('Niveau Maatschappelijke zetel');
    expect(text).toContain('Dienst Advies');
    // The demo's head office: address, account in groups of four, and a private request without a bureau yet.
    expect(text).toContain('Adres Kunstlaan 56, 1000 Brussel');
    expect(text).toContain('IBAN BE71 0961 2345 6769 (BIC GKCCBEBB)');
    expect(text).toContain('Auditbureau Nog niet gekozen');
    expect(text).toContain('Registratienummer Nog niet toegekend');
    expect(text).toContain('A – Aangevraagd');
    expect(text).toContain('Goedkeuren (5 jaar)');
    expect(text).toContain('Voorwaardelijk goedkeuren (2 jaar)');
    expect(text).toContain('Weigeren');
    expect(text).not.toContain('Schorsen');
    expect(text).not.toContain('Uitsluiten');
  });

  it('says so when the status allows no decision, and offers none', async () => {
    const id = await newRegistration({ status: 'N' });
    const page = await staff.get(`/beheer/registraties/${id}`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain(
      'Beslissen In deze status is er geen beslissing van het agentschap mogelijk.',
    );
    expect(page.text).not.toMatch(
      /href="\/beheer\/registraties\/\d+\/(goedkeuren|voorwaardelijk-goedkeuren|weigeren|schorsen|schorsing-opheffen|uitsluiten)"/,
    );
  });

  it('answers 404 for a registration that does not exist', async () => {
    expect((await staff.get('/beheer/registraties/999999')).status).toBe(404);
  });
});

describe('the decisions', () => {
  it('approves a request: G, a number, five years from today, the certificate mailed with its PDF', async () => {
    const id = await newRegistration({ status: 'A', department: 'Afdeling Goedkeuring' });
    const response = await decide(id, 'goedkeuren');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/beheer/registraties/${id}`);
    const row = await testApp.database.db('registrations').where({ id }).first();
    expect(row).toMatchObject({
      status: 'G',
      valid_from: '2026-11-18',
      valid_until: '2031-11-17',
      conditional: false,
    });
    expect(row.number).toMatch(/^DV\.A\d{6}$/);

    const mails = await mailsTo('dep@leiestreek.test', row.number as string);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('Geldig van 18/11/2026 tot en met 17/11/2031');
    expect(mails[0]?.attachments[0]?.filename).toBe(`attest-${row.number}.pdf`);
    expect(await pdfText(mails[0]?.attachments[0]?.content ?? Buffer.alloc(0))).toContain(
      'Opleidingscentrum Leiestreek',
    );
    expect(await mailsTo('info@leiestreek-opleidingen.test', row.number as string)).toHaveLength(1);

    const detail = await staff.get(`/beheer/registraties/${id}`);
    expect(flashTextsOf(detail.text).join(' ')).toContain('geldig tot en met 17/11/2031');
  });

  it('approves conditionally for two years', async () => {
    const id = await newRegistration({ status: 'A' });
    expect((await decide(id, 'voorwaardelijk-goedkeuren')).status).toBe(303);
    const row = await testApp.database.db('registrations').where({ id }).first();
    expect(row).toMatchObject({
      status: 'G',
      valid_from: '2026-11-18',
      valid_until: '2028-11-17',
      conditional: true,
    });
  });

  it('refuses without a reason: a message beside the field and in the summary, nothing changed', async () => {
    const id = await newRegistration({ status: 'A' });
    const response = await decide(id, 'weigeren', { reason: '  ' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/beheer/registraties/${id}/weigeren`);
    const page = await staff.get(`/beheer/registraties/${id}/weigeren`);
    expect(errorSummaryOf(page.text)).toEqual([{ field: 'reason', message: 'Geef een reden op.' }]);
    expect(fieldErrorOf(page.text, 'reason')).toBe('Geef een reden op.');
    // The page recalls what is decided on, and its button warns (approving does not).
    expect(headingOf(page.text)).toBe('Weigeren: advies: Opleidingscentrum Leiestreek');
    expect(page.text).toContain('<button class="button button--warning" type="submit">Weigeren</button>');
    const approvePage = await staff.get(`/beheer/registraties/${id}/goedkeuren`);
    expect(approvePage.text).toContain(
      '<button class="button button--primary" type="submit">Goedkeuren (5 jaar)</button>',
    );
    expect(await statusOf(id)).toBe('A');
    expect(await historyCount(id)).toBe(0);
  });

  it('refuses with a reason: N, the reason in the history and in the mail', async () => {
    const id = await newRegistration({ status: 'A', service: 'opleiding' });
    expect((await decide(id, 'weigeren', { reason: 'Geen auditrapport ontvangen.' })).status).toBe(303);
    expect(await statusOf(id)).toBe('N');
    const history = await testApp.database.db('registration_history').where({ registration_id: id });
    expect(history).toMatchObject([
      { from_status: 'A', to_status: 'N', reason: 'Geen auditrapport ontvangen.' },
    ]);
    const mails = await mailsTo('info@leiestreek-opleidingen.test', 'voor opleiding is geweigerd');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Uw registratie als dienstverlener voor opleiding is geweigerd');
    expect(mails[0]?.text).toContain('Nieuwe status: N – Geweigerd');
    expect(mails[0]?.text).toContain('Reden: Geen auditrapport ontvangen.');
  });

  it('suspends, lifts the suspension and excludes, each mailed', async () => {
    const id = await newRegistration({ status: 'G', number: 'DV.A900010' });
    expect((await decide(id, 'schorsen', { reason: 'Klachten in onderzoek.' })).status).toBe(303);
    expect(await statusOf(id)).toBe('S');
    expect((await decide(id, 'schorsing-opheffen')).status).toBe(303);
    expect(await statusOf(id)).toBe('G');
    expect((await decide(id, 'uitsluiten', { reason: 'Fraude vastgesteld.' })).status).toBe(303);
    expect(await statusOf(id)).toBe('U');
    const subjects = (await mailsTo('info@leiestreek-opleidingen.test', 'DV.A900010')).map(
      (mail) => mail.subject,
    );
    expect(subjects.sort()).toEqual([
      'Uw registratie DV.A900010 voor advies is geschorst',
      'Uw registratie DV.A900010 voor advies is niet langer geschorst',
      'Uw registratie DV.A900010 voor advies is uitgesloten',
    ]);
  });

  it('does not offer or accept a decision the status does not allow (approving a G)', async () => {
    const id = await newRegistration({ status: 'G', number: 'DV.A900011' });
    const page = await staff.get(`/beheer/registraties/${id}/goedkeuren`);
    expect(page.status).toBe(302);
    const told = await staff.get(`/beheer/registraties/${id}`);
    // The tag has the status's colour, as on the provider's own page.
    expect(told.text).toContain('<strong class="tag tag--green">G – Goedgekeurd</strong>');
    expect(flashTextsOf(told.text).join(' ')).toContain(
      'Deze registratie heeft de status "Goedgekeurd"; deze beslissing kan daarin niet.',
    );
    const token = await csrfTokenOf(staff, `/beheer/registraties/${id}`);
    const response = await staff
      .post(`/beheer/registraties/${id}/goedkeuren`)
      .type('form')
      .send({ _csrf: token, expectedFrom: 'G' });
    expect(response.status).toBe(303);
    const detail = await staff.get(`/beheer/registraties/${id}`);
    expect(flashTextsOf(detail.text).join(' ')).toContain(
      'U kunt deze registratie met de status "Goedgekeurd" niet goedkeuren.',
    );
    expect(await statusOf(id)).toBe('G');
    expect(await historyCount(id)).toBe(0);
  });

  it('approves conditionally only a first request: a re-registration posted as conditional is refused', async () => {
    const id = await newRegistration({ status: 'L/H', number: 'DV.A900012' });
    const detail = await staff.get(`/beheer/registraties/${id}`);
    expect(textOf(detail.text)).not.toContain('Voorwaardelijk goedkeuren');
    const response = await staff
      .post(`/beheer/registraties/${id}/voorwaardelijk-goedkeuren`)
      .type('form')
      .send({ _csrf: csrfTokenIn(detail.text), expectedFrom: 'L/H' });
    expect(response.status).toBe(303);
    const after = await staff.get(`/beheer/registraties/${id}`);
    expect(flashTextsOf(after.text).join(' ')).toContain(
      'Alleen een eerste aanvraag kan voorwaardelijk goedgekeurd worden.',
    );
    expect(await statusOf(id)).toBe('L/H');
    expect(await historyCount(id)).toBe(0);
    // The service refuses it too, whoever calls it.
    await expect(
      testApp.container.services.registrations.approve(id, {
        actor: { type: 'agency', id: null, label: 'Test' },
        conditional: true,
      }),
    ).rejects.toThrow('Alleen een eerste aanvraag kan voorwaardelijk goedgekeurd worden.');
    expect(await statusOf(id)).toBe('L/H');
  });

  it('refuses a stale page or a second click with a conflict, one history row', async () => {
    const id = await newRegistration({ status: 'A' });
    const page = await staff.get(`/beheer/registraties/${id}/goedkeuren`);
    const form = { _csrf: csrfTokenIn(page.text), expectedFrom: 'A' };
    expect((await staff.post(`/beheer/registraties/${id}/goedkeuren`).type('form').send(form)).status).toBe(
      303,
    );
    await staff.get(`/beheer/registraties/${id}`);
    const second = await staff.post(`/beheer/registraties/${id}/goedkeuren`).type('form').send(form);
    expect(second.status).toBe(303);
    const detail = await staff.get(`/beheer/registraties/${id}`);
    expect(flashTextsOf(detail.text).join(' ')).toContain(
      'Deze registratie heeft intussen de status "Goedgekeurd". "Goedkeuren" kan daardoor niet meer.',
    );
    expect(await historyCount(id)).toBe(1);

    const refused = await staff
      .post(`/beheer/registraties/${id}/weigeren`)
      .type('form')
      .send({ ...form, reason: 'Te laat.' });
    expect(refused.status).toBe(303);
    expect(await statusOf(id)).toBe('G');
    expect(await historyCount(id)).toBe(1);
  });

  it('refuses a form without the status it was shown in, on the detail page, changing nothing', async () => {
    const id = await newRegistration({ status: 'A' });
    const page = await staff.get(`/beheer/registraties/${id}/goedkeuren`);
    for (const expectedFrom of [undefined, 'Z']) {
      const response = await staff
        .post(`/beheer/registraties/${id}/goedkeuren`)
        .type('form')
        .send({ _csrf: csrfTokenIn(page.text), ...(expectedFrom ? { expectedFrom } : {}) });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(`/beheer/registraties/${id}`);
      const detail = await staff.get(`/beheer/registraties/${id}`);
      expect(flashTextsOf(detail.text)).toEqual([
        'Let op: Dit formulier is niet volledig. Open de beslissing opnieuw.',
      ]);
      expect(errorSummaryOf(detail.text)).toEqual([]);
    }
    expect(await statusOf(id)).toBe('A');
    expect(await historyCount(id)).toBe(0);
  });

  it('refuses a reason longer than 2000 characters, keeping it; 2000 are accepted', async () => {
    const id = await newRegistration({ status: 'A' });
    const tooLong = 'x'.repeat(2001);
    const response = await decide(id, 'weigeren', { reason: tooLong });
    expect(response.headers.location).toBe(`/beheer/registraties/${id}/weigeren`);
    const page = await staff.get(`/beheer/registraties/${id}/weigeren`);
    const message = 'Houd de reden korter dan 2000 tekens.';
    expect(errorSummaryOf(page.text)).toEqual([{ field: 'reason', message }]);
    expect(fieldErrorOf(page.text, 'reason')).toBe(message);
    expect(page.text).toContain(tooLong);
    expect(await statusOf(id)).toBe('A');

    expect((await decide(id, 'weigeren', { reason: 'x'.repeat(2000) })).headers.location).toBe(
      `/beheer/registraties/${id}`,
    );
    expect(await statusOf(id)).toBe('N');
  });

  it('answers 404 for a decision that does not exist and for a registration that does not exist', async () => {
    const id = await newRegistration({ status: 'A' });
    const token = csrfTokenIn((await staff.get(`/beheer/registraties/${id}`)).text);
    expect((await staff.get(`/beheer/registraties/${id}/verwijderen`)).status).toBe(404);
    const unknownDecision = await staff
      .post(`/beheer/registraties/${id}/verwijderen`)
      .type('form')
      .send({ _csrf: token, expectedFrom: 'A' });
    expect(unknownDecision.status).toBe(404);
    expect((await staff.get('/beheer/registraties/999999/goedkeuren')).status).toBe(404);
    const unknownRegistration = await staff
      .post('/beheer/registraties/999999/goedkeuren')
      .type('form')
      .send({ _csrf: token, expectedFrom: 'A' });
    expect(unknownRegistration.status).toBe(404);
    expect(textOf(unknownRegistration.text)).toContain('Deze registratie bestaat niet.');
    expect(await statusOf(id)).toBe('A');
  });

  it('refuses a POST without a CSRF token', async () => {
    const id = await newRegistration({ status: 'A' });
    const response = await staff
      .post(`/beheer/registraties/${id}/goedkeuren`)
      .type('form')
      .send({ expectedFrom: 'A' });
    expect(response.status).toBe(403);
    expect(await statusOf(id)).toBe('A');
  });
});

describe('who may decide', () => {
  it.each(['head office', 'department user', 'entrepreneur'] as const)(
    'answers 403 to the %s on GET and POST',
    async (role) => {
      const id = await newRegistration({ status: 'A' });
      const agent = await demoAgent(testApp, role);
      expect((await agent.get('/beheer/registraties')).status).toBe(403);
      expect((await agent.get(`/beheer/registraties/${id}`)).status).toBe(403);
      expect((await agent.get(`/beheer/registraties/${id}/goedkeuren`)).status).toBe(403);
      // A valid token of the agent's own session (the sign-out form on the home page carries it).
      const token = await csrfTokenOf(agent, '/');
      const response = await agent
        .post(`/beheer/registraties/${id}/goedkeuren`)
        .type('form')
        .send({ _csrf: token, expectedFrom: 'A' });
      expect(response.status).toBe(403);
      expect(textOf(response.text)).toContain('U hebt geen toegang tot deze pagina.');
      expect(await statusOf(id)).toBe('A');
    },
  );
});
