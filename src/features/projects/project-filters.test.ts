import { describe, expect, it } from 'vitest';
import {
  defaultPeriod,
  parseProjectListQuery,
  projectListSearch,
  projectSortKeys,
} from './project-filters.js';

describe('parseProjectListQuery', () => {
  it('gives the default view for an empty query string', () => {
    expect(parseProjectListQuery({})).toEqual({
      criteria: { filters: {}, allYears: false, sort: 'aanvraagdatum', direction: 'desc' },
      page: 1,
      values: {
        nummer: '',
        onderneming: '',
        van: '',
        tot: '',
        bedragVan: '',
        bedragTot: '',
        dienst: '',
        status: '',
        geverifieerd: '',
      },
      errors: {},
    });
  });

  it('reads every filter into its typed value', () => {
    const { criteria, errors } = parseProjectListQuery({
      nummer: ' kmo04 ',
      onderneming: ' Bakkerij ',
      van: '05/03/2025',
      tot: '31/12/2026',
      bedragVan: '1.198,35',
      bedragTot: '€ 5.000',
      dienst: 'advies',
      status: 'StopzettingAangevraagd',
      geverifieerd: 'ja',
    });
    expect(errors).toEqual({});
    expect(criteria.filters).toEqual({
      projectNumber: 'kmo04',
      companyName: 'Bakkerij',
      applicationFrom: '2025-03-05',
      applicationTo: '2026-12-31',
      amountFromCents: 119_835,
      amountToCents: 500_000,
      service: 'advies',
      status: 'StopzettingAangevraagd',
      verified: true,
    });
    expect(parseProjectListQuery({ geverifieerd: 'nee' }).criteria.filters).toEqual({ verified: false });
  });

  it.each([
    ['05/03/2026', '2026-03-05'],
    ['5/3/2026', '2026-03-05'],
    ['05-03-2026', '2026-03-05'],
    ['05.03.2026', '2026-03-05'],
    ['5 3 2026', '2026-03-05'],
    ['05032026', '2026-03-05'],
    ['2026-03-05', '2026-03-05'],
  ])('accepts the date %s', (typed, iso) => {
    expect(parseProjectListQuery({ van: typed }).criteria.filters.applicationFrom).toBe(iso);
  });

  it.each([
    ['1.198,35', 119_835],
    ['1198,35', 119_835],
    ['1198.35', 119_835],
    ['1 198,35', 119_835],
    ['€ 1.198,35', 119_835],
    ['12,5', 1_250],
    ['1.198', 119_800],
  ])('accepts the amount %s', (typed, cents) => {
    expect(parseProjectListQuery({ bedragVan: typed }).criteria.filters.amountFromCents).toBe(cents);
  });

  it('refuses invalid input with a Dutch message per field and applies the rest', () => {
    const parsed = parseProjectListQuery({
      nummer: '2026KMO0448551',
      onderneming: 'x'.repeat(201),
      van: '31/02/2026',
      tot: 'gisteren',
      bedragVan: '12,345',
      bedragTot: '-5',
      dienst: 'coaching',
      status: 'bevestigd',
      geverifieerd: 'misschien',
    });
    expect(parsed.criteria.filters).toEqual({});
    expect(parsed.errors).toEqual({
      nummer: 'Een projectnummer telt 13 tekens, bijvoorbeeld 2026KMO044855: vul er hoogstens 13 in.',
      onderneming: 'Vul hoogstens 200 tekens in.',
      van: 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.',
      tot: 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.',
      bedragVan: 'Vul een bedrag in euro in, bijvoorbeeld 1.198,35.',
      bedragTot: 'Vul een bedrag in euro in, bijvoorbeeld 1.198,35.',
      dienst: 'Kies een dienst uit de lijst: opleiding of advies.',
      status: 'Kies een status uit de lijst.',
      geverifieerd: 'Kies "Ja" of "Nee".',
    });
    // What was typed stays, to be shown back in the form.
    expect(parsed.values.van).toBe('31/02/2026');

    const mixed = parseProjectListQuery({ onderneming: 'Korst', van: 'morgen', status: 'Lopend' });
    expect(mixed.criteria.filters).toEqual({ companyName: 'Korst', status: 'Lopend' });
    expect(Object.keys(mixed.errors)).toEqual(['van']);
  });

  it('refuses the end of a range that lies before its start, and keeps the start', () => {
    const dates = parseProjectListQuery({ van: '01/06/2026', tot: '31/05/2026' });
    expect(dates.criteria.filters).toEqual({ applicationFrom: '2026-06-01' });
    expect(dates.errors).toEqual({ tot: 'De datum "tot en met" mag niet vóór de datum "van" liggen.' });
    expect(parseProjectListQuery({ van: '01/06/2026', tot: '01/06/2026' }).errors).toEqual({});

    const amounts = parseProjectListQuery({ bedragVan: '500', bedragTot: '499,99' });
    expect(amounts.criteria.filters).toEqual({ amountFromCents: 50_000 });
    expect(amounts.errors).toEqual({
      bedragTot: 'Het bedrag "tot en met" mag niet kleiner zijn dan het bedrag "van".',
    });
  });

  it('treats empty and blank fields as absent', () => {
    const parsed = parseProjectListQuery({ nummer: '', onderneming: '   ', van: '', status: '' });
    expect(parsed.criteria.filters).toEqual({});
    expect(parsed.errors).toEqual({});
  });

  it('takes the first value of a repeated key', () => {
    expect(parseProjectListQuery({ status: ['Lopend', 'Afgewerkt'] }).criteria.filters).toEqual({
      status: 'Lopend',
    });
  });

  it('reads the period, the sort and the page, falling back to the defaults', () => {
    expect(parseProjectListQuery({ jaren: 'alle' }).criteria.allYears).toBe(true);
    expect(parseProjectListQuery({ jaren: 'twee' }).criteria.allYears).toBe(false);
    for (const sort of projectSortKeys) {
      expect(parseProjectListQuery({ sorteer: sort, richting: 'desc' }).criteria).toMatchObject({
        sort,
        direction: 'desc',
      });
    }
    expect(parseProjectListQuery({ sorteer: 'bedrag' }).criteria.direction).toBe('asc');
    expect(parseProjectListQuery({ sorteer: 'aanvraagdatum' }).criteria.direction).toBe('desc');
    expect(parseProjectListQuery({ sorteer: 'id; drop table projects' }).criteria).toMatchObject({
      sort: 'aanvraagdatum',
      direction: 'desc',
    });
    expect(parseProjectListQuery({ sorteer: 'bedrag', richting: 'omhoog' }).criteria.direction).toBe('asc');
    expect(parseProjectListQuery({ pagina: '3' }).page).toBe(3);
    for (const page of ['0', '-2', 'twee', '1.5', '', '99999999999']) {
      expect(parseProjectListQuery({ pagina: page }).page).toBe(1);
    }
  });
});

