import type { Knex } from 'knex';
import type { OutboxStatus } from '../../infra/mail/outbox.js';

/** The agency's writes on the mail outbox. */
export class OutboxRepository {
  /**
   * Puts a failed mail back in the queue for the sender: pending, its attempts
   * from 0 again, due now. Only a mail that is still `failed` changes, so a
   * second click (or a second person) finds nothing to update and gets false.
   *
   * The last error is kept: until the next attempt it is the only explanation
   * of what went wrong, and the sender clears it on success or overwrites it on
   * the next failure.
   */
  async requeueFailed(trx: Knex.Transaction, id: number): Promise<boolean> {
    const updated = await trx('mail_outbox')
      .where({ id, status: 'failed' satisfies OutboxStatus })
      .update({ status: 'pending' satisfies OutboxStatus, attempts: 0, next_attempt_at: trx.fn.now() })
      .returning<{ id: number }[]>('id');
    return updated.length > 0;
  }
}
