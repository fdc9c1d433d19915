import { isFlemishPostcode } from './belgian-identifiers.js';

/**
 * Who may use the kmo-portefeuille besides its size (DOMAIN.md §6): an
 * operating seat in Flanders (not Brussels, not Wallonia), and not a
 * non-profit or a partnership without legal personality. Pure: the caller
 * gives what the official data say about the enterprise.
 */
export interface CompanyFacts {
  postcode: string;
  municipality: string;
  legalForm: string;
}

/** Legal forms that are non-profit or have no legal personality, as the official data write them. */
const excludedLegalForms: ReadonlyMap<string, string> = new Map([
  ['vzw', 'een vereniging zonder winstoogmerk (vzw)'],
  ['ivzw', 'een internationale vereniging zonder winstoogmerk (ivzw)'],
  ['stichting', 'een stichting'],
  ['private stichting', 'een private stichting'],
  ['stichting van openbaar nut', 'een stichting van openbaar nut'],
  ['maatschap', 'een maatschap (zonder rechtspersoonlijkheid)'],
  ['feitelijke vereniging', 'een feitelijke vereniging (zonder rechtspersoonlijkheid)'],
]);

const normaliseLegalForm = (legalForm: string) =>
  legalForm.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();

/** Why the enterprise cannot use the kmo-portefeuille, in Dutch; empty when it can. */
export function companyEligibilityProblems(facts: CompanyFacts): string[] {
  const problems: string[] = [];
  if (!isFlemishPostcode(facts.postcode)) {
    problems.push(
      `Uw onderneming is gevestigd in ${facts.postcode} ${facts.municipality}, buiten het Vlaamse Gewest. De kmo-portefeuille is er voor ondernemingen met een exploitatiezetel in Vlaanderen.`,
    );
  }
  const excluded = excludedLegalForms.get(normaliseLegalForm(facts.legalForm));
  if (excluded) {
    problems.push(
      `Uw onderneming is ${excluded}. Verenigingen en stichtingen zonder winstoogmerk en samenwerkingen zonder rechtspersoonlijkheid komen niet in aanmerking.`,
    );
  }
  return problems;
}
