import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  camt053File,
  codaFile,
  type Camt053FileInput,
  type StatementMovementInput,
} from '../../../test/support/bank-statements.js';
import { parseStatementFile, StatementFileError, type ParsedMovement } from './statement.js';

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
const deposit: StatementMovementInput = {
  amountCents: 119_835,
  structuredCommunication: '123456789002',
  counterpartyName: 'Bakkerij Peeters BV',
  counterpartyIban: 'BE71096123456769',
  counterpartyBic: 'GKCCBEBB',
  bankReference: 'B6L07PGN0001',
  valueDate: '2026-12-02',
};
const payout: StatementMovementInput = {
  amountCents: -42_000,
  freeCommunication: 'Factuur 2026/117 Crème brûlée',
  counterpartyName: 'Opleidingen Janssens',
  counterpartyIban: 'NL91ABNA0417164300',
  counterpartyBic: 'ABNANL2A',
  bankReference: 'B6L07PGN0002',
};

function file(version: '02' | '08'): Camt053FileInput {
  return {
    account,
    version,
    statements: [
      {
        sequence: 41,
        date: '2026-12-03',
        openingBalanceCents: 100_000,
        movements: [
          deposit,
          payout,
          {
            bankReference: 'B6L07PGN0003',
            batch: [
              { amountCents: 30_000, structuredCommunication: '000000000097', counterpartyName: 'Eén BV' },
              {
                amountCents: 1_500,
                structuredCommunication: 'RF18539007547034',
                bankReference: 'B6L07PGN0003-2',
              },
            ],
          },
        ],
        pending: [{ amountCents: 99_999, bankReference: 'PENDING1' }],
      },
      { sequence: 42, date: '2026-12-04', openingBalanceCents: 209_335, movements: [] },
    ],
  };
}

const none = {
  structuredCommunication: null,
  freeCommunication: null,
  counterpartyName: null,
  counterpartyIban: null,
  counterpartyBic: null,
};

describe.each(['02', '08'] as const)('camt.053.001.%s', (version) => {
  it('reads booked entries, one movement per transaction of a batch, skips pending ones', () => {
    expect(parseStatementFile(camt053File(file(version)))).toEqual([
      {
        format: 'camt053',
        accountIban: account,
        statementId: '2026-041',
        statementDate: '2026-12-03',
        openingBalanceCents: 100_000,
        closingBalanceCents: 209_335,
        movements: [
          {
            movementKey: 'B6L07PGN0001',
            bankReference: 'B6L07PGN0001',
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
            movementKey: 'B6L07PGN0002',
            bankReference: 'B6L07PGN0002',
            amountCents: -42_000,
            bookingDate: '2026-12-03',
            valueDate: '2026-12-03',
            structuredCommunication: null,
            freeCommunication: 'Factuur 2026/117 Crème brûlée',
            counterpartyName: 'Opleidingen Janssens',
            counterpartyIban: 'NL91ABNA0417164300',
            counterpartyBic: 'ABNANL2A',
          },
          {
            ...none,
            movementKey: 'B6L07PGN0003/1',
            bankReference: 'B6L07PGN0003/1',
            amountCents: 30_000,
            bookingDate: '2026-12-03',
            valueDate: '2026-12-03',
            structuredCommunication: '000000000097',
            counterpartyName: 'Eén BV',
          },
          {
            ...none,
            movementKey: 'B6L07PGN0003/2',
            bankReference: 'B6L07PGN0003-2',
            amountCents: 1_500,
            bookingDate: '2026-12-03',
            valueDate: '2026-12-03',
            // An RF creditor reference is not a Belgian structured communication: kept as text.
            freeCommunication: 'RF18539007547034',
          },
        ],
      },
      {
        format: 'camt053',
        accountIban: account,
        statementId: '2026-042',
        statementDate: '2026-12-04',
        openingBalanceCents: 209_335,
        closingBalanceCents: 209_335,
        movements: [],
      },
    ]);
  });

  it('refuses a closing balance other than opening + booked entries, naming the statement', () => {
    const input = file(version);
    input.statements[1] = { ...input.statements[1]!, closingBalanceCents: 209_336 };
    expect(refusal(camt053File(input))).toMatchObject({
      location: 'Stmt[2]/Bal',
      reason:
        'Het saldo van uittreksel 2026-042 klopt niet: beginsaldo 2093,35 + geboekte bewegingen 0,00 = 2093,35, maar het eindsaldo is 2093,36.',
    });
  });
});

