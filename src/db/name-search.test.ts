import { describe, expect, it } from 'vitest';
import { containsPattern, prefixPattern } from './name-search.js';

describe('like patterns', () => {
  it('take %, _ and \\ literally', () => {
    expect(containsPattern('korst')).toBe('%korst%');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(prefixPattern('2026KMO_1')).toBe('2026KMO\\_1%');
  });
});
