import type { CompanySize } from './subsidy-terms.js';

/**
 * The EU definition of an SME (Commission Recommendation 2003/361/EC,
 * DOMAIN.md §6) and what a company's own figures say about the size it
 * confirms. Pure functions: money in cents, staff in tenths of a full-time
 * equivalent (FTE), so that no float is ever compared with a threshold.
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

/**
 * The smallest size the known figures allow. Figures only ever make a company
 * larger (linked enterprises add their own), so a size below this one cannot
 * be right; a missing figure allows the smaller size.
 */
export function smallestSizeFromFigures(figures: CompanyFigures): CompanySize {
  const small = smeThresholds.klein;
  const isSmall = and(
    staffBelow(figures, small.employeesBelowFte),
    eitherWithin(figures, small.turnoverCents, small.balanceTotalCents),
  );
  if (isSmall !== false) return 'klein';
  const medium = smeThresholds.middelgroot;
  const isMedium = and(
    staffBelow(figures, medium.employeesBelowFte),
    eitherWithin(figures, medium.turnoverCents, medium.balanceTotalCents),
  );
  return isMedium === false ? 'groot' : 'middelgroot';
}

const rank: Record<CompanySize, number> = { klein: 0, middelgroot: 1, groot: 2 };

/** How the company's figures contradict the size it confirmed. */
export interface SizeContradiction {
  /** The confirmed size the figures contradict. */
  size: 'klein' | 'middelgroot';
  /** The smallest size the figures allow. */
  figuresSize: 'middelgroot' | 'groot';
  /** The staff is at or above the confirmed size's limit (50 or 250 FTE). */
  staff: boolean;
  /** Both turnover and balance total are above the confirmed size's limits. */
  money: boolean;
}

/**
 * Whether the company's own figures contradict a confirmed size: a small
 * company with 50 FTE or more, or with a turnover and a balance total both
 * above € 10 million; a medium one with 250 FTE or more, or a turnover above
 * € 50 million and a balance total above € 43 million. A larger size than the
 * figures give is no contradiction (linked enterprises count too), nor is a
 * figure that is not known.
 */
export function sizeContradiction(size: CompanySize, figures: CompanyFigures): SizeContradiction | undefined {
  if (size === 'groot') return undefined;
  const smallest = smallestSizeFromFigures(figures);
  if (smallest === 'klein' || rank[smallest] <= rank[size]) return undefined;
  const limits = smeThresholds[size];
  return {
    size,
    figuresSize: smallest,
    staff: staffBelow(figures, limits.employeesBelowFte) === false,
    money: eitherWithin(figures, limits.turnoverCents, limits.balanceTotalCents) === false,
  };
}

/**
 * The figures a company saw when it confirmed a contradicted size anyway, as
 * one stored value: a change of any figure asks for the confirmation again.
 */
export function figuresFingerprint(figures: CompanyFigures): string {
  const part = (value: number | undefined) => (value === undefined ? '-' : String(value));
  return `fte=${part(figures.employeesFteTenths)};turnover=${part(figures.turnoverCents)};balance=${part(figures.balanceTotalCents)}`;
}

/**
 * Whether a confirmed size still needs the company's attention: its figures
 * contradict it and the company did not confirm it against exactly these
 * figures. A locked size (the year's first application) is never reopened.
 */
export function sizeNeedsReconfirmation(
  confirmation: { size: CompanySize; lockedAt: Date | null; acknowledgedFigures: string | null },
  figures: CompanyFigures,
): boolean {
  if (confirmation.lockedAt) return false;
  if (!sizeContradiction(confirmation.size, figures)) return false;
  return confirmation.acknowledgedFigures !== figuresFingerprint(figures);
}
