/** The location of a problem with the file as a whole (empty, or neither CODA nor XML). */
export const WHOLE_FILE = 'bestand';

/** A file refused: where (CODA "regel 12, posities 32–46"; camt "Stmt[1]/Ntry[3]/Amt") and why, in Dutch. */
export class StatementFileError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
  ) {
    super(`${location}: ${reason}`);
    this.name = 'StatementFileError';
  }
}

export interface ParseOptions {
  /**
   * false skips the checks that tie records together (CODA: old balance + movements = new balance, the
   * account of record 8 equals record 1's, the trailer's record count and totals; camt: the balances).
   * Only for reading extracts such as the shared CODA sample, whose movements were cut out of a real
   * file; an import never passes it.
   */
  checkTotals?: boolean;
}
