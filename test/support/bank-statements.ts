/**
 * Writes bank statement files for tests: CODA 2.2 (128-character records, trailer with the right count and
 * totals) and camt.053 (.001.02 or .001.08). Valid by default; options break them on purpose.
 */
import type { IsoDate } from '../../src/domain/dates.js';

export interface StatementMovementInput {
  amountCents: number;
  bookingDate?: IsoDate;
  valueDate?: IsoDate;
  /** 12 digits (a Belgian OGM) or, for camt, any creditor reference (e.g. RF…) */
  structuredCommunication?: string | null;
  freeCommunication?: string | null;
  counterpartyName?: string | null;
  counterpartyIban?: string | null;
  counterpartyBic?: string | null;
  bankReference?: string | null;
}

export interface StatementInput {
  sequence: number;
  /** The statement's (new balance) date; movements default to it. */
  date: IsoDate;
  openingBalanceCents: number;
  movements: StatementMovementInput[];
  /** Break the file: a closing balance other than opening + movements. */
  closingBalanceCents?: number;
}

export interface CodaFileInput {
  /** IBAN of the statement's account. */
  account: string;
  statements: StatementInput[];
  /** Break the trailer of every statement. */
  trailer?: { records?: number; debitCents?: number; creditCents?: number };
  /** 'latin1' (default, as the banks write) or 'utf8'. */
  encoding?: 'latin1' | 'utf8';
  /** Line ending; default '\n'. */
  newline?: '\n' | '\r\n';
}

function ddmmyy(date: IsoDate): string {
  return `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(2, 4)}`;
}

function pad(value: string, length: number): string {
  if (value.length > length) throw new RangeError(`"${value}" is longer than ${length}`);
  return value.padEnd(length, ' ');
}

function num(value: number, length: number): string {
  return String(value).padStart(length, '0');
}

/** Sign + 15 digits with 3 decimals. */
function codaAmount(cents: number): string {
  return `${cents < 0 ? '1' : '0'}${num(Math.abs(cents) * 10, 15)}`;
}

function record(...parts: string[]): string {
  const line = parts.join('');
  if (line.length !== 128) throw new RangeError(`CODA record of ${line.length} characters: ${line}`);
  return line;
}

function codaAccount(iban: string): { structure: string; field: string } {
  if (iban.startsWith('BE')) return { structure: '2', field: `${pad(iban, 31)}   EUR` };
  return { structure: '3', field: `${pad(iban, 34)}EUR` };
}

export function codaLines(input: CodaFileInput): string[] {
  const lines: string[] = [];
  for (const statement of input.statements) {
    const { structure, field } = codaAccount(input.account);
    const closing =
      statement.closingBalanceCents ??
      statement.openingBalanceCents + statement.movements.reduce((sum, m) => sum + m.amountCents, 0);
    const group: string[] = [];
    group.push(
      record(
        '0',
        '0000',
        ddmmyy(statement.date),
        '300',
        '05',
        ' ',
        pad('', 7),
        pad('', 10),
        pad('KMO-PORTEFEUILLE', 26),
        pad('GKCCBEBB', 11),
        '00123456749',
        ' ',
        '00000',
        pad('', 16),
        pad('', 16),
        pad('', 7),
        '2',
      ),
    );
    group.push(
      record(
        '1',
        structure,
        num(statement.sequence, 3),
        field,
        codaAmount(statement.openingBalanceCents),
        ddmmyy(statement.date),
        pad('AGENTSCHAP INNOVEREN', 26),
        pad('Rekening kmo-portefeuille', 35),
        num(statement.sequence, 3),
      ),
    );
    let debit = 0;
    let credit = 0;
    statement.movements.forEach((movement, index) => {
      const sequence = num((index + 1) % 10000, 4);
      const booking = movement.bookingDate ?? statement.date;
      const value = movement.valueDate ?? booking;
      if (movement.amountCents < 0) debit += -movement.amountCents;
      else credit += movement.amountCents;
      const free = movement.structuredCommunication ? '' : (movement.freeCommunication ?? '');
      const hasCounterparty = Boolean(movement.counterpartyIban || movement.counterpartyName);
      const needs22 = Boolean(movement.counterpartyBic) || free.length > 53;
      const needs23 = hasCounterparty || free.length > 106;
      const communication21 = movement.structuredCommunication
        ? `101${movement.structuredCommunication}`
        : free.slice(0, 53);
      group.push(
        record(
          '21',
          sequence,
          '0000',
          pad(movement.bankReference ?? '', 21),
          codaAmount(movement.amountCents),
          ddmmyy(value),
          movement.amountCents < 0 ? '00101000' : '00150000',
          movement.structuredCommunication ? '1' : '0',
          pad(communication21, 53),
          ddmmyy(booking),
          num(statement.sequence, 3),
          '0',
          needs22 || needs23 ? '1' : '0',
          ' ',
          '0',
        ),
      );
      if (needs22) {
        group.push(
          record(
            '22',
            sequence,
            '0000',
            pad(free.slice(53, 106), 53),
            pad('', 35),
            pad(movement.counterpartyBic ?? '', 11),
            pad('', 3),
            ' ',
            pad('', 4),
            pad('', 4),
            pad('', 4),
            needs23 ? '1' : '0',
            ' ',
            '0',
          ),
        );
      }
      if (needs23) {
        group.push(
          record(
            '23',
            sequence,
            '0000',
            pad(movement.counterpartyIban ?? '', 34),
            movement.counterpartyIban ? 'EUR' : '   ',
            pad(movement.counterpartyName ?? '', 35),
            pad(free.slice(106, 139), 33),
            pad('', 10),
            '0',
            ' ',
            '0',
          ),
        );
      }
    });
    group.push(
      record(
        '8',
        num(statement.sequence, 3),
        field,
        codaAmount(closing),
        ddmmyy(statement.date),
        pad('', 64),
        '0',
      ),
    );
    const records = group.length - 1; // records 1, 2.x, 3.x and 8
    group.push(
      record(
        '9',
        pad('', 15),
        num(input.trailer?.records ?? records, 6),
        codaAmount(input.trailer?.debitCents ?? debit).slice(1),
        codaAmount(input.trailer?.creditCents ?? credit).slice(1),
        pad('', 75),
        '2',
      ),
    );
    lines.push(...group);
  }
  return lines;
}

/** A CODA 2.2 file: one group 0, 1, 2.x, 8, 9 per statement. */
export function codaFile(input: CodaFileInput): Buffer {
  const newline = input.newline ?? '\n';
  const text = codaLines(input).join(newline) + newline;
  return Buffer.from(text, input.encoding ?? 'latin1');
}

/** Replaces the characters at 1-based positions from… of line `lineNumber` (1-based) of a CODA text. */
export function patchCoda(file: Buffer, lineNumber: number, from: number, replacement: string): Buffer {
  const lines = file.toString('latin1').split('\n');
  const line = lines[lineNumber - 1]!;
  lines[lineNumber - 1] = line.slice(0, from - 1) + replacement + line.slice(from - 1 + replacement.length);
  return Buffer.from(lines.join('\n'), 'latin1');
}