describe('projectListSearch', () => {
  const values = parseProjectListQuery({}).values;

  it('leaves the defaults out', () => {
    expect(projectListSearch({ values, allYears: false, sort: 'aanvraagdatum', direction: 'desc' })).toBe('');
    expect(
      projectListSearch({ values, allYears: false, sort: 'aanvraagdatum', direction: 'desc', page: 1 }),
    ).toBe('');
  });

  it('writes what parseProjectListQuery reads back', () => {
    const query = {
      nummer: 'KMO0',
      onderneming: 'Bakkerij "De Korst"; Gent & co',
      van: '01/01/2025',
      bedragTot: '1.198,35',
      status: 'Lopend',
      jaren: 'alle',
      sorteer: 'bedrag',
      richting: 'desc',
      pagina: '2',
    };
    const parsed = parseProjectListQuery(query);
    const search = projectListSearch({
      values: parsed.values,
      ...parsed.criteria,
      page: parsed.page,
    });
    expect(Object.fromEntries(new URLSearchParams(search.slice(1)))).toEqual(query);
  });
});

describe('defaultPeriod', () => {
  it('is the calendar year of today and the one before', () => {
    expect(defaultPeriod('2026-11-23')).toEqual({
      firstYear: 2025,
      lastYear: 2026,
      from: '2025-01-01',
      to: '2026-12-31',
    });
    expect(defaultPeriod('2027-01-01')).toMatchObject({ from: '2026-01-01', to: '2027-12-31' });
    expect(defaultPeriod('2026-12-31')).toMatchObject({ from: '2025-01-01', to: '2026-12-31' });
  });
});
