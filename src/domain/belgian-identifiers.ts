/**
 * Belgian (and SEPA) identifiers: enterprise number, IBAN and BIC, structured
 * communication, national register number, postcode. Pure functions, no I/O.
 *
 * Convention: `normalise…` returns the canonical digits/characters when the
 * shape is acceptable (undefined otherwise) without checking check digits;
 * `isValid…` checks everything; `format…` expects a valid value and renders
 * it the way Belgian users know it.
 */

/** Remainder of a (long) string of digits divided by 97, without number overflow. */
export function mod97(digits: string): number {
  if (!/^[0-9]+$/.test(digits)) throw new RangeError(`mod97 expects digits, got "${digits}"`);
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

// ---------------------------------------------------------------------------
// Enterprise number (ondernemingsnummer, KBO/BCE)

/**
 * Accepts `0123.456.749`, `0123 456 749`, `BE0123456749`, `0123456749` and the
 * old 9-digit form `123456749` (gets a leading 0). Returns 10 digits, or
 * undefined when the shape is wrong. Does not check the check digits.
 */
export function normaliseEnterpriseNumber(input: string): string | undefined {
  let compact = input
    .trim()
    .toUpperCase()
    .replace(/[\s.\-/]/g, '');
  if (compact.startsWith('BE')) compact = compact.slice(2);
  if (/^[0-9]{9}$/.test(compact)) compact = `0${compact}`;
  return /^[0-9]{10}$/.test(compact) ? compact : undefined;
}

/** The two check digits of an enterprise number whose first 8 digits are given. */
export function enterpriseNumberCheckDigits(firstEight: string): string {
  if (!/^[0-9]{8}$/.test(firstEight)) throw new RangeError('expects the first 8 digits');
  return String(97 - mod97(firstEight)).padStart(2, '0');
}

/** 10 digits, starting with 0 or 1, last two = 97 − (first eight mod 97). */
export function isValidEnterpriseNumber(input: string): boolean {
  const digits = normaliseEnterpriseNumber(input);
  if (!digits || !/^[01]/.test(digits)) return false;
  return enterpriseNumberCheckDigits(digits.slice(0, 8)) === digits.slice(8);
}

/** `0123456749` → `0123.456.749`. */
export function formatEnterpriseNumber(input: string): string {
  const digits = normaliseEnterpriseNumber(input);
  if (!digits) throw new RangeError(`Not an enterprise number: "${input}"`);
  return `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}

// ---------------------------------------------------------------------------
// IBAN (ISO 13616) and BIC (ISO 9362)

/**
 * IBAN length per country of the SEPA scheme (EU, EEA, Switzerland, the United
 * Kingdom, Monaco, San Marino, Andorra, Vatican City, Gibraltar, and since
 * 2024/2025 Albania, Moldova, Montenegro and North Macedonia). The French
 * overseas departments and the British Crown dependencies use FR and GB IBANs.
 */
export const sepaIbanLengths: Readonly<Record<string, number>> = {
  AD: 24,
  AL: 28,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
};

/** Strips spaces (and dashes), upper-cases. Returns undefined for characters an IBAN cannot hold. */
export function normaliseIban(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(compact) ? compact : undefined;
}

/** Letters become numbers (A = 10 … Z = 35), as ISO 13616 and ISO 11649 prescribe. */
function lettersToDigits(value: string): string {
  return value.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
}

/**
 * A valid IBAN of a SEPA country: right length for its country, ISO 13616
 * mod-97 = 1, and for Belgium also the national check digits of the account.
 */
export function isValidIban(input: string): boolean {
  const iban = normaliseIban(input);
  if (!iban) return false;
  const expectedLength = sepaIbanLengths[iban.slice(0, 2)];
  if (expectedLength === undefined || iban.length !== expectedLength) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  if (mod97(lettersToDigits(rearranged)) !== 1) return false;
  if (iban.startsWith('BE')) return isValidBelgianAccount(iban.slice(4));
  return true;
}

/** A Belgian account number (12 digits): the last two are the first ten mod 97 (97 when 0). */
function isValidBelgianAccount(bban: string): boolean {
  if (!/^[0-9]{12}$/.test(bban)) return false;
  const check = mod97(bban.slice(0, 10)) || 97;
  return String(check).padStart(2, '0') === bban.slice(10);
}

export function isBelgianIban(input: string): boolean {
  return isValidIban(input) && (normaliseIban(input) ?? '').startsWith('BE');
}

/** Computes the IBAN check digits for a country and account (BBAN). */
export function ibanCheckDigits(countryCode: string, bban: string): string {
  const rearranged = lettersToDigits(`${bban}${countryCode.toUpperCase()}00`);
  return String(98 - mod97(rearranged)).padStart(2, '0');
}

/** `BE68539007547034` → `BE68 5390 0754 7034`. */
export function formatIban(input: string): string {
  const iban = normaliseIban(input);
  if (!iban) throw new RangeError(`Not an IBAN: "${input}"`);
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Strips spaces, upper-cases. */
export function normaliseBic(input: string): string {
  return input.replace(/\s/g, '').toUpperCase();
}

/** Shape of a BIC: bank (4 letters), country (2 letters), location (2), optional branch (3). */
export function isValidBic(input: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(normaliseBic(input));
}

// ---------------------------------------------------------------------------
// Structured communication (gestructureerde mededeling, OGM/VCS)

/** Check digits of a structured communication: base mod 97, 97 when that is 0. */
export function structuredCommunicationCheckDigits(base: string): string {
  if (!/^[0-9]{10}$/.test(base)) throw new RangeError('A structured communication has a 10-digit base');
  return String(mod97(base) || 97).padStart(2, '0');
}

/**
 * Reads what a user or a bank statement gives: `+++123/4567/89002+++`,
 * `***123/4567/89002***`, `123/4567/89002` or 12 bare digits (spaces allowed).
 * Returns the 12 digits when they are valid, otherwise undefined.
 */
export function parseStructuredCommunication(input: string): string | undefined {
  const compact = input.replace(/\s/g, '');
  const match = /^(?:\+{3}|\*{3})?([0-9]{3})\/?([0-9]{4})\/?([0-9]{5})(?:\+{3}|\*{3})?$/.exec(compact);
  if (!match) return undefined;
  // The delimiters must match: +++…+++ or ***…*** or none.
  const opening = compact.slice(0, 3);
  const closing = compact.slice(-3);
  const hasOpening = opening === '+++' || opening === '***';
  const hasClosing = closing === '+++' || closing === '***';
  if (hasOpening !== hasClosing || (hasOpening && opening !== closing)) return undefined;
  const digits = `${match[1]}${match[2]}${match[3]}`;
  return isValidStructuredCommunication(digits) ? digits : undefined;
}

/** 12 digits whose last two are the check digits of the first ten. */
export function isValidStructuredCommunication(digits: string): boolean {
  return (
    /^[0-9]{12}$/.test(digits) && structuredCommunicationCheckDigits(digits.slice(0, 10)) === digits.slice(10)
  );
}

/** `123456789002` → `+++123/4567/89002+++`. */
export function formatStructuredCommunication(digits: string): string {
  if (!/^[0-9]{12}$/.test(digits)) throw new RangeError(`Not a structured communication: "${digits}"`);
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

/** The structured communication whose base is the sequence number (1 … 9 999 999 999), as 12 digits. */
export function structuredCommunicationFromSequence(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 9_999_999_999) {
    throw new RangeError(`Sequence out of range: ${sequence}`);
  }
  const base = String(sequence).padStart(10, '0');
  return `${base}${structuredCommunicationCheckDigits(base)}`;
}

// ---------------------------------------------------------------------------
// National register number (rijksregisternummer)

/** Strips dots, dashes and spaces; returns 11 digits or undefined. */
export function normaliseNationalRegisterNumber(input: string): string | undefined {
  const compact = input.replace(/[\s.-]/g, '');
  return /^[0-9]{11}$/.test(compact) ? compact : undefined;
}

/**
 * YYMMDD + serial (3) + check (2). The check is 97 − (first nine mod 97) for
 * people born before 2000, and 97 − (("2" + first nine) mod 97) for those born
 * in 2000 or later; either one makes the number valid. Birth date fields are not
 * checked: bis numbers and unknown dates use months above 12 or zero.
 */
export function isValidNationalRegisterNumber(input: string): boolean {
  const digits = normaliseNationalRegisterNumber(input);
  if (!digits) return false;
  const firstNine = digits.slice(0, 9);
  const check = Number(digits.slice(9));
  return check === 97 - mod97(firstNine) || check === 97 - mod97(`2${firstNine}`);
}

/** `85073003328` → `85.07.30-033.28`. */
export function formatNationalRegisterNumber(input: string): string {
  const digits = normaliseNationalRegisterNumber(input);
  if (!digits) throw new RangeError(`Not a national register number: "${input}"`);
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}-${digits.slice(6, 9)}.${digits.slice(9)}`;
}

// ---------------------------------------------------------------------------
// Postcode

/** A Belgian postcode: four digits, 1000–9999. */
export function isBelgianPostcode(input: string): boolean {
  return /^[1-9][0-9]{3}$/.test(input.trim());
}

/**
 * A postcode of the Flemish Region: 1500–3999 (Flemish Brabant, Antwerp,
 * Limburg) and 8000–9999 (West and East Flanders). 1000–1299 is Brussels,
 * 1300–1499 and 4000–7999 are Walloon.
 */
export function isFlemishPostcode(input: string): boolean {
  if (!isBelgianPostcode(input)) return false;
  const value = Number(input.trim());
  return (value >= 1500 && value <= 3999) || value >= 8000;
}
