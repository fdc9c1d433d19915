/**
 * CODA 2.x (Febelfin "Standard CODA", version 2.x): fixed-width records of 128 characters.
 *
 * A file holds one or more statements, each a group 0 (header), 1 (old balance), 2.1/2.2/2.3 (movement)
 * with 3.1/3.2/3.3 (information) after it, 4 (free message), 8 (new balance), 9 (trailer). Positions below
 * are 1-based as in the standard. Amounts have 3 decimals: a non-zero third decimal is refused, never
 * rounded. The file is refused as a whole on the first problem, with its line and positions.
 *
 * Choices:
 * - Encoding: a file that is valid UTF-8 is read as UTF-8; anything else as Latin-1 (ISO 8859-1), which
 *   Belgian banks use for CODA, so "é" (0xE9) survives. CP850 is not recognised (its "é" is 0x82, a
 *   control character in Latin-1): such a name reads wrongly but the file is not refused.
 * - Record 4 (free messages) and records 3.x (information) are checked for their shape only.
 * - Globalisation: when a movement (detail 0000) is followed by detail records (same sequence number,
 *   detail number > 0), the details are the movements (they must add up to the global amount); else the
 *   movement itself. The balances and the trailer totals use the detail-0000 amounts, as the standard says.
 * - The statement id is `${year of the new balance date}-${sequence number of record 1, positions 3–5}`;
 *   when those are zeros, the coded statement's sequence number (positions 126–128); when that too is
 *   zero, the new balance date itself.
 * - The movement key is the movement's sequence number without leading zeros, counting on past 9999 when
 *   the number wraps (0000, 0001 … become 10000, 10001 …), with "/detail" for a detail record.
 * - A counterparty account (record 2.3) is kept when it has the shape of an IBAN (not checked further);
 *   a Belgian 12-digit account number becomes its IBAN.
 * - A structured communication of type 101 or 102 gives the 12 digits; another structured type (e.g.
 *   127, a SEPA direct debit) gives its text, type code first, as the free communication.
 */
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import { ibanCheckDigits, normaliseBic, normaliseIban } from '../../domain/belgian-identifiers.js';
import type { ParsedMovement, ParsedStatement } from './statement.js';
import { type ParseOptions, StatementFileError, WHOLE_FILE } from './statement-file-error.js';

const RECORD_LENGTH = 128;

/** Decodes as UTF-8 when the bytes are valid UTF-8, else as Latin-1 (see the module comment). */
function decodeCodaBytes(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return content.toString('latin1');
  }
}

interface Line {
  number: number;
  text: string;
}

function range(from: number, to: number): string {
  return from === to ? `positie ${from}` : `posities ${from}–${to}`;
}

function refuse(line: Line, reason: string, from?: number, to?: number): never {
  const where =
    from === undefined ? `regel ${line.number}` : `regel ${line.number}, ${range(from, to ?? from)}`;
  throw new StatementFileError(where, reason);
}

/** Characters at 1-based positions from…to (inclusive). */
function field(line: Line, from: number, to: number): string {
  return line.text.slice(from - 1, to);
}

function digits(line: Line, from: number, to: number, what: string): string {
  const value = field(line, from, to);
  if (!/^[0-9]+$/.test(value))
    refuse(line, `${what}: verwacht ${to - from + 1} cijfers, gevonden "${value}".`, from, to);
  return value;
}

function oneOf(line: Line, position: number, allowed: string[], what: string): string {
  const value = field(line, position, position);
  if (!allowed.includes(value)) {
    refuse(
      line,
      `${what}: verwacht ${allowed.map((a) => `"${a}"`).join(' of ')}, gevonden "${value}".`,
      position,
    );
  }
  return value;
}

function blank(line: Line, from: number, to: number, what: string): void {
  if (field(line, from, to).trim() !== '') refuse(line, `${what}: verwacht spaties.`, from, to);
}

/** DDMMYY → YYYY-MM-DD (years 2000–2099). */
function date(line: Line, from: number, what: string): IsoDate {
  const value = digits(line, from, from + 5, what);
  const iso = `20${value.slice(4, 6)}-${value.slice(2, 4)}-${value.slice(0, 2)}`;
  if (!isIsoDate(iso)) refuse(line, `${what}: "${value}" is geen bestaande datum (DDMMJJ).`, from, from + 5);
  return iso;
}