describe('camt.053 refusals', () => {
  it('an amount with three decimals, or in another currency', () => {
    expect(refusal(camt053File({ ...file('08'), entryAmountText: '1198.350' }))).toMatchObject({
      location: 'Stmt[1]/Ntry[1]/Amt',
      reason: '"1198.350" is geen bedrag in euro met hoogstens 2 decimalen.',
    });
    const usd = camt053File(file('02'))
      .toString('utf8')
      .replace('<Amt Ccy="EUR">1198.35', '<Amt Ccy="USD">1198.35');
    expect(refusal(Buffer.from(usd)).location).toBe('Stmt[1]/Ntry[1]/Amt');
  });

  it('a batch whose transactions do not add up to the entry', () => {
    const xml = camt053File(file('08'))
      .toString('utf8')
      .replace('<Amt Ccy="EUR">15.00</Amt>', '<Amt Ccy="EUR">15.01</Amt>');
    expect(refusal(Buffer.from(xml)).location).toBe('Stmt[1]/Ntry[3]/Amt');
  });

  it('a missing booking date, an impossible date, an unknown status', () => {
    const base = camt053File(file('02')).toString('utf8');
    const noDate = base.replace(
      '<BookgDt><Dt>2026-12-03</Dt></BookgDt><ValDt><Dt>2026-12-02</Dt></ValDt>',
      '',
    );
    expect(refusal(Buffer.from(noDate)).location).toBe('Stmt[1]/Ntry[1]/BookgDt');
    const badDate = base.replace('<ValDt><Dt>2026-12-02</Dt>', '<ValDt><Dt>2026-02-30</Dt>');
    expect(refusal(Buffer.from(badDate)).location).toBe('Stmt[1]/Ntry[1]/ValDt/Dt');
    const status = base.replace('<Sts>BOOK</Sts>', '<Sts>XXXX</Sts>');
    expect(refusal(Buffer.from(status)).location).toBe('Stmt[1]/Ntry[1]/Sts');
  });

  it('malformed XML, XML that is not a statement, a statement without balances', () => {
    const malformed = refusal(Buffer.from('<?xml version="1.0"?><Document><BkToCstmrStmt></Document>'));
    expect(malformed.location).toMatch(/^XML, regel 1, kolom [0-9]+$/);
    expect(malformed.reason).toMatch(/^Het bestand is geen geldige XML/);
    const pain = refusal(
      Buffer.from(
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>',
      ),
    );
    expect(pain).toMatchObject({ location: 'Document' });
    expect(pain.reason).toContain('geen camt.053');
    const noBalances = camt053File(file('08'))
      .toString('utf8')
      .replace(/<Bal>.*?<\/Bal>/g, '');
    expect(refusal(Buffer.from(noBalances)).location).toBe('Stmt[1]/Bal');
  });
});

describe('CODA and camt.053 give the same movements', () => {
  const formatRefs = ({ movementKey: _key, bankReference: _ref, ...rest }: ParsedMovement) => rest;

  it('for a credit with a structured communication and a debit with a free one', () => {
    const statements = [
      { sequence: 5, date: '2026-12-03', openingBalanceCents: 0, movements: [deposit, payout] },
    ];
    const [coda] = parseStatementFile(codaFile({ account, statements }));
    const [camt] = parseStatementFile(camt053File({ account, version: '08', statements }));
    expect(camt!.movements.map(formatRefs)).toEqual(coda!.movements.map(formatRefs));
    expect({ ...camt, movements: [], format: 'coda' }).toEqual({ ...coda, movements: [] });
  });

  it('for random movements, written and read back in both formats', () => {
    const text = fc
      .string({
        unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 éèçàü/.-'),
        minLength: 1,
        maxLength: 50,
      })
      .filter((value) => value.trim() === value && !/\s\s/.test(value) && value !== '');
    const ogm = fc.integer({ min: 1, max: 9_999_999_999 }).map((base) => {
      const digits = String(base).padStart(10, '0');
      const check = Number(BigInt(digits) % 97n) || 97;
      return `${digits}${String(check).padStart(2, '0')}`;
    });
    const movement = fc.record({
      amountCents: fc.integer({ min: -10_000_000, max: 10_000_000 }).filter((cents) => cents !== 0),
      bookingDate: fc.constantFrom('2026-12-01', '2026-12-02', '2026-12-03'),
      valueDate: fc.constantFrom('2026-11-30', '2026-12-01'),
      structuredCommunication: fc.option(ogm, { nil: null }),
      freeCommunication: fc.option(text, { nil: null }),
      counterpartyName: fc.option(
        text.map((name) => name.slice(0, 35).trim()).filter((n) => n !== ''),
        { nil: null },
      ),
      counterpartyIban: fc.option(fc.constantFrom('BE71096123456769', 'NL91ABNA0417164300'), { nil: null }),
      counterpartyBic: fc.option(fc.constantFrom('GKCCBEBB', 'ABNANL2AXXX'), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(movement, { maxLength: 8 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (movements, opening) => {
          const written = movements.map((m) =>
            m.structuredCommunication ? { ...m, freeCommunication: null } : m,
          );
          const statements = [
            { sequence: 1, date: '2026-12-03', openingBalanceCents: opening, movements: written },
          ];
          const expected = written.map((m) => ({
            amountCents: m.amountCents,
            bookingDate: m.bookingDate,
            valueDate: m.valueDate,
            structuredCommunication: m.structuredCommunication,
            freeCommunication: m.freeCommunication,
            counterpartyName: m.counterpartyName,
            counterpartyIban: m.counterpartyIban,
            counterpartyBic: m.counterpartyBic,
          }));
          for (const content of [
            codaFile({ account, statements }),
            camt053File({ account, version: '02', statements }),
            camt053File({ account, version: '08', statements }),
          ]) {
            const [statement] = parseStatementFile(content);
            expect(statement!.movements.map(formatRefs)).toEqual(expected);
            expect(statement!.closingBalanceCents).toBe(
              opening + written.reduce((sum, m) => sum + m.amountCents, 0),
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
