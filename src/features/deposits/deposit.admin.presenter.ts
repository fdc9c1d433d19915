import { formatIban, formatStructuredCommunication } from '../../domain/belgian-identifiers.js';
import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import { canRefundToPayer, depositExceptionLabels } from '../../domain/deposit-matching.js';
import { formatEuro } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { paths } from '../../paths.js';
import { countText, type ActionItem } from '../admin/admin-home.presenter.js';
import { WHOLE_FILE } from '../../infra/bank-statements/statement.js';
import type { UploadResult } from './deposit-import.service.js';
import type { ImportStatus } from './deposit.repository.js';
import type { ImportRow, MovementRow, StatementRow } from './deposit.queries.js';
import { oneOf } from '../../web/url-values.js';

/** The decisions on an exception, by their Dutch URL slug. */
export const exceptionDecisionSlugs = ['terugstorten', 'boeken', 'handmatig'] as const;
export type ExceptionDecisionSlug = (typeof exceptionDecisionSlugs)[number];

export function exceptionDecisionOfSlug(slug: string): ExceptionDecisionSlug | undefined {
  return oneOf(exceptionDecisionSlugs, slug);
}

const exceptionDecisionLabels: Record<ExceptionDecisionSlug, string> = {
  terugstorten: 'Terugstorten bevestigen',
  boeken: 'Toch boeken',
  handmatig: 'Handmatig afgehandeld',
};

const formatLabels = { coda: 'CODA', camt053: 'camt.053' } as const;

export function depositsActionItem(openExceptions: number): ActionItem {
  return {
    text: `${countText(openExceptions, 'storting', 'stortingen')} zonder match`,
    href: paths.admin.depositExceptions(),
    empty: openExceptions === 0,
  };
}

const iban = (value: string | null) => (value ? formatIban(value) : 'niet vermeld');
const communication = (movement: Pick<MovementRow, 'structuredCommunication' | 'freeCommunication'>) =>
  movement.structuredCommunication
    ? /^[0-9]{12}$/.test(movement.structuredCommunication)
      ? formatStructuredCommunication(movement.structuredCommunication)
      : movement.structuredCommunication
    : movement.freeCommunication?.trim() || 'geen';

function resolutionText(movement: MovementRow): string {
  if (movement.resolution === 'refund_confirmed') return 'Terugstorting bevestigd';
  if (movement.resolution === 'booked_anyway')
    return `Toch geboekt op ${movement.projectNumber ?? ''}`.trim();
  if (movement.resolution === 'handled_manually') return 'Handmatig afgehandeld';
  return 'Open';
}

export const statementColumns = [
  { key: 'statement', label: 'Uittreksel', rowHeader: true },
  { key: 'account', label: 'Rekening' },
  { key: 'date', label: 'Datum' },
  { key: 'format', label: 'Formaat' },
  { key: 'booked', label: 'Geboekt', numeric: true },
  { key: 'exceptions', label: 'Uitzonderingen', numeric: true },
  { key: 'debits', label: 'Uitgaand', numeric: true },
  { key: 'imported', label: 'Ingelezen' },
  { key: 'state', label: 'Stand' },
];

export function presentStatementRows(rows: StatementRow[]) {
  return rows.map((row) => ({
    cells: {
      statement: row.statementId,
      account: formatIban(row.accountIban),
      date: formatDate(row.statementDate),
      format: formatLabels[row.format],
      booked: String(row.booked),
      exceptions: String(row.exceptions),
      debits: String(row.ignoredDebits),
      imported: `${formatDateTimeInBrussels(row.importedAt)} door ${row.importedBy}`,
      state: importStatusLabels[row.importStatus ?? 'klaar'],
    },
    links: {
      statement: paths.admin.depositStatement(row.id),
      ...(row.importId !== null ? { state: paths.admin.depositImport(row.importId) } : {}),
    },
    tags: { state: importStatusTags[row.importStatus ?? 'klaar'] },
  }));
}