/** Sign (0 = credit, 1 = debit) at `signAt`, then 15 digits with 3 decimals → signed integer cents. */
function amount(line: Line, signAt: number, what: string): number {
  const sign = oneOf(line, signAt, ['0', '1'], `Teken van ${what} (0 = credit, 1 = debet)`);
  const value = digits(line, signAt + 1, signAt + 15, what);
  if (value.endsWith('0') === false) {
    refuse(
      line,
      `${what} heeft een derde decimaal (${value}); bedragen in eurocent verwacht.`,
      signAt + 1,
      signAt + 15,
    );
  }
  const cents = Number(value.slice(0, 14));
  return sign === '1' ? -cents : cents;
}

/** 15 digits with 3 decimals, no sign (the trailer's totals) → integer cents. */
function trailerTotal(line: Line, from: number, what: string): number {
  const value = digits(line, from, from + 14, what);
  if (!value.endsWith('0')) refuse(line, `${what} heeft een derde decimaal (${value}).`, from, from + 14);
  return Number(value.slice(0, 14));
}

function text(line: Line, from: number, to: number): string {
  return field(line, from, to).trim();
}

function orNull(value: string): string | null {
  const compact = value.replace(/\s+/g, ' ').trim();
  return compact === '' ? null : compact;
}

function euro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** Account number and currency (37 characters from `from`) per the account structure of record 1. */
function account(line: Line, structure: string, from: number): { iban: string; currency: string } {
  let raw: string;
  let currency: string;
  let currencyAt: number;
  if (structure === '0') {
    raw = digits(line, from, from + 11, 'Belgisch rekeningnummer');
    currencyAt = from + 13;
    currency = field(line, currencyAt, currencyAt + 2);
    raw = `BE${ibanCheckDigits('BE', raw)}${raw}`;
  } else if (structure === '2') {
    raw = text(line, from, from + 30);
    currencyAt = from + 34;
    currency = field(line, currencyAt, currencyAt + 2);
  } else if (structure === '3') {
    raw = text(line, from, from + 33);
    currencyAt = from + 34;
    currency = field(line, currencyAt, currencyAt + 2);
  } else {
    return refuse(
      line,
      'Een buitenlands rekeningnummer zonder IBAN (rekeningstructuur 1) wordt niet aanvaard.',
      2,
    );
  }
  const iban = normaliseIban(raw);
  if (!iban) refuse(line, `"${raw}" is geen IBAN.`, from, structure === '3' ? from + 33 : from + 30);
  if (currency !== 'EUR') {
    refuse(
      line,
      `Alleen rekeningen in euro worden aanvaard (munt "${currency}").`,
      currencyAt,
      currencyAt + 2,
    );
  }
  return { iban, currency };
}

interface MovementInProgress {
  line: Line;
  sequence: number;
  detail: number;
  key: string;
  bankReference: string | null;
  amountCents: number;
  valueDate: IsoDate | null;
  bookingDate: IsoDate;
  structured: string | null;
  /** Communication parts, joined at the end. */
  communication: string[];
  structuredType: string | null;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  counterpartyBic: string | null;
  globalisation: string;
  /** The record types that may follow (per the next code and link code). */
  nextCode: string;
  linkCode: string;
  lastArticle: '1' | '2' | '3';
}

interface StatementInProgress {
  headerLine: Line;
  oldBalanceLine: Line;
  structure: string;
  accountField: string;
  accountIban: string;
  paperSequence: string;
  codaSequence: string;
  openingBalanceCents: number;
  /** Detail-0000 movements' total, for the balance and trailer checks. */
  debitCents: number;
  creditCents: number;
  records: number;
  movements: MovementInProgress[];
  unwrappedSequence: number;
  lastSequence: number | null;
  closingBalanceCents: number | null;
  statementDate: IsoDate | null;
  newBalanceLine: Line | null;
  /** Expectation after the previous record: a 2.2/2.3 or a 3.x must follow, or nothing in particular. */
  pending: 'movement-continuation' | 'information' | null;
  lastInformation: { sequence: number; article: '1' | '2' | '3'; nextCode: string } | null;
}

