import { describe, expect, it } from 'vitest';
import {
  adminSearchHref,
  parseAdminSearchQuery,
  parseRowId,
  presentAdminSearchPage,
} from './admin-search.js';

describe('parseAdminSearchQuery', () => {
  it('reads a name, an enterprise number or a registration number from the one field', () => {
    expect(parseAdminSearchQuery({}).terms).toBeUndefined();
    expect(parseAdminSearchQuery({ zoek: ' Leiestreek ' }).terms).toEqual({ text: 'Leiestreek' });
    expect(parseAdminSearchQuery({ zoek: 'BE0456.789.034' }).terms?.enterpriseNumber).toBe('0456789034');
    expect(parseAdminSearchQuery({ zoek: 'DVA218723' }).terms?.registrationNumber).toBe('DV.A218723');
    expect(parseAdminSearchQuery({ pagina: '4' }).page).toBe(4);
    expect(parseAdminSearchQuery({ pagina: '-1' }).page).toBe(1);
  });

  it('refuses a text longer than 200 characters, keeping it', () => {
    const query = parseAdminSearchQuery({ zoek: 'x'.repeat(201) });
    expect(query.errors).toEqual({ zoek: 'Vul hoogstens 200 tekens in.' });
    expect(query.terms).toBeUndefined();
    expect(query.values.zoek).toHaveLength(201);
  });
});

describe('parseRowId and adminSearchHref', () => {
  it('takes only ids Postgres can hold', () => {
    expect(parseRowId('12')).toBe(12);
    expect(parseRowId('0')).toBeUndefined();
    expect(parseRowId('12a')).toBeUndefined();
    expect(parseRowId('2147483648')).toBeUndefined();
  });

  it('builds page links', () => {
    expect(adminSearchHref('/beheer/ondernemingen', '', 1)).toBe('/beheer/ondernemingen');
    expect(adminSearchHref('/beheer/ondernemingen', 'a&b', 2)).toBe(
      '/beheer/ondernemingen?zoek=a%26b&pagina=2',
    );
  });
});

describe('presentAdminSearchPage', () => {
  const noun = { one: 'onderneming', many: 'ondernemingen' };
  const page = (total: number) => ({ rows: [], total, page: 1, pageCount: 1 });

  it('counts what was found, one or many, and links the pages with the search kept', () => {
    const searched = parseAdminSearchQuery({ zoek: 'bakkerij' });
    expect(presentAdminSearchPage('/beheer/ondernemingen', noun, searched, page(1)).foundText).toBe(
      '1 onderneming gevonden',
    );
    const found = presentAdminSearchPage('/beheer/ondernemingen', noun, searched, page(51));
    expect(found.foundText).toBe('51 ondernemingen gevonden');
    expect(found.clearHref).toBe('/beheer/ondernemingen');
    expect(found.emptyText).toBe('Er zijn geen ondernemingen die aan uw zoekopdracht voldoen.');
    expect(found.pagination.hrefFor(2)).toBe('/beheer/ondernemingen?zoek=bakkerij&pagina=2');
  });

  it('without a search: nothing to clear, and an empty list says there are none yet', () => {
    const all = presentAdminSearchPage('/beheer/ondernemingen', noun, parseAdminSearchQuery({}), page(0));
    expect(all.foundText).toBe('0 ondernemingen gevonden');
    expect(all.clearHref).toBeNull();
    expect(all.emptyText).toBe('Er zijn nog geen ondernemingen.');
  });
});
