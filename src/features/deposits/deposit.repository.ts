import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor.js';
import type { IsoDate } from '../../domain/dates.js';
import type {
  DepositExceptionReason,
  DepositExceptionResolution,
  DepositProject,
} from '../../domain/deposit-matching.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { ParsedMovement, ParsedStatement } from '../../infra/bank-statements/statement.js';

/** A project as a deposit reads it, under its row lock. */
export interface LockedDepositProject extends DepositProject {
  id: number;
  structuredCommunication: string;
  subsidyCents: number;
  providerId: number;
  departmentId: number | null;
}

/** A movement's row as the exception decisions read it, under its row lock. */
export interface LockedMovement {
  id: number;
  statementId: number;
  amountCents: number;
  bookingDate: IsoDate;
  structuredCommunication: string | null;
  freeCommunication: string | null;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  counterpartyBic: string | null;
  bankReference: string | null;
  movementKey: string;
  outcome: 'booked' | 'exception' | 'ignored_debit';
  projectId: number | null;
  exceptionReason: DepositExceptionReason | null;
  resolution: DepositExceptionResolution | null;
}

/** What the import decided for a movement it stores. */
export type MovementOutcome =
  | { outcome: 'ignored_debit' }
  | { outcome: 'booked'; projectId: number }
  | { outcome: 'exception'; projectId: number | null; reason: DepositExceptionReason; text: string };

const projectColumns = {
  id: 'pr.id',
  projectNumber: 'pr.project_number',
  structuredCommunication: 'pr.structured_communication',
  status: 'pr.status',
  depositDeadline: 'pr.deposit_deadline',
  ownContributionCents: 'pr.own_contribution_cents',
  subsidyCents: 'pr.subsidy_cents',
  providerId: 'pr.provider_id',
  departmentId: 'pr.department_id',
};

type ProjectRow = Omit<LockedDepositProject, 'depositBooked' | 'ownContributionCents' | 'subsidyCents'> & {
  ownContributionCents: string | number;
  subsidyCents: string | number;
  status: ProjectStatus;
};

const movementColumns = {
  id: 'id',
  statementId: 'bank_statement_id',
  amountCents: 'amount_cents',
  bookingDate: 'booking_date',
  structuredCommunication: 'structured_communication',
  freeCommunication: 'free_communication',
  counterpartyName: 'counterparty_name',
  counterpartyIban: 'counterparty_iban',
  counterpartyBic: 'counterparty_bic',
  bankReference: 'bank_reference',
  movementKey: 'movement_key',
  outcome: 'outcome',
  projectId: 'project_id',
  exceptionReason: 'exception_reason',
  resolution: 'resolution',
};

/**
 * The writes of importing bank statements and deciding on their exceptions.
 * Exactly once rests on the unique keys: a statement per (account, statement
 * id), a movement per (statement, movement key) and per (account, bank
 * reference); an insert that meets one stores nothing and says so.
 */
export class DepositRepository {
  /** Inserts the statement, or returns undefined when the account's statement is already in (or going in). */
  async insertStatement(
    trx: Knex.Transaction,
    statement: ParsedStatement,
    file: { filename: string },
    actor: Actor,
  ): Promise<number | undefined> {
    const rows = await trx('bank_statements')
      .insert({
        account_iban: statement.accountIban,
        statement_id: statement.statementId,
        format: statement.format,
        statement_date: statement.statementDate,
        opening_balance_cents: statement.openingBalanceCents,
        closing_balance_cents: statement.closingBalanceCents,
        filename: file.filename,
        imported_by_id: actor.id,
        imported_by: actor.label,
      })
      .onConflict(['account_iban', 'statement_id'])
      .ignore()
      .returning<{ id: number }[]>('id');
    return rows[0]?.id;
  }

  /**
   * Locks the projects these structured communications name, in id order (so
   * two imports lock them in the same order), with whether each has an own
   * contribution booked already.
   */
  async lockProjectsByCommunication(
    trx: Knex.Transaction,
    communications: string[],
  ): Promise<Map<string, LockedDepositProject>> {
    const found = new Map<string, LockedDepositProject>();
    const unique = [...new Set(communications)];
    for (let start = 0; start < unique.length; start += 1000) {
      const rows: ProjectRow[] = await trx('projects as pr')
        .whereIn('pr.structured_communication', unique.slice(start, start + 1000))
        .orderBy('pr.id')
        .forUpdate()
        .select(projectColumns);
      for (const project of await this.withDeposits(trx, rows)) {
        found.set(project.structuredCommunication, project);
      }
    }
    return found;
  }

  /** Locks the project with this number for the rest of the transaction. */
  async lockProjectByNumber(
    trx: Knex.Transaction,
    projectNumber: string,
  ): Promise<LockedDepositProject | undefined> {
    const rows: ProjectRow[] = await trx('projects as pr')
      .where('pr.project_number', projectNumber)
      .forUpdate()
      .select(projectColumns);
    const [project] = await this.withDeposits(trx, rows);
    return project;
  }

  private async withDeposits(trx: Knex.Transaction, rows: ProjectRow[]): Promise<LockedDepositProject[]> {
    if (rows.length === 0) return [];
    const paidRows: { project_id: number }[] = await trx('ledger_entries')
      .whereIn(
        'project_id',
        rows.map((row) => row.id),
      )
      .where('kind', 'eigen_bijdrage')
      .distinct('project_id');
    const paid = new Set(paidRows.map((row) => row.project_id));
    return rows.map((row) => ({
      ...row,
      ownContributionCents: Number(row.ownContributionCents),
      subsidyCents: Number(row.subsidyCents),
      depositBooked: paid.has(row.id),
    }));
  }