function splitLines(content: string): Line[] {
  const parts = content.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((raw, index) => ({
    number: index + 1,
    text: raw.endsWith('\r') ? raw.slice(0, -1) : raw,
  }));
}

export function parseCoda(content: Buffer, options: ParseOptions = {}): ParsedStatement[] {
  const checkTotals = options.checkTotals ?? true;
  const lines = splitLines(decodeCodaBytes(content));
  const statements: ParsedStatement[] = [];
  let current: StatementInProgress | null = null;
  let header: Line | null = null;

  for (const line of lines) {
    if (line.text.length !== RECORD_LENGTH) {
      refuse(line, `Een CODA-record telt 128 tekens; deze regel telt er ${line.text.length}.`);
    }
    const type = line.text[0];
    const article = line.text[1];
    const recordType = type === '2' || type === '3' ? `${type}.${article}` : type;
    switch (recordType) {
      case '0': {
        if (header || current)
          refuse(
            line,
            'Record 0 (begin) op een onverwachte plaats: het vorige uittreksel is niet afgesloten met record 9.',
            1,
          );
        digits(line, 2, 5, 'Zones 2–5 van record 0');
        if (field(line, 2, 5) !== '0000') refuse(line, 'Record 0: verwacht "0000".', 2, 5);
        date(line, 6, 'Aanmaakdatum');
        digits(line, 12, 14, 'Identificatienummer van de bank');
        if (field(line, 15, 16) !== '05') refuse(line, 'Applicatiecode: verwacht "05".', 15, 16);
        oneOf(line, 17, ['D', ' '], 'Duplicaat');
        oneOf(line, 128, ['2'], 'Versie van CODA (alleen versie 2.x wordt aanvaard)');
        header = line;
        break;
      }
      case '1': {
        if (!header || current)
          refuse(line, 'Record 1 (oud saldo) op een onverwachte plaats: verwacht na record 0.', 1);
        const structure = oneOf(line, 2, ['0', '1', '2', '3'], 'Rekeningstructuur');
        const paperSequence = digits(line, 3, 5, 'Volgnummer van het uittreksel');
        const { iban } = account(line, structure, 6);
        const openingBalanceCents = amount(line, 43, 'Oud saldo');
        date(line, 59, 'Datum van het oud saldo');
        const codaSequence = digits(line, 126, 128, 'Volgnummer van het gecodeerde uittreksel');
        current = {
          headerLine: header,
          oldBalanceLine: line,
          structure,
          accountField: field(line, 6, 42),
          accountIban: iban,
          paperSequence,
          codaSequence,
          openingBalanceCents,
          debitCents: 0,
          creditCents: 0,
          records: 1,
          movements: [],
          unwrappedSequence: 0,
          lastSequence: null,
          closingBalanceCents: null,
          statementDate: null,
          newBalanceLine: null,
          pending: null,
          lastInformation: null,
        };
        break;
      }
      case '2.1':
      case '2.2':
      case '2.3':
        if (!current || current.newBalanceLine)
          refuse(
            line,
            'Bewegingsrecord op een onverwachte plaats: verwacht tussen record 1 en record 8.',
            1,
            2,
          );
        movementRecord(current, line, article as '1' | '2' | '3');
        current.records += 1;
        break;
      case '3.1':
      case '3.2':
      case '3.3':
        if (!current || current.newBalanceLine)
          refuse(line, 'Informatierecord op een onverwachte plaats: verwacht na een beweging.', 1, 2);
        informationRecord(current, line, article as '1' | '2' | '3');
        current.records += 1;
        break;
      case '4': {
        if (!current)
          refuse(line, 'Record 4 (vrij bericht) op een onverwachte plaats: verwacht na record 1.', 1);
        expectNothingPending(current, line);
        blank(line, 2, 2, 'Record 4, positie 2');
        digits(line, 3, 6, 'Volgnummer van het vrije bericht');
        digits(line, 7, 10, 'Detailnummer van het vrije bericht');
        oneOf(line, 128, ['0', '1'], 'Koppelingscode');
        break;
      }
      case '8': {
        if (!current || current.newBalanceLine)
          refuse(
            line,
            'Record 8 (nieuw saldo) op een onverwachte plaats: verwacht na record 1 en de bewegingen.',
            1,
          );
        expectNothingPending(current, line);
        digits(line, 2, 4, 'Volgnummer van het uittreksel');
        const closing = amount(line, 42, 'Nieuw saldo');
        current.statementDate = date(line, 58, 'Datum van het nieuw saldo');
        oneOf(line, 128, ['0', '1'], 'Koppelingscode');
        current.closingBalanceCents = closing;
        current.newBalanceLine = line;
        current.records += 1;
        if (checkTotals) {
          const expected = current.openingBalanceCents + current.creditCents - current.debitCents;
          if (expected !== closing) {
            refuse(
              line,
              `Het saldo van uittreksel ${statementId(current)} klopt niet: oud saldo ${euro(current.openingBalanceCents)} + bewegingen ${euro(current.creditCents - current.debitCents)} = ${euro(expected)}, maar het nieuw saldo is ${euro(closing)}.`,
              42,
              57,
            );
          }
          if (field(line, 5, 41) !== current.accountField) {
            refuse(line, 'De rekening in record 8 verschilt van die in record 1.', 5, 41);
          }
        }
        break;
      }
      case '9': {
        if (!current || !current.newBalanceLine || !header)
          refuse(line, 'Record 9 (einde) op een onverwachte plaats: verwacht na record 8.', 1);
        blank(line, 2, 16, 'Record 9');
        const count = Number(digits(line, 17, 22, 'Aantal records'));
        const debit = trailerTotal(line, 23, 'Totaal debet');
        const credit = trailerTotal(line, 38, 'Totaal credit');
        blank(line, 53, 127, 'Record 9');
        oneOf(line, 128, ['1', '2'], 'Code meerdere bestanden');
        if (checkTotals) {
          if (count !== current.records) {
            refuse(
              line,
              `Het aantal records (1, 2.x, 3.x en 8) klopt niet: vermeld ${count}, geteld ${current.records}.`,
              17,
              22,
            );
          }
          if (debit !== current.debitCents) {
            refuse(
              line,
              `Het totaal debet klopt niet: vermeld ${euro(debit)}, som van de bewegingen ${euro(current.debitCents)}.`,
              23,
              37,
            );
          }
          if (credit !== current.creditCents) {
            refuse(
              line,
              `Het totaal credit klopt niet: vermeld ${euro(credit)}, som van de bewegingen ${euro(current.creditCents)}.`,
              38,
              52,
            );
          }
        }
        statements.push(finish(current));
        current = null;
        header = null;
        break;
      }
      default:
        refuse(
          line,
          `Onbekend recordtype "${type === '2' || type === '3' ? `${type}${article}` : type}".`,
          1,
          type === '2' || type === '3' ? 2 : 1,
        );
    }
  }
  const last = lines[lines.length - 1];
  if (!last || lines.every((l) => l.text === '')) {
    throw new StatementFileError(WHOLE_FILE, 'Het bestand is leeg.');
  }
  if (current || header) refuse(last, 'Het bestand eindigt zonder record 9 (einde).');
  return statements;
}

