import { formatEuro } from './money.js';
import { projectStatusLabels, type ProjectStatus } from './project-status.js';

/**
 * A project's small ledger (DOMAIN.md §4): positive entries into the wallet
 * (the company's own contribution, the subsidy), negative ones out of it
 * (payments to the provider, the refund to the company, the subsidy back).
 * `checkLedger` says whether the entries fit the project's status: own
 * contribution + subsidy − payments − refunds equals the balance the status
 * implies. `npm run ledger:verify`, the agency's home page and the property
 * test of the ledger (ledger.property.test.ts) all ask this one function.
 */

const ledgerKinds = [
  'eigen_bijdrage',
  'subsidie',
  'betaling_dienstverlener',
  'terugbetaling',
  'subsidie_terug',
] as const;

export type LedgerKind = (typeof ledgerKinds)[number];

/** One ledger entry as the check needs it. */
export interface LedgerEntryFacts {
  kind: string;
  /** Integer cents: positive into the wallet, negative out of it. */
  amountCents: number;
}

/** The project's figures the ledger is checked against. */
export interface LedgerProjectFacts {
  status: ProjectStatus;
  ownContributionCents: number;
  subsidyCents: number;
}

/** The ledger summed per kind; every figure positive except the balance's sign. */
export interface LedgerSums {
  /** Own contribution deposited (`eigen_bijdrage`). */
  depositedCents: number;
  /** Subsidy booked (`subsidie`). */
  subsidyCents: number;
  /** Paid to the provider (`betaling_dienstverlener`). */
  paidCents: number;
  /** Refunded to the company (`terugbetaling`). */
  refundedCents: number;
  /** Subsidy returned to the government (`subsidie_terug`). */
  subsidyReturnedCents: number;
  /** The sum of all entries: what is in the wallet. */
  balanceCents: number;
}

export type LedgerCheck =
  | { balanced: true; sums: LedgerSums; expectedBalanceCents: number }
  | { balanced: false; sums: LedgerSums; expectedBalanceCents: number | undefined; reasons: string[] };

const isLedgerKind = (kind: string): kind is LedgerKind => (ledgerKinds as readonly string[]).includes(kind);

export function ledgerSums(entries: readonly LedgerEntryFacts[]): LedgerSums {
  const sums: LedgerSums = {
    depositedCents: 0,
    subsidyCents: 0,
    paidCents: 0,
    refundedCents: 0,
    subsidyReturnedCents: 0,
    balanceCents: 0,
  };
  for (const { kind, amountCents } of entries) {
    sums.balanceCents += amountCents;
    if (kind === 'eigen_bijdrage') sums.depositedCents += amountCents;
    else if (kind === 'subsidie') sums.subsidyCents += amountCents;
    else if (kind === 'betaling_dienstverlener') sums.paidCents -= amountCents;
    else if (kind === 'terugbetaling') sums.refundedCents -= amountCents;
    else if (kind === 'subsidie_terug') sums.subsidyReturnedCents -= amountCents;
  }
  return sums;
}

/**
 * The balance a project's status implies, from its ledger:
 * - Bevestigd (waiting for the deposit): nothing booked, balance 0;
 * - Vervallen, Project geannuleerd (never started): balance 0, nothing paid;
 * - Lopend, Stopzetting aangevraagd: the own contribution and the subsidy
 *   booked in full, nothing refunded yet, balance = own contribution +
 *   subsidy − payments, never below 0;
 * - Afgewerkt, Stopgezet (settled): the own contribution and the subsidy
 *   booked in full, balance exactly 0 (spent, refunded or returned).
 * Always: every entry a known kind with the right sign in whole cents, and no
 * more refunded (or returned) than came in. When something does not fit, the
 * reasons say what, in Dutch, with the amounts.
 */
