import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit-log.js';
import { formatIban } from '../../domain/belgian-identifiers.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Actor } from '../../domain/actor.js';
import { matchDeposit } from '../../domain/deposit-matching.js';
import { parseStatementFile, StatementFileError } from '../../infra/bank-statements/statement.js';
import type { Logger } from '../../logger.js';
import { bookDepositFromMovement, movementReference, type DepositBookingDeps } from './deposit-booking.js';
import type { ImportStatus, LockedImport, UploadedStatement } from './deposit.repository.js';

export type UploadResult =
  | { ok: true; importId: number; status: ImportStatus }
  | { ok: false; filename: string; location: string; reason: string };

/** How big the steps are; the defaults suit production, tests make them small. */
export interface ImportSizes {
  /** Pending credits matched and booked per transaction of the job. */
  chunkSize: number;
  /** Movement rows per insert of the upload. */
  insertBatchSize: number;
  /** How long a chunk waits for a project's row lock (or the audit lock) before it fails and is redone. */
  lockTimeoutMs: number;
}

const defaultSizes: ImportSizes = { chunkSize: 200, insertBatchSize: 500, lockTimeoutMs: 30_000 };

/**
 * Imports a bank statement file (CODA or camt.053) of the payment institution
 * (issue 18, "Bank statements in", "Exactly once") in two steps, so that a
 * statement of 10,000 credits neither holds the request open nor grows the
 * memory of the process that books it:
 *
 * 1. `upload` (the request): a file that does not parse, balance or belong to
 *    the payment institution's account stores nothing. Otherwise ONE short
 *    transaction stores the import's row, each statement (or skips it whole
 *    when the account's statement is in already: a concurrent upload of the
 *    same file waits here on the unique key, then skips) and its movements in
 *    batched inserts — debits as ignored, credits as `pending`; a movement
 *    already in (same key, or the same bank reference on an overlapping
 *    statement) is counted as already imported. Then the job is enqueued.
 * 2. `processImport` (the job, or a test): one transaction per chunk of
 *    pending credits in movement order, under the import row's lock (two
 *    workers on the same import take turns, so a credit is matched once and
 *    in order): lock the chunk's projects in id order, match, set each
 *    credit's outcome, book the deposits (status, ledger, mails) and add the
 *    chunk's counts. A chunk that fails leaves nothing of itself behind and is
 *    redone by the next run. When nothing is pending the import is `klaar`,
 *    with one `bank_statement.import` audit row per statement, last (ADR 0007).
 */
export class DepositImportService {
  private readonly sizes: ImportSizes;

  constructor(
    private readonly db: Knex,
    private readonly deps: DepositBookingDeps & {
      onMailQueued: () => void;
      /** The payment institution's account: only its statements are imported. */
      accountIban: string;
      /** Hands the import to the background job (pg-boss). */
      enqueue: (importId: number) => Promise<void>;
      logger: Pick<Logger, 'error'>;
      sizes?: Partial<ImportSizes>;
    },
  ) {
    const given = Object.entries(deps.sizes ?? {}).filter(([, value]) => value !== undefined);
    this.sizes = { ...defaultSizes, ...(Object.fromEntries(given) as Partial<ImportSizes>) };
  }

  async upload(
    file: { filename: string; content: Buffer },
    actor: Actor,
    requestId?: string,
  ): Promise<UploadResult> {
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
    const { importId, credits } = await this.db.transaction(async (trx) => {
      const importId = await deposits.insertImport(trx, file, actor, requestId);
      const statements: UploadedStatement[] = [];
      let credits = 0;
      for (const statement of parsed) {
        const rowId = await deposits.insertStatement(trx, statement, file, actor, importId);
        const about = {
          accountIban: statement.accountIban,
          statementId: statement.statementId,
          statementDate: statement.statementDate,
          format: statement.format,
          movements: statement.movements.length,
        };
        if (rowId === undefined) {
          statements.push({ ...about, id: null, ignoredDebits: 0, alreadyImported: about.movements });
          continue;
        }
        // A movement of zero moves no money and is not stored at all.
        const debits = statement.movements.filter((movement) => movement.amountCents < 0);
        const newDebits = await deposits.insertMovements(
          trx,
          rowId,
          statement.accountIban,
          debits,
          { outcome: 'ignored_debit' },
          this.sizes.insertBatchSize,
        );
        const statementCredits = statement.movements.filter((movement) => movement.amountCents > 0);
        const newCredits = await deposits.insertMovements(
          trx,
          rowId,
          statement.accountIban,
          statementCredits,
          { outcome: 'pending' },
          this.sizes.insertBatchSize,
        );
        credits += newCredits;
        statements.push({
          ...about,
          id: rowId,
          ignoredDebits: newDebits,
          alreadyImported: debits.length - newDebits + (statementCredits.length - newCredits),
        });
      }
      await deposits.setUploaded(trx, importId, { statements, credits });
      if (credits === 0) {
        // Nothing for the job: the import is done here, its audit rows last.
        await this.finish(trx, {
          id: importId,
          status: 'wachtend',
          filename: file.filename,
          importedById: actor.id,
          importedBy: actor.label,
          requestId: requestId ?? null,
          statements,
        });
      }
      return { importId, credits };
    });
    if (credits === 0) return { ok: true, importId, status: 'klaar' };
    try {
      await this.deps.enqueue(importId);
    } catch (error) {
      // The import is stored and waits: the job's sweep sends it again (see src/jobs/jobs.ts).
      this.deps.logger.error({ err: error, importId }, 'bank statement import not enqueued');
    }
    return { ok: true, importId, status: 'wachtend' };
  }