function expectNothingPending(statement: StatementInProgress, line: Line): void {
  if (statement.pending === 'movement-continuation') {
    refuse(line, 'Verwacht een record 2.2 of 2.3 (de volgcode van het vorige record is 1).', 1, 2);
  }
  if (statement.pending === 'information') {
    refuse(line, 'Verwacht een record 3 (de koppelingscode van het vorige record is 1).', 1, 2);
  }
}

function statementId(statement: StatementInProgress): string {
  const year = (statement.statementDate ?? '').slice(0, 4);
  if (statement.paperSequence !== '000') return `${year}-${statement.paperSequence}`;
  if (statement.codaSequence !== '000') return `${year}-${statement.codaSequence}`;
  return statement.statementDate ?? '';
}

function movementRecord(statement: StatementInProgress, line: Line, article: '1' | '2' | '3'): void {
  const sequence = Number(digits(line, 3, 6, 'Volgnummer van de beweging'));
  const detail = Number(digits(line, 7, 10, 'Detailnummer van de beweging'));
  const previous = statement.movements[statement.movements.length - 1];
  if (article === '1') {
    expectNothingPending(statement, line);
    const isDetail = detail > 0;
    if (isDetail) {
      if (!previous || previous.sequence !== sequence || previous.detail !== detail - 1) {
        refuse(line, `Detailnummer ${detail} volgt niet op de vorige beweging.`, 3, 10);
      }
    } else {
      const expected = statement.lastSequence === null ? 1 : (statement.lastSequence + 1) % 10000;
      if (sequence !== expected) {
        refuse(
          line,
          `Volgnummer ${field(line, 3, 6)} van de beweging: verwacht ${String(expected).padStart(4, '0')}.`,
          3,
          6,
        );
      }
      statement.lastSequence = sequence;
      statement.unwrappedSequence += 1;
    }
    const bankReference = orNull(text(line, 11, 31));
    const amountCents = amount(line, 32, 'Bedrag');
    const valueDate = field(line, 48, 53) === '000000' ? null : date(line, 48, 'Valutadatum');
    digits(line, 54, 61, 'Transactiecode');
    const communicationType = oneOf(line, 62, ['0', '1'], 'Type mededeling (0 = vrij, 1 = gestructureerd)');
    let structured: string | null = null;
    let structuredType: string | null = null;
    const communication: string[] = [];
    if (communicationType === '1') {
      structuredType = digits(line, 63, 65, 'Type gestructureerde mededeling');
      if (structuredType === '101' || structuredType === '102') {
        structured = digits(line, 66, 77, 'Gestructureerde mededeling');
      } else {
        communication.push(`${structuredType} ${field(line, 66, 115)}`);
      }
    } else {
      communication.push(field(line, 63, 115));
    }
    const bookingDate = date(line, 116, 'Boekingsdatum');
    digits(line, 122, 124, 'Volgnummer van het uittreksel');
    const globalisation = digits(line, 125, 125, 'Globalisatiecode');
    const nextCode = oneOf(line, 126, ['0', '1'], 'Volgcode');
    const linkCode = oneOf(line, 128, ['0', '1'], 'Koppelingscode');
    const key = isDetail ? `${statement.unwrappedSequence}/${detail}` : String(statement.unwrappedSequence);
    if (isDetail) {
      // Details are in the global amount already: the totals count detail-0000 records only.
    } else if (amountCents < 0) {
      statement.debitCents += -amountCents;
    } else {
      statement.creditCents += amountCents;
    }
    statement.movements.push({
      line,
      sequence,
      detail,
      key,
      bankReference,
      amountCents,
      valueDate,
      bookingDate,
      structured,
      communication,
      structuredType,
      counterpartyName: null,
      counterpartyIban: null,
      counterpartyBic: null,
      globalisation,
      nextCode,
      linkCode,
      lastArticle: '1',
    });
  } else {
    if (
      statement.pending !== 'movement-continuation' ||
      !previous ||
      previous.sequence !== sequence ||
      previous.detail !== detail ||
      (article === '2' && previous.lastArticle !== '1') ||
      (article === '3' && previous.lastArticle === '3')
    ) {
      refuse(
        line,
        `Record 2.${article} hoort niet bij de beweging ervoor (volgnummer, detailnummer of volgorde).`,
        1,
        10,
      );
    }
    if (article === '2') {
      if (previous.structured === null) previous.communication.push(field(line, 11, 63));
      const bic = text(line, 99, 109);
      previous.counterpartyBic = bic === '' ? null : normaliseBic(bic);
    } else {
      const accountText = text(line, 11, 44);
      if (/^[0-9]{12}$/.test(accountText)) {
        previous.counterpartyIban = `BE${ibanCheckDigits('BE', accountText)}${accountText}`;
      } else {
        previous.counterpartyIban = accountText === '' ? null : (normaliseIban(accountText) ?? null);
      }
      previous.counterpartyName = orNull(text(line, 48, 82));
      if (previous.structured === null) previous.communication.push(field(line, 83, 115));
    }
    previous.nextCode = oneOf(line, 126, ['0', '1'], 'Volgcode');
    if (article === '3' && previous.nextCode === '1')
      refuse(line, 'Na record 2.3 volgt geen record 2 meer: volgcode 0 verwacht.', 126);
    previous.linkCode = oneOf(line, 128, ['0', '1'], 'Koppelingscode');
    previous.lastArticle = article;
  }
  const last = statement.movements[statement.movements.length - 1]!;
  statement.pending =
    last.nextCode === '1' ? 'movement-continuation' : last.linkCode === '1' ? 'information' : null;
  statement.lastInformation = null;
}

