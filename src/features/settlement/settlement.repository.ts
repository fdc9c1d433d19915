import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { LedgerEntryFacts } from '../../domain/ledger.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import { settlementEntries, type Settlement, type SettlementCause } from '../../domain/settlement.js';

/** A project as the settlement run reads it, under its row lock. */
export interface SettlementProject {
  id: number;
  projectNumber: string;
  status: ProjectStatus;
  applicationDate: IsoDate;
  projectAmountCents: number;
  ownContributionCents: number;
  subsidyCents: number;
  structuredCommunication: string;
  companyId: number;
  companyName: string;
  companyIban: string | null;
  companyBic: string | null;
  providerId: number;
  departmentId: number | null;
  entries: LedgerEntryFacts[];
}

/**
 * Reads and writes of the nightly settlement run (settlement.service.ts): the
 * running projects that may have passed their payment period, each one locked
 * with its ledger, and the entries that settle it.
 */
export class SettlementRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Lopend projects applied for before `appliedBefore`: a cheap prefilter (the
   * shortest completion term), each then checked against its own deadline.
   */
  async candidates(appliedBefore: IsoDate): Promise<number[]> {
    return this.db('projects')
      .where({ status: 'Lopend' })
      .where('application_date', '<', appliedBefore)
      .orderBy('id')
      .pluck('id');
  }

  /**
   * Locks the project row FOR UPDATE (a payment, a stop request or another
   * run waits until this transaction ends, then finds the new status) and
   * reads it with its ledger.
   */
  async lockProject(trx: Knex.Transaction, id: number): Promise<SettlementProject | undefined> {
    const locked = await trx('projects').where({ id }).forUpdate().first<{ id: number } | undefined>('id');
    if (!locked) return undefined;
    const row: Omit<SettlementProject, 'entries'> | undefined = await trx('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .where('pr.id', id)
      .first({
        id: 'pr.id',
        projectNumber: 'pr.project_number',
        status: 'pr.status',
        applicationDate: 'pr.application_date',
        projectAmountCents: 'pr.project_amount_cents',
        ownContributionCents: 'pr.own_contribution_cents',
        subsidyCents: 'pr.subsidy_cents',
        structuredCommunication: 'pr.structured_communication',
        companyId: 'c.id',
        companyName: 'c.name',
        companyIban: 'c.iban',
        companyBic: 'c.bic',
        providerId: 'pr.provider_id',
        departmentId: 'pr.department_id',
      });
    if (!row) return undefined;
    const entries: LedgerEntryFacts[] = await trx('ledger_entries')
      .where({ project_id: id })
      .orderBy('id')
      .select({ kind: 'kind', amountCents: 'amount_cents' });
    return { ...row, entries };
  }
}

/**
 * Books a settlement on the ledger on `bookedOn`, for a confirmed stop and for
 * the end of the payment period alike: the refund to the company and the
 * subsidy's return (settlementEntries), a part of zero booking nothing.
 * Returns the ids of the entries booked.
 */
export async function bookSettlement(
  trx: Knex.Transaction,
  projectId: number,
  settlement: Settlement,
  cause: SettlementCause,
  bookedOn: IsoDate,
): Promise<number[]> {
  const entries = settlementEntries(settlement, cause);
  if (entries.length === 0) return [];
  const inserted = await trx('ledger_entries')
    .insert(
      entries.map((entry) => ({
        project_id: projectId,
        kind: entry.kind,
        amount_cents: entry.amountCents,
        booked_on: bookedOn,
        reference: entry.reference,
      })),
    )
    .returning<{ id: number }[]>('id');
  return inserted.map((row) => row.id);
}
