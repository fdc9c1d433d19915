import { describe, expect, it } from 'vitest';
import { isValidStructuredCommunication } from './belgian-identifiers.js';
import { formatProjectNumber, isProjectNumber, structuredCommunicationOfProject } from './project-number.js';

describe('project numbers', () => {
  it('are the year, KMO and six digits', () => {
    expect(formatProjectNumber(2016, 44_855)).toBe('2016KMO044855');
    expect(formatProjectNumber(2026, 1)).toBe('2026KMO000001');
    expect(isProjectNumber('2016KMO044855')).toBe(true);
    expect(isProjectNumber('2016KMO44855')).toBe(false);
    expect(isProjectNumber('2016kmo044855')).toBe(false);
  });

  it('refuse a counter outside 1 … 999.999', () => {
    expect(() => formatProjectNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatProjectNumber(2026, 1_000_000)).toThrow(RangeError);
  });

  it('give a valid structured communication: base = year and counter, check digits mod 97', () => {
    // 2026000001 mod 97 = 2026000001 - 97 × 20886597 = 2026000001 - 2025999909 = 92.
    expect(structuredCommunicationOfProject('2026KMO000001')).toBe('202600000192');
    // 2016044855 mod 97: 97 × 20784998 = 2016144806 is too big; 97 × 20783967 = 2016044799, rest 56.
    expect(structuredCommunicationOfProject('2016KMO044855')).toBe('201604485556');
    expect(isValidStructuredCommunication(structuredCommunicationOfProject('2026KMO999999'))).toBe(true);
  });

  it('give different communications for different numbers', () => {
    const seen = new Set<string>();
    for (let counter = 1; counter <= 5_000; counter++) {
      seen.add(structuredCommunicationOfProject(formatProjectNumber(2026, counter)));
    }
    expect(seen.size).toBe(5_000);
  });
});