function informationRecord(statement: StatementInProgress, line: Line, article: '1' | '2' | '3'): void {
  const sequence = Number(digits(line, 3, 6, 'Volgnummer'));
  digits(line, 7, 10, 'Detailnummer');
  const movement = statement.movements[statement.movements.length - 1];
  if (statement.pending === 'movement-continuation') expectNothingPending(statement, line);
  const previousInformation = statement.lastInformation;
  if (article === '1') {
    if (statement.pending !== 'information' || !movement || movement.sequence !== sequence) {
      refuse(
        line,
        'Record 3.1 volgt niet op de beweging waar het bij hoort (koppelingscode of volgnummer).',
        1,
        6,
      );
    }
    digits(line, 32, 39, 'Transactiecode');
    oneOf(line, 40, ['0', '1'], 'Type mededeling (0 = vrij, 1 = gestructureerd)');
  } else if (
    !previousInformation ||
    previousInformation.sequence !== sequence ||
    previousInformation.nextCode !== '1' ||
    (article === '2' && previousInformation.article !== '1') ||
    (article === '3' && previousInformation.article !== '2')
  ) {
    refuse(line, `Record 3.${article} hoort niet bij het informatierecord ervoor.`, 1, 6);
  }
  const nextCode = oneOf(line, 126, ['0', '1'], 'Volgcode');
  const linkCode = oneOf(line, 128, ['0', '1'], 'Koppelingscode');
  statement.lastInformation = { sequence, article, nextCode };
  // Next code 1: a 3.2/3.3 follows (checked when it comes); link code 1: another 3.1 follows.
  statement.pending = nextCode === '0' && linkCode === '1' ? 'information' : null;
}

