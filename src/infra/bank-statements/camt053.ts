/**
 * ISO 20022 camt.053 (Bank-to-Customer Statement), any version camt.053.001.NN; tested with .02 and .08.
 * Elements are looked up by namespace and local name, so prefixes do not matter.
 *
 * Choices:
 * - Only booked entries (Sts BOOK, or Sts/Cd BOOK from .08 on) are movements; pending (PDNG) and
 *   information-only (INFO) entries are skipped: they are not in the booked balances either.
 * - An entry without transaction details, or with one, is one movement with the entry's amount. A batch
 *   entry with several TxDtls gives one movement per TxDtls, with its amount (TxDtls/Amt, else
 *   AmtDtls/TxAmt/Amt); they must add up to the entry's amount.
 * - The movement key is the entry's AcctSvcrRef, else its NtryRef, else its position (1, 2, …); "/n" is
 *   added for the n-th transaction of a batch. The bank reference is AcctSvcrRef (for a batch
 *   transaction: its own Refs/AcctSvcrRef, else the entry's with "/n").
 * - The counterparty of a credit is the debtor (Dbtr/Nm or, from .08, Dbtr/Pty/Nm; DbtrAcct/Id/IBAN;
 *   DbtrAgt/FinInstnId/BIC or BICFI); of a debit, the creditor.
 * - Only a valid Belgian structured communication (OGM, "+++123/4567/89002+++" or 12 digits) becomes
 *   structuredCommunication; any other creditor reference (e.g. an RF reference) goes, as given, into
 *   freeCommunication, before RmtInf/Ustrd.
 * - The statement date is the closing balance's date (Dt, or the date part of DtTm as written, no time
 *   zone conversion). Amounts must be in EUR with at most 2 decimals.
 */
import { DOMParser } from '@xmldom/xmldom';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import {
  normaliseBic,
  normaliseIban,
  parseStructuredCommunication,
} from '../../domain/belgian-identifiers.js';
import type { ParsedMovement, ParsedStatement } from './statement.js';
import { type ParseOptions, StatementFileError } from './statement-file-error.js';

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.[0-9]{2}$/;

interface Node {
  element: Element;
  path: string;
}

function refuse(path: string, reason: string): never {
  throw new StatementFileError(path, reason);
}

function childElements(node: Node, name: string): Node[] {
  const found: Node[] = [];
  const all = Array.from(node.element.childNodes).filter(
    (child): child is Element =>
      child.nodeType === 1 &&
      (child as Element).localName === name &&
      (child as Element).namespaceURI === node.element.namespaceURI,
  );
  all.forEach((element, index) =>
    found.push({ element, path: `${node.path}/${all.length > 1 ? `${name}[${index + 1}]` : name}` }),
  );
  return found;
}

/** The single child at the end of a path of names, or undefined. */
function child(node: Node | undefined, ...names: string[]): Node | undefined {
  let current = node;
  for (const name of names) {
    if (!current) return undefined;
    current = childElements(current, name)[0];
  }
  return current;
}

function textOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const value = (node.element.textContent ?? '').trim();
  return value === '' ? undefined : value;
}

function required(node: Node, ...names: string[]): Node {
  const found = child(node, ...names);
  if (!found) refuse(`${node.path}/${names.join('/')}`, `Verplicht element ${names.join('/')} ontbreekt.`);
  return found;
}

