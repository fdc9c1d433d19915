import { describe, expect, it } from 'vitest';
import { adminProjectSearch, parseAdminProjectQuery, projectSearchTerms } from './project-admin-filters.js';

describe('projectSearchTerms', () => {
  it('always searches the text; an enterprise or registration number only when the text has its shape', () => {
    expect(projectSearchTerms('korst')).toEqual({ text: 'korst' });
    expect(projectSearchTerms('2026KMO10')).toEqual({ text: '2026KMO10' });
    expect(projectSearchTerms('0123.456.749')).toEqual({
      text: '0123.456.749',
      enterpriseNumber: '0123456749',
    });
    expect(projectSearchTerms('BE 0123 456 749').enterpriseNumber).toBe('0123456749');
    expect(projectSearchTerms('dv.o218724')).toEqual({
      text: 'dv.o218724',
      registrationNumber: 'DV.O218724',
    });
    expect(projectSearchTerms('0123.456')).toEqual({ text: '0123.456' });
  });
});

describe('parseAdminProjectQuery', () => {
  it('searches every year, newest application first, with the shared filters', () => {
    const query = parseAdminProjectQuery({
      zoek: '  leiestreek ',
      status: 'Lopend',
      dienst: 'advies',
      van: '01/03/2026',
      tot: '31032026',
      pagina: '3',
    });
    expect(query.criteria).toEqual({
      filters: {
        search: { text: 'leiestreek' },
        status: 'Lopend',
        service: 'advies',
        applicationFrom: '2026-03-01',
        applicationTo: '2026-03-31',
      },
      allYears: true,
      sort: 'aanvraagdatum',
      direction: 'desc',
    });
    expect(query.page).toBe(3);
    expect(query.errors).toEqual({});
    expect(query.values).toEqual({
      zoek: 'leiestreek',
      status: 'Lopend',
      dienst: 'advies',
      van: '01/03/2026',
      tot: '31032026',
    });
  });

  it('refuses a bad date, status or a search too long in Dutch, and leaves only those out', () => {
    const query = parseAdminProjectQuery({
      zoek: 'x'.repeat(201),
      status: 'Weg',
      van: '31/02/2026',
      dienst: 'opleiding',
    });
    expect(query.errors).toEqual({
      zoek: 'Vul hoogstens 200 tekens in.',
      status: 'Kies een status uit de lijst.',
      van: 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.',
    });
    expect(query.criteria.filters).toEqual({ service: 'opleiding' });
    expect(query.values.van).toBe('31/02/2026');
  });

  it('ignores the provider overview’s other filters', () => {
    const query = parseAdminProjectQuery({ nummer: '2026', geverifieerd: 'ja', sorteer: 'bedrag' });
    expect(query.criteria.filters).toEqual({});
    expect(query.criteria.sort).toBe('aanvraagdatum');
  });
});

describe('adminProjectSearch', () => {
  it('keeps what was typed and the page, and leaves the defaults out', () => {
    const empty = { zoek: '', status: '', dienst: '', van: '', tot: '' };
    expect(adminProjectSearch(empty)).toBe('');
    expect(adminProjectSearch(empty, 1)).toBe('');
    expect(adminProjectSearch({ ...empty, zoek: 'a en b', status: 'Lopend' }, 2)).toBe(
      '?zoek=a+en+b&status=Lopend&pagina=2',
    );
  });
});
