/**
 * Money is an integer number of euro cents, never a float: every function here
 * works on integers (or on the digits of a string) only.
 */

const MAX_EURO_DIGITS = 13; // 13 digits of euros × 100 stays far below Number.MAX_SAFE_INTEGER

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Cents must be a whole number, got ${cents}`);
}

/** 1198 → "1.198": groups of three digits separated by dots, as nl-BE writes them. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=([0-9]{3})+$)/g, '.');
}

/**
 * `119835` → `€ 1.198,35` (a normal space after the euro sign). A negative
 * amount puts the minus sign after the euro sign and the space: `-1200` →
 * `€ -12,00`, so the symbol stays aligned in a column of amounts.
 */
export function formatEuro(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = Math.floor(absolute / 100);
  const rest = String(absolute % 100).padStart(2, '0');
  return `€ ${sign}${groupThousands(String(euros))},${rest}`;
}

/**
 * `119835` → `1198,35`: no symbol, no thousands separator. For form fields
 * (the value a user typed comes back parseable) and CSV cells (Flemish Excel
 * reads the decimal comma).
 */
export function formatAmountInput(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)},${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * `119835` → `"1198.35"`, `-1200` → `"-12.00"`: the decimal string of the API
 * (a point, no grouping, always two decimals), beside the cents it carries.
 */
export function formatDecimalEuro(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * Reads an amount typed by a user into cents. Accepted: `1.198,35`,
 * `1198,35`, `1198.35`, `1198`, `1 198,35`, `€ 1.198,35`, `12,5` (= 12,50).
 * A comma is the decimal separator; then dots or spaces may group thousands.
 * Without a comma, a single dot followed by one or two digits is a decimal
 * point (`1198.35`), while dots between groups of exactly three digits group
 * thousands (`1.198` = 1198 euro, as nl-BE writes it).
 * Refused (undefined): empty input, negative amounts, more than two decimals
 * (`12,345`, `1198.350`), badly grouped digits (`1.19.8`), anything else.
 */
export function parseEuroInput(input: string): number | undefined {
  const text = input
    .trim()
    .replace(/^(€|eur)\s*/i, '')
    .replace(/\s*(€|eur)$/i, '')
    .replace(/[\u00a0\u202f]/g, ' ');
  if (text === '' || !/^[0-9][0-9 .,]*$/.test(text)) return undefined;

  let integerPart: string;
  let decimalPart = '';
  const commaCount = text.split(',').length - 1;
  if (commaCount > 1) return undefined;
  if (commaCount === 1) {
    [integerPart = '', decimalPart = ''] = text.split(',');
    if (!/^[0-9]{1,2}$/.test(decimalPart)) return undefined;
  } else {
    const decimalPoint = /^([0-9]+)\.([0-9]{1,2})$/.exec(text);
    if (decimalPoint) {
      integerPart = decimalPoint[1] ?? '';
      decimalPart = decimalPoint[2] ?? '';
    } else {
      integerPart = text;
    }
  }

  const euroDigits = ungroup(integerPart);
  if (euroDigits === undefined || euroDigits.length > MAX_EURO_DIGITS) return undefined;
  return Number(euroDigits) * 100 + Number(decimalPart.padEnd(2, '0'));
}

/** `1198`, `1.198`, `1 198` → `1198`; badly grouped digits → undefined. */
function ungroup(integerPart: string): string | undefined {
  if (/^[0-9]+$/.test(integerPart)) return integerPart;
  if (/^[0-9]{1,3}(\.[0-9]{3})+$/.test(integerPart)) return integerPart.replace(/\./g, '');
  if (/^[0-9]{1,3}( [0-9]{3})+$/.test(integerPart)) return integerPart.replace(/ /g, '');
  return undefined;
}

/**
 * A percentage in basis points (3000 = 30 %) of an amount in cents, rounded
 * down to the cent: the subsidy never exceeds the rate. Exact for any amount
 * (computed with bigint).
 */
export function applyBasisPoints(cents: number, basisPoints: number): number {
  assertCents(cents);
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new RangeError(`Basis points must be a whole number ≥ 0, got ${basisPoints}`);
  }
  if (cents < 0) throw new RangeError('applyBasisPoints expects a positive amount');
  return Number((BigInt(cents) * BigInt(basisPoints)) / 10000n);
}

/** `€ 1.198,35` with a no-break space, for amounts inside running text (never split over two lines). */
export function formatEuroInText(cents: number): string {
  return formatEuro(cents).replace(' ', '\u00a0');
}

/**
 * Reads a percentage typed by a user into basis points: `30` → 3000,
 * `12,5 %` → 1250, `12.25` → 1225. A comma or a point is the decimal
 * separator, with at most two decimals; a percent sign may follow. Refused
 * (undefined): empty input, negative numbers, more decimals, anything else.
 */
export function parsePercentInput(input: string): number | undefined {
  const match = /^([0-9]{1,6})(?:[,.]([0-9]{1,2}))?\s*%?$/.exec(input.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 3000 → `30 %`, 1250 → `12,5 %` (nl-BE: a space before the percent sign). */
export function formatBasisPoints(basisPoints: number): string {
  if (!Number.isSafeInteger(basisPoints))
    throw new RangeError(`Basis points must be whole, got ${basisPoints}`);
  const sign = basisPoints < 0 ? '-' : '';
  const absolute = Math.abs(basisPoints);
  const whole = Math.floor(absolute / 100);
  const fraction = String(absolute % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `,${fraction}` : ''} %`;
}