export function presentStatement(row: StatementRow, movements: MovementRow[]) {
  return {
    title: `Uittreksel ${row.statementId}`,
    summary: [
      { key: 'Rekening', value: formatIban(row.accountIban) },
      { key: 'Uittreksel', value: row.statementId },
      { key: 'Datum', value: formatDate(row.statementDate) },
      { key: 'Formaat', value: formatLabels[row.format] },
      { key: 'Oud saldo', value: formatEuro(row.openingBalanceCents) },
      { key: 'Nieuw saldo', value: formatEuro(row.closingBalanceCents) },
      { key: 'Bestand', value: row.filename },
      { key: 'Ingelezen', value: `${formatDateTimeInBrussels(row.importedAt)} door ${row.importedBy}` },
    ],
    columns: [
      { key: 'date', label: 'Boekingsdatum', rowHeader: true },
      { key: 'amount', label: 'Bedrag', numeric: true },
      { key: 'payer', label: 'Tegenpartij' },
      { key: 'communication', label: 'Mededeling' },
      { key: 'outcome', label: 'Resultaat' },
    ],
    rows: movements.map((movement) => ({
      cells: {
        date: formatDate(movement.bookingDate),
        amount: formatEuro(movement.amountCents),
        payer: movement.counterpartyName ?? iban(movement.counterpartyIban),
        communication: communication(movement),
        outcome:
          movement.outcome === 'booked'
            ? `Geboekt op ${movement.projectNumber ?? ''}`
            : movement.outcome === 'ignored_debit'
              ? 'Uitgaand: niet verwerkt'
              : movement.outcome === 'pending'
                ? 'Nog niet verwerkt'
                : `Uitzondering: ${movement.exceptionReason ? depositExceptionLabels[movement.exceptionReason] : ''}`,
      },
      ...(movement.outcome === 'exception'
        ? { links: { outcome: paths.admin.depositException(movement.id) } }
        : {}),
    })),
  };
}

export const exceptionColumns = [
  { key: 'date', label: 'Boekingsdatum', rowHeader: true },
  { key: 'amount', label: 'Bedrag', numeric: true },
  { key: 'payer', label: 'Betaler' },
  { key: 'communication', label: 'Mededeling' },
  { key: 'reason', label: 'Reden' },
  { key: 'state', label: 'Stand' },
];

export function presentExceptionRows(rows: MovementRow[]) {
  return rows.map((row) => ({
    cells: {
      date: formatDate(row.bookingDate),
      amount: formatEuro(row.amountCents),
      payer: row.counterpartyName ?? iban(row.counterpartyIban),
      communication: communication(row),
      reason: row.exceptionReason ? depositExceptionLabels[row.exceptionReason] : '',
      state: resolutionText(row),
    },
    links: { date: paths.admin.depositException(row.id) },
    tags: { state: row.resolution ? 'grey' : 'orange' },
  }));
}

export function presentException(row: MovementRow) {
  const open = row.resolution === null;
  const refundIban = canRefundToPayer(row.counterpartyIban) ? row.counterpartyIban : null;
  return {
    id: row.id,
    title: `Storting van ${formatEuro(row.amountCents)} op ${formatDate(row.bookingDate)}`,
    open,
    reasonLabel: row.exceptionReason ? depositExceptionLabels[row.exceptionReason] : '',
    reasonText: row.exceptionText ?? '',
    movement: [
      { key: 'Boekingsdatum', value: formatDate(row.bookingDate) },
      { key: 'Valutadatum', value: formatDate(row.valueDate) },
      { key: 'Bedrag', value: formatEuro(row.amountCents) },
      { key: 'Betaler', value: row.counterpartyName ?? 'niet vermeld' },
      { key: 'Rekening van de betaler', value: iban(row.counterpartyIban) },
      ...(row.counterpartyBic ? [{ key: 'BIC', value: row.counterpartyBic }] : []),
      { key: 'Mededeling', value: communication(row) },
      ...(row.structuredCommunication && row.freeCommunication
        ? [{ key: 'Vrije mededeling', value: row.freeCommunication }]
        : []),
      { key: 'Op rekening', value: formatIban(row.accountIban) },
      { key: 'Uittreksel', value: row.statementId },
      ...(row.bankReference ? [{ key: 'Bankreferentie', value: row.bankReference }] : []),
    ],
    project: row.projectNumber
      ? {
          href: paths.admin.project(row.projectNumber),
          projectNumber: row.projectNumber,
          rows: [
            { key: 'Project', value: `${row.projectNumber} – ${row.projectTitle ?? ''}` },
            { key: 'Onderneming', value: row.companyName ?? '' },
            { key: 'Status', value: row.projectStatus ? projectStatusLabels[row.projectStatus] : '' },
            {
              key: 'Eigen bijdrage',
              value: row.ownContributionCents === null ? '' : formatEuro(row.ownContributionCents),
            },
            {
              key: 'Uiterste stortingsdatum',
              value: row.depositDeadline ? formatDate(row.depositDeadline) : '',
            },
          ],
        }
      : null,
    refund: refundIban
      ? {
          possible: true,
          text: `Voorstel: ${formatEuro(row.amountCents)} terugstorten aan ${row.counterpartyName ?? 'de betaler'} op rekening ${formatIban(refundIban)}.`,
        }
      : {
          possible: false,
          text: 'Het uittreksel vermeldt geen rekening van de betaler: een terugstorting kan niet worden voorgesteld. Boek de storting toch, of regel ze buiten het portaal en markeer ze dan als handmatig afgehandeld.',
        },
    resolution: open
      ? null
      : [
          { key: 'Beslissing', value: resolutionText(row) },
          { key: 'Door', value: row.resolvedBy ?? '' },
          { key: 'Op', value: row.resolvedAt ? formatDateTimeInBrussels(row.resolvedAt) : '' },
          ...(row.resolutionReason ? [{ key: 'Reden', value: row.resolutionReason }] : []),
        ],
    decisions: open
      ? exceptionDecisionSlugs
          // Refund when the statement names the payer's account; otherwise handle it manually.
          .filter((slug) => slug === 'boeken' || (slug === 'terugstorten') === (refundIban !== null))
          .map((slug) => ({
            slug,
            label: exceptionDecisionLabels[slug],
            href: paths.admin.depositExceptionDecision(row.id, slug),
          }))
      : [],
  };
}

