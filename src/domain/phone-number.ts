/**
 * Phone numbers as users type them: Belgian (`02 123 45 67`, `0470 12 34 56`,
 * `+32 470 12 34 56`, `0032 2 123 45 67`, `+32 (0)2 123 45 67`) or of another
 * country in international form (`+31 20 123 4567`, `0031 20 123 4567`).
 * Pure functions, no I/O.
 */

/**
 * The number in international (E.164) form, e.g. `+3221234567`, or undefined
 * when it is not a plausible phone number. A Belgian number has 8 (landline)
 * or 9 (mobile) digits after the country code, so 9 or 10 digits with the
 * leading 0; another country's number has 8 to 15 digits in all.
 */
export function normalisePhoneNumber(input: string): string | undefined {
  let compact = input
    .trim()
    .replace(/\(0\)/g, '')
    .replace(/[\s./()-]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  else if (compact.startsWith('0')) compact = `+32${compact.slice(1)}`;
  if (!/^\+[1-9][0-9]{7,14}$/.test(compact)) return undefined;
  if (compact.startsWith('+32') && !/^\+32[1-9][0-9]{7,8}$/.test(compact)) return undefined;
  return compact;
}

export function isValidPhoneNumber(input: string): boolean {
  return normalisePhoneNumber(input) !== undefined;
}
