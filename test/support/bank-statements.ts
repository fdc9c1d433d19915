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

// ---------------------------------------------------------------------------
// camt.053

export interface CamtBatch {
  /** The transactions of one batch entry (one Ntry with several TxDtls). */
  batch: StatementMovementInput[];
  bankReference?: string | null;
}

export interface CamtStatementInput extends Omit<StatementInput, 'movements'> {
  id?: string;
  movements: (StatementMovementInput | CamtBatch)[];
  /** Entries with status PDNG: written, not in the balances. */
  pending?: StatementMovementInput[];
}

export interface Camt053FileInput {
  account: string;
  version: '02' | '08';
  statements: CamtStatementInput[];
  /** Write this text instead of the amount of every entry (to break the file). */
  entryAmountText?: string;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function decimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function indicator(cents: number): string {
  return cents < 0 ? 'DBIT' : 'CRDT';
}

function ogmText(digits: string): string {
  return /^[0-9]{12}$/.test(digits)
    ? `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`
    : digits;
}

function transactionXml(version: '02' | '08', movement: StatementMovementInput, withAmount: boolean): string {
  const debit = movement.amountCents < 0;
  const party = debit ? 'Cdtr' : 'Dbtr';
  const parts: string[] = ['<TxDtls>'];
  if (movement.bankReference)
    parts.push(`<Refs><AcctSvcrRef>${escapeXml(movement.bankReference)}</AcctSvcrRef></Refs>`);
  if (withAmount) {
    parts.push(
      version === '08'
        ? `<Amt Ccy="EUR">${decimal(movement.amountCents)}</Amt><CdtDbtInd>${indicator(movement.amountCents)}</CdtDbtInd>`
        : `<AmtDtls><TxAmt><Amt Ccy="EUR">${decimal(movement.amountCents)}</Amt></TxAmt></AmtDtls>`,
    );
  }
  if (movement.counterpartyName || movement.counterpartyIban) {
    parts.push('<RltdPties>');
    if (movement.counterpartyName) {
      const name = `<Nm>${escapeXml(movement.counterpartyName)}</Nm>`;
      parts.push(
        version === '08' ? `<${party}><Pty>${name}</Pty></${party}>` : `<${party}>${name}</${party}>`,
      );
    }
    if (movement.counterpartyIban) {
      parts.push(`<${party}Acct><Id><IBAN>${movement.counterpartyIban}</IBAN></Id></${party}Acct>`);
    }
    parts.push('</RltdPties>');
  }
  if (movement.counterpartyBic) {
    const bic = version === '08' ? 'BICFI' : 'BIC';
    parts.push(
      `<RltdAgts><${party}Agt><FinInstnId><${bic}>${movement.counterpartyBic}</${bic}></FinInstnId></${party}Agt></RltdAgts>`,
    );
  }
  if (movement.structuredCommunication || movement.freeCommunication) {
    parts.push('<RmtInf>');
    if (movement.freeCommunication) parts.push(`<Ustrd>${escapeXml(movement.freeCommunication)}</Ustrd>`);
    if (movement.structuredCommunication) {
      parts.push(
        `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${escapeXml(ogmText(movement.structuredCommunication))}</Ref></CdtrRefInf></Strd>`,
      );
    }
    parts.push('</RmtInf>');
  }
  parts.push('</TxDtls>');
  return parts.join('');
}

function entryXml(
  input: Camt053FileInput,
  statement: CamtStatementInput,
  item: StatementMovementInput | CamtBatch,
  status: 'BOOK' | 'PDNG',
): string {
  const transactions = 'batch' in item ? item.batch : [item];
  const cents = transactions.reduce((sum, m) => sum + m.amountCents, 0);
  const first = transactions[0]!;
  const booking = ('batch' in item ? undefined : item.bookingDate) ?? statement.date;
  const value = ('batch' in item ? undefined : item.valueDate) ?? booking;
  const reference = 'batch' in item ? item.bankReference : first.bankReference;
  const sts = input.version === '08' ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`;
  const details =
    'batch' in item
      ? transactions.map((m) =>
          transactionXml(input.version, { ...m, bankReference: m.bankReference ?? null }, true),
        )
      : [transactionXml(input.version, { ...first, bankReference: null }, false)];
  return [
    '<Ntry>',
    `<Amt Ccy="EUR">${input.entryAmountText ?? decimal(cents)}</Amt>`,
    `<CdtDbtInd>${indicator(cents)}</CdtDbtInd>`,
    sts,
    `<BookgDt><Dt>${booking}</Dt></BookgDt>`,
    `<ValDt><Dt>${value}</Dt></ValDt>`,
    reference ? `<AcctSvcrRef>${escapeXml(reference)}</AcctSvcrRef>` : '',
    '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>',
    `<NtryDtls>${'batch' in item ? `<Btch><NbOfTxs>${transactions.length}</NbOfTxs></Btch>` : ''}${details.join('')}</NtryDtls>`,
    '</Ntry>',
  ].join('');
}

function balanceXml(code: string, cents: number, date: IsoDate): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${decimal(cents)}</Amt><CdtDbtInd>${indicator(cents)}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
}

/** A camt.053.001.02 or .08 file, one Stmt per statement. */
export function camt053File(input: Camt053FileInput): Buffer {
  const namespace = `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${input.version}`;
  const statements = input.statements.map((statement) => {
    const cents = statement.movements
      .flatMap((item) => ('batch' in item ? item.batch : [item]))
      .reduce((sum, m) => sum + m.amountCents, 0);
    const closing = statement.closingBalanceCents ?? statement.openingBalanceCents + cents;
    return [
      '<Stmt>',
      `<Id>${escapeXml(statement.id ?? `${statement.date.slice(0, 4)}-${String(statement.sequence).padStart(3, '0')}`)}</Id>`,
      `<ElctrncSeqNb>${statement.sequence}</ElctrncSeqNb>`,
      `<CreDtTm>${statement.date}T18:00:00+01:00</CreDtTm>`,
      `<FrToDt><FrDtTm>${statement.date}T00:00:00+01:00</FrDtTm><ToDtTm>${statement.date}T23:59:59+01:00</ToDtTm></FrToDt>`,
      `<Acct><Id><IBAN>${input.account}</IBAN></Id><Ccy>EUR</Ccy></Acct>`,
      balanceXml('OPBD', statement.openingBalanceCents, statement.date),
      balanceXml('CLBD', closing, statement.date),
      ...statement.movements.map((item) => entryXml(input, statement, item, 'BOOK')),
      ...(statement.pending ?? []).map((item) => entryXml(input, statement, item, 'PDNG')),
      '</Stmt>',
    ].join('\n');
  });
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    '<BkToCstmrStmt>',
    `<GrpHdr><MsgId>MSG-${input.statements[0]?.sequence ?? 0}</MsgId><CreDtTm>2026-12-07T06:00:00+01:00</CreDtTm></GrpHdr>`,
    ...statements,
    '</BkToCstmrStmt>',
    '</Document>',
  ].join('\n');
  return Buffer.from(xml, 'utf8');
}
