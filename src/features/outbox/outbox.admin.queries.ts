import type { Knex } from 'knex';
import type { OutboxStatus } from '../../infra/mail/outbox.js';
import { pageWindow } from '../../domain/pagination.js';

const MAILS_PER_PAGE = 50;

/** One row of the agency's outbox list. */
export interface OutboxListRow {
  id: number;
  toAddress: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** One mail as its detail page shows it. */
export interface OutboxMail extends OutboxListRow {
  textBody: string;
  attachmentNames: string[];
  nextAttemptAt: Date;
  sentAt: Date | null;
}

const listColumns = {
  id: 'id',
  toAddress: 'to_address',
  subject: 'subject',
  status: 'status',
  attempts: 'attempts',
  lastError: 'last_error',
  createdAt: 'created_at',
} as const;

/** The agency's read models of the mail outbox (every mail the portal sends). */
export class OutboxAdminQueries {
  constructor(private readonly db: Knex) {}

  /** A page of mails, newest first; a page beyond the last shows the last. */
  async list(filter: { status?: OutboxStatus; page: number }): Promise<{
    rows: OutboxListRow[];
    total: number;
    page: number;
    pageCount: number;
  }> {
    const base = () => {
      const query = this.db('mail_outbox');
      if (filter.status) query.where('status', filter.status);
      return query;
    };
    const counted = await base().first<{ count: number }>(this.db.raw('count(*)::int as count'));
    const total = counted?.count ?? 0;
    const { page, pageCount, offset } = pageWindow(total, filter.page, MAILS_PER_PAGE);
    const rows = (await base()
      .select(listColumns)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(MAILS_PER_PAGE)
      .offset(offset)) as OutboxListRow[];
    return { rows, total, page, pageCount };
  }

  /** How many mails failed for good (the sender gave up after its attempts). */
  async failedCount(): Promise<number> {
    const row = await this.db('mail_outbox')
      .where('status', 'failed')
      .first<{ count: number }>(this.db.raw('count(*)::int as count'));
    return row?.count ?? 0;
  }

  async find(id: number): Promise<OutboxMail | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const row = await this.db('mail_outbox')
      .where({ id })
      .first<
        | (OutboxListRow & {
            textBody: string;
            attachments: { filename: string }[];
            nextAttemptAt: Date;
            sentAt: Date | null;
          })
        | undefined
      >({
        ...listColumns,
        textBody: 'text_body',
        attachments: 'attachments',
        nextAttemptAt: 'next_attempt_at',
        sentAt: 'sent_at',
      });
    if (!row) return undefined;
    const { attachments, ...mail } = row;
    return { ...mail, id: Number(mail.id), attachmentNames: attachments.map((a) => a.filename) };
  }
}
