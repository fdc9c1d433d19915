import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { formatDate, type IsoDate } from '../../domain/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { executionDateProblem } from '../../domain/payout-rules.js';

const NO_PENDING_PAYOUTS_MESSAGE =
  'Er zijn geen uitbetalingen die op een batch wachten. Een lege batch maken kan niet.';

export const BATCH_NOT_FOUND_MESSAGE = 'Deze uitbetalingsbatch bestaat niet.';

export interface CreateBatchInput {
  actor: Actor;
  requestedExecutionDate: IsoDate;
  requestId?: string;
}

export interface CreatedBatch {
  id: number;
  count: number;
  totalCents: number;
}

/**
 * The agency's payout batches: gathering every instruction that waits into a
 * new batch, and marking a batch executed once the bank carried it out. Each
 * is one transaction with its audit row.
 */
export class PayoutBatchService {
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {}

  /**
   * A new batch of every instruction in no batch yet. The instructions are
   * locked (`for update`) and taken by a conditional update (`where batch_id
   * is null`), so each goes into one batch only: a concurrent creation waits
   * on the row locks, then finds them taken and skips them. When nothing is left the transaction is rolled back, so no
   * empty batch remains.
   */
  async createBatch(input: CreateBatchInput): Promise<CreatedBatch> {
    const problem = executionDateProblem(input.requestedExecutionDate, this.clock.today());
    if (problem) throw new InvalidTransitionError(problem);
    return await this.db.transaction(async (trx) => {
      const [batch] = await trx('payout_batches')
        .insert({
          requested_execution_date: input.requestedExecutionDate,
          created_by: input.actor.type === 'agency' ? input.actor.id : null,
          created_by_label: input.actor.label,
        })
        .returning<{ id: number }[]>('id');
      if (!batch) throw new Error('payout batch insert returned no row');
      // Locked in id order (no deadlock between two creations); a row another
      // creation took meanwhile is re-checked after its commit and drops out.
      const taken: { id: number; amountCents: number }[] = await trx('payout_instructions')
        .whereNull('batch_id')
        .orderBy('id')
        .forUpdate()
        .select({ id: 'id', amountCents: 'amount_cents' });
      if (taken.length === 0) throw new InvalidTransitionError(NO_PENDING_PAYOUTS_MESSAGE);
      await trx('payout_instructions')
        .whereRaw('id = any(?::int[])', [taken.map((row) => row.id)])
        .whereNull('batch_id')
        .update({ batch_id: batch.id });
      const totalCents = taken.reduce((sum, row) => sum + row.amountCents, 0);
      await recordAudit(trx, {
        actor: input.actor,
        action: 'payout_batch.create',
        entityType: 'payout_batch',
        entityId: batch.id,
        details: {
          instructionCount: taken.length,
          totalCents,
          requestedExecutionDate: input.requestedExecutionDate,
        },
        requestId: input.requestId,
      });
      return { id: batch.id, count: taken.length, totalCents };
    });
  }

  /**
   * Marks the batch executed today, once: the update only touches a batch not
   * yet executed, so a second click (or ten at once) finds it done and is
   * refused without a second effect.
   */
  async markExecuted(batchId: number, input: { actor: Actor; requestId?: string }): Promise<IsoDate> {
    const executedOn = this.clock.today();
    return await this.db.transaction(async (trx) => {
      const updated = await trx('payout_batches')
        .where({ id: batchId })
        .whereNull('executed_on')
        .update({
          executed_on: executedOn,
          executed_by: input.actor.type === 'agency' ? input.actor.id : null,
          executed_by_label: input.actor.label,
          executed_at: trx.fn.now(),
        })
        .returning<{ id: number }[]>('id');
      if (updated.length === 0) {
        const existing: { executedOn: IsoDate | null } | undefined = await trx('payout_batches')
          .where({ id: batchId })
          .first({ executedOn: 'executed_on' });
        if (!existing) throw new NotFoundError(BATCH_NOT_FOUND_MESSAGE);
        throw new ConflictError(
          `Batch ${batchId} is al als uitgevoerd gemarkeerd op ${formatDate(existing.executedOn ?? executedOn)}. Er is niets gewijzigd.`,
        );
      }
      await recordAudit(trx, {
        actor: input.actor,
        action: 'payout_batch.execute',
        entityType: 'payout_batch',
        entityId: batchId,
        details: { executedOn },
        requestId: input.requestId,
      });
      return executedOn;
    });
  }
}
