import { yearOf, type IsoDate } from './dates.js';

/**
 * The money of a stopped project (DOMAIN.md §4 and §6). What was paid to the
 * provider counts as project amount actually spent: the subsidy covers its
 * share of that at the project's own rate (subsidy ÷ project amount), the
 * company the rest. What is left of each part goes back: the company's part
 * is refunded to the company (`terugbetaling`), the subsidy's part returns to
 * the government (`subsidie_terug`). Together they empty the project's wallet.
 */
export interface StopSettlementFacts {
  /** The project amount and the subsidy granted on it: their ratio is the subsidy rate. */
  projectAmountCents: number;
  grantedSubsidyCents: number;
  /** The own contribution the company deposited (`eigen_bijdrage`, net of earlier refunds). */
  depositedCents: number;
  /** The subsidy booked on the project's ledger (`subsidie`, net of earlier returns). */
  subsidyBookedCents: number;
  /** What the company paid the provider from the wallet (`betaling_dienstverlener`), positive. */
  paidCents: number;
}

export interface StopSettlement {
  /** The subsidy's share of the payments, at the project's rate (half a cent rounds up). */
  subsidySpentCents: number;
  /** The company's share of the payments. */
  ownSpentCents: number;
  /** The unused own contribution, refunded to the company. */
  refundCents: number;
  /** The unused subsidy, taken out of the wallet back to the government. */
  subsidyReturnCents: number;
}

/**
 * Splits what is left on a stopped project's wallet into the refund to the
 * company and the subsidy that returns. The subsidy's share of the payments
 * is rounded to the cent; it never exceeds the booked subsidy, and the
 * company's share never exceeds what it deposited (a share the deposits do
 * not cover is counted as subsidy spent), so neither part is negative and
 * they always add up to the balance.
 */
export function settleStop(facts: StopSettlementFacts): StopSettlement {
  const { projectAmountCents, grantedSubsidyCents, depositedCents, subsidyBookedCents, paidCents } = facts;
  for (const [name, value] of Object.entries(facts)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole cents ≥ 0`);
  }
  if (projectAmountCents === 0) throw new RangeError('projectAmountCents must be above 0');
  const balance = depositedCents + subsidyBookedCents - paidCents;
  if (balance < 0) throw new RangeError('the payments exceed what was put in the wallet');

  // Integer arithmetic: round(paid × subsidy ÷ amount), half up.
  const proportional = Math.floor(
    (2 * paidCents * grantedSubsidyCents + projectAmountCents) / (2 * projectAmountCents),
  );
  const subsidySpentCents = Math.min(
    Math.max(proportional, paidCents - depositedCents),
    subsidyBookedCents,
    paidCents,
  );
  const ownSpentCents = paidCents - subsidySpentCents;
  return {
    subsidySpentCents,
    ownSpentCents,
    refundCents: depositedCents - ownSpentCents,
    subsidyReturnCents: subsidyBookedCents - subsidySpentCents,
  };
}

/**
 * Whether the returned subsidy frees the company's yearly ceiling again: only
 * when the stop falls in the application's calendar year (DOMAIN.md §6). A
 * later stop still returns the subsidy to the government, but that year's
 * ceiling stays used. The ceiling query (subsidyUsedInYear) counts a return
 * by the year of its booking date, which is the day of the stop.
 */
export function stopFreesCeiling(applicationDate: IsoDate, stoppedOn: IsoDate): boolean {
  return yearOf(applicationDate) === yearOf(stoppedOn);
}
