import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codaFile, codaLines, patchCoda, type CodaFileInput } from '../../../test/support/bank-statements.js';
import { parseStatementFile, StatementFileError } from './statement.js';

const sample = readFileSync(new URL('../../../../shared/samples/coda-2.2-example.cod', import.meta.url));

function refusal(content: Buffer): StatementFileError {
  try {
    parseStatementFile(content);
  } catch (error) {
    if (error instanceof StatementFileError) return error;
    throw error;
  }
  throw new Error('The file was accepted');
}

const account = 'BE68539007547034';
const twoStatements: CodaFileInput = {
  account,
  statements: [
    {
      sequence: 41,
      date: '2026-12-03',
      openingBalanceCents: 100_000,
      movements: [
        {
          amountCents: 119_835,
          structuredCommunication: '123456789002',
          counterpartyName: 'Bakkerij Peeters BV',
          counterpartyIban: 'BE71096123456769',
          counterpartyBic: 'GKCCBEBB',
          bankReference: 'REF0001',
          valueDate: '2026-12-02',
        },
        { amountCents: -2_500, freeCommunication: 'Kosten december', bankReference: 'REF0002' },
      ],
    },
    {
      sequence: 42,
      date: '2026-12-04',
      openingBalanceCents: 217_335,
      movements: [{ amountCents: 50_000, freeCommunication: 'Factuur 2026/117 Crème brûlée' }],
    },
  ],
};

describe('CODA: the shared sample (an extract of a real file)', () => {
  it('reads its two credits with their structured communications', () => {
    const [statement, ...others] = parseStatementFile(sample, { checkTotals: false });
    expect(others).toEqual([]);
    expect(statement).toMatchObject({
      format: 'coda',
      // Record 1: account structure 0, Belgian account 539-0075470-34 → its IBAN.
      accountIban: 'BE68539007547034',
      // Record 8: new balance date 31/03/15; record 1: statement 016.
      statementId: '2015-016',
      statementDate: '2015-03-31',
      openingBalanceCents: 5_790_000,
      closingBalanceCents: 5_890_000,
    });
    expect(statement!.movements).toEqual([
      {
        movementKey: '1',
        bankReference: '0001500000103',
        // Positions 33–47 "000000000500000" (12 digits + 3 decimals) = 500,000: € 500,00. The samples'
        // README says € 50,00, one digit short; the standard and the sample's source (coda_standard's
        // own spec: "Amount: 500,000 EUR") agree on 500.
        amountCents: 50_000,
        bookingDate: '2015-03-31',
        valueDate: '2015-04-01',
        structuredCommunication: '100000834941',
        freeCommunication: null,
        counterpartyName: 'LASTNM PERSON',
        counterpartyIban: 'BE53900754703405',
        counterpartyBic: 'GKCCBEBB',
      },
      {
        movementKey: '2',
        bankReference: '0001500000104',
        amountCents: 20_000,
        bookingDate: '2015-03-31',
        valueDate: '2015-04-01',
        structuredCommunication: '100000835749',
        freeCommunication: null,
        counterpartyName: 'M.JOHN DOE',
        counterpartyIban: 'LU539007547034898400',
        counterpartyBic: 'BILLLULL',
      },
    ]);
  });

  it('is refused as an import: its movements were cut out, so its balances do not add up', () => {
    // Old balance 57.900,000 + 500 + 200 ≠ new balance 58.900,000; the trailer's credit total (1.000,000)
    // is the difference of the balances: the original file held more movements (27 records).
    const error = refusal(sample);
    expect(error.location).toBe('regel 13, posities 42–57');
    expect(error.reason).toContain('uittreksel 2015-016 klopt niet');
    expect(error.reason).toContain('57900,00');
    expect(error.reason).toContain('58900,00');
  });
});

