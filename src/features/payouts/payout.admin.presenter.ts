import { formatIban, formatStructuredCommunication } from '../../domain/belgian-identifiers.js';
import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { paths } from '../../paths.js';
import { countText, type ActionItem } from '../admin/admin-home.presenter.js';
import type { PayoutKind } from './payout-instruction.repository.js';
import type {
  PayoutBatchDetail,
  PayoutBatchRow,
  PayoutInstructionRow,
  PayoutTotals,
} from './payout.queries.js';

const payoutKindLabels: Record<PayoutKind, string> = {
  payment_to_provider: 'Betaling aan de dienstverlener',
  refund_to_company: 'Terugbetaling aan de onderneming',
  refund_to_payer: 'Terugbetaling aan de betaler',
};

/** The line on /beheer: how many instructions wait for a batch. */
export function payoutsActionItem(count: number): ActionItem {
  return {
    text: `${countText(count, 'uitbetaling', 'uitbetalingen')} klaar voor een batch`,
    href: paths.admin.payouts(),
    empty: count === 0,
  };
}

function remittance(row: Pick<PayoutInstructionRow, 'remittanceStructured' | 'remittanceText'>): string {
  if (row.remittanceStructured) return formatStructuredCommunication(row.remittanceStructured);
  return row.remittanceText ?? '';
}

export const instructionColumns = [
  { key: 'nummer', label: 'Nr.', rowHeader: true },
  { key: 'soort', label: 'Soort' },
  { key: 'project', label: 'Project' },
  { key: 'begunstigde', label: 'Begunstigde' },
  { key: 'mededeling', label: 'Mededeling' },
  { key: 'bedrag', label: 'Bedrag', numeric: true },
] as const;

export function presentInstructionRows(rows: PayoutInstructionRow[]) {
  return rows.map((row) => ({
    cells: {
      nummer: String(row.id),
      soort: payoutKindLabels[row.kind],
      project: row.projectNumber ?? '',
      begunstigde: [
        row.creditorName,
        formatIban(row.creditorIban),
        ...(row.creditorBic ? [`BIC ${row.creditorBic}`] : []),
      ],
      mededeling: remittance(row),
      bedrag: formatEuro(row.amountCents),
    },
    links: row.projectNumber ? { project: paths.admin.project(row.projectNumber) } : {},
  }));
}

function batchStatusText(batch: Pick<PayoutBatchRow, 'executedOn'>): string {
  return batch.executedOn ? `Uitgevoerd op ${formatDate(batch.executedOn)}` : 'Nog niet uitgevoerd';
}

export const batchColumns = [
  { key: 'batch', label: 'Batch', rowHeader: true },
  { key: 'aangemaakt', label: 'Aangemaakt' },
  { key: 'uitvoeringsdatum', label: 'Gevraagde uitvoeringsdatum' },
  { key: 'aantal', label: 'Aantal', numeric: true },
  { key: 'totaal', label: 'Totaal', numeric: true },
  { key: 'status', label: 'Status' },
] as const;

export function presentBatchRows(rows: PayoutBatchRow[]) {
  return rows.map((row) => ({
    cells: {
      batch: `Batch ${row.id}`,
      aangemaakt: formatDateTimeInBrussels(row.createdAt),
      uitvoeringsdatum: formatDate(row.requestedExecutionDate),
      aantal: String(row.count),
      totaal: formatEuro(row.totalCents),
      status: batchStatusText(row),
    },
    links: { batch: paths.admin.payoutBatch(row.id) },
    tags: { status: row.executedOn ? 'green' : 'yellow' },
  }));
}

export function presentPendingTotals(totals: PayoutTotals) {
  return [
    { key: 'Aantal uitbetalingen', value: String(totals.count) },
    { key: 'Totaal', value: formatEuro(totals.totalCents) },
  ];
}

export function presentBatch(batch: PayoutBatchDetail) {
  return {
    id: batch.id,
    title: `Uitbetalingsbatch ${batch.id}`,
    executed: batch.executedOn !== null,
    summary: [
      { key: 'Status', value: batchStatusText(batch) },
      ...(batch.executedByLabel ? [{ key: 'Gemarkeerd door', value: batch.executedByLabel }] : []),
      {
        key: 'Aangemaakt',
        value: `${formatDateTimeInBrussels(batch.createdAt)} door ${batch.createdByLabel}`,
      },
      { key: 'Gevraagde uitvoeringsdatum', value: formatDate(batch.requestedExecutionDate) },
      { key: 'Aantal transacties', value: String(batch.count) },
      { key: 'Controletotaal', value: formatEuro(batch.totalCents) },
    ],
    instructions: { columns: instructionColumns, rows: presentInstructionRows(batch.instructions) },
    fileHref: paths.admin.payoutBatchFile(batch.id),
    executedHref: paths.admin.payoutBatchExecuted(batch.id),
  };
}
