import { describe, expect, it } from 'vitest';
import { validityEnd } from './registration.service.js';

describe('validityEnd', () => {
  it.each([
    ['2026-11-23', 5, '2031-11-22'],
    ['2026-11-23', 2, '2028-11-22'],
    ['2026-01-01', 5, '2030-12-31'],
    ['2028-02-29', 5, '2033-02-28'],
    ['2027-03-01', 1, '2028-02-29'],
  ])('a validity from %s of %i years ends on %s', (from, years, expected) => {
    expect(validityEnd(from, years)).toBe(expected);
  });
});
