import { formatDateTimeInBrussels } from '../../domain/dates.js';
import { paths } from '../../paths.js';
import { outboxStatuses, type OutboxStatus } from '../../infra/mail/outbox.js';
import type { OutboxListRow, OutboxMail } from './outbox.admin.queries.js';

const outboxStatusLabels: Record<OutboxStatus, string> = {
  pending: 'Wacht',
  sent: 'Verstuurd',
  failed: 'Mislukt',
};

const statusColours: Record<OutboxStatus, 'yellow' | 'green' | 'red'> = {
  pending: 'yellow',
  sent: 'green',
  failed: 'red',
};

/** The filter's values in the URL, in Dutch: ?status=mislukt. */
export const outboxStatusSlugs: Record<OutboxStatus, string> = {
  pending: 'wacht',
  sent: 'verstuurd',
  failed: 'mislukt',
};

export function statusOfSlug(slug: unknown): OutboxStatus | undefined {
  return outboxStatuses.find((status) => outboxStatusSlugs[status] === slug);
}

/** The list's address with this filter and page; page 1 and no filter are left out. */
export function mailListHref(status: OutboxStatus | undefined, page = 1): string {
  const search = new URLSearchParams();
  if (status) search.set('status', outboxStatusSlugs[status]);
  if (page > 1) search.set('pagina', String(page));
  const query = search.toString();
  return query ? `${paths.admin.mails()}?${query}` : paths.admin.mails();
}

export const mailStatusFilterItems = outboxStatuses.map((status) => ({
  value: outboxStatusSlugs[status],
  label: outboxStatusLabels[status],
}));

export const mailColumns = [
  { key: 'createdAt', label: 'Aangemaakt' },
  { key: 'to', label: 'Aan' },
  { key: 'subject', label: 'Onderwerp', rowHeader: true },
  { key: 'status', label: 'Status' },
  { key: 'attempts', label: 'Pogingen', numeric: true },
  { key: 'lastError', label: 'Laatste fout' },
] as const;

/** The sender's last error, while it still explains something: a sent mail's is history. */
function visibleLastError(mail: { status: OutboxStatus; lastError: string | null }): string | undefined {
  return mail.status === 'sent' ? undefined : (mail.lastError ?? undefined);
}

/** "1 mail is mislukt" / "3 mails zijn mislukt": the agency home and the mail list link it to the failed ones. */
export function failedMailsText(count: number): string {
  return count === 1 ? '1 mail is mislukt' : `${count} mails zijn mislukt`;
}

export function presentMailRows(rows: OutboxListRow[]) {
  return rows.map((row) => ({
    cells: {
      createdAt: formatDateTimeInBrussels(row.createdAt),
      to: row.toAddress,
      subject: row.subject,
      status: outboxStatusLabels[row.status],
      attempts: String(row.attempts),
      lastError: visibleLastError(row) ?? '',
    },
    links: { subject: paths.admin.mail(row.id) },
    tags: { status: statusColours[row.status] },
  }));
}

export function presentMail(mail: OutboxMail) {
  return {
    id: mail.id,
    title: `Mail: ${mail.subject}`,
    status: {
      text: outboxStatusLabels[mail.status],
      colour: statusColours[mail.status],
    },
    headers: [
      { key: 'Aan', value: mail.toAddress },
      { key: 'Onderwerp', value: mail.subject },
      { key: 'Aangemaakt', value: formatDateTimeInBrussels(mail.createdAt) },
      {
        key: 'Bijlagen',
        value: mail.attachmentNames.length > 0 ? mail.attachmentNames.join(', ') : 'Geen',
      },
    ],
    delivery: [
      { key: 'Status', value: outboxStatusLabels[mail.status] },
      { key: 'Pogingen', value: String(mail.attempts) },
      {
        key: 'Verstuurd op',
        value: mail.sentAt ? formatDateTimeInBrussels(mail.sentAt) : 'Nog niet verstuurd',
      },
      ...(mail.status === 'pending'
        ? [{ key: 'Volgende poging', value: formatDateTimeInBrussels(mail.nextAttemptAt) }]
        : []),
      { key: 'Laatste fout', value: visibleLastError(mail) ?? '–' },
    ],
    textBody: mail.textBody,
    resendHref: mail.status === 'failed' ? paths.admin.mailResend(mail.id) : undefined,
  };
}
