import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { errorSummaryOf, textOf } from '../../support/html.js';
import { pdfText } from '../../support/pdf.js';
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

/** The second demo provider: training approved at head office, no advice yet. */
async function secondProvider(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const response = await signInAsProvider(agent, '0456789034', 'kmo-demo-2026');
  expect(response.headers.location).toBe('/dienstverlener');
  return agent;
}

/** The demo head office: its department "Departement Opleidingen" has no advice registration. */
async function demoHeadOffice(): Promise<{
  agent: Agent;
  trainingDepartmentLevel: string;
  adviceDepartmentLevel: string;
}> {
  const agent = newAgent(testApp.app);
  await signInAsProvider(agent, '0123456749', 'kmo-demo-2026');
  const departments = await testApp.database
    .db('departments')
    .whereIn('name', ['Departement Opleidingen', 'Departement Advies']);
  const levelOf = (name: string) => `dep-${departments.find((department) => department.name === name)?.id}`;
  return {
    agent,
    trainingDepartmentLevel: levelOf('Departement Opleidingen'),
    adviceDepartmentLevel: levelOf('Departement Advies'),
  };
}

async function startDraft(agent: Agent): Promise<string> {
  const start = await agent.get('/dienstverlener/registraties/nieuw?nieuw=1').expect(302);
  const match = /\/dienstverlener\/registraties\/nieuw\/([0-9a-f-]{36})\/niveau$/.exec(
    start.headers.location as string,
  );
  if (!match?.[1]) throw new Error(`unexpected start redirect ${start.headers.location}`);
  return match[1];
}

