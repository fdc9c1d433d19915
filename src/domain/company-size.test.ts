import { describe, expect, it } from 'vitest';
import {
  figuresFingerprint,
  sizeContradiction,
  sizeNeedsReconfirmation,
  smallestSizeFromFigures,
  type CompanyFigures,
} from './company-size.js';

const million = 100_000_000; // cents
/** Staff in FTE, money in millions of euro; undefined: not known. */
const figures = (fte?: number, turnoverMillion?: number, balanceMillion?: number): CompanyFigures => ({
  employeesFteTenths: fte === undefined ? undefined : Math.round(fte * 10),
  turnoverCents: turnoverMillion === undefined ? undefined : Math.round(turnoverMillion * million),
  balanceTotalCents: balanceMillion === undefined ? undefined : Math.round(balanceMillion * million),
});

describe('smallestSizeFromFigures (EU definition, DOMAIN.md §6)', () => {
  it.each([
    [figures(49.9, 10, 10), 'klein'],
    [figures(50, 1, 1), 'middelgroot'],
    [figures(10, 10.01, 10.01), 'middelgroot'],
    [figures(10, 60, 5), 'klein'],
    [figures(249.9, 50, 43), 'middelgroot'],
    [figures(250, 1, 1), 'groot'],
    [figures(10, 50.01, 43.01), 'groot'],
    [figures(300, 60, undefined), 'groot'],
    [figures(undefined, undefined, undefined), 'klein'],
    [figures(10, 60, undefined), 'klein'],
  ] as const)('%j → %s', (input, size) => {
    expect(smallestSizeFromFigures(input)).toBe(size);
  });
});

describe('sizeContradiction: figures that a confirmed size cannot have', () => {
  it('300 FTE and € 60 million turnover contradict "klein" on both counts: the figures say large', () => {
    expect(sizeContradiction('klein', figures(300, 60))).toEqual({
      size: 'klein',
      figuresSize: 'groot',
      staff: true,
      money: false,
    });
    expect(sizeContradiction('klein', figures(300, 60, 60))).toEqual({
      size: 'klein',
      figuresSize: 'groot',
      staff: true,
      money: true,
    });
  });

  it('contradicts "klein" from 50 FTE, or from a turnover and a balance total both above € 10 million', () => {
    expect(sizeContradiction('klein', figures(49.9, 10, 10))).toBeUndefined();
    expect(sizeContradiction('klein', figures(50, 1, 1))).toMatchObject({
      figuresSize: 'middelgroot',
      staff: true,
    });
    expect(sizeContradiction('klein', figures(10, 10.01, 10))).toBeUndefined();
    expect(sizeContradiction('klein', figures(10, 10.01, 10.01))).toEqual({
      size: 'klein',
      figuresSize: 'middelgroot',
      staff: false,
      money: true,
    });
  });

  it('contradicts "middelgroot" from 250 FTE, or from a turnover above € 50 million and a balance above € 43 million', () => {
    expect(sizeContradiction('middelgroot', figures(300, 60))).toMatchObject({
      figuresSize: 'groot',
      staff: true,
    });
    expect(sizeContradiction('middelgroot', figures(249.9, 60, 43))).toBeUndefined();
    expect(sizeContradiction('middelgroot', figures(100, 50.01, 43.01))).toEqual({
      size: 'middelgroot',
      figuresSize: 'groot',
      staff: false,
      money: true,
    });
  });

  it('never contradicts a larger size than the figures give, nor "groot", nor unknown figures', () => {
    expect(sizeContradiction('middelgroot', figures(5, 1, 1))).toBeUndefined();
    expect(sizeContradiction('groot', figures(5, 1, 1))).toBeUndefined();
    expect(sizeContradiction('groot', figures(300, 60, 60))).toBeUndefined();
    expect(sizeContradiction('klein', figures())).toBeUndefined();
  });
});

describe('sizeNeedsReconfirmation', () => {
  const contradicted = figures(300, 60);
  const open = { size: 'klein' as const, lockedAt: null, acknowledgedFigures: null };

  it('asks again while the figures contradict the size and it was not confirmed against these figures', () => {
    expect(sizeNeedsReconfirmation(open, contradicted)).toBe(true);
    expect(
      sizeNeedsReconfirmation(
        { ...open, acknowledgedFigures: figuresFingerprint(contradicted) },
        contradicted,
      ),
    ).toBe(false);
    // A figure changed after the confirmation: the company confirms again.
    expect(
      sizeNeedsReconfirmation(
        { ...open, acknowledgedFigures: figuresFingerprint(contradicted) },
        figures(300, 61),
      ),
    ).toBe(true);
  });

  it('never reopens a size without contradiction, or one the first application locked', () => {
    expect(sizeNeedsReconfirmation(open, figures(10, 1, 1))).toBe(false);
    expect(
      sizeNeedsReconfirmation({ ...open, lockedAt: new Date('2026-03-01T10:00:00Z') }, contradicted),
    ).toBe(false);
  });

  it('writes the figures as one stable value', () => {
    expect(figuresFingerprint(figures(300, 60))).toBe('fte=3000;turnover=6000000000;balance=-');
  });
});
