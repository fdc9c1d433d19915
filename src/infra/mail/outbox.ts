import type { Knex } from 'knex';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** The attachment's bytes live in `documents`, written in the same transaction. */
  documentId: number;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
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
      html_body: mail.html ?? null,
      attachments: JSON.stringify(mail.attachments ?? []),
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('mail_outbox insert returned no row');
  return row.id;
}
