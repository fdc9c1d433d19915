import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit-log.js';
import { formatIban } from '../../domain/belgian-identifiers.js';
import type { Actor } from '../../domain/actor.js';
import type { IsoDate } from '../../domain/dates.js';
import { matchDeposit } from '../../domain/deposit-matching.js';
import {
  parseStatementFile,
  StatementFileError,
  type StatementFormat,
} from '../../infra/bank-statements/statement.js';
import { bookDepositFromMovement, movementReference, type DepositBookingDeps } from './deposit-booking.js';
import type { LockedDepositProject, MovementOutcome } from './deposit.repository.js';

/** What one statement of a file gave. */
export interface ImportedStatement {
  /** The stored statement's id; null when it was imported before. */
  id: number | null;
  accountIban: string;
  statementId: string;
  statementDate: IsoDate;
  format: StatementFormat;
  movements: number;
  booked: number;
  exceptions: number;
  ignoredDebits: number;
  /** Movements already in: the whole statement imported before, or repeated on an overlapping one. */
  alreadyImported: number;
}

export type ImportResult =
  | { ok: true; filename: string; statements: ImportedStatement[] }
  | { ok: false; filename: string; location: string; reason: string };

/**
 * Imports a bank statement file (CODA or camt.053) of the payment institution
 * (issue 18, "Bank statements in", "Exactly once"). A file that does not parse
 * or balance stores nothing. Otherwise the whole file is ONE transaction:
 *
 * 1. each statement is inserted, or skipped whole when the account's statement
 *    is in already (a concurrent import of the same file waits here on the
 *    unique key, then skips);
 * 2. the projects the credits' communications name are locked in id order;
 * 3. each movement is stored with its outcome: a debit is left alone (one of
 *    zero, which moves no money, is not stored), a credit
 *    is matched (`matchDeposit`) — a movement already in (same key, or the same
 *    bank reference on an overlapping statement) stores and books nothing;
 * 4. the deposits are booked (status, ledger, mails) and the import audited:
 *    the audit rows come last, after every row lock (ADR 0007).
 */
export class DepositImportService {
  constructor(
    private readonly db: Knex,
    private readonly deps: DepositBookingDeps & {
      onMailQueued: () => void;
      /** The payment institution's account: only its statements are imported. */
      accountIban: string;
    },
  ) {}

  async import(
    file: { filename: string; content: Buffer },
    actor: Actor,
    requestId?: string,
  ): Promise<ImportResult> {
    let parsed;
    try {
      parsed = parseStatementFile(file.content);
    } catch (error) {
      if (error instanceof StatementFileError) {
        return { ok: false, filename: file.filename, location: error.location, reason: error.reason };
      }
      throw error;
    }
    const ownAccount = this.deps.accountIban.replace(/\s+/g, '').toUpperCase();
    const foreign = parsed.findIndex((statement) => statement.accountIban !== ownAccount);
    if (foreign >= 0) {
      const statement = parsed[foreign];
      return {
        ok: false,
        filename: file.filename,
        location: `uittreksel ${statement?.statementId ?? foreign + 1}`,
        reason: `dit uittreksel is van rekening ${formatIban(statement?.accountIban ?? '')}, niet van de rekening van de betaalinstelling (${formatIban(ownAccount)})`,
      };
    }
    const { deposits } = this.deps;
    const statements = await this.db.transaction(async (trx) => {
      const results: ImportedStatement[] = [];
      const toBook: {
        project: LockedDepositProject;
        movement: { id: number; amountCents: number; bookingDate: IsoDate; reference: string };
      }[] = [];

      // 1. The statements.
      const stored: { rowId: number | undefined; result: ImportedStatement }[] = [];
      for (const statement of parsed) {
        const rowId = await deposits.insertStatement(trx, statement, file, actor);
        const result: ImportedStatement = {
          id: rowId ?? null,
          accountIban: statement.accountIban,
          statementId: statement.statementId,
          statementDate: statement.statementDate,
          format: statement.format,
          movements: statement.movements.length,
          booked: 0,
          exceptions: 0,
          ignoredDebits: 0,
          alreadyImported: rowId === undefined ? statement.movements.length : 0,
        };
        stored.push({ rowId, result });
        results.push(result);
      }

      // 2. The projects the new credits name, locked in id order.
      const communications = parsed.flatMap((statement, index) =>
        stored[index]?.rowId === undefined
          ? []
          : statement.movements.flatMap((movement) =>
              movement.amountCents > 0 && movement.structuredCommunication
                ? [movement.structuredCommunication]
                : [],
            ),
      );
      const projects = await deposits.lockProjectsByCommunication(trx, communications);
      const bookedHere = new Set<number>();

      // 3. The movements, in the file's order.
      for (const [index, statement] of parsed.entries()) {
        const { rowId, result } = stored[index] ?? {};
        if (rowId === undefined || !result) continue;
        const debits = statement.movements.filter((movement) => movement.amountCents < 0);
        const newDebits = await deposits.insertDebits(trx, rowId, statement.accountIban, debits);
        result.ignoredDebits = newDebits;
        result.alreadyImported += debits.length - newDebits;
        for (const movement of statement.movements) {
          // A debit is stored above; a movement of zero moves no money and is not stored at all.
          if (movement.amountCents <= 0) continue;
          const project = movement.structuredCommunication
            ? projects.get(movement.structuredCommunication)
            : undefined;
          const match = matchDeposit(
            movement,
            project && { ...project, depositBooked: project.depositBooked || bookedHere.has(project.id) },
          );
          const outcome: MovementOutcome =
            match.outcome === 'book' && project
              ? { outcome: 'booked', projectId: project.id }
              : match.outcome === 'exception'
                ? {
                    outcome: 'exception',
                    projectId: project?.id ?? null,
                    reason: match.reason,
                    text: match.text,
                  }
                : ((): never => {
                    throw new Error('a booking without a project');
                  })();
          const movementId = await deposits.insertMovement(
            trx,
            rowId,
            statement.accountIban,
            movement,
            outcome,
          );
          if (movementId === undefined) {
            result.alreadyImported += 1;
            continue;
          }
          if (outcome.outcome === 'booked' && project) {
            bookedHere.add(project.id);
            result.booked += 1;
            toBook.push({
              project,
              movement: {
                id: movementId,
                amountCents: movement.amountCents,
                bookingDate: movement.bookingDate,
                reference: movementReference({ ...movement, statementId: statement.statementId }),
              },
            });
          } else {
            result.exceptions += 1;
          }
        }
      }

      // 4. The bookings, then the import's audit rows.
      for (const { project, movement } of toBook) {
        await bookDepositFromMovement(trx, this.deps, project, movement, { actor, requestId });
      }
      for (const result of results) {
        if (result.id === null) continue;
        await recordAudit(trx, {
          actor,
          action: 'bank_statement.import',
          entityType: 'bank_statement',
          entityId: result.id,
          details: {
            filename: file.filename,
            account: result.accountIban,
            statement: result.statementId,
            movements: result.movements,
            booked: result.booked,
            exceptions: result.exceptions,
            ignoredDebits: result.ignoredDebits,
            alreadyImported: result.alreadyImported,
          },
          requestId,
        });
      }
      return results;
    });
    if (statements.some((statement) => statement.booked > 0)) this.deps.onMailQueued();
    return { ok: true, filename: file.filename, statements };
  }
}