  /**
   * Stores one movement with what the import made of it; returns its id, or
   * undefined when it is already in (the same key on this statement, or the
   * same bank reference on an overlapping one).
   */
  async insertMovement(
    trx: Knex.Transaction,
    statementRowId: number,
    accountIban: string,
    movement: ParsedMovement,
    outcome: MovementOutcome,
  ): Promise<number | undefined> {
    const rows = await trx('bank_movements')
      .insert(movementRow(statementRowId, accountIban, movement, outcome))
      .onConflict()
      .ignore()
      .returning<{ id: number }[]>('id');
    return rows[0]?.id;
  }

  /** Stores debits in chunks; returns how many were new. */
  async insertDebits(
    trx: Knex.Transaction,
    statementRowId: number,
    accountIban: string,
    movements: ParsedMovement[],
  ): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < movements.length; start += 500) {
      const rows = await trx('bank_movements')
        .insert(
          movements
            .slice(start, start + 500)
            .map((movement) =>
              movementRow(statementRowId, accountIban, movement, { outcome: 'ignored_debit' }),
            ),
        )
        .onConflict()
        .ignore()
        .returning<{ id: number }[]>('id');
      inserted += rows.length;
    }
    return inserted;
  }

  /**
   * Books a received own contribution: the deposit (+amount) and the subsidy
   * (+subsidy) on the booking date of the movement; returns the deposit's entry.
   */
  async bookDeposit(
    trx: Knex.Transaction,
    project: Pick<LockedDepositProject, 'id' | 'subsidyCents'>,
    movement: { amountCents: number; bookingDate: IsoDate; reference: string },
  ): Promise<number> {
    const [deposit] = await trx('ledger_entries')
      .insert({
        project_id: project.id,
        kind: 'eigen_bijdrage',
        amount_cents: movement.amountCents,
        booked_on: movement.bookingDate,
        reference: movement.reference,
      })
      .returning<{ id: number }[]>('id');
    if (!deposit) throw new Error('the deposit was not booked');
    if (project.subsidyCents > 0) {
      await trx('ledger_entries').insert({
        project_id: project.id,
        kind: 'subsidie',
        amount_cents: project.subsidyCents,
        booked_on: movement.bookingDate,
        reference: 'Subsidie van de Vlaamse overheid',
      });
    }
    return deposit.id;
  }

  async linkLedgerEntry(trx: Knex.Transaction, movementId: number, ledgerEntryId: number): Promise<void> {
    await trx('bank_movements').where({ id: movementId }).update({ ledger_entry_id: ledgerEntryId });
  }

  /** Locks a movement for a decision on it. */
  async lockMovement(trx: Knex.Transaction, id: number): Promise<LockedMovement | undefined> {
    const row: (LockedMovement & { amountCents: string | number }) | undefined = await trx('bank_movements')
      .where({ id })
      .forUpdate()
      .first(movementColumns);
    return row && { ...row, amountCents: Number(row.amountCents) };
  }

  async resolve(
    trx: Knex.Transaction,
    id: number,
    resolution: {
      resolution: DepositExceptionResolution;
      actor: Actor;
      reason: string | null;
      projectId?: number;
      ledgerEntryId?: number;
    },
  ): Promise<void> {
    const updated = await trx('bank_movements')
      .where({ id, outcome: 'exception' })
      .whereNull('resolution')
      .update({
        resolution: resolution.resolution,
        resolved_by_id: resolution.actor.id,
        resolved_by: resolution.actor.label,
        resolved_at: trx.fn.now(),
        resolution_reason: resolution.reason,
        ...(resolution.projectId !== undefined ? { project_id: resolution.projectId } : {}),
        ...(resolution.ledgerEntryId !== undefined ? { ledger_entry_id: resolution.ledgerEntryId } : {}),
      });
    if (updated !== 1) throw new Error(`movement ${id} was resolved twice`);
  }

  /** The statement's bank id, for the texts that name a movement. */
  async statementIdOf(trx: Knex.Transaction, statementRowId: number): Promise<string> {
    const row = await trx('bank_statements')
      .where({ id: statementRowId })
      .first<{ statement_id: string }>('statement_id');
    if (!row) throw new Error(`statement ${statementRowId} vanished`);
    return row.statement_id;
  }
}

function movementRow(
  statementRowId: number,
  accountIban: string,
  movement: ParsedMovement,
  outcome: MovementOutcome,
) {
  return {
    bank_statement_id: statementRowId,
    account_iban: accountIban,
    movement_key: movement.movementKey,
    bank_reference: movement.bankReference,
    amount_cents: movement.amountCents,
    booking_date: movement.bookingDate,
    value_date: movement.valueDate,
    structured_communication: movement.structuredCommunication,
    free_communication: movement.freeCommunication,
    counterparty_name: movement.counterpartyName,
    counterparty_iban: movement.counterpartyIban,
    counterparty_bic: movement.counterpartyBic,
    outcome: outcome.outcome,
    project_id: outcome.outcome === 'ignored_debit' ? null : outcome.projectId,
    exception_reason: outcome.outcome === 'exception' ? outcome.reason : null,
    exception_text: outcome.outcome === 'exception' ? outcome.text : null,
  };
}
