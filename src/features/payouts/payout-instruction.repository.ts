import type { Knex } from 'knex';

/** What a payout pays: the company's payment to its provider, or a refund. */
export type PayoutKind = 'payment_to_provider' | 'refund_to_company' | 'refund_to_payer';

/**
 * One bank transfer the payment institution must make. Amounts are positive
 * integer cents (the absolute value of the ledger entry it pays out).
 */
export interface NewPayoutInstruction {
  kind: PayoutKind;
  projectId: number | null;
  /** The ledger entry this transfer pays out (unique: an entry is paid out once). */
  ledgerEntryId: number | null;
  /** The imported bank movement refunded to its payer (deposits that must be refunded). */
  bankMovementId: number | null;
  amountCents: number;
  creditorName: string;
  /** Upper case, no spaces. */
  creditorIban: string;
  creditorBic: string | null;
  /** A Belgian structured communication (OGM), 12 digits without +++ and slashes. */
  remittanceStructured: string | null;
  /** Free remittance text, at most 140 characters. */
  remittanceText: string | null;
}

const normalisedAccount = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/**
 * Queues a payout instruction. Call it in the SAME transaction as the ledger
 * entry or decision it pays out, so the money leaves the portal exactly when
 * the booking commits. Returns the instruction's id.
 */
export async function enqueuePayout(
  trx: Knex.Transaction,
  instruction: NewPayoutInstruction,
): Promise<number> {
  if (!Number.isSafeInteger(instruction.amountCents) || instruction.amountCents <= 0) {
    throw new Error(`A payout needs a positive amount in cents, got ${instruction.amountCents}`);
  }
  const bic = instruction.creditorBic === null ? null : normalisedAccount(instruction.creditorBic);
  const text = instruction.remittanceText?.trim() ?? '';
  const [row] = await trx('payout_instructions')
    .insert({
      kind: instruction.kind,
      project_id: instruction.projectId,
      ledger_entry_id: instruction.ledgerEntryId,
      bank_movement_id: instruction.bankMovementId,
      amount_cents: instruction.amountCents,
      creditor_name: instruction.creditorName.trim(),
      creditor_iban: normalisedAccount(instruction.creditorIban),
      creditor_bic: bic === '' ? null : bic,
      remittance_structured: instruction.remittanceStructured,
      remittance_text: text === '' ? null : text.slice(0, 140),
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('The payout instruction was not inserted');
  return row.id;
}
