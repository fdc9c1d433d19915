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

/** What a ledger entry's payout reads: the entry, its project and both parties' accounts. */
interface LedgerEntryPayoutFacts {
  id: number;
  kind: string;
  amountCents: number;
  invoiceNumber: string | null;
  projectId: number;
  projectNumber: string;
  companyName: string;
  companyIban: string | null;
  companyBic: string | null;
  providerName: string;
  providerIban: string;
  providerBic: string;
}

/**
 * The bank transfer a ledger entry stands for, or null when it is no bank
 * transfer. Only real money movements out of the payment institution's
 * account become instructions:
 * - `betaling_dienstverlener` → payment_to_provider, to the provider's account,
 *   with the invoice number and the project number as remittance;
 * - `terugbetaling` → refund_to_company, to the company's account (from its
 *   onboarding);
 * - `subsidie_terug` is the unused subsidy returning to the Flemish
 *   government: the subsidy was booked into the wallet without a bank credit
 *   (only the own contribution arrives on the account), so its return only
 *   releases the government's commitment — a booking, not a bank transfer,
 *   hence no instruction;
 * - deposits in (`eigen_bijdrage`, `subsidie`) are money coming in.
 * The amount is the absolute value of the (negative) entry.
 */
function payoutForLedgerEntry(facts: LedgerEntryPayoutFacts): NewPayoutInstruction | null {
  const amountCents = Math.abs(facts.amountCents);
  const common = { projectId: facts.projectId, ledgerEntryId: facts.id, bankMovementId: null, amountCents };
  switch (facts.kind) {
    case 'betaling_dienstverlener':
      return {
        ...common,
        kind: 'payment_to_provider',
        creditorName: facts.providerName,
        creditorIban: facts.providerIban,
        creditorBic: facts.providerBic,
        remittanceStructured: null,
        remittanceText: `Factuur ${facts.invoiceNumber ?? ''} kmo-portefeuille project ${facts.projectNumber}`,
      };
    case 'terugbetaling':
      if (!facts.companyIban) {
        throw new Error(`company of project ${facts.projectNumber} has no IBAN to refund to`);
      }
      return {
        ...common,
        kind: 'refund_to_company',
        creditorName: facts.companyName,
        creditorIban: facts.companyIban,
        creditorBic: facts.companyBic,
        remittanceStructured: null,
        remittanceText: `Terugbetaling kmo-portefeuille project ${facts.projectNumber}`,
      };
    default:
      return null;
  }
}

/**
 * Queues the payouts of these freshly booked ledger entries (in the booking's
 * transaction): one instruction per entry that is a bank transfer (see
 * payoutForLedgerEntry). Returns the ids of the instructions made.
 */
export async function enqueueLedgerPayouts(
  trx: Knex.Transaction,
  ledgerEntryIds: number[],
): Promise<number[]> {
  if (ledgerEntryIds.length === 0) return [];
  const rows: LedgerEntryPayoutFacts[] = await trx('ledger_entries as le')
    .join('projects as pr', 'pr.id', 'le.project_id')
    .join('companies as c', 'c.id', 'pr.company_id')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .whereIn('le.id', ledgerEntryIds)
    .orderBy('le.id')
    .select({
      id: 'le.id',
      kind: 'le.kind',
      amountCents: 'le.amount_cents',
      invoiceNumber: 'le.invoice_number',
      projectId: 'pr.id',
      projectNumber: 'pr.project_number',
      companyName: 'c.name',
      companyIban: 'c.iban',
      companyBic: 'c.bic',
      providerName: 'p.legal_name',
      providerIban: 'p.iban',
      providerBic: 'p.bic',
    });
  const ids: number[] = [];
  for (const row of rows) {
    const instruction = payoutForLedgerEntry(row);
    if (instruction) ids.push(await enqueuePayout(trx, instruction));
  }
  return ids;
}
