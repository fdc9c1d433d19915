import { describe, expect, it } from 'vitest';
import { companyEligibilityProblems } from './company-eligibility.js';

const flemish = { postcode: '9000', municipality: 'Gent', legalForm: 'BV' };

describe('companyEligibilityProblems', () => {
  it('accepts a company in Flanders with a commercial legal form', () => {
    expect(companyEligibilityProblems(flemish)).toEqual([]);
    expect(companyEligibilityProblems({ ...flemish, postcode: '1500', legalForm: 'NV' })).toEqual([]);
    expect(companyEligibilityProblems({ ...flemish, postcode: '3999', legalForm: 'CommV' })).toEqual([]);
  });

  it.each([
    ['1000', 'Brussel'],
    ['1210', 'Sint-Joost-ten-Node'],
    ['1300', 'Waver'],
    ['4000', 'Luik'],
  ])('refuses a seat in %s %s, outside the Flemish Region', (postcode, municipality) => {
    const problems = companyEligibilityProblems({ ...flemish, postcode, municipality });
    expect(problems).toEqual([
      `Uw onderneming is gevestigd in ${postcode} ${municipality}, buiten het Vlaamse Gewest. De kmo-portefeuille is er voor ondernemingen met een exploitatiezetel in Vlaanderen.`,
    ]);
  });

  it.each([
    'VZW',
    'vzw',
    'v.z.w.',
    'IVZW',
    'Stichting',
    'Private stichting',
    'Maatschap',
    'Feitelijke vereniging',
  ])('refuses legal form %s', (legalForm) => {
    const problems = companyEligibilityProblems({ ...flemish, legalForm });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('komen niet in aanmerking');
  });

  it('gives both reasons when both apply', () => {
    expect(
      companyEligibilityProblems({ postcode: '1000', municipality: 'Brussel', legalForm: 'VZW' }),
    ).toHaveLength(2);
  });
});
