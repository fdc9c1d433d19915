import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { errorSummaryOf, fieldErrorOf, textOf } from '../../support/html.js';
import { newAgent } from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

/** The registration numbers listed on a result page, in order. */
const numbersOn = (html: string) =>
  [...textOf(html).matchAll(/registratie (DV\.[OA][0-9]{6})/g)].map((match) => match[1]);

async function search(query: Record<string, string> = {}) {
  const response = await newAgent(testApp.app).get('/dienstverleners/zoeken').query(query);
  expect(response.status).toBe(200);
  return response.text;
}

describe('zoek een dienstverlener', () => {
  it('lists every registration a company can choose today, without signing in', async () => {
    const html = await search();
    expect(textOf(html)).toContain('4 geregistreerde dienstverleners gevonden');
    // The demo provider's advice request (status A, no number) is not registered yet.
    expect(numbersOn(html).sort()).toEqual(['DV.A218723', 'DV.O207315', 'DV.O218721', 'DV.O218724']);
  });

  it.each([
    [{ naam: 'opleidingen' }, ['DV.O218721']],
    [{ nummer: 'dv.o207315' }, ['DV.O207315']],
    [{ dienst: 'advies' }, ['DV.A218723']],
    [{ thema: 'logistiek' }, ['DV.O207315']],
    [{ gemeente: 'Schaarbeek' }, ['DV.A218723', 'DV.O218721', 'DV.O218724']],
    [{ gemeente: '1030', dienst: 'opleiding' }, ['DV.O218721', 'DV.O218724']],
    [{ naam: 'bestaat niet' }, []],
  ])('filters by %o', async (query, expected) => {
    const html = await search(query);
    expect(numbersOn(html).sort()).toEqual(expected);
  });

  it('keeps the search in the form and explains a malformed registration number', async () => {
    const html = await search({ nummer: '12345', naam: 'kmo' });
    const message = 'Een registratienummer ziet eruit als DV.O218724 (opleiding) of DV.A218723 (advies).';
    expect(fieldErrorOf(html, 'nummer')).toBe(message);
    expect(errorSummaryOf(html)).toEqual([{ field: 'nummer', message }]);
    expect(html).toContain('value="kmo"');
  });

  it('leaves out suspended and expired registrations', async () => {
    const original = await db()('registrations')
      .where({ number: 'DV.O218721' })
      .first('valid_from', 'valid_until');
    await db()('registrations').where({ number: 'DV.O207315' }).update({ status: 'S' });
    // Past its expiry date, before the nightly run marks it L.
    await db()('registrations')
      .where({ number: 'DV.O218721' })
      .update({ valid_from: '2015-01-01', valid_until: '2020-12-31' });
    try {
      expect(numbersOn(await search()).sort()).toEqual(['DV.A218723', 'DV.O218724']);
    } finally {
      await db()('registrations').where({ number: 'DV.O207315' }).update({ status: 'G' });
      await db()('registrations').where({ number: 'DV.O218721' }).update(original);
    }
  });

  it('shows 20 per page with links that keep the search', async () => {
    const template = await db()('registrations').where({ number: 'DV.O207315' }).first();
    const provider = await db()('provider_organisations').where({ id: template.provider_id }).first();
    for (let index = 0; index < 25; index++) {
      const firstEight = String(7_100_000 + index).padStart(8, '0');
      const enterpriseNumber = `${firstEight}${String(97 - (Number(firstEight) % 97)).padStart(2, '0')}`;
      const [organisation] = await db()('provider_organisations')
        .insert({
          ...provider,
          id: undefined,
          enterprise_number: enterpriseNumber,
          legal_name: `Zoektest ${String(index).padStart(2, '0')} bv`,
        })
        .returning('id');
      await db()('registrations').insert({
        ...template,
        id: undefined,
        provider_id: organisation.id,
        number: `DV.O9${String(index).padStart(5, '0')}`,
      });
    }
    const first = await search({ naam: 'zoektest' });
    expect(textOf(first)).toContain('25 geregistreerde dienstverleners gevonden');
    expect(numbersOn(first)).toHaveLength(20);
    expect(numbersOn(first)[0]).toBe('DV.O900000');
    expect(first).toContain('href="/dienstverleners/zoeken?naam=zoektest&amp;pagina=2"');
    const second = await search({ naam: 'zoektest', pagina: '2' });
    expect(numbersOn(second)).toEqual(['DV.O900020', 'DV.O900021', 'DV.O900022', 'DV.O900023', 'DV.O900024']);
  });
});
