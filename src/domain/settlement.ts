import { yearOf, type IsoDate } from './dates.js';
import type { LedgerSums } from './ledger.js';

/**
 * The money of a project that ends with money left in its wallet (DOMAIN.md
 * §4 and §6): a stop the agency confirmed, or the end of the payment period
 * (the nightly settlement run). Both settle the same way. What was paid to the
 * provider counts as project amount actually spent: the subsidy covers its
 * share of that at the project's own rate (subsidy ÷ project amount), the
 * company the rest. What is left of each part goes back: the company's part
 * is refunded to the company (`terugbetaling`), the subsidy's part returns to
 * the government (`subsidie_terug`). Together they empty the project's wallet.
 */
export interface SettlementFacts {
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

export interface Settlement {
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
 * Splits what is left on a stopped or expired project's wallet into the refund to the
 * company and the subsidy that returns. The subsidy's share of the payments
 * is rounded to the cent; it never exceeds the booked subsidy, and the
 * company's share never exceeds what it deposited (a share the deposits do
 * not cover is counted as subsidy spent), so neither part is negative and
 * they always add up to the balance.
 */
export function settleProject(facts: SettlementFacts): Settlement {
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

/** The facts of {@link settleProject} for a project and its ledger's sums (ledger.ts). */
export function settlementFactsOf(
  project: { projectAmountCents: number; subsidyCents: number },
  sums: LedgerSums,
): SettlementFacts {
  return {
    projectAmountCents: project.projectAmountCents,
    grantedSubsidyCents: project.subsidyCents,
    depositedCents: sums.depositedCents - sums.refundedCents,
    subsidyBookedCents: sums.subsidyCents - sums.subsidyReturnedCents,
    paidCents: sums.paidCents,
  };
}

/** Why a project is settled: its stop was confirmed, or its payment period ended. */
export type SettlementCause = 'stop' | 'period_end';

/** A ledger entry a settlement books: negative, out of the wallet. */
export interface SettlementEntry {
  kind: 'terugbetaling' | 'subsidie_terug';
  amountCents: number;
  reference: string;
}

/**
 * The ledger entries that book a settlement: the refund to the company
 * (`terugbetaling`) and the subsidy back (`subsidie_terug`), both negative; a
 * part of zero books nothing. Their sum empties the wallet.
 */
export function settlementEntries(settlement: Settlement, cause: SettlementCause): SettlementEntry[] {
  const refundReference =
    cause === 'stop'
      ? 'Terugbetaling eigen bijdrage na stopzetting'
      : 'Terugbetaling eigen bijdrage na afloop van de betalingstermijn';
  const entries: SettlementEntry[] = [
    { kind: 'terugbetaling', amountCents: -settlement.refundCents, reference: refundReference },
    {
      kind: 'subsidie_terug',
      amountCents: -settlement.subsidyReturnCents,
      reference: 'Ongebruikte subsidie terug naar de Vlaamse overheid',
    },
  ];
  return entries.filter((entry) => entry.amountCents < 0);
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
