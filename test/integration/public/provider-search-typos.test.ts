import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { decodeEntities, textOf } from '../../support/html.js';
import { newAgent } from '../../support/session.js';

/**
 * The public provider search forgives typos, accents and case (issue 21):
 * names and municipalities are folded in SQL and compared by trigrams; what
 * is found as typed comes alone, otherwise the similar names, closest first,
 * with "Bedoelde u …?". Real data in PostgreSQL: the demo's two providers and
 * a few inserted here.
 */

let testApp: TestApp;
let db: Knex;

/** A provider like the demo's second one (Kortrijk), with one valid training registration. */
async function insertProvider(legalName: string, serial: number, municipality = 'Kortrijk') {
  const template = await db('registrations').where({ number: 'DV.O207315' }).first();
  const provider = await db('provider_organisations').where({ id: template.provider_id }).first();
  const firstEight = String(7_200_000 + serial).padStart(8, '0');
  const enterpriseNumber = `${firstEight}${String(97 - (Number(firstEight) % 97)).padStart(2, '0')}`;
  const [organisation] = await db('provider_organisations')
    .insert({
      ...provider,
      id: undefined,
      enterprise_number: enterpriseNumber,
      legal_name: legalName,
      municipality,
    })
    .returning('id');
  await db('registrations').insert({
    ...template,
    id: undefined,
    provider_id: organisation.id,
    number: `DV.O8${String(serial).padStart(5, '0')}`,
  });
}

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  await insertProvider('Leiestreek Vorming', 1);
  await insertProvider('Lijstreek Academie', 2);
  await insertProvider('Crèmerie Été Opleidingen', 3, 'Gent');
});
afterAll(async () => {
  await testApp.close();
});

async function search(query: Record<string, string>) {
  const response = await newAgent(testApp.app).get('/dienstverleners/zoeken').query(query);
  expect(response.status).toBe(200);
  const html = response.text;
  return {
    html,
    /** The names of the results, in the order shown. */
    names: [...html.matchAll(/<h3 class="result-list__title">([\s\S]*?)<\/h3>/g)].map((match) =>
      textOf(match[1] ?? ''),
    ),
    /** "Bedoelde u X?": X and where it links, or undefined. */
    suggestion: (() => {
      const match =
        /<p class="search-suggestion">Bedoelde u <a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>\?<\/p>/.exec(html);
      return match ? { text: textOf(match[2] ?? ''), href: decodeEntities(match[1] ?? '') } : undefined;
    })(),
    found: /([0-9.]+) geregistreerde dienstverleners? gevonden/.exec(textOf(html))?.[0],
  };
}

describe('the provider search forgives typos', () => {
  it('finds "Leiestreek" from "Leistreek", best match first, and asks "Bedoelde u Leiestreek?"', async () => {
    const result = await search({ naam: 'Leistreek' });
    // Both names with the word "Leiestreek" (by name), then the less similar "Lijstreek".
    expect(result.names).toEqual([
      'Leiestreek Vorming',
      'Opleidingscentrum Leiestreek',
      'Lijstreek Academie',
    ]);
    expect(result.found).toBe('3 geregistreerde dienstverleners gevonden');
    expect(result.suggestion).toEqual({
      text: 'Leiestreek',
      href: '/dienstverleners/zoeken?naam=Leiestreek',
    });

    // The suggestion's search finds the name as written: only those, no question.
    const followed = await search({ naam: 'Leiestreek' });
    expect(followed.names).toEqual(['Leiestreek Vorming', 'Opleidingscentrum Leiestreek']);
    expect(followed.suggestion).toBeUndefined();
  });

  it('finds "Dienstverlener" from "Dienstverlner", every registration of the demo provider', async () => {
    const result = await search({ naam: 'Dienstverlner' });
    // The head office's registration first, then its departments' (by name).
    expect(result.names).toEqual([
      'Dienstverlener kmo-portefeuille',
      'Dienstverlener kmo-portefeuille – Departement Advies',
      'Dienstverlener kmo-portefeuille – Departement Opleidingen',
    ]);
    expect(result.suggestion?.text).toBe('Dienstverlener');
  });

  it('finds "Kortrijk" from "Kortryk" and keeps the other criteria in the suggestion', async () => {
    const result = await search({ gemeente: 'Kortryk', dienst: 'opleiding' });
    expect(result.names).toEqual([
      'Leiestreek Vorming',
      'Lijstreek Academie',
      'Opleidingscentrum Leiestreek',
    ]);
    expect(result.suggestion).toEqual({
      text: 'Kortrijk',
      href: '/dienstverleners/zoeken?dienst=opleiding&gemeente=Kortrijk',
    });
  });

  it('folds accents and case: "ete", "ÉTÉ" and "creme" find "Crèmerie Été Opleidingen" without a question', async () => {
    for (const typed of ['ete', 'ÉTÉ', 'creme', 'CRÈMERIE']) {
      const result = await search({ naam: typed });
      expect(result.names).toEqual(['Crèmerie Été Opleidingen']);
      expect(result.suggestion).toBeUndefined();
    }
  });

  it('suggests with the accents the name has: "Cremery" → "Crèmerie"', async () => {
    const result = await search({ naam: 'Cremery' });
    expect(result.names).toEqual(['Crèmerie Été Opleidingen']);
    expect(result.suggestion?.text).toBe('Crèmerie');
  });

  it('says nothing was found, without a question, when no name looks like the search', async () => {
    const result = await search({ naam: 'Xylofoonwerkplaats' });
    expect(result.names).toEqual([]);
    expect(result.found).toBe('0 geregistreerde dienstverleners gevonden');
    expect(result.suggestion).toBeUndefined();
  });

  it('suggests a word of a name registered after the migration', async () => {
    await insertProvider('Zonnebloem Studiebureau', 4);
    const result = await search({ naam: 'Zonnebloen' });
    expect(result.names).toEqual(['Zonnebloem Studiebureau']);
    expect(result.suggestion).toEqual({
      text: 'Zonnebloem',
      href: '/dienstverleners/zoeken?naam=Zonnebloem',
    });
  });

  it('suggests the new name of a renamed provider, and no longer its old one', async () => {
    await insertProvider('Polderland Advies', 5);
    expect((await search({ naam: 'Poldrland' })).suggestion?.text).toBe('Polderland');

    await db('provider_organisations')
      .where({ legal_name: 'Polderland Advies' })
      .update({ legal_name: 'Kempenland Advies' });
    const old = await search({ naam: 'Poldrland' });
    expect(old.names).toEqual([]);
    expect(old.suggestion).toBeUndefined();
    const renamed = await search({ naam: 'Kempnland' });
    expect(renamed.names).toEqual(['Kempenland Advies']);
    expect(renamed.suggestion?.text).toBe('Kempenland');
    // The word no name uses any more is gone from the known words; the new one is there once.
    expect(await db('search_words').where({ word: 'Polderland' })).toEqual([]);
    expect(await db('search_words').where({ word: 'Kempenland' }).select('kind', 'folded', 'uses')).toEqual([
      { kind: 'name', folded: 'kempenland', uses: 1 },
    ]);
  });

  it("links each result to the provider's public page", async () => {
    const provider = await db('provider_organisations')
      .where({ legal_name: 'Leiestreek Vorming' })
      .first('id');
    const { html } = await search({ naam: 'Leiestreek Vorming' });
    expect(html).toContain(`<a href="/dienstverleners/${provider.id}">Leiestreek Vorming</a>`);
  });
});
