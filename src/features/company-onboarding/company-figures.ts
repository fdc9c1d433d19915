import type { CompanySize } from '../../domain/subsidy-terms.js';

/**
 * The figures a company's size rests on, and the EU definition of an SME
 * (Commission Recommendation 2003/361/EC, DOMAIN.md §6). Pure functions:
 * money in cents, staff in tenths of a full-time equivalent (FTE), so that no
 * float is ever compared with a threshold.
 */

export interface CompanyFigures {
  /** Staff in tenths of an FTE (145 = 14,5 FTE); undefined when not known. */
  employeesFteTenths: number | undefined;
  turnoverCents: number | undefined;
  balanceTotalCents: number | undefined;
}

const MILLION_EURO = 100_000_000; // in cents

/** The thresholds of the EU definition: staff strictly below, money at most. */
export const smeThresholds = {
  klein: { employeesBelowFte: 50, turnoverCents: 10 * MILLION_EURO, balanceTotalCents: 10 * MILLION_EURO },
  middelgroot: {
    employeesBelowFte: 250,
    turnoverCents: 50 * MILLION_EURO,
    balanceTotalCents: 43 * MILLION_EURO,
  },
} as const;

type Truth = boolean | undefined;

/** "turnover ≤ T or balance total ≤ B", knowing that a missing figure may be either. */
function eitherWithin(figures: CompanyFigures, turnoverCents: number, balanceTotalCents: number): Truth {
  const turnover = figures.turnoverCents === undefined ? undefined : figures.turnoverCents <= turnoverCents;
  const balance =
    figures.balanceTotalCents === undefined ? undefined : figures.balanceTotalCents <= balanceTotalCents;
  if (turnover === true || balance === true) return true;
  if (turnover === false && balance === false) return false;
  return undefined;
}

function staffBelow(figures: CompanyFigures, fte: number): Truth {
  return figures.employeesFteTenths === undefined ? undefined : figures.employeesFteTenths < fte * 10;
}

function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return undefined;
}

/**
 * The size the EU definition gives these figures: small (< 50 FTE and turnover
 * or balance total ≤ € 10 million), medium (< 250 FTE and turnover ≤ € 50
 * million or balance total ≤ € 43 million), otherwise large. Undefined when the
 * known figures cannot decide (a missing figure could change the answer).
 */
export function sizeFromFigures(figures: CompanyFigures): CompanySize | undefined {
  const small = smeThresholds.klein;
  const isSmall = and(
    staffBelow(figures, small.employeesBelowFte),
    eitherWithin(figures, small.turnoverCents, small.balanceTotalCents),
  );
  if (isSmall === true) return 'klein';
  if (isSmall === undefined) return undefined;
  const medium = smeThresholds.middelgroot;
  const isMedium = and(
    staffBelow(figures, medium.employeesBelowFte),
    eitherWithin(figures, medium.turnoverCents, medium.balanceTotalCents),
  );
  if (isMedium === undefined) return undefined;
  return isMedium ? 'middelgroot' : 'groot';
}

// ---------------------------------------------------------------------------
// Staff in full-time equivalents, one decimal

/** Most tenths the database column (decimal(8,1)) holds: 9.999.999,9 FTE. */
const MAX_FTE_TENTHS = 99_999_999;

/**
 * Reads an FTE count typed by a user: `12`, `12,5`, `12.5`, `1 250`. One
 * decimal at most. Returns tenths, or undefined for anything else (negative,
 * two decimals, letters).
 */
export function parseFteInput(input: string): number | undefined {
  const text = input.replace(/[\s\u00a0\u202f]/g, '');
  const match = /^([0-9]{1,8})(?:[.,]([0-9]))?$/.exec(text);
  if (!match) return undefined;
  const tenths = Number(match[1]) * 10 + Number(match[2] ?? '0');
  return tenths <= MAX_FTE_TENTHS ? tenths : undefined;
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