const countFormat = new Intl.NumberFormat('nl-BE');
/** A count as Belgians write it: 10.000. */
const count = (value: number) => countFormat.format(value);

export const importStatusLabels: Record<ImportStatus, string> = {
  wachtend: 'Wachtend',
  bezig: 'Bezig',
  klaar: 'Klaar',
  mislukt: 'Mislukt',
};

const importStatusTags: Record<ImportStatus, string> = {
  wachtend: 'grey',
  bezig: 'blue',
  klaar: 'green',
  mislukt: 'red',
};

/** An upload's import as its page shows it: the progress while the job runs, the counts, per statement. */
export function presentImport(row: ImportRow) {
  const done = row.status === 'klaar' || row.status === 'mislukt';
  const progress =
    row.status === 'wachtend'
      ? `Het inlezen wacht op zijn beurt: ${count(row.credits)} ${row.credits === 1 ? 'beweging' : 'bewegingen'} te verwerken.`
      : `Verwerkt: ${count(row.processed)} van ${count(row.credits)} ${row.credits === 1 ? 'beweging' : 'bewegingen'}.`;
  return {
    id: row.id,
    title: `Inlezen van ${row.filename}`,
    status: row.status,
    statusLabel: importStatusLabels[row.status],
    statusTag: importStatusTags[row.status],
    done,
    progress,
    failure:
      row.status === 'mislukt'
        ? {
            message: row.errorMessage ?? 'Het inlezen is mislukt.',
            text: `Het inlezen is gestopt na ${count(row.processed)} van ${count(row.credits)} bewegingen. Wat verwerkt is, blijft geboekt: elke reeks bewegingen is in zijn geheel geboekt of helemaal niet. De ${count(row.credits - row.processed)} andere bewegingen zijn nog niet verwerkt.`,
          }
        : null,
    summary: [
      { key: 'Bestand', value: row.filename },
      { key: 'Ingelezen door', value: `${row.importedBy} op ${formatDateTimeInBrussels(row.createdAt)}` },
      { key: 'Stand', value: importStatusLabels[row.status] },
      { key: 'Uittreksels', value: String(row.statements.length) },
      { key: 'Geboekt', value: count(row.booked) },
      { key: 'Uitzonderingen', value: count(row.exceptions) },
      { key: 'Al ingelezen', value: count(row.alreadyImported) },
      { key: 'Uitgaand, niet verwerkt', value: count(row.ignoredDebits) },
    ],
    columns: [
      { key: 'statement', label: 'Uittreksel', rowHeader: true },
      { key: 'account', label: 'Rekening' },
      { key: 'date', label: 'Datum' },
      { key: 'booked', label: 'Geboekt', numeric: true },
      { key: 'exceptions', label: 'Uitzonderingen', numeric: true },
      { key: 'already', label: 'Al ingelezen', numeric: true },
      { key: 'debits', label: 'Uitgaand', numeric: true },
    ],
    rows: row.statements.map((statement) => ({
      cells: {
        statement: statement.id === null ? `${statement.statementId} (al ingelezen)` : statement.statementId,
        account: formatIban(statement.accountIban),
        date: formatDate(statement.statementDate),
        booked: count(statement.booked),
        exceptions: count(statement.exceptions),
        already: count(statement.alreadyImported),
        debits: count(statement.ignoredDebits),
      },
      ...(statement.id !== null ? { links: { statement: paths.admin.depositStatement(statement.id) } } : {}),
    })),
    refreshHref: paths.admin.depositImport(row.id),
  };
}

/** Why a file was refused, for the message beside the upload field: where (a line, an element), and why. */
export function importRefusalText(result: Extract<UploadResult, { ok: false }>): string {
  if (result.location === WHOLE_FILE) {
    return `Het bestand is niet ingelezen. ${result.reason} Er is niets geboekt.`;
  }
  return `Het bestand is niet ingelezen: ${result.location}: ${result.reason.replace(/\.$/, '')}. Er is niets geboekt.`;
}
