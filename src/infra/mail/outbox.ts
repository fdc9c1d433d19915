import type { Knex } from 'knex';

/** A mail in the outbox waits (pending), went out (sent) or gave up after every retry (failed). */
export const outboxStatuses = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
import type { ComposedMail } from './mail-composer.js';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** The attachment's bytes live in `documents`, written in the same transaction. */
  documentId: number;
}

/** A mail from `composeMail` (subject, text and HTML from the templates), its recipient and attachments. */
export interface OutgoingMail extends ComposedMail {
  to: string;
  attachments?: MailAttachment[];
}

/**
 * Puts a mail in the outbox. Call it with the transaction of the change the
 * mail reports: both commit together or not at all, and the sender delivers it
 * afterwards, retrying while the mail server is away.
 */
export async function enqueueMail(db: Knex | Knex.Transaction, mail: OutgoingMail): Promise<number> {
  const [row] = await db('mail_outbox')
    .insert({
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      attachments: JSON.stringify(mail.attachments ?? []),
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('mail_outbox insert returned no row');
  return row.id;
}