/** An amount element: EUR, at most 2 decimals → integer cents (unsigned). */
function amountCents(node: Node): number {
  const currency = node.element.getAttribute('Ccy');
  if (currency !== 'EUR')
    refuse(node.path, `Alleen bedragen in euro worden aanvaard (munt "${currency ?? ''}").`);
  const value = textOf(node) ?? '';
  const match = /^([0-9]{1,15})(?:\.([0-9]{1,2}))?$/.exec(value);
  if (!match) {
    refuse(node.path, `"${value}" is geen bedrag in euro met hoogstens 2 decimalen.`);
  }
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function sign(node: Node, ...names: string[]): 1 | -1 {
  const found = required(node, ...names);
  const value = textOf(found);
  if (value === 'CRDT') return 1;
  if (value === 'DBIT') return -1;
  return refuse(found.path, `Verwacht CRDT of DBIT, gevonden "${value ?? ''}".`);
}

/** Dt or DtTm (date part) inside a date choice element. */
function dateOf(node: Node): IsoDate {
  const dt = child(node, 'Dt') ?? child(node, 'DtTm');
  const value = textOf(dt)?.slice(0, 10) ?? '';
  if (!dt || !isIsoDate(value)) refuse(dt?.path ?? node.path, `"${textOf(dt) ?? ''}" is geen geldige datum.`);
  return value;
}

function euro(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function decode(content: Buffer): string {
  const declaration = content.subarray(0, 200).toString('latin1');
  const encoding = /encoding\s*=\s*["']([^"']+)["']/i.exec(declaration)?.[1]?.toLowerCase();
  if (encoding === 'iso-8859-1' || encoding === 'latin1' || encoding === 'latin-1')
    return content.toString('latin1');
  return content.toString('utf8').replace(/^\uFEFF/, '');
}

function parseXml(content: Buffer): Document {
  // Strict: xmldom reports an unclosed element only as a warning; any message refuses the file.
  let problem: string | undefined;
  const record = (_level: string, message: unknown) => {
    problem ??= String(message);
  };
  let document: Document | undefined;
  try {
    document = new DOMParser({ locator: {}, errorHandler: record }).parseFromString(
      decode(content),
      'text/xml',
    );
  } catch (error) {
    record('fatalError', error instanceof Error ? error.message : error);
  }
  if (problem !== undefined || !document?.documentElement) {
    const where = /@#\[line:([0-9]+),col:([0-9]+)\]/.exec(problem ?? '');
    const detail = (problem ?? '')
      .replace(/\[xmldom [a-zA-Z]*\]\s*/g, '')
      .replace(/@#\[line:.*?\]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    refuse(
      where ? `XML, regel ${where[1]}, kolom ${where[2]}` : 'XML',
      `Het bestand is geen geldige XML${detail ? ` (${detail})` : ''}.`,
    );
  }
  return document;
}

export function parseCamt053(content: Buffer, options: ParseOptions = {}): ParsedStatement[] {
  const document = parseXml(content);
  const root = document.documentElement;
  const namespace = root.namespaceURI ?? '';
  if (root.localName !== 'Document' || !NAMESPACE.test(namespace)) {
    refuse(
      root.localName ?? 'XML',
      `Dit XML-bestand is geen camt.053-rekeningafschrift (element ${root.localName ?? '?'} in namespace "${namespace}").`,
    );
  }
  const top = childElements({ element: root, path: '' }, 'BkToCstmrStmt')[0];
  if (!top) refuse('Document', 'Dit XML-bestand bevat geen BkToCstmrStmt.');
  const stmts = Array.from(top.element.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 &&
      (node as Element).localName === 'Stmt' &&
      (node as Element).namespaceURI === namespace,
  );
  if (stmts.length === 0) refuse('BkToCstmrStmt', 'Het bestand bevat geen uittreksel (Stmt).');
  return stmts.map((element, index) => statement({ element, path: `Stmt[${index + 1}]` }, options));
}

function statement(stmt: Node, options: ParseOptions): ParsedStatement {
  const statementId = textOf(child(stmt, 'Id')) ?? textOf(child(stmt, 'ElctrncSeqNb'));
  if (statementId === undefined) refuse(`${stmt.path}/Id`, 'Het uittreksel heeft geen Id.');
  const ibanNode = required(stmt, 'Acct', 'Id', 'IBAN');
  const accountIban = normaliseIban(textOf(ibanNode) ?? '');
  if (!accountIban) refuse(ibanNode.path, `"${textOf(ibanNode) ?? ''}" is geen IBAN.`);
  const accountCurrency = child(stmt, 'Acct', 'Ccy');
  if (accountCurrency && textOf(accountCurrency) !== 'EUR') {
    refuse(
      accountCurrency.path,
      `Alleen rekeningen in euro worden aanvaard (munt "${textOf(accountCurrency) ?? ''}").`,
    );
  }

  let opening: number | undefined;
  let closing: { cents: number; date: IsoDate } | undefined;
  const balances = childElements(stmt, 'Bal');
  for (const balance of balances) {
    const code = textOf(child(balance, 'Tp', 'CdOrPrtry', 'Cd'));
    if (code === 'OPBD' || code === 'PRCD') {
      if (opening === undefined || code === 'OPBD')
        opening = amountCents(required(balance, 'Amt')) * sign(balance, 'CdtDbtInd');
    } else if (code === 'CLBD') {
      closing = {
        cents: amountCents(required(balance, 'Amt')) * sign(balance, 'CdtDbtInd'),
        date: dateOf(required(balance, 'Dt')),
      };
    }
  }
  if (opening === undefined)
    refuse(`${stmt.path}/Bal`, 'Het beginsaldo (Bal met Tp/CdOrPrtry/Cd OPBD of PRCD) ontbreekt.');
  if (closing === undefined)
    refuse(`${stmt.path}/Bal`, 'Het eindsaldo (Bal met Tp/CdOrPrtry/Cd CLBD) ontbreekt.');

  const movements: ParsedMovement[] = [];
  const keys = new Set<string>();
  childElements(stmt, 'Ntry').forEach((entry, index) => {
    for (const movement of entryMovements(entry, index + 1)) {
      if (keys.has(movement.movementKey)) {
        refuse(
          entry.path,
          `De referentie "${movement.movementKey}" komt meer dan eens voor in dit uittreksel.`,
        );
      }
      keys.add(movement.movementKey);
      movements.push(movement);
    }
  });

  if (options.checkTotals ?? true) {
    const total = movements.reduce((sum, m) => sum + m.amountCents, 0);
    if (opening + total !== closing.cents) {
      refuse(
        `${stmt.path}/Bal`,
        `Het saldo van uittreksel ${statementId} klopt niet: beginsaldo ${euro(opening)} + geboekte bewegingen ${euro(total)} = ${euro(opening + total)}, maar het eindsaldo is ${euro(closing.cents)}.`,
      );
    }
  }
  return {
    format: 'camt053',
    accountIban,
    statementId,
    statementDate: closing.date,
    openingBalanceCents: opening,
    closingBalanceCents: closing.cents,
    movements,
  };
}

function status(entry: Node): string {
  const sts = required(entry, 'Sts');
  return textOf(child(sts, 'Cd')) ?? textOf(sts) ?? '';
}

function entryMovements(entry: Node, position: number): ParsedMovement[] {
  const entryStatus = status(entry);
  if (!['BOOK', 'PDNG', 'INFO'].includes(entryStatus)) {
    refuse(`${entry.path}/Sts`, `Onbekende status "${entryStatus}" (verwacht BOOK, PDNG of INFO).`);
  }
  const entrySign = sign(entry, 'CdtDbtInd');
  const entryCents = amountCents(required(entry, 'Amt')) * entrySign;
  if (entryStatus !== 'BOOK') return [];
  const bookingDate = dateOf(required(entry, 'BookgDt'));
  const valueDateNode = child(entry, 'ValDt');
  const valueDate = valueDateNode ? dateOf(valueDateNode) : bookingDate;
  const accountServicerReference = textOf(child(entry, 'AcctSvcrRef')) ?? null;
  const entryKey = accountServicerReference ?? textOf(child(entry, 'NtryRef')) ?? String(position);

  const details = childElements(entry, 'NtryDtls').flatMap((batch) => childElements(batch, 'TxDtls'));
  if (details.length <= 1) {
    return [
      {
        movementKey: entryKey,
        bankReference: accountServicerReference,
        amountCents: entryCents,
        bookingDate,
        valueDate,
        ...transactionDetails(details[0], entrySign),
      },
    ];
  }
  const movements = details.map((detail, index): ParsedMovement => {
    const amountNode = child(detail, 'Amt') ?? child(detail, 'AmtDtls', 'TxAmt', 'Amt');
    if (!amountNode)
      refuse(
        `${detail.path}/Amt`,
        'Een transactie van een verzamelboeking heeft geen bedrag (Amt of AmtDtls).',
      );
    const detailSign = child(detail, 'CdtDbtInd') ? sign(detail, 'CdtDbtInd') : entrySign;
    const ownReference = textOf(child(detail, 'Refs', 'AcctSvcrRef'));
    return {
      movementKey: `${entryKey}/${index + 1}`,
      bankReference:
        ownReference && ownReference !== accountServicerReference
          ? ownReference
          : accountServicerReference === null
            ? null
            : `${accountServicerReference}/${index + 1}`,
      amountCents: amountCents(amountNode) * detailSign,
      bookingDate,
      valueDate,
      ...transactionDetails(detail, detailSign),
    };
  });
  const total = movements.reduce((sum, m) => sum + m.amountCents, 0);
  if (total !== entryCents) {
    refuse(
      `${entry.path}/Amt`,
      `De transacties van deze verzamelboeking tellen op tot ${euro(total)}, niet tot ${euro(entryCents)}.`,
    );
  }
  return movements;
}

type Details = Pick<
  ParsedMovement,
  | 'structuredCommunication'
  | 'freeCommunication'
  | 'counterpartyName'
  | 'counterpartyIban'
  | 'counterpartyBic'
>;

function transactionDetails(detail: Node | undefined, direction: 1 | -1): Details {
  if (!detail) {
    return {
      structuredCommunication: null,
      freeCommunication: null,
      counterpartyName: null,
      counterpartyIban: null,
      counterpartyBic: null,
    };
  }
  const party = direction === 1 ? 'Dbtr' : 'Cdtr';
  const parties = child(detail, 'RltdPties');
  const name = textOf(child(parties, party, 'Nm')) ?? textOf(child(parties, party, 'Pty', 'Nm'));
  const iban = textOf(child(parties, `${party}Acct`, 'Id', 'IBAN'));
  const agent = child(detail, 'RltdAgts', `${party}Agt`, 'FinInstnId');
  const bic = textOf(child(agent, 'BIC')) ?? textOf(child(agent, 'BICFI'));

  let structured: string | null = null;
  const free: string[] = [];
  const remittance = child(detail, 'RmtInf');
  if (remittance) {
    for (const strd of childElements(remittance, 'Strd')) {
      const reference = textOf(child(strd, 'CdtrRefInf', 'Ref'));
      if (reference === undefined) continue;
      const ogm = parseStructuredCommunication(reference);
      if (ogm && structured === null) structured = ogm;
      else free.push(reference);
    }
    for (const ustrd of childElements(remittance, 'Ustrd')) {
      const value = textOf(ustrd);
      if (value !== undefined) free.push(value);
    }
  }
  const freeText = free.join(' ').replace(/\s+/g, ' ').trim();
  return {
    structuredCommunication: structured,
    freeCommunication: freeText === '' ? null : freeText,
    counterpartyName: name?.replace(/\s+/g, ' ') ?? null,
    counterpartyIban: iban === undefined ? null : (normaliseIban(iban) ?? null),
    counterpartyBic: bic === undefined ? null : normaliseBic(bic),
  };
}
