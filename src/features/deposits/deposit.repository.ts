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
  outcome: 'pending' | 'booked' | 'exception' | 'ignored_debit';
  projectId: number | null;
  exceptionReason: DepositExceptionReason | null;
  resolution: DepositExceptionResolution | null;
}

/** What the import decided for a movement it stores. */
/** The statuses of an import, as stored (Dutch: they are shown as they are). */
export type ImportStatus = 'wachtend' | 'bezig' | 'klaar' | 'mislukt';

/** What the upload found per statement of the file. */
export interface UploadedStatement {
  /** The stored statement's id; null when it was imported before. */
  id: number | null;
  accountIban: string;
  statementId: string;
  statementDate: IsoDate;
  format: 'coda' | 'camt053';
  movements: number;
  ignoredDebits: number;
  /** Movements already in: the whole statement imported before, or repeated on an overlapping one. */
  alreadyImported: number;
}

/** An import's row, under its lock. */
export interface LockedImport {
  id: number;
  status: ImportStatus;
  filename: string;
  importedById: number | null;
  importedBy: string;
  requestId: string | null;
  statements: UploadedStatement[];
}

/** A pending credit as the import job reads it, under its row lock. */
export interface PendingCredit {
  id: number;
  statementRowId: number;
  statementId: string;
  movementKey: string;
  bankReference: string | null;
  amountCents: number;
  bookingDate: IsoDate;
  structuredCommunication: string | null;
}