describe('CODA: generated files', () => {
  it('reads several statements with structured and free communications, names in Latin-1', () => {
    const statements = parseStatementFile(codaFile(twoStatements));
    expect(statements).toEqual([
      {
        format: 'coda',
        accountIban: account,
        statementId: '2026-041',
        statementDate: '2026-12-03',
        openingBalanceCents: 100_000,
        closingBalanceCents: 217_335,
        movements: [
          {
            movementKey: '1',
            bankReference: 'REF0001',
            amountCents: 119_835,
            bookingDate: '2026-12-03',
            valueDate: '2026-12-02',
            structuredCommunication: '123456789002',
            freeCommunication: null,
            counterpartyName: 'Bakkerij Peeters BV',
            counterpartyIban: 'BE71096123456769',
            counterpartyBic: 'GKCCBEBB',
          },
          {
            movementKey: '2',
            bankReference: 'REF0002',
            amountCents: -2_500,
            bookingDate: '2026-12-03',
            valueDate: '2026-12-03',
            structuredCommunication: null,
            freeCommunication: 'Kosten december',
            counterpartyName: null,
            counterpartyIban: null,
            counterpartyBic: null,
          },
        ],
      },
      {
        format: 'coda',
        accountIban: account,
        statementId: '2026-042',
        statementDate: '2026-12-04',
        openingBalanceCents: 217_335,
        closingBalanceCents: 267_335,
        movements: [
          expect.objectContaining({
            movementKey: '1',
            bankReference: null,
            amountCents: 50_000,
            freeCommunication: 'Factuur 2026/117 Crème brûlée',
          }),
        ],
      },
    ]);
  });

  it('reads UTF-8 too, CRLF line ends and a missing final newline', () => {
    const utf8 = parseStatementFile(codaFile({ ...twoStatements, encoding: 'utf8', newline: '\r\n' }));
    expect(utf8[1]!.movements[0]!.freeCommunication).toBe('Factuur 2026/117 Crème brûlée');
    const noFinalNewline = Buffer.from(codaLines(twoStatements).join('\n'), 'latin1');
    expect(parseStatementFile(noFinalNewline)).toHaveLength(2);
  });

  it('joins a long free communication over records 2.1, 2.2 and 2.3', () => {
    const long = `${'A'.repeat(53)}${'B'.repeat(53)}${'C'.repeat(20)}`;
    const [statement] = parseStatementFile(
      codaFile({
        account,
        statements: [
          {
            sequence: 1,
            date: '2026-01-05',
            openingBalanceCents: 0,
            movements: [{ amountCents: 1, freeCommunication: long, counterpartyName: 'X' }],
          },
        ],
      }),
    );
    expect(statement!.movements[0]!.freeCommunication).toBe(long);
  });

  it('accepts a foreign account (structure 3) and a debit balance', () => {
    const [statement] = parseStatementFile(
      codaFile({
        account: 'NL91ABNA0417164300',
        statements: [{ sequence: 7, date: '2026-02-28', openingBalanceCents: -10_000, movements: [] }],
      }),
    );
    expect(statement).toMatchObject({
      accountIban: 'NL91ABNA0417164300',
      openingBalanceCents: -10_000,
      closingBalanceCents: -10_000,
      movements: [],
    });
  });
});

describe('CODA: refusals name the line, the positions and the reason', () => {
  const file = codaFile(twoStatements);
  // Lines: 1 = 0, 2 = 1, 3 = 2.1, 4 = 2.2, 5 = 2.3, 6 = 2.1, 7 = 8, 8 = 9, 9 = 0, …

  it('a new balance other than old balance + movements, naming the statement', () => {
    const broken = codaFile({
      ...twoStatements,
      statements: [
        twoStatements.statements[0]!,
        { ...twoStatements.statements[1]!, closingBalanceCents: 267_334 },
      ],
    });
    const error = refusal(broken);
    expect(error.location).toBe('regel 12, posities 42–57');
    expect(error.reason).toBe(
      'Het saldo van uittreksel 2026-042 klopt niet: oud saldo 2173,35 + bewegingen 500,00 = 2673,35, maar het nieuw saldo is 2673,34.',
    );
  });

  it('a trailer whose count or totals differ', () => {
    expect(refusal(codaFile({ ...twoStatements, trailer: { records: 7 } })).location).toBe(
      'regel 8, posities 17–22',
    );
    expect(refusal(codaFile({ ...twoStatements, trailer: { debitCents: 2_501 } })).location).toBe(
      'regel 8, posities 23–37',
    );
    const credit = refusal(codaFile({ ...twoStatements, trailer: { creditCents: 1 } }));
    expect(credit.location).toBe('regel 8, posities 38–52');
    expect(credit.reason).toContain('1198,35');
  });

  it('an amount with a non-zero third decimal', () => {
    const error = refusal(patchCoda(file, 3, 47, '1'));
    expect(error.location).toBe('regel 3, posities 33–47');
    expect(error.reason).toContain('derde decimaal');
  });

  it('a record of the wrong length, a blank line in between', () => {
    const lines = file.toString('latin1').split('\n');
    lines[3] = `${lines[3]} `;
    expect(refusal(Buffer.from(lines.join('\n'), 'latin1'))).toMatchObject({
      location: 'regel 4',
      reason: 'Een CODA-record telt 128 tekens; deze regel telt er 129.',
    });
    const withBlank = codaLines(twoStatements);
    withBlank.splice(2, 0, '');
    expect(refusal(Buffer.from(withBlank.join('\n'), 'latin1')).location).toBe('regel 3');
  });

  it('an unknown record type', () => {
    expect(refusal(patchCoda(file, 4, 1, '25'))).toMatchObject({
      location: 'regel 4, posities 1–2',
      reason: 'Onbekend recordtype "25".',
    });
    expect(refusal(patchCoda(file, 7, 1, '7')).location).toBe('regel 7, positie 1');
  });

  it('records out of order', () => {
    const lines = codaLines(twoStatements);
    const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n');
    expect(refusal(Buffer.from(swapped, 'latin1')).location).toBe('regel 2, posities 1–2');
    const withoutTrailer = [...lines.slice(0, 7), ...lines.slice(8)].join('\n');
    expect(refusal(Buffer.from(withoutTrailer, 'latin1')).location).toBe('regel 8, positie 1');
    const truncated = lines.slice(0, 7).join('\n');
    expect(refusal(Buffer.from(truncated, 'latin1')).reason).toContain('zonder record 9');
    const skippedSequence = patchCoda(file, 6, 3, '0003');
    expect(refusal(skippedSequence).location).toBe('regel 6, posities 3–6');
  });

  it('letters in a numeric field, an impossible date', () => {
    expect(refusal(patchCoda(file, 3, 40, 'x'))).toMatchObject({ location: 'regel 3, posities 33–47' });
    const date = refusal(patchCoda(file, 3, 116, '310226'));
    expect(date.location).toBe('regel 3, posities 116–121');
    expect(date.reason).toContain('geen bestaande datum');
  });

  it('an account in another currency, a CODA version 1 file, an empty file, not a statement at all', () => {
    expect(refusal(patchCoda(file, 2, 40, 'USD')).location).toBe('regel 2, posities 40–42');
    expect(refusal(patchCoda(file, 1, 128, '1')).location).toBe('regel 1, positie 128');
    expect(refusal(Buffer.from('')).location).toBe('bestand');
    expect(refusal(Buffer.from('Beste, hierbij het uittreksel.\n')).location).toBe('bestand');
  });
});

