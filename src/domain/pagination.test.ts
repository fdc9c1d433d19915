import { describe, expect, it } from 'vitest';
import { pageWindow, parsePageNumber } from './pagination.js';

describe('pageWindow', () => {
  it('shows the page asked for, with the rows before it skipped', () => {
    expect(pageWindow(120, 2, 50)).toEqual({ page: 2, pageCount: 3, offset: 50 });
    expect(pageWindow(120, 1, 50)).toEqual({ page: 1, pageCount: 3, offset: 0 });
  });

  it('counts a partly filled last page, and not an empty one', () => {
    expect(pageWindow(101, 1, 50).pageCount).toBe(3);
    expect(pageWindow(100, 1, 50).pageCount).toBe(2);
  });

  it('shows the last page for a page beyond it', () => {
    expect(pageWindow(120, 9, 50)).toEqual({ page: 3, pageCount: 3, offset: 100 });
  });

  it('shows the first page for page 0, a negative page or no number', () => {
    for (const requested of [0, -3, Number.NaN, 1.5, Number.POSITIVE_INFINITY]) {
      expect(pageWindow(120, requested, 50)).toEqual({ page: 1, pageCount: 3, offset: 0 });
    }
  });

  it('gives an empty list one (empty) page', () => {
    expect(pageWindow(0, 1, 25)).toEqual({ page: 1, pageCount: 1, offset: 0 });
    expect(pageWindow(0, 5, 25)).toEqual({ page: 1, pageCount: 1, offset: 0 });
  });
});

describe('parsePageNumber', () => {
  it('reads a positive whole number', () => {
    expect(parsePageNumber('3')).toBe(3);
    expect(parsePageNumber(' 12 ')).toBe(12);
    expect(parsePageNumber('999999999')).toBe(999_999_999);
  });

  it('is page 1 for anything else', () => {
    for (const text of ['', '0', '-2', '1.5', 'twee', '1e3', '0x10', '03', '1000000000']) {
      expect(parsePageNumber(text)).toBe(1);
    }
  });
});