export function checkLedger(project: LedgerProjectFacts, entries: readonly LedgerEntryFacts[]): LedgerCheck {
  const reasons: string[] = [];
  for (const { kind, amountCents } of entries) {
    if (!isLedgerKind(kind)) {
      reasons.push(`Boeking van een onbekende soort "${kind}".`);
    } else if (!Number.isSafeInteger(amountCents)) {
      reasons.push(`Boeking ${kind} is geen bedrag in hele cent (${amountCents}).`);
    } else if ((kind === 'eigen_bijdrage' || kind === 'subsidie') !== amountCents > 0) {
      reasons.push(
        kind === 'eigen_bijdrage' || kind === 'subsidie'
          ? `Boeking ${kind} van ${formatEuro(amountCents)} moet positief zijn (geld op de rekening).`
          : `Boeking ${kind} van ${formatEuro(amountCents)} moet negatief zijn (geld van de rekening).`,
      );
    }
  }
  const sums = ledgerSums(entries);
  const { status, ownContributionCents: own, subsidyCents: subsidy } = project;
  const label = projectStatusLabels[status];

  if (sums.refundedCents > sums.depositedCents) {
    reasons.push(
      `Er werd ${formatEuro(sums.refundedCents)} terugbetaald aan de onderneming, meer dan de ${formatEuro(sums.depositedCents)} eigen bijdrage die binnenkwam.`,
    );
  }
  if (sums.subsidyReturnedCents > sums.subsidyCents) {
    reasons.push(
      `Er ging ${formatEuro(sums.subsidyReturnedCents)} subsidie terug, meer dan de ${formatEuro(sums.subsidyCents)} die werd toegekend.`,
    );
  }
  if (sums.balanceCents < 0) {
    reasons.push(
      `Het saldo is negatief (${formatEuro(sums.balanceCents)}): er ging meer uit dan er binnenkwam.`,
    );
  }

  let expectedBalanceCents: number | undefined;
  const started = status === 'Lopend' || status === 'StopzettingAangevraagd';
  const settled = status === 'Afgewerkt' || status === 'Stopgezet';
  if (status === 'Bevestigd') {
    expectedBalanceCents = 0;
    if (entries.length > 0) {
      reasons.push(
        `Het project is bevestigd en wacht op de eigen bijdrage: er hoort nog niets geboekt te zijn, maar er ${entries.length === 1 ? 'staat 1 boeking' : `staan ${entries.length} boekingen`} op de rekening.`,
      );
    }
  } else if (status === 'Vervallen' || status === 'ProjectGeannuleerd') {
    expectedBalanceCents = 0;
    if (sums.paidCents > 0) {
      reasons.push(
        `Het project heeft de status "${label}" maar er werd ${formatEuro(sums.paidCents)} aan de dienstverlener betaald.`,
      );
    }
    if (sums.balanceCents !== 0) {
      reasons.push(
        `Het project heeft de status "${label}": het saldo moet € 0,00 zijn, maar is ${formatEuro(sums.balanceCents)}.`,
      );
    }
  } else if (started || settled) {
    if (sums.depositedCents !== own) {
      reasons.push(
        `De geboekte eigen bijdrage (${formatEuro(sums.depositedCents)}) verschilt van de eigen bijdrage van het project (${formatEuro(own)}).`,
      );
    }
    if (sums.subsidyCents !== subsidy) {
      reasons.push(
        `De geboekte subsidie (${formatEuro(sums.subsidyCents)}) verschilt van de subsidie van het project (${formatEuro(subsidy)}).`,
      );
    }
    if (started) {
      expectedBalanceCents = own + subsidy - sums.paidCents;
      if (sums.refundedCents > 0 || sums.subsidyReturnedCents > 0) {
        reasons.push(
          `Het project heeft de status "${label}" maar er werd al ${formatEuro(sums.refundedCents)} terugbetaald en ${formatEuro(sums.subsidyReturnedCents)} subsidie teruggeboekt: dat gebeurt pas bij de afrekening.`,
        );
      }
      if (sums.paidCents > own + subsidy) {
        reasons.push(
          `Er werd ${formatEuro(sums.paidCents)} aan de dienstverlener betaald, meer dan het projectbedrag van ${formatEuro(own + subsidy)}.`,
        );
      }
    } else {
      expectedBalanceCents = 0;
      if (sums.balanceCents !== 0) {
        reasons.push(
          `Het project heeft de status "${label}" en is afgerekend: het saldo moet € 0,00 zijn, maar is ${formatEuro(sums.balanceCents)}.`,
        );
      }
    }
    if (expectedBalanceCents !== sums.balanceCents && started) {
      reasons.push(
        `Het saldo (${formatEuro(sums.balanceCents)}) verschilt van eigen bijdrage + subsidie − betalingen (${formatEuro(expectedBalanceCents)}).`,
      );
    }
  }

  const unique = [...new Set(reasons)];
  return unique.length === 0 && expectedBalanceCents !== undefined
    ? { balanced: true, sums, expectedBalanceCents }
    : { balanced: false, sums, expectedBalanceCents, reasons: unique };
}
