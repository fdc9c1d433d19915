import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { flashTextsOf, textOf } from '../../support/html.js';
import { csrfTokenIn, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

/** Issue 21, providers: what new providers stumbled on around registrations. */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const SECOND_PROVIDER = '0456789034';

async function signIn(login: string): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, login, 'kmo-demo-2026')).status).toBe(303);
  return agent;
}

async function answer(agent: Agent, base: string, slug: string, fields: Record<string, string>) {
  const page = await agent.get(`${base}/${slug}`).expect(200);
  return agent
    .post(`${base}/${slug}`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields })
    .expect(303);
}

/** The cells of the overview's table, row by row, as text. */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => textOf(cell[1] ?? '')),
  );
}

describe('the registration request', () => {
  it('says in step 4 where the signed declaration goes, and mails the provider on submission, once', async () => {
    const agent = await signIn(SECOND_PROVIDER);
    const start = await agent.get('/dienstverlener/registraties/nieuw?nieuw=1').expect(302);
    const base = String(start.headers.location).replace(/\/niveau$/, '');
    await answer(agent, base, 'niveau', { level: 'MZ' });
    await answer(agent, base, 'dienst', { service: 'advies' });
    await answer(agent, base, 'basis', { basis: 'privaat', auditBureau: 'SGS Belgium' });

    const step4 = textOf((await agent.get(`${base}/verklaring-op-eer`).expect(200)).text);
    expect(step4).toContain('Waar laat u de ondertekende verklaring?');
    expect(step4).toContain(
      'daar laadt u onder "Registratiedossier" de ondertekende verklaring op eer op als PDF',
    );
    await answer(agent, base, 'verklaring-op-eer', { declaration: 'ja' });

    const provider = await testApp.database
      .db('provider_organisations')
      .where({ enterprise_number: SECOND_PROVIDER })
      .first('contact_email', 'legal_name');
    const subject = 'Uw aanvraag tot registratie voor advies is ingediend';
    const summary = await agent.get(`${base}/overzicht`).expect(200);
    const token = csrfTokenIn(summary.text);
    const submitted = await agent.post(`${base}/overzicht`).type('form').send({ _csrf: token }).expect(303);
    const registrationPath = String(submitted.headers.location);
    expect(registrationPath).toMatch(/^\/dienstverlener\/registraties\/\d+$/);
    // A second click: the same registration, no second mail.
    await agent.post(`${base}/overzicht`).type('form').send({ _csrf: token }).expect(303);
    expect(await testApp.database.db('mail_outbox').where({ subject })).toHaveLength(1);

    await testApp.container.mail.idle();
    await testApp.container.mail.flush();
    const mails = testApp.mailbox.list().filter((mail) => mail.subject === subject);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([provider.contact_email]);
    expect(mails[0]?.text).toContain(`Beste ${provider.legal_name as string},`);
    expect(mails[0]?.text).toContain('A – Aangevraagd');
    expect(mails[0]?.text).toContain(`${testApp.container.config.publicUrl}${registrationPath}`);
    expect(mails[0]?.text).toContain('laad de ondertekende verklaring op eer als PDF op bij uw registratie');
    expect(mails[0]?.text).toContain('Laad het auditrapport van uw auditbureau als PDF op');

    // The page the mail links to has the upload of the signed declaration.
    const detail = await agent.get(registrationPath).expect(200);
    expect(detail.text).toContain('name="verklaring"');
  });
});

describe('the registrations overview', () => {
  it('uses the Dutch sort keys in its URLs, as the projects overview does', async () => {
    const agent = await signIn('0123456749');
    const page = await agent.get('/dienstverlener/registraties').expect(200);
    const sortLinks = [...page.text.matchAll(/href="\/dienstverlener\/registraties\?([^"]*)"/g)].map(
      (match) => new URLSearchParams((match[1] ?? '').replace(/&amp;/g, '&')).get('sorteer'),
    );
    expect(new Set(sortLinks)).toEqual(
      new Set(['dienst', 'registratienummer', 'vervaldag', 'dienstverlener', 'type', 'status']),
    );

    const numbers = (html: string) =>
      tableRows(html)
        .map((row) => row[1])
        .filter((value) => value !== '–');
    const descending = await agent.get(
      '/dienstverlener/registraties?sorteer=registratienummer&richting=desc',
    );
    expect(numbers(descending.text)).toEqual(['DV.O218724', 'DV.O218721', 'DV.A218723']);
    const ascending = await agent.get('/dienstverlener/registraties?sorteer=registratienummer&richting=asc');
    expect(numbers(ascending.text)).toEqual(['DV.A218723', 'DV.O218721', 'DV.O218724']);
    // The current sort is marked on its Dutch column.
    expect(descending.text).toMatch(/aria-sort="descending"[^>]*>\s*<a[^>]*sorteer=registratienummer/);
  });
});

describe("a provider's action on a registration", () => {
  it('says "Gelukt:" once', async () => {
    const agent = await signIn(SECOND_PROVIDER);
    const row = await testApp.database.db('registrations').where({ number: 'DV.O207315' }).first('id');
    const confirm = await agent.get(`/dienstverlener/registraties/${row.id}/verlengen`).expect(200);
    const done = await agent
      .post(`/dienstverlener/registraties/${row.id}/verlengen`)
      .type('form')
      .send({ _csrf: csrfTokenIn(confirm.text), expectedFrom: 'G' })
      .expect(303);
    const page = await agent.get(String(done.headers.location)).expect(200);
    const flashes = flashTextsOf(page.text);
    expect(flashes).toHaveLength(1);
    expect(flashes[0]).toMatch(/^Gelukt: De registratie heeft nu de status "G\/V – /);
    expect(flashes[0]?.match(/Gelukt/g)).toHaveLength(1);
  });
});
