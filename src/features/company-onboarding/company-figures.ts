/**
 * The figures a company's size rests on, as users type them and the database
 * stores them: staff in tenths of a full-time equivalent (FTE), so that no
 * float is ever compared with a threshold. The EU definition of an SME itself
 * lives in domain/company-size.ts.
 */

export { sizeFromFigures, smeThresholds, type CompanyFigures } from '../../domain/company-size.js';

// ---------------------------------------------------------------------------
// Staff in full-time equivalents, one decimal

/** Most tenths the database column (decimal(8,1)) holds: 9.999.999,9 FTE. */
export const MAX_FTE_TENTHS = 99_999_999;

/**
 * Reads an FTE count typed by a user: `12`, `12,5`, `12.5`, `1 250`. One
 * decimal at most. Returns tenths, or undefined for anything else (negative,
 * two decimals, letters).
 */
export function parseFteInput(input: string): number | undefined {
  const read = readFteInput(input);
  return 'tenths' in read ? read.tenths : undefined;
}

/** Why an FTE count is not read: not a number (letters, negative), two decimals or more, too large. */
export type FteInputProblem = 'format' | 'decimals' | 'tooLarge';

/** Reads an FTE count as parseFteInput does, or says what is wrong with it. */
export function readFteInput(input: string): { tenths: number } | { problem: FteInputProblem } {
  const text = input.replace(/[\s\u00a0\u202f]/g, '');
  const match = /^([0-9]+)(?:[.,]([0-9]+))?$/.exec(text);
  if (!match) return { problem: 'format' };
  const decimals = match[2] ?? '';
  if (decimals.length > 1) return { problem: 'decimals' };
  const whole = (match[1] ?? '').replace(/^0+(?=[0-9])/, '');
  if (whole.length > 8) return { problem: 'tooLarge' };
  const tenths = Number(whole) * 10 + Number(decimals || '0');
  return tenths <= MAX_FTE_TENTHS ? { tenths } : { problem: 'tooLarge' };
}

/** The value of a decimal(8,1) column (`'14.5'`, `'96.0'`, or a number) in tenths. */
export function fteTenthsFromDatabase(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const match = /^([0-9]+)(?:\.([0-9]))?0*$/.exec(String(value));
  if (!match) throw new RangeError(`Not an FTE count: "${value}"`);
  return Number(match[1]) * 10 + Number(match[2] ?? '0');
}

/** Tenths as the database column takes them and the audit log records them: `145` → `'14.5'`. */
export function fteForDatabase(tenths: number): string {
  assertTenths(tenths);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Tenths as nl-BE writes them: `145` → `14,5`, `960` → `96`. */
export function formatFte(tenths: number): string {
  assertTenths(tenths);
  const whole = String(Math.floor(tenths / 10)).replace(/\B(?=([0-9]{3})+$)/g, '.');
  return tenths % 10 === 0 ? whole : `${whole},${tenths % 10}`;
}

/** Tenths for a form field, parseable again by parseFteInput: `145` → `14,5`, `12500` → `1250`. */
export function formatFteInput(tenths: number): string {
  assertTenths(tenths);
  const whole = String(Math.floor(tenths / 10));
  return tenths % 10 === 0 ? whole : `${whole},${tenths % 10}`;
}

function assertTenths(tenths: number): void {
  if (!Number.isSafeInteger(tenths) || tenths < 0)
    throw new RangeError(`FTE tenths must be a whole number ≥ 0, got ${tenths}`);
}
