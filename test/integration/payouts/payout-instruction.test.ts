import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enqueuePayout,
  type NewPayoutInstruction,
} from '../../../src/features/payouts/payout-instruction.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/*
 * The payout queue's foundation (issue 18): an instruction is written in the
 * caller's transaction (rolled back with it), with a positive amount, a
 * normalised account, and at most one instruction per ledger entry.
 */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
});
afterAll(async () => {
  await database.destroy();
});

const base: NewPayoutInstruction = {
  kind: 'refund_to_payer',
  projectId: null,
  ledgerEntryId: null,
  bankMovementId: null,
  amountCents: 12345,
  creditorName: 'Testonderneming A en B',
  creditorIban: 'be68 5390 0754 7034',
  creditorBic: 'bbrubebb',
  remittanceStructured: null,
  remittanceText: '  Terugbetaling storting  ',
};

describe('enqueuePayout', () => {
  it('writes a pending instruction with its account normalised', async () => {
    const id = await database.db.transaction((trx) => enqueuePayout(trx, base));
    const row = await database.db('payout_instructions').where({ id }).first();
    expect(row).toMatchObject({
      kind: 'refund_to_payer',
      amount_cents: 12345,
      creditor_iban: 'BE68539007547034',
      creditor_bic: 'BBRUBEBB',
      remittance_text: 'Terugbetaling storting',
      batch_id: null,
    });
  });

  it('rolls back with the transaction it is part of', async () => {
    const before = await database.db('payout_instructions').count<{ count: string }[]>({ count: '*' });
    await expect(
      database.db.transaction(async (trx) => {
        await enqueuePayout(trx, { ...base, amountCents: 500 });
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');
    const after = await database.db('payout_instructions').count<{ count: string }[]>({ count: '*' });
    expect(after[0]?.count).toBe(before[0]?.count);
  });

  it('refuses a zero or negative amount', async () => {
    await expect(
      database.db.transaction((trx) => enqueuePayout(trx, { ...base, amountCents: 0 })),
    ).rejects.toThrow();
    await expect(
      database.db.transaction((trx) => enqueuePayout(trx, { ...base, amountCents: -100 })),
    ).rejects.toThrow();
  });

  it('pays a ledger entry out at most once', async () => {
    const entry = await database
      .db('ledger_entries')
      .where({ kind: 'betaling_dienstverlener' })
      .first('id', 'project_id');
    expect(entry).toBeDefined();
    const instruction = {
      ...base,
      kind: 'payment_to_provider' as const,
      projectId: entry.project_id,
      ledgerEntryId: entry.id,
    };
    await database.db.transaction((trx) => enqueuePayout(trx, instruction));
    await expect(database.db.transaction((trx) => enqueuePayout(trx, instruction))).rejects.toThrow(/unique/);
  });
});