function finish(statement: StatementInProgress): ParsedStatement {
  const movements: ParsedMovement[] = [];
  const byGlobal = new Map<MovementInProgress, MovementInProgress[]>();
  for (const movement of statement.movements) {
    if (movement.detail > 0) {
      const global = statement.movements.find(
        (m) =>
          m.detail === 0 &&
          m.sequence === movement.sequence &&
          statement.movements.indexOf(m) < statement.movements.indexOf(movement),
      );
      if (global) byGlobal.set(global, [...(byGlobal.get(global) ?? []), movement]);
    }
  }
  for (const [global, details] of byGlobal) {
    const total = details.reduce((sum, d) => sum + d.amountCents, 0);
    if (total !== global.amountCents) {
      refuse(
        global.line,
        `De details van deze globalisatie tellen op tot ${euro(total)}, niet tot ${euro(global.amountCents)}.`,
        32,
        47,
      );
    }
  }
  for (const movement of statement.movements) {
    if (byGlobal.has(movement)) continue;
    const global =
      movement.detail > 0 ? [...byGlobal.keys()].find((g) => byGlobal.get(g)?.includes(movement)) : undefined;
    const bankReference =
      global && movement.bankReference !== null && movement.bankReference === global.bankReference
        ? `${movement.bankReference}/${movement.detail}`
        : movement.bankReference;
    movements.push({
      movementKey: movement.key,
      bankReference,
      amountCents: movement.amountCents,
      bookingDate: movement.bookingDate,
      valueDate: movement.valueDate ?? movement.bookingDate,
      structuredCommunication: movement.structured,
      freeCommunication: movement.structured === null ? orNull(movement.communication.join('')) : null,
      counterpartyName: movement.counterpartyName,
      counterpartyIban: movement.counterpartyIban,
      counterpartyBic: movement.counterpartyBic,
    });
  }
  return {
    format: 'coda',
    accountIban: statement.accountIban,
    statementId: statementId(statement),
    statementDate: statement.statementDate!,
    openingBalanceCents: statement.openingBalanceCents,
    closingBalanceCents: statement.closingBalanceCents!,
    movements,
  };
}
