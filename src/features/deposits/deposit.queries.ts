import { pageWindow } from '../../domain/pagination.js';
import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { DepositExceptionReason, DepositExceptionResolution } from '../../domain/deposit-matching.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { ParsedMovement, StatementFormat } from '../../infra/bank-statements/statement.js';
import type { ImportStatus, UploadedStatement } from './deposit.repository.js';

/** Rows per page of the statements and of the exceptions. */
const ROWS_PER_PAGE = 50;

/** One page of a list, with where it stands among the pages. */
export interface Page<Row> {
  rows: Row[];
  total: number;
  page: number;
  pageCount: number;
}

export interface StatementRow {
  id: number;
  accountIban: string;
  statementId: string;
  format: StatementFormat;
  statementDate: IsoDate;
  openingBalanceCents: number;
  closingBalanceCents: number;
  filename: string;
  importedBy: string;
  importedAt: Date;
  /** The import that stored it (none for statements imported before imports ran as a job). */
  importId: number | null;
  importStatus: ImportStatus | null;
  movements: number;
  booked: number;
  exceptions: number;
  ignoredDebits: number;
}

/** An import as its page shows it: where the job stands, and per statement of the file. */
export interface ImportRow {
  id: number;
  filename: string;
  importedBy: string;
  status: ImportStatus;
  credits: number;
  processed: number;
  booked: number;
  exceptions: number;
  alreadyImported: number;
  ignoredDebits: number;
  errorMessage: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  statements: (UploadedStatement & { booked: number; exceptions: number })[];
}

/** A stored movement: what the statement said, where it sits, and what became of it. */
export interface MovementRow extends ParsedMovement {
  id: number;
  statementRowId: number;
  statementId: string;
  accountIban: string;
  outcome: 'pending' | 'booked' | 'exception' | 'ignored_debit';
  exceptionReason: DepositExceptionReason | null;
  exceptionText: string | null;
  resolution: DepositExceptionResolution | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resolutionReason: string | null;
  projectNumber: string | null;
  projectStatus: ProjectStatus | null;
  projectTitle: string | null;
  companyName: string | null;
  ownContributionCents: number | null;
  depositDeadline: IsoDate | null;
}

const movementColumns = {
  id: 'm.id',
  statementRowId: 'm.bank_statement_id',
  statementId: 's.statement_id',
  accountIban: 'm.account_iban',
  movementKey: 'm.movement_key',
  bankReference: 'm.bank_reference',
  amountCents: 'm.amount_cents',
  bookingDate: 'm.booking_date',
  valueDate: 'm.value_date',
  structuredCommunication: 'm.structured_communication',
  freeCommunication: 'm.free_communication',
  counterpartyName: 'm.counterparty_name',
  counterpartyIban: 'm.counterparty_iban',
  counterpartyBic: 'm.counterparty_bic',
  outcome: 'm.outcome',
  exceptionReason: 'm.exception_reason',
  exceptionText: 'm.exception_text',
  resolution: 'm.resolution',
  resolvedBy: 'm.resolved_by',
  resolvedAt: 'm.resolved_at',
  resolutionReason: 'm.resolution_reason',
  projectNumber: 'pr.project_number',
  projectStatus: 'pr.status',
  projectTitle: 'pr.title',
  companyName: 'c.name',
  ownContributionCents: 'pr.own_contribution_cents',
  depositDeadline: 'pr.deposit_deadline',
};

const toNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function movementOf(row: Record<string, unknown>): MovementRow {
  const movement = row as unknown as MovementRow;
  return {
    ...movement,
    amountCents: Number(row.amountCents),
    ownContributionCents: toNumber(row.ownContributionCents),
  };
}

/** The reads of /beheer/stortingen: the statements imported, their movements, the exceptions queue. */
export class DepositQueries {
  constructor(private readonly db: Knex) {}

  private movements() {
    return this.db('bank_movements as m')
      .join('bank_statements as s', 's.id', 'm.bank_statement_id')
      .leftJoin('projects as pr', 'pr.id', 'm.project_id')
      .leftJoin('companies as c', 'c.id', 'pr.company_id');
  }

  /** A page of the statements imported, newest first, with what became of their movements. */
  async statements(requestedPage: number): Promise<Page<StatementRow>> {
    const counted = await this.db('bank_statements').first<{ count: number }>(
      this.db.raw('count(*)::int as count'),
    );
    const total = counted?.count ?? 0;
    const window = pageWindow(total, requestedPage, ROWS_PER_PAGE);
    const rows = await this.statementRows((query) =>
      query
        .orderBy([
          { column: 's.imported_at', order: 'desc' },
          { column: 's.id', order: 'desc' },
        ])
        .limit(ROWS_PER_PAGE)
        .offset(window.offset),
    );
    return { rows, total, page: window.page, pageCount: window.pageCount };
  }

  async statement(id: number): Promise<StatementRow | undefined> {
    const [row] = await this.statementRows((query) => query.where('s.id', id));
    return row;
  }

