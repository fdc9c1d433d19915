import type { IsoDate } from '../../domain/dates.js';
import { parseCamt053 } from './camt053.js';
import { parseCoda } from './coda.js';
import { type ParseOptions, StatementFileError, WHOLE_FILE } from './statement-file-error.js';

/**
 * What the bank statement parsers give the deposit import: the statements of one file, each with its
 * balances and its movements, in the file's order. Both formats (CODA 2.x and camt.053) give the same
 * shape; see coda.ts and camt053.ts for how each field is read.
 */
export type StatementFormat = 'coda' | 'camt053';
export interface ParsedMovement {
  /** Unique within its statement: CODA movement sequence number (+ detail number when > 0); camt: the
   *  entry's AcctSvcrRef, else NtryRef, else its position. Together with account + statementId it keys the
   *  movement for exactly-once import. */
  movementKey: string;
  /** The bank's own reference of the movement when it has one (CODA record 2.1 positions 11–31; camt AcctSvcrRef). */
  bankReference: string | null;
  /** Integer cents; positive = credit (money in), negative = debit. */
  amountCents: number;
  bookingDate: IsoDate;
  valueDate: IsoDate;
  /** 12 digits without +++ and slashes, only when the statement carries a structured communication
   *  (CODA 2.1 type 1 / 101; camt RmtInf/Strd/CdtrRefInf/Ref, Belgian OGM or an RF creditor reference as given). */
  structuredCommunication: string | null;
  freeCommunication: string | null;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  counterpartyBic: string | null;
}
export interface ParsedStatement {
  format: StatementFormat;
  /** IBAN of the account the statement is for (the payment institution's account), no spaces, upper case. */
  accountIban: string;
  /** CODA: `${year}-${statement sequence number}` from record 1; camt: Stmt/Id (or ElctrncSeqNb). */
  statementId: string;
  statementDate: IsoDate;
  openingBalanceCents: number;
  closingBalanceCents: number;
  movements: ParsedMovement[];
}
export { StatementFileError, WHOLE_FILE } from './statement-file-error.js';

/** Options of parseStatementFile; see ParseOptions in statement-file-error.ts. */
export type { ParseOptions } from './statement-file-error.js';

/** Detects the format (CODA starts with a record 0; camt is XML with a Document/BkToCstmrStmt) and parses
 *  every statement in the file; checks each statement's balances (old + movements = new) and the CODA
 *  trailer/record counts, throwing StatementFileError on the first problem. */
export function parseStatementFile(content: Buffer, options: ParseOptions = {}): ParsedStatement[] {
  const start = content
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  if (start.startsWith('<')) return parseCamt053(content, options);
  if (start.startsWith('0')) return parseCoda(content, options);
  throw new StatementFileError(
    WHOLE_FILE,
    'Dit is geen rekeninguittreksel in CODA- (begint met een record 0) of camt.053-formaat (XML).',
  );
}
