import { isValidIban } from './belgian-identifiers.js';
import type { IsoDate } from './dates.js';
import { formatDate } from './dates.js';
import { formatEuro } from './money.js';
import { projectStatusLabels, type ProjectStatus } from './project-status.js';

/**
 * Why a credit on the payment institution's account was not booked as a
 * project's own contribution (DOMAIN.md §6: such deposits are refunded).
 */
export const depositExceptionReasons = [
  'no_communication',
  'unknown_communication',
  'wrong_amount',
  'project_annulled',
  'project_lapsed',
  'after_deadline',
  'already_paid',
  'project_not_awaiting_deposit',
] as const;

export type DepositExceptionReason = (typeof depositExceptionReasons)[number];

/** The short Dutch name of each reason, for lists and filters. */
export const depositExceptionLabels: Record<DepositExceptionReason, string> = {
  no_communication: 'Geen gestructureerde mededeling',
  unknown_communication: 'Onbekende mededeling',
  wrong_amount: 'Verkeerd bedrag',
  project_annulled: 'Project geannuleerd',
  project_lapsed: 'Project vervallen',
  after_deadline: 'Na de uiterste stortingsdatum',
  already_paid: 'Al betaald',
  project_not_awaiting_deposit: 'Project wacht niet op een storting',
};

/**
 * How staff may resolve a deposit among the exceptions: refund it to the
 * payer, book it anyway on the project the payer plainly meant, or, when the
 * statement names no account to refund to, record that they handled it
 * outside the portal.
 */
export type DepositExceptionResolution = 'refund_confirmed' | 'booked_anyway' | 'handled_manually';

/**
 * A deposit can be refunded through a payout only to the payer's account as
 * the statement gives it, a valid IBAN. Without one, staff handle it manually.
 */
export function canRefundToPayer(counterpartyIban: string | null): counterpartyIban is string {
  return counterpartyIban !== null && isValidIban(counterpartyIban);
}

/** A credit as the matching reads it. */
export interface DepositCredit {
  amountCents: number;
  bookingDate: IsoDate;
  /** 12 digits, or null when the movement carries no structured communication. */
  structuredCommunication: string | null;
}

/** The project the communication names, as the matching reads it. */
export interface DepositProject {
  projectNumber: string;
  status: ProjectStatus;
  depositDeadline: IsoDate;
  ownContributionCents: number;
  /** An own contribution is already in its ledger. */
  depositBooked: boolean;
}

export type DepositMatch =
  { outcome: 'book' } | { outcome: 'exception'; reason: DepositExceptionReason; text: string };

function exception(reason: DepositExceptionReason, text: string): DepositMatch {
  return { outcome: 'exception', reason, text };
}

/**
 * Whether a credit pays a project's own contribution (issue 18, DOMAIN.md §6):
 * the structured communication names a Bevestigd project with no deposit yet,
 * the money arrived on or before its deposit deadline (the booking date counts)
 * and the amount is exactly its own contribution. Otherwise the reason, in the
 * order staff would look: which project, its status, then date and amount.
 * `project` is undefined when no project carries the communication.
 */
export function matchDeposit(credit: DepositCredit, project: DepositProject | undefined): DepositMatch {
  if (credit.amountCents <= 0) throw new RangeError('only a credit can pay a deposit');
  if (credit.structuredCommunication === null) {
    return exception(
      'no_communication',
      'De storting heeft geen gestructureerde mededeling: ze hoort bij geen enkel project.',
    );
  }
  if (!project) {
    return exception('unknown_communication', 'Geen enkel project heeft deze gestructureerde mededeling.');
  }
  const named = `Project ${project.projectNumber}`;
  if (project.depositBooked) {
    return exception(
      'already_paid',
      `De eigen bijdrage van project ${project.projectNumber} is al ontvangen: deze storting is dubbel.`,
    );
  }
  switch (project.status) {
    case 'Bevestigd':
      break;
    case 'ProjectGeannuleerd':
      return exception('project_annulled', `${named} is geannuleerd: er is geen eigen bijdrage meer nodig.`);
    case 'Vervallen':
      return exception(
        'project_lapsed',
        `${named} is vervallen: de eigen bijdrage kwam niet op tijd binnen.`,
      );
    default:
      return exception(
        'project_not_awaiting_deposit',
        `${named} heeft de status "${projectStatusLabels[project.status]}" en wacht niet op een storting.`,
      );
  }
  if (credit.bookingDate > project.depositDeadline) {
    return exception(
      'after_deadline',
      `De storting kwam binnen op ${formatDate(credit.bookingDate)}, na de uiterste stortingsdatum van project ${project.projectNumber} (${formatDate(project.depositDeadline)}).`,
    );
  }
  if (credit.amountCents !== project.ownContributionCents) {
    return exception(
      'wrong_amount',
      `Het bedrag (${formatEuro(credit.amountCents)}) is niet de eigen bijdrage van project ${project.projectNumber} (${formatEuro(project.ownContributionCents)}).`,
    );
  }
  return { outcome: 'book' };
}
