import type { Knex } from 'knex';
import { isValidBic } from '../../domain/belgian-identifiers.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { canRefundToPayer, matchDeposit } from '../../domain/deposit-matching.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { enqueuePayout } from '../payouts/payout-instruction.repository.js';
import { bookDepositFromMovement, movementReference, type DepositBookingDeps } from './deposit-booking.js';
import type { LockedMovement } from './deposit.repository.js';

interface DecisionInput {
  actor: Actor;
  requestId?: string;
}

/** Why a decision cannot be taken on this movement any more (or never could). */
function alreadyDecided(movement: LockedMovement): string {
  if (movement.resolution === 'refund_confirmed')
    return 'De terugstorting van deze storting is al bevestigd.';
  if (movement.resolution === 'booked_anyway') return 'Deze storting is al toch geboekt.';
  if (movement.resolution === 'handled_manually')
    return 'Deze storting is al als handmatig afgehandeld gemarkeerd.';
  return 'Over deze storting valt niets te beslissen: ze is geen uitzondering.';
}

/** A refund's free remittance text: it names the movement it returns (at most 140 characters). */
function refundRemittance(movement: {
  bookingDate: string;
  bankReference: string | null;
  statementId: string;
  movementKey: string;
  structuredCommunication: string | null;
}): string {
  const reference = movement.bankReference
    ? `bankreferentie ${movement.bankReference}`
    : `uittreksel ${movement.statementId} beweging ${movement.movementKey}`;
  const communication = movement.structuredCommunication
    ? `, mededeling ${movement.structuredCommunication}`
    : '';
  return `Terugstorting kmo-portefeuille: uw storting van ${movement.bookingDate}, ${reference}${communication}`.slice(
    0,
    140,
  );
}

/**
 * Staff's decisions on a deposit that landed among the exceptions (issue 18):
 * confirm the proposed refund of the whole amount to the payer's account, or
 * book it anyway on a project they name, with a reason, where the payer is
 * plainly right; or, only when the statement names no account to refund to,
 * mark it handled manually with a note of what they did. Booking anyway is allowed exactly when the matching rule would
 * have booked the credit had its communication named that project: a
 * Bevestigd project without a deposit, in time, for exactly its own
 * contribution. Each decision is one transaction on the locked movement; a
 * second click finds it decided and changes nothing.
 */
export class DepositExceptionService {
  constructor(
    private readonly db: Knex,
    private readonly deps: DepositBookingDeps & { onMailQueued: () => void },
  ) {}

  async confirmRefund(movementId: number, input: DecisionInput): Promise<{ amountCents: number }> {
    return this.db.transaction(async (trx) => {
      const movement = await this.lockOpen(trx, movementId);
      if (!canRefundToPayer(movement.counterpartyIban)) {
        throw new InvalidTransitionError(
          'Het uittreksel vermeldt geen rekening van de betaler: deze storting kan niet automatisch worden teruggestort. Behandel ze manueel.',
        );
      }
      const statementId = await this.deps.deposits.statementIdOf(trx, movement.statementId);
      const payoutId = await enqueuePayout(trx, {
        kind: 'refund_to_payer',
        projectId: movement.projectId,
        ledgerEntryId: null,
        bankMovementId: movement.id,
        amountCents: movement.amountCents,
        creditorName: movement.counterpartyName?.trim() || 'Onbekende betaler',
        creditorIban: movement.counterpartyIban,
        creditorBic:
          movement.counterpartyBic && isValidBic(movement.counterpartyBic) ? movement.counterpartyBic : null,
        remittanceStructured: null,
        remittanceText: refundRemittance({ ...movement, statementId }),
      });
      await this.deps.deposits.resolve(trx, movement.id, {
        resolution: 'refund_confirmed',
        actor: input.actor,
        reason: null,
      });
      await recordAudit(trx, {
        actor: input.actor,
        action: 'bank_movement.confirm_refund',
        entityType: 'bank_movement',
        entityId: movement.id,
        details: {
          amountCents: movement.amountCents,
          iban: movement.counterpartyIban,
          exceptionReason: movement.exceptionReason,
          payoutInstructionId: payoutId,
        },
        requestId: input.requestId,
      });
      return { amountCents: movement.amountCents };
    });
  }

