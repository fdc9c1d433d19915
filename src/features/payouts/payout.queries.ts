import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { PayoutKind } from './payout-instruction.repository.js';

export interface PayoutInstructionRow {
  id: number;
  kind: PayoutKind;
  projectNumber: string | null;
  amountCents: number;
  creditorName: string;
  creditorIban: string;
  creditorBic: string | null;
  remittanceStructured: string | null;
  remittanceText: string | null;
  createdAt: Date;
}

export interface PayoutTotals {
  count: number;
  totalCents: number;
}

export interface PayoutBatchRow extends PayoutTotals {
  id: number;
  requestedExecutionDate: IsoDate;
  createdAt: Date;
  createdByLabel: string;
  executedOn: IsoDate | null;
  executedByLabel: string | null;
}

export interface PayoutBatchDetail extends PayoutBatchRow {
  instructions: PayoutInstructionRow[];
}

const instructionColumns = {
  id: 'pi.id',
  kind: 'pi.kind',
  projectNumber: 'pr.project_number',
  amountCents: 'pi.amount_cents',
  creditorName: 'pi.creditor_name',
  creditorIban: 'pi.creditor_iban',
  creditorBic: 'pi.creditor_bic',
  remittanceStructured: 'pi.remittance_structured',
  remittanceText: 'pi.remittance_text',
  createdAt: 'pi.created_at',
};

/** Reads of the payouts: the instructions waiting for a batch, and the batches. */
export class PayoutQueries {
  constructor(private readonly db: Knex) {}

  private instructions() {
    return this.db('payout_instructions as pi').leftJoin('projects as pr', 'pr.id', 'pi.project_id');
  }

  /** The instructions in no batch yet, oldest first. */
  async pending(): Promise<PayoutInstructionRow[]> {
    return await this.instructions()
      .whereNull('pi.batch_id')
      .orderBy([{ column: 'pi.created_at' }, { column: 'pi.id' }])
      .select(instructionColumns);
  }

  async pendingTotals(): Promise<PayoutTotals> {
    const row = await this.db('payout_instructions')
      .whereNull('batch_id')
      .first<{ count: number; totalCents: number }>(
        this.db.raw('count(*)::int as "count"'),
        this.db.raw('coalesce(sum(amount_cents), 0)::bigint as "totalCents"'),
      );
    return { count: row?.count ?? 0, totalCents: Number(row?.totalCents ?? 0) };
  }

  private batchRows() {
    return this.db('payout_batches as b')
      .leftJoin('payout_instructions as pi', 'pi.batch_id', 'b.id')
      .groupBy('b.id')
      .select({
        id: 'b.id',
        requestedExecutionDate: 'b.requested_execution_date',
        createdAt: 'b.created_at',
        createdByLabel: 'b.created_by_label',
        executedOn: 'b.executed_on',
        executedByLabel: 'b.executed_by_label',
      })
      .select(
        this.db.raw('count(pi.id)::int as "count"'),
        this.db.raw('coalesce(sum(pi.amount_cents), 0)::bigint as "totalCents"'),
      );
  }

  /** Every batch, newest first. */
  async batches(): Promise<PayoutBatchRow[]> {
    const rows = (await this.batchRows().orderBy('b.id', 'desc')) as PayoutBatchRow[];
    return rows;
  }

  async batch(id: number): Promise<PayoutBatchDetail | undefined> {
    const [row] = (await this.batchRows().where('b.id', id)) as PayoutBatchRow[];
    if (!row) return undefined;
    const instructions: PayoutInstructionRow[] = await this.instructions()
      .where('pi.batch_id', id)
      .orderBy('pi.id')
      .select(instructionColumns);
    return { ...row, instructions };
  }
}
