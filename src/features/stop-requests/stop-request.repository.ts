import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { Settlement } from '../../domain/settlement.js';
import { bookSettlement } from '../settlement/settlement.repository.js';
import { ledgerTotalsOf, type LedgerTotals } from './stop-request.queries.js';

/** What a decision on a stop request reads of the project, under its row lock. */
export interface LockedProject {
  id: number;
  status: ProjectStatus;
  applicationDate: IsoDate;
  projectAmountCents: number;
  subsidyCents: number;
  providerId: number;
  departmentId: number | null;
}

/**
 * The writes of the agency's decision on a stop request: the project locked
 * by its number, its ledger's totals and the entries that settle a stop.
 */
export class StopRequestRepository {
  /**
   * Locks the project with this number for the rest of the transaction, so a
   * concurrent decision waits and then finds the new status.
   */
  async lockByNumber(trx: Knex.Transaction, projectNumber: string): Promise<LockedProject | undefined> {
    const row: LockedProject | undefined = await trx('projects')
      .where({ project_number: projectNumber })
      .forUpdate()
      .first({
        id: 'id',
        status: 'status',
        applicationDate: 'application_date',
        projectAmountCents: 'project_amount_cents',
        subsidyCents: 'subsidy_cents',
        providerId: 'provider_id',
        departmentId: 'department_id',
      });
    return row;
  }

  ledgerTotals(trx: Knex.Transaction, projectId: number): Promise<LedgerTotals> {
    return ledgerTotalsOf(trx, projectId);
  }

  /**
   * Books a stop: the unused own contribution as a refund to the company and
   * the unused subsidy back to the government, both negative (out of the
   * wallet), on the day of the stop; as the end of the payment period does.
   */
  bookSettlement(
    trx: Knex.Transaction,
    projectId: number,
    settlement: Settlement,
    bookedOn: IsoDate,
  ): Promise<number[]> {
    return bookSettlement(trx, projectId, settlement, 'stop', bookedOn);
  }
}
