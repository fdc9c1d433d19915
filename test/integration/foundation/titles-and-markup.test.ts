import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { titleOf } from '../../support/html.js';
import { demoAgent, type Agent } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';
import { createTestCompany, postForm, startDraft, trainingProject } from '../applications/support.js';

/**
 * Issue 21: the <title> says which view of a list and which step of a wizard this is, and no
 * page leaks one of its own values into a component's attribute (`list="[object Object]"`).
 */

let testApp: TestApp;
let headOffice: Agent;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  headOffice = await demoAgent(testApp, 'head office');
});
afterAll(async () => {
  await testApp.close();
});

const LIST = '/dienstverlener/projecten';
const PER_PAGE = 50;

/** Every attribute value of the page that is an object printed as text. */
const objectAttributes = (html: string) =>
  [...html.matchAll(/\s([a-z-]+)="[^"]*\[object [A-Za-z]+\][^"]*"/g)].map((match) => match[0].trim());

describe("the providers' projects overview names its filters and page in its title", () => {
  it('without filters: "Projecten – pagina 1 van n", all years', async () => {
    const provider = await testApp.database
      .db('provider_organisations')
      .where({ enterprise_number: '0123456749' })
      .first<{ id: number }>('id');
    const { count } = await testApp.database
      .db('projects')
      .where('provider_id', provider.id)
      .count<{ count: string }>('id as count')
      .first()
      .then((row) => row ?? { count: '0' });
    const pages = Math.ceil(Number(count) / PER_PAGE);
    expect(pages).toBeGreaterThan(1);
    const first = await headOffice.get(`${LIST}?jaren=alle`).expect(200);
    expect(titleOf(first.text)).toBe(`Projecten – pagina 1 van ${pages} – kmo-portefeuille`);
    const second = await headOffice.get(`${LIST}?jaren=alle&pagina=2`).expect(200);
    expect(titleOf(second.text)).toBe(`Projecten – pagina 2 van ${pages} – kmo-portefeuille`);
  });

  it('with filters: each filter in words; one page needs no page number', async () => {
    const response = await headOffice
      .get(`${LIST}?jaren=alle&status=Lopend&onderneming=onderneming_c`)
      .expect(200);
    expect(titleOf(response.text)).toBe(
      'Projecten – Onderneming bevat “onderneming_c”, Status: Lopend – kmo-portefeuille',
    );
  });

  it('bad input keeps "Fout:" in front', async () => {
    const response = await headOffice.get(`${LIST}?bedragVan=veel`).expect(200);
    expect(titleOf(response.text)).toMatch(/^Fout: Projecten/);
  });
});

describe('no page value leaks into a component', () => {
  it('the overview, its filtered view and a project, the wallet and the public pages have no "[object …]" attribute', async () => {
    const list = await headOffice.get(`${LIST}?jaren=alle`).expect(200);
    // The filter inputs are there, and none carries a list attribute it was not given.
    expect(list.text).toContain('id="onderneming"');
    expect(list.text).not.toMatch(/<input[^>]* list="/);
    expect(objectAttributes(list.text)).toEqual([]);
    const number = /href="\/dienstverlener\/projecten\/([0-9]{4}KMO[0-9]{6})[?"]/.exec(list.text)?.[1];
    expect(number).toBeDefined();
    const pages = [
      [headOffice, `${LIST}?jaren=alle&onderneming=zzz&bedragVan=veel`],
      [headOffice, `/dienstverlener/projecten/${number ?? ''}`],
      [headOffice, '/dienstverlener'],
      [await demoAgent(testApp, 'entrepreneur'), '/onderneming'],
      [await demoAgent(testApp, 'signed out'), '/'],
      [await demoAgent(testApp, 'signed out'), '/dienstverleners/zoeken'],
      [await demoAgent(testApp, 'signed out'), '/bestaat-niet'],
    ] as const;
    for (const [agent, path] of pages) {
      const response = await agent.get(path);
      expect([200, 404], path).toContain(response.status);
      expect(objectAttributes(response.text), path).toEqual([]);
    }
  });
});

describe('every step of the application wizard says "Stap n van 6" in its title', () => {
  it('from the activity to the summary', async () => {
    const year = Number(TEST_TODAY.slice(0, 4));
    const company = await createTestCompany(testApp.database.db, testApp.app, testApp.container, { year });
    const draft = await startDraft(company.agent);
    // The <title> says the step; the page's heading stays the question (the step line says the step).
    const title = async (step: string) => {
      const html = (await company.agent.get(`${draft}/${step}`).expect(200)).text;
      const heading =
        /<h1[^>]*>([\s\S]*?)<\/h1>/
          .exec(html)?.[1]
          ?.replace(/<[^>]+>/g, '')
          .trim() ?? '';
      expect(heading).not.toBe('');
      expect(heading).not.toMatch(/^Stap/);
      return titleOf(html);
    };

    expect(await title('activiteit')).toBe(
      'Stap 1 van 6: Wat is de hoofdactiviteit van uw onderneming? – kmo-portefeuille',
    );
    await postForm(company.agent, `${draft}/activiteit`, { naceCode: '62010' });
    expect(await title('project')).toBe('Stap 2 van 6: Over het project – kmo-portefeuille');
    const posted = await postForm(
      company.agent,
      `${draft}/project`,
      trainingProject(TEST_TODAY, { participantCount: '1' }),
    );
    expect(posted.headers.location).toBe(`${draft}/deelnemers`);
    expect(await title('deelnemers')).toBe('Stap 2 van 6: Wie volgt de opleiding? – kmo-portefeuille');
    await postForm(company.agent, `${draft}/deelnemers`, { firstName: ['An'], lastName: ['Claes'] });
    expect(await title('dienstverlener')).toBe(
      'Stap 3 van 6: Welke dienstverlener kiest u? – kmo-portefeuille',
    );
    const chosen = await postForm(company.agent, `${draft}/dienstverlener`, {
      registrationNumber: 'DV.O218724',
    });
    expect(chosen.headers.location).toBe(`${draft}/overzicht`);
    expect(await title('overzicht')).toBe('Stap 4 van 6: Controleer uw aanvraag – kmo-portefeuille');
  });
});