  /**
   * Processes the import's pending credits, chunk by chunk, until none is
   * left; returns the import's status then (undefined: no such import).
   * Idempotent, and safe to run many times at once.
   */
  async processImport(importId: number): Promise<ImportStatus | undefined> {
    for (;;) {
      const step = await this.db.transaction((trx) => this.processChunk(trx, importId));
      if (step.booked > 0) this.deps.onMailQueued();
      if (step.done) return step.status;
    }
  }

  /** After the job's last retry: the import shows `mislukt` with the reason; booked chunks stay booked. */
  async markFailed(importId: number, reason: string): Promise<void> {
    await this.deps.deposits.failImport(this.db, importId, reason);
  }

  /**
   * Staff start a failed import again: it waits for its job, which books what
   * is still pending (what was booked stays booked). Refused, changing nothing,
   * when the import has not failed (any more): a second click, or a stale page.
   */
  async retry(importId: number, context: { actor: Actor; requestId?: string }): Promise<void> {
    const { deposits } = this.deps;
    await this.db.transaction(async (trx) => {
      const row = await deposits.lockImport(trx, importId);
      if (!row) throw new NotFoundError('Deze inlezing bestaat niet.');
      if (!(await deposits.requeueFailed(trx, importId))) {
        throw new ConflictError(
          `Deze inlezing is niet mislukt (stand: ${row.status}): ze wordt niet opnieuw gestart.`,
        );
      }
      await recordAudit(trx, {
        actor: context.actor,
        action: 'bank_statement_import.retry',
        entityType: 'bank_statement_import',
        entityId: importId,
        details: { filename: row.filename },
        requestId: context.requestId,
      });
    });
    await this.deps.enqueue(importId);
  }

  /** Imports left waiting or half done for `minutes`: their job may be lost, and is sent again. */
  staleImports(minutes: number): Promise<number[]> {
    return this.deps.deposits.staleImports(this.db, minutes);
  }

  private async processChunk(
    trx: Knex.Transaction,
    importId: number,
  ): Promise<{ done: boolean; status?: ImportStatus; booked: number }> {
    const { deposits } = this.deps;
    const row = await deposits.lockImport(trx, importId);
    if (!row) return { done: true, booked: 0 };
    if (row.status === 'klaar') return { done: true, status: 'klaar', booked: 0 };
    const credits = await deposits.pendingCredits(trx, importId, this.sizes.chunkSize);
    if (credits.length === 0) {
      await this.finish(trx, row);
      return { done: true, status: 'klaar', booked: 0 };
    }
    await trx.raw(`set local lock_timeout = ${Math.max(1, Math.round(this.sizes.lockTimeoutMs))}`);
    const projects = await deposits.lockProjectsByCommunication(
      trx,
      credits.flatMap((credit) => (credit.structuredCommunication ? [credit.structuredCommunication] : [])),
    );
    const actor = importActor(row);
    const bookedHere = new Set<number>();
    let booked = 0;
    let exceptions = 0;
    // Every row written below is locked already (the import, the credits, the projects): the
    // status machine's audit rows may come first without a lock taken after them (ADR 0007).
    for (const credit of credits) {
      const project = credit.structuredCommunication
        ? projects.get(credit.structuredCommunication)
        : undefined;
      const match = matchDeposit(
        credit,
        project && { ...project, depositBooked: project.depositBooked || bookedHere.has(project.id) },
      );
      if (match.outcome === 'book' && project) {
        await deposits.setOutcome(trx, credit.id, { outcome: 'booked', projectId: project.id });
        bookedHere.add(project.id);
        await bookDepositFromMovement(
          trx,
          this.deps,
          project,
          {
            id: credit.id,
            amountCents: credit.amountCents,
            bookingDate: credit.bookingDate,
            reference: movementReference(credit),
          },
          { actor, requestId: row.requestId ?? undefined },
        );
        booked += 1;
      } else if (match.outcome === 'exception') {
        await deposits.setOutcome(trx, credit.id, {
          outcome: 'exception',
          projectId: project?.id ?? null,
          reason: match.reason,
          text: match.text,
        });
        exceptions += 1;
      } else {
        throw new Error('a booking without a project');
      }
    }
    await deposits.addProgress(trx, importId, { processed: credits.length, booked, exceptions });
    return { done: false, booked };
  }

  /** The import is done: `klaar`, then one audit row per statement it stored, as the last writes. */
  private async finish(trx: Knex.Transaction, row: LockedImport): Promise<void> {
    const { deposits } = this.deps;
    const outcomes = await deposits.outcomesPerStatement(trx, row.id);
    await deposits.finishImport(trx, row.id);
    for (const statement of row.statements) {
      if (statement.id === null) continue;
      const outcome = outcomes.get(statement.id) ?? { booked: 0, exceptions: 0 };
      await recordAudit(trx, {
        actor: importActor(row),
        action: 'bank_statement.import',
        entityType: 'bank_statement',
        entityId: statement.id,
        details: {
          importId: row.id,
          filename: row.filename,
          account: statement.accountIban,
          statement: statement.statementId,
          movements: statement.movements,
          booked: outcome.booked,
          exceptions: outcome.exceptions,
          ignoredDebits: statement.ignoredDebits,
          alreadyImported: statement.alreadyImported,
        },
        requestId: row.requestId ?? undefined,
      });
    }
  }
}

/** Whoever uploaded the file: only agency staff may. */
function importActor(row: Pick<LockedImport, 'importedById' | 'importedBy'>): Actor {
  return { type: 'agency', id: row.importedById, label: row.importedBy };
}