export type MovementOutcome =
  | { outcome: 'pending' }
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
    importId: number,
  ): Promise<number | undefined> {
    const rows = await trx('bank_statements')
      .insert({
        import_id: importId,
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
   * Stores movements `batchSize` rows per insert, each with the outcome given
   * (a debit ignored, a credit pending); returns how many were new (the others
   * were in already: the same key, or the same bank reference).
   */
  async insertMovements(
    trx: Knex.Transaction,
    statementRowId: number,
    accountIban: string,
    movements: readonly ParsedMovement[],
    outcome: { outcome: 'pending' } | { outcome: 'ignored_debit' },
    batchSize: number,
  ): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < movements.length; start += batchSize) {
      const rows = await trx('bank_movements')
        .insert(
          movements
            .slice(start, start + batchSize)
            .map((movement) => movementRow(statementRowId, accountIban, movement, outcome)),
        )
        .onConflict()
        .ignore()
        .returning<{ id: number }[]>('id');
      inserted += rows.length;
    }
    return inserted;
  }

  /** Creates the import's row, waiting for the job. */
  async insertImport(
    trx: Knex.Transaction,
    file: { filename: string },
    actor: Actor,
    requestId: string | undefined,
  ): Promise<number> {
    const [row] = await trx('bank_statement_imports')
      .insert({
        filename: file.filename,
        imported_by_id: actor.id,
        imported_by: actor.label,
        request_id: requestId ?? null,
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('the import was not stored');
    return row.id;
  }

  /** What the upload stored: the statements, the credits to process, the movements already in. */
  async setUploaded(
    trx: Knex.Transaction,
    importId: number,
    upload: { statements: UploadedStatement[]; credits: number },
  ): Promise<void> {
    const total = (key: 'alreadyImported' | 'ignoredDebits') =>
      upload.statements.reduce((sum, statement) => sum + statement[key], 0);
    await trx('bank_statement_imports')
      .where({ id: importId })
      .update({
        statements: JSON.stringify(upload.statements),
        credits: upload.credits,
        already_imported: total('alreadyImported'),
        ignored_debits: total('ignoredDebits'),
        updated_at: trx.fn.now(),
      });
  }

  /**
   * Locks the import's row for one chunk of the job: two workers on the same
   * import take turns, chunk by chunk, in movement order.
   */
  async lockImport(trx: Knex.Transaction, importId: number): Promise<LockedImport | undefined> {
    const row: LockedImport | undefined = await trx('bank_statement_imports')
      .where({ id: importId })
      .forUpdate()
      .first({
        id: 'id',
        status: 'status',
        filename: 'filename',
        importedById: 'imported_by_id',
        importedBy: 'imported_by',
        requestId: 'request_id',
        statements: 'statements',
      });
    return row;
  }

  /** The import's next pending credits, in movement order, locked. */
  async pendingCredits(trx: Knex.Transaction, importId: number, limit: number): Promise<PendingCredit[]> {
    const rows: (PendingCredit & { amountCents: string | number })[] = await trx('bank_movements as m')
      .join('bank_statements as s', 's.id', 'm.bank_statement_id')
      .where({ 's.import_id': importId, 'm.outcome': 'pending' })
      .orderBy('m.id')
      .limit(limit)
      .forUpdate('m')
      .select({
        id: 'm.id',
        statementRowId: 'm.bank_statement_id',
        statementId: 's.statement_id',
        movementKey: 'm.movement_key',
        bankReference: 'm.bank_reference',
        amountCents: 'm.amount_cents',
        bookingDate: 'm.booking_date',
        structuredCommunication: 'm.structured_communication',
      });
    return rows.map((row) => ({ ...row, amountCents: Number(row.amountCents) }));
  }

  /** Sets what the job made of a pending credit. */
  async setOutcome(
    trx: Knex.Transaction,
    movementId: number,
    outcome: Exclude<MovementOutcome, { outcome: 'pending' } | { outcome: 'ignored_debit' }>,
  ): Promise<void> {
    const updated = await trx('bank_movements')
      .where({ id: movementId, outcome: 'pending' })
      .update({
        outcome: outcome.outcome,
        project_id: outcome.projectId,
        exception_reason: outcome.outcome === 'exception' ? outcome.reason : null,
        exception_text: outcome.outcome === 'exception' ? outcome.text : null,
      });
    if (updated !== 1) throw new Error(`movement ${movementId} was no longer pending`);
  }

  /** Adds a chunk's counts to the import (it is `bezig` while chunks remain). */
  async addProgress(
    trx: Knex.Transaction,
    importId: number,
    chunk: { processed: number; booked: number; exceptions: number },
  ): Promise<void> {
    await trx('bank_statement_imports')
      .where({ id: importId })
      .update({
        status: 'bezig',
        processed: trx.raw('processed + ?', [chunk.processed]),
        booked: trx.raw('booked + ?', [chunk.booked]),
        exceptions: trx.raw('exceptions + ?', [chunk.exceptions]),
        error_message: null,
        updated_at: trx.fn.now(),
      });
  }

  /** Booked and exceptions per statement of the import, from its movements. */
  async outcomesPerStatement(
    trx: Knex | Knex.Transaction,
    importId: number,
  ): Promise<Map<number, { booked: number; exceptions: number }>> {
    const rows: { id: number; booked: number; exceptions: number }[] = await trx('bank_statements as s')
      .where('s.import_id', importId)
      .select('s.id')
      .select(
        trx.raw(
          "(select count(*) from bank_movements m where m.bank_statement_id = s.id and m.outcome = 'booked')::int as booked",
        ),
        trx.raw(
          "(select count(*) from bank_movements m where m.bank_statement_id = s.id and m.outcome = 'exception')::int as exceptions",
        ),
      );
    return new Map(rows.map((row) => [row.id, { booked: row.booked, exceptions: row.exceptions }]));
  }

  async finishImport(trx: Knex.Transaction, importId: number): Promise<void> {
    await trx('bank_statement_imports')
      .where({ id: importId })
      .update({ status: 'klaar', error_message: null, updated_at: trx.fn.now(), finished_at: trx.fn.now() });
  }

  /** After the job's last retry: the import failed; what was booked stays booked. */
  async failImport(db: Knex, importId: number, message: string): Promise<boolean> {
    const updated = await db('bank_statement_imports')
      .where({ id: importId })
      .whereNot({ status: 'klaar' })
      .update({ status: 'mislukt', error_message: message, updated_at: db.fn.now() });
    return updated === 1;
  }

  /** A failed import waits for its job again; false when it had not failed (any more). */
  async requeueFailed(trx: Knex.Transaction, importId: number): Promise<boolean> {
    const updated = await trx('bank_statement_imports')
      .where({ id: importId, status: 'mislukt' })
      .update({ status: 'wachtend', error_message: null, updated_at: trx.fn.now() });
    return updated === 1;
  }

  /** Imports not finished and not touched for `minutes`: their job may be lost. */
  async staleImports(db: Knex, minutes: number): Promise<number[]> {
    const rows: { id: number }[] = await db('bank_statement_imports')
      .whereIn('status', ['wachtend', 'bezig'])
      .where('updated_at', '<', db.raw(`now() - make_interval(mins => ?)`, [minutes]))
      .orderBy('id')
      .select('id');
    return rows.map((row) => row.id);
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
    project_id: outcome.outcome === 'booked' || outcome.outcome === 'exception' ? outcome.projectId : null,
    exception_reason: outcome.outcome === 'exception' ? outcome.reason : null,
    exception_text: outcome.outcome === 'exception' ? outcome.text : null,
  };
}
