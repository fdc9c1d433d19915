import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { headingOf, textOf, titleOf } from '../../support/html.js';
import { newAgent } from '../../support/session.js';

/**
 * A registered provider's public page /dienstverleners/:id (issue 21): its
 * public data, presentation, valid registrations with service and validity,
 * themes and establishments; never its bank account or its people. A
 * provider without a registration valid today has no page (404).
 */

let testApp: TestApp;
let db: Knex;
let demoProviderId: number;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  demoProviderId = (await db('provider_organisations').where({ enterprise_number: '0123456749' }).first('id'))
    .id;
});
afterAll(async () => {
  await testApp.close();
});

const page = (id: number | string) => newAgent(testApp.app).get(`/dienstverleners/${id}`);
/** 2026-09-01 → 01/09/2026, written here rather than taken from the code under test. */
const dmy = (iso: string) => iso.split('-').reverse().join('/');

describe('the public page of a registered provider', () => {
  it('shows the data, presentation, registrations with validity, themes and establishments, without signing in', async () => {
    const response = await page(demoProviderId);
    expect(response.status).toBe(200);
    const html = response.text;
    const text = textOf(html);
    expect(headingOf(html)).toBe('Dienstverlener kmo-portefeuille');
    expect(titleOf(html)).toContain('Dienstverlener kmo-portefeuille');
    expect(text).toContain('Ondernemingsnummer 0123.456.749');
    expect(text).toContain('Zetel Kunstlaan 56 1000 Brussel');
    expect(text).toContain(
      'Wij begeleiden kmo’s in Vlaanderen met praktijkgerichte opleidingen en adviestrajecten',
    );

    // Every registration valid today, each with its service, number, level and validity.
    const valid = await db('registrations as r')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .where('r.provider_id', demoProviderId)
      .whereIn('r.status', ['G', 'G/V'])
      .orderBy('r.number')
      .select(
        'r.number',
        'r.service',
        'd.name as department',
        db.raw('r.valid_from::text as "from"'),
        db.raw('r.valid_until::text as "until"'),
      );
    expect(valid.map((row) => row.number)).toEqual(['DV.A218723', 'DV.O218721', 'DV.O218724']);
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => textOf(match[1] ?? '')).slice(1);
    expect(rows.sort()).toEqual(
      valid
        .map(
          (row) =>
            `${row.service === 'advies' ? 'Advies' : 'Opleiding'} ${row.number} ${row.department ?? 'Hele organisatie'} ${dmy(row.from)} ${dmy(row.until)}`,
        )
        .sort(),
    );
    // The advice request still in status A has no number and is not shown.
    expect(await db('registrations').where({ provider_id: demoProviderId, status: 'A' }).count()).toEqual([
      { count: 1 },
    ]);

    const headers = [...html.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((match) =>
      textOf(match[1] ?? ''),
    );
    expect(headers).toEqual(['Dienst', 'Registratienummer', 'Voor', 'Geldig vanaf', 'Geldig tot en met']);
    for (const theme of [
      'IT',
      'HR',
      'Energie en milieu',
      'Marketing en verkoop',
      'Administratie en financiën',
      'Strategie',
    ])
      expect(html).toContain(`<li>${theme}</li>`);
    expect(text).toContain('Koning Albert II-Laan 30 bus 12, 1030 Schaarbeek');
    expect(html).toContain('href="/dienstverleners/zoeken"');
  });

  it("never shows the bank account, the contact person, the departments' mailboxes or the department users", async () => {
    const html = (await page(demoProviderId)).text;
    const provider = await db('provider_organisations')
      .where({ id: demoProviderId })
      .first<{ iban: string; bic: string; contact_name: string }>('iban', 'bic', 'contact_name');
    const people = await db('department_users as du')
      .join('persons as pe', 'pe.id', 'du.person_id')
      .join('departments as d', 'd.id', 'du.department_id')
      .where('d.provider_id', demoProviderId)
      .select('pe.first_name', 'pe.last_name', 'pe.email');
    expect(people.length).toBeGreaterThan(0);
    const departments = await db('departments').where({ provider_id: demoProviderId }).pluck('contact_email');
    const forbidden = [
      provider.iban,
      provider.iban.replace(/(.{4})/g, '$1 ').trim(),
      provider.bic,
      provider.contact_name,
      ...people.flatMap((person) => [
        person.first_name + ' ' + person.last_name,
        person.last_name,
        person.email,
      ]),
      ...departments,
      'IBAN',
      'BIC',
    ];
    for (const value of forbidden) expect(html, value).not.toContain(value);
  });

  it('has no page for a provider without a registration valid today, an unknown id or a malformed one', async () => {
    const second = await db('provider_organisations').where({ enterprise_number: '0456789034' }).first('id');
    expect((await page(second.id)).status).toBe(200);
    await db('registrations').where({ provider_id: second.id }).update({ status: 'S' });
    try {
      const response = await page(second.id);
      expect(response.status).toBe(404);
      expect(textOf(response.text)).not.toContain('Opleidingscentrum Leiestreek');
    } finally {
      await db('registrations').where({ provider_id: second.id }).update({ status: 'G' });
    }
    for (const id of ['999999', '0', 'abc', '1.5', '99999999999'])
      expect((await page(id)).status, id).toBe(404);
    // The search keeps its own URL.
    expect((await newAgent(testApp.app).get('/dienstverleners/zoeken')).status).toBe(200);
  });
});