describe('CODA: globalisations, information records, long statements', () => {
  it('gives the details of a globalised movement, with the global amount in the balance and the trailer', () => {
    const base = codaFile({
      account,
      statements: [
        {
          sequence: 3,
          date: '2026-12-03',
          openingBalanceCents: 1_000,
          closingBalanceCents: 51_000,
          movements: [
            { amountCents: 50_000, bankReference: 'GLOBAL' },
            { amountCents: 30_000, bankReference: 'GLOBAL', structuredCommunication: '123456789002' },
            { amountCents: 20_000, bankReference: 'GLOBAL', freeCommunication: 'tweede' },
          ],
        },
      ],
      trailer: { creditCents: 50_000 },
    });
    // Lines 4 and 5 become details 0001 and 0002 of movement 0001; line 3 marks the globalisation.
    const globalised = patchCoda(patchCoda(patchCoda(base, 3, 125, '1'), 4, 3, '00010001'), 5, 3, '00010002');
    const [statement] = parseStatementFile(globalised);
    expect(statement!.movements).toEqual([
      expect.objectContaining({
        movementKey: '1/1',
        bankReference: 'GLOBAL/1',
        amountCents: 30_000,
        structuredCommunication: '123456789002',
      }),
      expect.objectContaining({ movementKey: '1/2', bankReference: 'GLOBAL/2', amountCents: 20_000 }),
    ]);
    const wrongDetails = patchCoda(globalised, 5, 33, '000000000190000');
    expect(refusal(wrongDetails)).toMatchObject({ location: 'regel 3, posities 32–47' });
  });

  it('refuses an information record where the movement announced none', () => {
    const lines = codaLines(twoStatements);
    // Movement 2 (line 6) has link code 0: no record 3 may follow.
    lines.splice(6, 0, `3100020001${'REF0002'.padEnd(21)}001500000${' '.repeat(85)}0 0`);
    expect(lines[6]).toHaveLength(128);
    expect(refusal(Buffer.from(lines.join('\n'), 'latin1')).location).toBe('regel 7, posities 1–6');
  });

  it('counts sequence numbers past 9999 so that every movement keeps its own key', () => {
    const movements = Array.from({ length: 10_001 }, (_, index) => ({ amountCents: index + 1 }));
    const [statement] = parseStatementFile(
      codaFile({
        account,
        statements: [{ sequence: 9, date: '2026-12-05', openingBalanceCents: 0, movements }],
      }),
    );
    const keys = statement!.movements.map((m) => m.movementKey);
    expect(keys.slice(9_998)).toEqual(['9999', '10000', '10001']);
    expect(new Set(keys).size).toBe(10_001);
  });
});