async function answer(agent: Agent, draftId: string, slug: string, fields: Record<string, string>) {
  const page = await agent.get(`/dienstverlener/registraties/nieuw/${draftId}/${slug}`).expect(200);
  return agent
    .post(`/dienstverlener/registraties/nieuw/${draftId}/${slug}`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
}

async function registrationsOf(enterpriseNumber: string) {
  return testApp.database
    .db('registrations as r')
    .join('provider_organisations as p', 'p.id', 'r.provider_id')
    .where('p.enterprise_number', enterpriseNumber)
    .select('r.id', 'r.service', 'r.status', 'r.basis', 'r.audit_bureau', 'r.department_id');
}

describe('the registration request wizard', () => {
  it('walks level, service, basis and declaration to the overview and creates one request in status A', async () => {
    const agent = await secondProvider();
    const draftId = await startDraft(agent);
    const base = `/dienstverlener/registraties/nieuw/${draftId}`;

    expect((await answer(agent, draftId, 'niveau', { level: 'MZ' })).headers.location).toBe(`${base}/dienst`);
    expect((await answer(agent, draftId, 'dienst', { service: 'advies' })).headers.location).toBe(
      `${base}/basis`,
    );
    expect(
      (await answer(agent, draftId, 'basis', { basis: 'privaat', auditBureau: 'SGS Belgium' })).headers
        .location,
    ).toBe(`${base}/verklaring-op-eer`);
    expect((await answer(agent, draftId, 'verklaring-op-eer', { declaration: 'ja' })).headers.location).toBe(
      `${base}/overzicht`,
    );

    const summary = await agent.get(`${base}/overzicht`).expect(200);
    const text = textOf(summary.text);
    expect(text).toContain('Volledige organisatie (maatschappelijke zetel): Opleidingscentrum Leiestreek');
    expect(text).toContain('Dienst Advies');
    expect(text).toContain('Basis Private dienstverlener');
    expect(text).toContain('Auditbureau SGS Belgium');
    expect(summary.text).toContain(`href="${base}/dienst?wijzig=1"`);

    const before = await registrationsOf('0456789034');
    const token = csrfTokenIn(summary.text);
    const submitted = await agent.post(`${base}/overzicht`).type('form').send({ _csrf: token }).expect(303);
    expect(submitted.headers.location).toMatch(/^\/dienstverlener\/registraties\/\d+$/);
    // A second click, or back and submit again: the same registration, nothing new.
    const again = await agent.post(`${base}/overzicht`).type('form').send({ _csrf: token }).expect(303);
    expect(again.headers.location).toBe(submitted.headers.location);

    const after = await registrationsOf('0456789034');
    expect(after).toHaveLength(before.length + 1);
    const created = after.find((row) => !before.some((old) => old.id === row.id));
    expect(created).toMatchObject({
      service: 'advies',
      status: 'A',
      basis: 'privaat',
      audit_bureau: 'SGS Belgium',
      department_id: null,
    });
    const history = await testApp.database.db('registration_history').where({ registration_id: created?.id });
    expect(history).toMatchObject([
      { from_status: null, to_status: 'A', action: 'request', actor_label: 'Opleidingscentrum Leiestreek' },
    ]);
    const audit = await testApp.database
      .db('audit_log')
      .where({ entity_type: 'registration', entity_id: String(created?.id) });
    expect(audit.map((row) => row.action)).toEqual(['registration.request']);

    const detail = await agent.get(submitted.headers.location as string).expect(200);
    expect(textOf(detail.text)).toContain('A – Aangevraagd');
    expect(textOf(detail.text)).toContain('Uw aanvraag is ingediend');
    // The wizard's pages now lead to the result, not to a new request.
    expect((await agent.get(`${base}/niveau`).expect(302)).headers.location).toBe(submitted.headers.location);
  });

  it('keeps answers when going back, and the back link is a real link to the previous step', async () => {
    const agent = await secondProvider();
    const draftId = await startDraft(agent);
    await answer(agent, draftId, 'niveau', { level: 'MZ' });
    const service = await agent.get(`/dienstverlener/registraties/nieuw/${draftId}/dienst`).expect(200);
    expect(service.text).toContain(`href="/dienstverlener/registraties/nieuw/${draftId}/niveau"`);
    const level = await agent.get(`/dienstverlener/registraties/nieuw/${draftId}/niveau`).expect(200);
    expect(level.text).toMatch(/value="MZ"[^>]*checked/);
  });

  it('reaches no step before its predecessors are answered', async () => {
    const agent = await secondProvider();
    const draftId = await startDraft(agent);
    for (const slug of ['dienst', 'basis', 'verklaring-op-eer', 'overzicht']) {
      const response = await agent.get(`/dienstverlener/registraties/nieuw/${draftId}/${slug}`).expect(302);
      expect(response.headers.location).toBe(`/dienstverlener/registraties/nieuw/${draftId}/niveau`);
    }
  });

  it('offers sector funds and public providers for training only', async () => {
    const { agent, trainingDepartmentLevel } = await demoHeadOffice();
    const draftId = await startDraft(agent);
    await answer(agent, draftId, 'niveau', { level: trainingDepartmentLevel });
    await answer(agent, draftId, 'dienst', { service: 'advies' });
    const basis = await agent.get(`/dienstverlener/registraties/nieuw/${draftId}/basis`).expect(200);
    expect(basis.text).toContain('value="privaat"');
    expect(basis.text).toContain('value="kennisinstelling"');
    expect(basis.text).not.toContain('value="sectorfonds"');
    expect(basis.text).not.toContain('value="publiek"');
    const refused = await answer(agent, draftId, 'basis', {
      basis: 'sectorfonds',
      auditBureau: 'SGS Belgium',
    });
    expect(refused.headers.location).toBe(`/dienstverlener/registraties/nieuw/${draftId}/basis`);
    const page = await agent.get(refused.headers.location as string).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([
      { field: 'basis', message: 'Kies de basis van uw registratie.' },
    ]);
  });

  it('asks an audit bureau unless the provider is public', async () => {
    const { agent, adviceDepartmentLevel } = await demoHeadOffice();
    const draftId = await startDraft(agent);
    await answer(agent, draftId, 'niveau', { level: adviceDepartmentLevel });
    await answer(agent, draftId, 'dienst', { service: 'opleiding' });
    const missing = await answer(agent, draftId, 'basis', { basis: 'privaat', auditBureau: '' });
    const page = await agent.get(missing.headers.location as string).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([
      {
        field: 'auditBureau',
        message: 'Kies het auditbureau dat uw organisatie auditeert volgens de kmo-portefeuillenorm.',
      },
    ]);
    expect(page.text).toMatch(/value="privaat"[^>]*checked/);
    const publicProvider = await answer(agent, draftId, 'basis', { basis: 'publiek', auditBureau: '' });
    expect(publicProvider.headers.location).toBe(
      `/dienstverlener/registraties/nieuw/${draftId}/verklaring-op-eer`,
    );
  });

  it('refuses a second open request for the same service and level, and one for a service already approved', async () => {
    const agent = newAgent(testApp.app);
    await signInAsProvider(agent, '0123456749', 'kmo-demo-2026');
    const draftId = await startDraft(agent);
    await answer(agent, draftId, 'niveau', { level: 'MZ' });
    const advice = await answer(agent, draftId, 'dienst', { service: 'advies' });
    let page = await agent.get(advice.headers.location as string).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([
      {
        field: 'service',
        message:
          'Er loopt al een aanvraag voor advies op dit niveau (status "Aangevraagd"). Wacht de beslissing af.',
      },
    ]);
    const training = await answer(agent, draftId, 'dienst', { service: 'opleiding' });
    page = await agent.get(training.headers.location as string).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([
      {
        field: 'service',
        message:
          'U bent op dit niveau al geregistreerd voor opleiding. Vraag vóór de vervaldag een verlenging aan op de pagina van die registratie.',
      },
    ]);
  });

  it('offers the declaration on honour as a PDF with the provider, the service and a signature block', async () => {
    const { agent, trainingDepartmentLevel } = await demoHeadOffice();
    const draftId = await startDraft(agent);
    await answer(agent, draftId, 'niveau', { level: trainingDepartmentLevel });
    await answer(agent, draftId, 'dienst', { service: 'advies' });
    await answer(agent, draftId, 'basis', { basis: 'kennisinstelling', auditBureau: 'Kiwa Belgium' });
    const response = await agent
      .get(`/dienstverlener/registraties/nieuw/${draftId}/verklaring-op-eer.pdf`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.body as Buffer);
    expect(text).toContain('Verklaring op eer');
    expect(text).toContain('Dienstverlener: Dienstverlener kmo-portefeuille');
    expect(text).toContain('Ondernemingsnummer: 0123.456.749');
    expect(text).toContain('Niveau: Departement: Departement Opleidingen');
    expect(text).toContain('Dienst: Advies');
    expect(text).toContain('Basis: Kennisinstelling');
    expect(text).toContain('Auditbureau: Kiwa Belgium');
    expect(text).toContain('Handtekening:');
  });

  it('shows a department user only its own departments as level', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'department-user');
    const draftId = await startDraft(agent);
    const level = await agent.get(`/dienstverlener/registraties/nieuw/${draftId}/niveau`).expect(200);
    expect(textOf(level.text)).toContain('Departement Opleidingen');
    expect(textOf(level.text)).not.toContain('Departement Advies');
    expect(level.text).not.toContain('value="MZ"');
    const refused = await answer(agent, draftId, 'niveau', { level: 'MZ' });
    expect(refused.headers.location).toBe(`/dienstverlener/registraties/nieuw/${draftId}/niveau`);
  });

  it("answers 404 for another provider's draft", async () => {
    const owner = await secondProvider();
    const draftId = await startDraft(owner);
    const other = newAgent(testApp.app);
    await signInAsProvider(other, '0123456749', 'kmo-demo-2026');
    await other.get(`/dienstverlener/registraties/nieuw/${draftId}/niveau`).expect(404);
    await other.get(`/dienstverlener/registraties/nieuw/${draftId}/verklaring-op-eer.pdf`).expect(404);
  });

  it('refuses a step posted without a CSRF token', async () => {
    const agent = await secondProvider();
    const draftId = await startDraft(agent);
    await agent
      .post(`/dienstverlener/registraties/nieuw/${draftId}/niveau`)
      .type('form')
      .send({ level: 'MZ' })
      .expect(403);
  });
});
