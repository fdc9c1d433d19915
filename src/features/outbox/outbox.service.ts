import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import type { OutboxRepository } from './outbox.repository.js';

/** What the agency does with the outbox: send a failed mail again. */
export class OutboxService {
  constructor(
    private readonly db: Knex,
    private readonly outbox: OutboxRepository,
    private readonly options: { onMailQueued: () => void },
  ) {}

  /**
   * A failed mail back in the queue, with its audit row, in one transaction;
   * the sender is woken after the commit. False (nothing written) when the mail
   * is not failed (any more): a second click, or someone was first.
   */
  async resendFailed(id: number, context: { actor: Actor; requestId?: string }): Promise<boolean> {
    if (!Number.isSafeInteger(id) || id <= 0) return false;
    const resent = await this.db.transaction(async (trx) => {
      if (!(await this.outbox.requeueFailed(trx, id))) return false;
      await recordAudit(trx, {
        actor: context.actor,
        action: 'mail.resend',
        entityType: 'mail',
        entityId: id,
        requestId: context.requestId,
      });
      return true;
    });
    if (resent) this.options.onMailQueued();
    return resent;
  }
}
