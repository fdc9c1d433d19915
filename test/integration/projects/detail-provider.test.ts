import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { decodeEntities, hrefOf, textOf } from '../../support/html.js';
import { csrfTokenIn, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

/** Issue 21, providers: the project page's way back, its actions and its report near the top. */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const LIST = '/dienstverlener/projecten';
const db = () => testApp.database.db;

async function headOffice(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, '0123456749', 'kmo-demo-2026')).status).toBe(303);
  return agent;
}

/** The href of every "Bekijk" link of the overview's table, entities decoded. */
function detailLinksOf(html: string): string[] {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>\s*Bekijk/g)].map((match) =>
    decodeEntities(match[1] ?? ''),
  );
}

async function demoProject(status: string, zeroBalance = false) {
  const query = db()('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .where({ 'pr.status': status, 'p.enterprise_number': '0123456749' })
    .orderBy('pr.id')
    .first({ id: 'pr.id', projectNumber: 'pr.project_number' });
  if (zeroBalance)
    query.whereRaw(
      'coalesce((select sum(l.amount_cents) from ledger_entries l where l.project_id = pr.id), 0) = 0',
    );
  const row = (await query) as { id: number; projectNumber: string } | undefined;
  if (!row) throw new Error(`no demo ${status} project`);
  return row;
}

describe('"Terug naar de projecten"', () => {
  it('leads to the view of the overview the project was opened from, with its filters, sort and page', async () => {
    const agent = await headOffice();
    const filtered = { onderneming: 'C', sorteer: 'bedrag', richting: 'asc', pagina: '2' };
    const first = await agent.get(LIST).query(filtered).expect(200);
    const [link] = detailLinksOf(first.text);
    expect(link).toBeDefined();
    // Another view shown since, in another tab: the way back still leads to the first.
    await agent.get(LIST).query({ status: 'Lopend' }).expect(200);
    const detail = await agent.get(String(link)).expect(200);
    expect(hrefOf(detail.text, 'Terug naar de projecten')).toBe(
      `${LIST}?onderneming=C&sorteer=bedrag&richting=asc&pagina=2`,
    );
  });

  it('takes from terug only a view of the projects overview, rebuilt from its own parameters', async () => {
    const agent = await headOffice();
    const project = await demoProject('Bevestigd');
    const path = `${LIST}/${project.projectNumber}`;
    // The overview last shown, as the fallback.
    await agent.get(LIST).query({ dienst: 'advies' }).expect(200);
    const backFor = async (terug: string) =>
      hrefOf((await agent.get(path).query({ terug }).expect(200)).text, 'Terug naar de projecten');
    for (const foreign of [
      'https://evil.example/dienstverlener/projecten',
      '//evil.example/dienstverlener/projecten',
      '/\\evil.example/dienstverlener/projecten',
      '/beheer/projecten?onderneming=C',
      '/dienstverlener/projecten/../../beheer',
      'javascript:alert(1)',
      `${LIST}?onderneming=${'x'.repeat(2100)}`,
    ]) {
      expect(await backFor(foreign), foreign).toBe(`${LIST}?dienst=advies`);
    }
    expect(await backFor(`${LIST}?onderneming=C&pagina=3&onbekend=%3Cscript%3E`)).toBe(
      `${LIST}?onderneming=C&pagina=3`,
    );
    expect(await backFor(LIST)).toBe(LIST);
  });
});

describe("the provider's project page", () => {
  it('shows what the provider can do right under the title, before the project data', async () => {
    const agent = await headOffice();
    const project = await demoProject('Bevestigd');
    const html = (await agent.get(`${LIST}/${project.projectNumber}`).expect(200)).text;
    const annul = html.indexOf(`href="${LIST}/${project.projectNumber}/annuleren"`);
    const verified = html.indexOf('name="geverifieerd"');
    const data = html.indexOf('<h2>Gegevens</h2>');
    expect(annul).toBeGreaterThan(html.indexOf('<h1>'));
    expect(verified).toBeGreaterThan(0);
    expect(data).toBeGreaterThan(0);
    expect(annul).toBeLessThan(data);
    expect(verified).toBeLessThan(data);
  });

  it('shows a report with its state near the top once it is made', async () => {
    const agent = await headOffice();
    const project = await demoProject('Afgewerkt', true);
    const path = `${LIST}/${project.projectNumber}`;
    const confirm = await agent.get(`${path}/melden`).expect(200);
    await agent
      .post(`${path}/melden`)
      .type('form')
      .send({
        _csrf: csrfTokenIn(confirm.text),
        expectedFrom: 'Afgewerkt',
        reasonChoice: 'niet-in-aanmerking',
      })
      .expect(303);
    const html = (await agent.get(path).expect(200)).text;
    const reports = html.indexOf('Uw meldingen');
    expect(reports).toBeGreaterThan(0);
    expect(reports).toBeLessThan(html.indexOf('<h2>Gegevens</h2>'));
    const section = html.slice(reports, html.indexOf('<h2>Gegevens</h2>'));
    expect(section).toMatch(/<strong class="tag tag--[a-z]+">Nieuw<\/strong>/);
    expect(textOf(section)).toContain('Stand van zaken Nieuw');
    expect(textOf(section)).toContain('De diensten komen niet in aanmerking voor de kmo-portefeuille.');
  });
});
