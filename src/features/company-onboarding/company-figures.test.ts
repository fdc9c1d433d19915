import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatFte,
  formatFteInput,
  fteForDatabase,
  fteTenthsFromDatabase,
  parseFteInput,
  sizeFromFigures,
  type CompanyFigures,
} from './company-figures.js';

const million = 100_000_000; // cents
const figures = (fte: number | undefined, turnoverEuro?: number, balanceEuro?: number): CompanyFigures => ({
  employeesFteTenths: fte === undefined ? undefined : Math.round(fte * 10),
  turnoverCents: turnoverEuro === undefined ? undefined : turnoverEuro * 100,
  balanceTotalCents: balanceEuro === undefined ? undefined : balanceEuro * 100,
});

describe('sizeFromFigures (EU definition, DOMAIN.md §6)', () => {
  it.each([
    // small: < 50 FTE and turnover or balance total ≤ € 10 million
    ['14,5 FTE, € 2,35 m turnover', figures(14.5, 2_350_000, 1_120_000), 'klein'],
    ['49,9 FTE, turnover exactly € 10 m', figures(49.9, 10_000_000, 30_000_000), 'klein'],
    ['turnover above € 10 m but balance total exactly € 10 m', figures(20, 12_000_000, 10_000_000), 'klein'],
    // medium: < 250 FTE and turnover ≤ € 50 m or balance total ≤ € 43 m
    ['exactly 50 FTE', figures(50, 1_000_000, 1_000_000), 'middelgroot'],
    ['both amounts just above € 10 m', figures(10, 10_000_001, 10_000_001), 'middelgroot'],
    ['96 FTE, € 21,4 m turnover', figures(96, 21_400_000, 12_800_000), 'middelgroot'],
    ['249,9 FTE, turnover exactly € 50 m', figures(249.9, 50_000_000, 60_000_000), 'middelgroot'],
    [
      'turnover above € 50 m, balance total exactly € 43 m',
      figures(100, 80_000_000, 43_000_000),
      'middelgroot',
    ],
    // large
    ['exactly 250 FTE', figures(250, 1_000_000, 1_000_000), 'groot'],
    ['turnover above € 50 m and balance total above € 43 m', figures(100, 50_000_001, 43_000_001), 'groot'],
  ] as const)('%s → %s', (_case, input, expected) => {
    expect(sizeFromFigures(input)).toBe(expected);
  });

  it('decides with a missing amount when the other one is within the threshold', () => {
    expect(sizeFromFigures(figures(6.5, undefined, 480_000))).toBe('klein');
    expect(sizeFromFigures(figures(120, 30_000_000, undefined))).toBe('middelgroot');
    // ≥ 250 FTE is large whatever the amounts.
    expect(sizeFromFigures(figures(300, undefined, undefined))).toBe('groot');
  });

  it('does not guess when a missing figure could change the answer', () => {
    expect(sizeFromFigures(figures(undefined, 1_000_000, 1_000_000))).toBeUndefined();
    expect(sizeFromFigures(figures(10, undefined, undefined))).toBeUndefined();
    // Turnover above € 10 m, balance total unknown: small or medium.
    expect(sizeFromFigures(figures(10, 12_000_000, undefined))).toBeUndefined();
    // 60 FTE, turnover above € 50 m, balance total unknown: medium or large.
    expect(sizeFromFigures(figures(60, 60_000_000, undefined))).toBeUndefined();
  });

  it('never gives a smaller size for more staff or higher amounts (property)', () => {
    const order = { klein: 0, middelgroot: 1, groot: 2 } as const;
    const known = fc.record({
      employeesFteTenths: fc.integer({ min: 0, max: 5000 }),
      turnoverCents: fc.integer({ min: 0, max: 100 * million }),
      balanceTotalCents: fc.integer({ min: 0, max: 100 * million }),
    });
    fc.assert(
      fc.property(known, fc.nat(1000), fc.nat(10 * million), fc.nat(10 * million), (base, more, t, b) => {
        const bigger = {
          employeesFteTenths: base.employeesFteTenths + more,
          turnoverCents: base.turnoverCents + t,
          balanceTotalCents: base.balanceTotalCents + b,
        };
        const before = sizeFromFigures(base);
        const after = sizeFromFigures(bigger);
        expect(before).toBeDefined();
        expect(after).toBeDefined();
        expect(order[after!]).toBeGreaterThanOrEqual(order[before!]);
      }),
    );
  });
});

describe('staff in full-time equivalents', () => {
  it.each([
    ['12', 120],
    ['12,5', 125],
    ['12.5', 125],
    [' 0 ', 0],
    ['1 250', 12_500],
    ['0,5', 5],
  ])('reads %j as %i tenths', (input, tenths) => {
    expect(parseFteInput(input)).toBe(tenths);
  });

  it.each(['', 'twaalf', '-3', '12,55', '12,', ',5', '1.250,5', '999999999'])('refuses %j', (input) => {
    expect(parseFteInput(input)).toBeUndefined();
  });

  it('reads the database column and writes it back', () => {
    expect(fteTenthsFromDatabase('14.5')).toBe(145);
    expect(fteTenthsFromDatabase('96.0')).toBe(960);
    expect(fteTenthsFromDatabase(6.5)).toBe(65);
    expect(fteTenthsFromDatabase(null)).toBeUndefined();
    expect(fteForDatabase(145)).toBe('14.5');
    expect(fteForDatabase(960)).toBe('96.0');
    expect(fteForDatabase(0)).toBe('0.0');
  });

  it('formats as nl-BE writes it, and for a form field that reads back', () => {
    expect(formatFte(145)).toBe('14,5');
    expect(formatFte(960)).toBe('96');
    expect(formatFte(12_505)).toBe('1.250,5');
    expect(formatFteInput(12_505)).toBe('1250,5');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (tenths) => {
        expect(parseFteInput(formatFteInput(tenths))).toBe(tenths);
        expect(fteTenthsFromDatabase(fteForDatabase(tenths))).toBe(tenths);
      }),
    );
  });
});
