import type { Knex } from 'knex';
import { applyStatusTransition } from '../../db/status-transition.js';
import type { Actor } from '../../domain/actor.js';
import type { IsoDate } from '../../domain/dates.js';
import { projectMachine } from '../../domain/project-status.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { projectMailFacts } from '../../infra/mail/mail-templates.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import type { ProjectReactionRepository } from '../projects/project-reaction.repository.js';
import { projectStore } from '../projects/project.repository.js';
import type { DepositRepository, LockedDepositProject } from './deposit.repository.js';

export interface DepositBookingDeps {
  deposits: DepositRepository;
  projects: Pick<ProjectReactionRepository, 'mailContext'>;
  publicUrl: string;
}

/** The movement a deposit is booked from. */
export interface DepositMovement {
  id: number;
  amountCents: number;
  bookingDate: IsoDate;
  /** How the ledger names the movement: the bank's reference, or the statement and movement key. */
  reference: string;
}

/**
 * Books a project's own contribution from a bank movement, inside the
 * caller's transaction with the project locked: Bevestigd → Lopend through the
 * status machine (its history and audit row), the deposit and the subsidy on
 * the ledger on the movement's booking date, the movement linked to its entry,
 * and the mails to the company and the provider. The status machine's row is
 * a `system` one (money arriving moves the project, not a person); the actor
 * recorded is whoever caused it: the staff member who imported the statement
 * or who decided to book the exception.
 */
export async function bookDepositFromMovement(
  trx: Knex.Transaction,
  deps: DepositBookingDeps,
  project: LockedDepositProject,
  movement: DepositMovement,
  context: { actor: Actor; requestId?: string; reason?: string },
): Promise<number> {
  await applyStatusTransition(trx, projectMachine, projectStore, {
    id: project.id,
    action: 'receive_deposit',
    actorKind: 'system',
    actor: context.actor,
    expectedFrom: 'Bevestigd',
    reason: context.reason,
    requestId: context.requestId,
    auditDetails: {
      depositCents: movement.amountCents,
      subsidyCents: project.subsidyCents,
      bookedOn: movement.bookingDate,
      bankMovementId: movement.id,
    },
  });
  const ledgerEntryId = await deps.deposits.bookDeposit(trx, project, movement);
  await deps.deposits.linkLedgerEntry(trx, movement.id, ledgerEntryId);

  const mailContext = await deps.projects.mailContext(trx, project.id);
  const facts = {
    ...projectMailFacts(mailContext),
    depositCents: movement.amountCents,
    subsidyCents: project.subsidyCents,
    receivedOn: movement.bookingDate,
  };
  for (const address of mailContext.companyEmails) {
    await enqueueMail(trx, {
      to: address,
      ...composeMail('deposit-received-to-company', {
        ...facts,
        projectUrl: `${deps.publicUrl}${paths.company.project(mailContext.projectNumber)}`,
      }),
    });
  }
  for (const address of mailContext.providerEmails) {
    await enqueueMail(trx, {
      to: address,
      ...composeMail('deposit-received-to-provider', {
        ...facts,
        projectUrl: `${deps.publicUrl}${paths.provider.project(mailContext.projectNumber)}`,
      }),
    });
  }
  return ledgerEntryId;
}

/** How the ledger and the refund's remittance name a movement. */
export function movementReference(movement: {
  bankReference: string | null;
  statementId: string;
  movementKey: string;
}): string {
  return movement.bankReference
    ? `Storting, bankreferentie ${movement.bankReference}`
    : `Storting, uittreksel ${movement.statementId} beweging ${movement.movementKey}`;
}