  async bookAnyway(
    movementId: number,
    input: DecisionInput & { projectNumber: string; reason: string },
  ): Promise<{ projectNumber: string; amountCents: number }> {
    const reason = input.reason.trim();
    if (reason === '') throw new InvalidTransitionError('Geef een reden op om de storting toch te boeken.');
    const result = await this.db.transaction(async (trx) => {
      const movement = await this.lockOpen(trx, movementId);
      const project = await this.deps.deposits.lockProjectByNumber(trx, input.projectNumber.trim());
      if (!project) throw new BookAnywayRefused('Er bestaat geen project met dit nummer.');
      const match = matchDeposit(
        {
          amountCents: movement.amountCents,
          bookingDate: movement.bookingDate,
          structuredCommunication: project.structuredCommunication,
        },
        project,
      );
      if (match.outcome === 'exception') {
        throw new BookAnywayRefused(
          `Deze storting kan niet op project ${project.projectNumber} geboekt worden. ${match.text}`,
        );
      }
      const statementId = await this.deps.deposits.statementIdOf(trx, movement.statementId);
      // The movement's decision first: the booking's audit row (the status machine's) is then among the last writes.
      const ledgerEntryId = await bookDepositFromMovement(
        trx,
        this.deps,
        project,
        {
          id: movement.id,
          amountCents: movement.amountCents,
          bookingDate: movement.bookingDate,
          reference: movementReference({ ...movement, statementId }),
        },
        { actor: input.actor, requestId: input.requestId, reason },
      );
      await this.deps.deposits.resolve(trx, movement.id, {
        resolution: 'booked_anyway',
        actor: input.actor,
        reason,
        projectId: project.id,
        ledgerEntryId,
      });
      await recordAudit(trx, {
        actor: input.actor,
        action: 'bank_movement.book_anyway',
        entityType: 'bank_movement',
        entityId: movement.id,
        details: {
          amountCents: movement.amountCents,
          projectNumber: project.projectNumber,
          exceptionReason: movement.exceptionReason,
          reason,
        },
        requestId: input.requestId,
      });
      return { projectNumber: project.projectNumber, amountCents: movement.amountCents };
    });
    this.deps.onMailQueued();
    return result;
  }

  /**
   * Records that staff handled a deposit outside the portal (a refund they
   * arranged with the payer, say): only for one that cannot be refunded
   * through a payout, since the statement names no valid payer account.
   * Books and pays nothing; the note says what was done.
   */
  async handleManually(movementId: number, input: DecisionInput & { note: string }): Promise<void> {
    const note = input.note.trim();
    if (note === '') throw new InvalidTransitionError('Schrijf op hoe de storting afgehandeld is.');
    await this.db.transaction(async (trx) => {
      const movement = await this.lockOpen(trx, movementId);
      if (canRefundToPayer(movement.counterpartyIban)) {
        throw new InvalidTransitionError(
          'Deze storting kan naar de rekening van de betaler teruggestort worden: bevestig de terugstorting of boek ze toch.',
        );
      }
      await this.deps.deposits.resolve(trx, movement.id, {
        resolution: 'handled_manually',
        actor: input.actor,
        reason: note,
      });
      await recordAudit(trx, {
        actor: input.actor,
        action: 'bank_movement.handle_manually',
        entityType: 'bank_movement',
        entityId: movement.id,
        details: {
          amountCents: movement.amountCents,
          exceptionReason: movement.exceptionReason,
          note,
        },
        requestId: input.requestId,
      });
    });
  }

  private async lockOpen(trx: Knex.Transaction, movementId: number): Promise<LockedMovement> {
    const movement = await this.deps.deposits.lockMovement(trx, movementId);
    if (!movement || movement.outcome === 'ignored_debit')
      throw new NotFoundError('Deze storting bestaat niet.');
    if (movement.outcome !== 'exception' || movement.resolution !== null) {
      throw new ConflictError(alreadyDecided(movement));
    }
    return movement;
  }
}

/** Booking anyway refused for a reason staff can fix on the form (the project, its amount, …). */
export class BookAnywayRefused extends InvalidTransitionError {}
