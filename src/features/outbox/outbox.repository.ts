import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';

/** The agency's writes on the mail outbox. */
export class OutboxRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Puts a failed mail back in the queue for the sender: pending, its attempts
   * from 0 again, due now; with its audit row, in one transaction. Only a mail
   * that is still `failed` changes, so a second click (or a second person) finds
   * nothing to update and gets false; nothing is written then.
   *
   * The last error is kept: until the next attempt it is the only explanation
   * of what went wrong, and the sender clears it on success or overwrites it on
   * the next failure.
   */
  async resendFailed(id: number, context: { actor: Actor; requestId?: string }): Promise<boolean> {
    if (!Number.isSafeInteger(id) || id <= 0) return false;
    return this.db.transaction(async (trx) => {
      const updated = await trx('mail_outbox')
        .where({ id, status: 'failed' })
        .update({ status: 'pending', attempts: 0, next_attempt_at: trx.fn.now() })
        .returning<{ attempts: number }[]>('id');
      if (updated.length === 0) return false;
      await recordAudit(trx, {
        actor: context.actor,
        action: 'mail.resend',
        entityType: 'mail',
        entityId: id,
        requestId: context.requestId,
      });
      return true;
    });
  }
}
