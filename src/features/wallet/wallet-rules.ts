import { daysBetween, formatDate, type IsoDate } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { projectMachine, projectStatusLabels, type ProjectStatus } from '../../domain/project-status.js';
import { findTransition } from '../../domain/status-machine.js';

/**
 * What the company can do with a project from its wallet, and how the wallet
 * describes a project's money. Pure: the presenter asks these to show the
 * buttons and texts, the service asks them again inside the transaction, so
 * the page never offers what the server refuses.
 */

/** What the wallet knows of a project: its status, its dates and its small ledger. */
export interface WalletProjectFacts {
  status: ProjectStatus;
  applicationDate: IsoDate;
  depositDeadline: IsoDate;
  ownContributionCents: number;
  /** The sum of the own contribution deposits (`eigen_bijdrage`) booked so far. */
  depositedCents: number;
  /** The booking date of the latest own contribution deposit, if any. */
  lastDepositOn: IsoDate | null;
  /** The sum of the project's ledger: what is still in the wallet for it. */
  balanceCents: number;
}

/** Why the company cannot cancel the project now, in Dutch, or undefined when it can. */
export function cancelRefusal(
  facts: Pick<WalletProjectFacts, 'status' | 'depositedCents'>,
): string | undefined {
  if (!findTransition(projectMachine, facts.status, 'cancel', 'company')) {
    return `Een project met de status "${projectStatusLabels[facts.status]}" kunt u niet annuleren: dat kan alleen zolang het project bevestigd is en u de eigen bijdrage nog niet stortte.`;
  }
  if (facts.depositedCents > 0) {
    return 'U stortte de eigen bijdrage al (of een deel ervan): u kunt dit project niet meer annuleren. Neem contact op met uw dienstverlener.';
  }
  return undefined;
}

/** Why the company cannot pay the provider from this project's wallet now, or undefined when it can. */
export function paymentRefusal(
  facts: Pick<WalletProjectFacts, 'status' | 'balanceCents'>,
): string | undefined {
  if (facts.status !== 'Lopend') {
    return `U kunt de dienstverlener alleen betalen voor een lopend project. Dit project heeft de status "${projectStatusLabels[facts.status]}".`;
  }
  if (facts.balanceCents <= 0) {
    return 'Er staat geen geld meer op de portefeuille voor dit project: u kunt de dienstverlener niet meer betalen.';
  }
  return undefined;
}

/** The own contribution is still to be deposited (and the deadline may not have passed). */
export function awaitsDeposit(facts: Pick<WalletProjectFacts, 'status' | 'depositedCents'>): boolean {
  return facts.status === 'Bevestigd' && facts.depositedCents === 0;
}

/** "vandaag is de laatste dag", "nog 1 dag", "nog 12 dagen"; a negative count means the date passed. */
export function daysLeftText(days: number): string {
  if (days < 0) return 'de termijn is verstreken';
  if (days === 0) return 'vandaag is de laatste dag';
  return days === 1 ? 'nog 1 dag' : `nog ${days} dagen`;
}

export type DepositStateKind = 'due' | 'overdue' | 'received' | 'partial' | 'lapsed' | 'not_needed' | 'none';

export interface DepositState {
  kind: DepositStateKind;
  /** The short text of the wallet's "Storting" column. */
  text: string;
  /** Calendar days left until the deadline (inclusive), only while the deposit is due. */
  daysLeft?: number;
}

/**
 * The state of the own contribution, as the wallet shows it: to deposit by
 * the deadline, received, lapsed, … The deadline (uiterste stortingsdatum) is
 * the last day on which the deposit still counts.
 */
export function depositState(facts: WalletProjectFacts, today: IsoDate): DepositState {
  if (facts.depositedCents > 0) {
    if (facts.depositedCents < facts.ownContributionCents) {
      return {
        kind: 'partial',
        text: `Gedeeltelijk ontvangen: ${formatEuro(facts.depositedCents)} van ${formatEuro(facts.ownContributionCents)}`,
      };
    }
    return {
      kind: 'received',
      text: facts.lastDepositOn ? `Ontvangen op ${formatDate(facts.lastDepositOn)}` : 'Ontvangen',
    };
  }
  if (facts.status === 'Bevestigd') {
    const daysLeft = daysBetween(today, facts.depositDeadline);
    if (daysLeft < 0) {
      return {
        kind: 'overdue',
        text: `Niet ontvangen: de termijn liep af op ${formatDate(facts.depositDeadline)}`,
      };
    }
    return {
      kind: 'due',
      text: `${formatEuro(facts.ownContributionCents)} te storten uiterlijk op ${formatDate(facts.depositDeadline)}`,
      daysLeft,
    };
  }
  if (facts.status === 'Vervallen') return { kind: 'lapsed', text: 'Vervallen: niet tijdig gestort' };
  if (facts.status === 'ProjectGeannuleerd') return { kind: 'not_needed', text: 'Niet nodig: geannuleerd' };
  if (facts.ownContributionCents === 0) return { kind: 'not_needed', text: 'Geen eigen bijdrage' };
  return { kind: 'none', text: '–' };
}