  private async statementRows(
    shape: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<StatementRow[]> {
    const query = this.db('bank_statements as s')
      .leftJoin('bank_statement_imports as i', 'i.id', 's.import_id')
      .select({
        id: 's.id',
        accountIban: 's.account_iban',
        statementId: 's.statement_id',
        format: 's.format',
        statementDate: 's.statement_date',
        openingBalanceCents: 's.opening_balance_cents',
        closingBalanceCents: 's.closing_balance_cents',
        filename: 's.filename',
        importedBy: 's.imported_by',
        importedAt: 's.imported_at',
        importId: 's.import_id',
        importStatus: 'i.status',
      })
      .select(
        this.db.raw(
          '(select count(*) from bank_movements m where m.bank_statement_id = s.id)::int as movements',
        ),
        this.db.raw(
          "(select count(*) from bank_movements m where m.bank_statement_id = s.id and m.outcome = 'booked')::int as booked",
        ),
        this.db.raw(
          "(select count(*) from bank_movements m where m.bank_statement_id = s.id and m.outcome = 'exception')::int as exceptions",
        ),
        this.db.raw(
          '(select count(*) from bank_movements m where m.bank_statement_id = s.id and m.outcome = \'ignored_debit\')::int as "ignoredDebits"',
        ),
      );
    const rows = (await shape(query)) as unknown as Record<string, unknown>[];
    return rows.map((row) => ({
      ...(row as unknown as StatementRow),
      openingBalanceCents: Number(row.openingBalanceCents),
      closingBalanceCents: Number(row.closingBalanceCents),
    }));
  }

  /** A statement's movements in the bank's order (credits matched, debits ignored). */
  async statementMovements(statementRowId: number): Promise<MovementRow[]> {
    const rows: Record<string, unknown>[] = await this.movements()
      .where('m.bank_statement_id', statementRowId)
      .orderBy('m.id')
      .select(movementColumns);
    return rows.map(movementOf);
  }

  /** A page of the exceptions: the open ones first, each group oldest first. */
  async exceptions(requestedPage: number): Promise<Page<MovementRow>> {
    const counted = await this.db('bank_movements')
      .where('outcome', 'exception')
      .first<{ count: number }>(this.db.raw('count(*)::int as count'));
    const total = counted?.count ?? 0;
    const window = pageWindow(total, requestedPage, ROWS_PER_PAGE);
    const rows: Record<string, unknown>[] = await this.movements()
      .where('m.outcome', 'exception')
      .orderByRaw('(m.resolution is not null), m.id')
      .limit(ROWS_PER_PAGE)
      .offset(window.offset)
      .select(movementColumns);
    return { rows: rows.map(movementOf), total, page: window.page, pageCount: window.pageCount };
  }

  async exception(id: number): Promise<MovementRow | undefined> {
    const row: Record<string, unknown> | undefined = await this.movements()
      .where({ 'm.id': id, 'm.outcome': 'exception' })
      .first(movementColumns);
    return row && movementOf(row);
  }

  /** An import with its counts, and booked and exceptions per statement it stored. */
  async import(id: number): Promise<ImportRow | undefined> {
    const row: (Omit<ImportRow, 'statements'> & { statements: UploadedStatement[] }) | undefined =
      await this.db('bank_statement_imports').where({ id }).first({
        id: 'id',
        filename: 'filename',
        importedBy: 'imported_by',
        status: 'status',
        credits: 'credits',
        processed: 'processed',
        booked: 'booked',
        exceptions: 'exceptions',
        alreadyImported: 'already_imported',
        ignoredDebits: 'ignored_debits',
        errorMessage: 'error_message',
        createdAt: 'created_at',
        finishedAt: 'finished_at',
        statements: 'statements',
      });
    if (!row) return undefined;
    const counts: { id: number; booked: number; exceptions: number }[] = await this.db('bank_statements as s')
      .where('s.import_id', id)
      .select('s.id')
      .select(
        this.db.raw(
          "(select count(*) from bank_movements m where m.bank_statement_id = s.id and m.outcome = 'booked')::int as booked",
        ),
        this.db.raw(
          "(select count(*) from bank_movements m where m.bank_statement_id = s.id and m.outcome = 'exception')::int as exceptions",
        ),
      );
    const byId = new Map(counts.map((count) => [count.id, count]));
    return {
      ...row,
      statements: row.statements.map((statement) => ({
        ...statement,
        booked: statement.id === null ? 0 : (byId.get(statement.id)?.booked ?? 0),
        exceptions: statement.id === null ? 0 : (byId.get(statement.id)?.exceptions ?? 0),
      })),
    };
  }

  async openExceptionCount(): Promise<number> {
    const row = await this.db('bank_movements')
      .where('outcome', 'exception')
      .whereNull('resolution')
      .first<{ count: number }>(this.db.raw('count(*)::int as count'));
    return row?.count ?? 0;
  }
}
