import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { Logger } from '../../logger.js';
import type { MailAttachment, OutboxStatus } from './outbox.js';

export const MAX_ATTEMPTS = 12;

interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: MailAttachment[];
  attempts: number;
}

/** What one run did, and how many due mails it left (locked by another transaction, or over its limit). */
export interface SendRun {
  sent: number;
  failed: number;
  stillDue: number;
}

/**
 * Whether the mail server refused this mail for good: an SMTP 5xx reply to
 * the mail itself (550 mailbox unavailable, 553 bad address, 554 rejected).
 * Trying again gives the same answer, so the mail is failed at once and shows
 * on the agency's mail page. A server away (connection refused, timeout) or a
 * 4xx reply (try later) is temporary: the mail waits for the next attempt.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('responseCode' in error)) return false;
  const code = error.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Minutes to wait after the n-th failed attempt: 1, 2, 4, … up to 4 hours. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(attempts - 1, 0), 240);
}

/**
 * Delivers due mails from the outbox. Each mail is claimed with
 * `FOR UPDATE SKIP LOCKED`, so several app processes never send one twice;
 * a failure leaves it pending with a later attempt time (backing off), until
 * MAX_ATTEMPTS or a permanent refusal (`isPermanentFailure`) marks it failed.
 */
export async function sendDueMails(
  db: Knex,
  transport: Transporter,
  options: { from: string; logger: Logger; limit?: number; carryOn?: () => boolean },
): Promise<SendRun> {
  let sent = 0;
  let failed = 0;
  for (let index = 0; index < (options.limit ?? 50); index += 1) {
    // The process is stopping: no further mail in this run (the one being sent was finished).
    if (options.carryOn && !options.carryOn()) break;
    const outcome = await db.transaction(async (trx) => {
      const row = await trx<OutboxRow>('mail_outbox')
        .where('status', 'pending' satisfies OutboxStatus)
        .andWhere('next_attempt_at', '<=', trx.fn.now())
        .orderBy('id')
        .forUpdate()
        .skipLocked()
        .first();
      if (!row) return 'empty' as const;
      try {
        const attachments = await loadAttachments(trx, row.attachments);
        await transport.sendMail({
          from: options.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          ...(row.html_body ? { html: row.html_body } : {}),
          attachments,
        });
        await trx('mail_outbox')
          .where({ id: row.id })
          .update({
            status: 'sent' satisfies OutboxStatus,
            sent_at: trx.fn.now(),
            attempts: row.attempts + 1,
            last_error: null,
          });
        return 'sent' as const;
      } catch (error) {
        const attempts = row.attempts + 1;
        const givesUp = attempts >= MAX_ATTEMPTS || isPermanentFailure(error);
        options.logger.warn(
          { err: error, mailId: row.id, attempts },
          givesUp ? 'sending a mail failed for good' : 'sending a mail failed; will retry',
        );
        await trx('mail_outbox')
          .where({ id: row.id })
          .update({
            attempts,
            last_error: String(error).slice(0, 1000),
            status: (givesUp ? 'failed' : 'pending') satisfies OutboxStatus,
            next_attempt_at: trx.raw(`now() + make_interval(mins => ?)`, [retryDelayMinutes(attempts)]),
          });
        return 'failed' as const;
      }
    });
    if (outcome === 'empty') break;
    if (outcome === 'sent') sent += 1;
    else failed += 1;
  }
  // What is due and still pending: mails another transaction held locked (SKIP LOCKED
  // passed them by), or beyond this run's limit. The dispatcher runs again for them.
  const due = await db('mail_outbox')
    .where('status', 'pending' satisfies OutboxStatus)
    .andWhere('next_attempt_at', '<=', db.fn.now())
    .first<{ count: number }>(db.raw('count(*)::int as count'));
  return { sent, failed, stillDue: due?.count ?? 0 };
}

async function loadAttachments(trx: Knex.Transaction, attachments: MailAttachment[]) {
  if (attachments.length === 0) return [];
  const documents = await trx('documents')
    .whereIn(
      'id',
      attachments.map((attachment) => attachment.documentId),
    )
    .select<{ id: number; content: Buffer }[]>('id', 'content');
  return attachments.map((attachment) => {
    const document = documents.find((candidate) => candidate.id === attachment.documentId);
    if (!document) throw new Error(`attachment document ${attachment.documentId} is missing`);
    return { filename: attachment.filename, contentType: attachment.contentType, content: document.content };
  });
}
