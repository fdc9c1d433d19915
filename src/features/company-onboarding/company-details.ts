import { isBelgianIban, isValidBic, isValidIban, normaliseBic } from '../../domain/belgian-identifiers.js';

/**
 * What a company must have on file before it can apply (DOMAIN.md §5): a SEPA
 * account, its turnover, its staff and its main activity (an accepted NACE-BEL
 * code). Pure: the caller gives what is stored.
 */

/** The fields of the completion form, in its order; also the ids the error summary links to. */
export const detailsFields = ['iban', 'bic', 'turnover', 'employeesFte', 'naceCode'] as const;
export type DetailsField = (typeof detailsFields)[number];

export interface NaceCode {
  code: string;
  label: string;
  eligible: boolean;
}

export interface StoredDetails {
  iban: string | null;
  bic: string | null;
  turnoverCents: number | undefined;
  employeesFteTenths: number | undefined;
  naceCode: string | null;
  /** The stored code's row in nace_codes; undefined when there is no code or it is unknown. */
  nace: NaceCode | undefined;
}

/**
 * A Belgian account needs the BIC of a Belgian bank (the fifth and sixth
 * letters are BE); an account in another SEPA country may go without one, but
 * a BIC that is given must be well formed.
 */
export function bicProblem(iban: string, bic: string): 'required' | 'notBelgian' | 'invalid' | undefined {
  const normalised = normaliseBic(bic);
  if (normalised !== '' && !isValidBic(normalised)) return 'invalid';
  if (!isBelgianIban(iban)) return undefined;
  if (normalised === '') return 'required';
  if (normalised.slice(4, 6) !== 'BE') return 'notBelgian';
  return undefined;
}

/** The fields still to fill in or to correct, in the order of the form. */
export function detailsToComplete(details: StoredDetails): DetailsField[] {
  const missing: DetailsField[] = [];
  const ibanOk = details.iban !== null && isValidIban(details.iban);
  if (!ibanOk) missing.push('iban');
  if (ibanOk && bicProblem(details.iban ?? '', details.bic ?? '') !== undefined) missing.push('bic');
  if (!ibanOk && !details.bic) missing.push('bic');
  if (details.turnoverCents === undefined) missing.push('turnover');
  if (details.employeesFteTenths === undefined) missing.push('employeesFte');
  if (!details.naceCode || !details.nace?.eligible) missing.push('naceCode');
  return missing;
}

/** `43.222`, `43 222`, `43222` → `43222`; undefined when it is not five digits. */
export function normaliseNaceCode(input: string): string | undefined {
  const compact = input.replace(/[\s.]/g, '');
  return /^[0-9]{5}$/.test(compact) ? compact : undefined;
}

/**
 * Why a main activity is excluded (DOMAIN.md §6): primary agriculture (NACE
 * division 01), fishing and aquaculture (03). Other excluded codes get a
 * general wording.
 */
export function excludedActivityName(code: string): string {
  if (code.startsWith('01')) return 'primaire landbouw';
  if (code.startsWith('03')) return 'visserij of aquacultuur';
  return 'een activiteit die is uitgesloten';
}

/** The message for a main activity that cannot use the kmo-portefeuille. */
export function excludedActivityMessage(nace: NaceCode): string {
  return (
    `Uw hoofdactiviteit ${nace.code} (${nace.label}) is ${excludedActivityName(nace.code)}. ` +
    'Een onderneming met die hoofdactiviteit komt niet in aanmerking voor de kmo-portefeuille.'
  );
}
