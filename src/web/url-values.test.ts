import { describe, expect, it } from 'vitest';
import { oneOf, queryText } from './url-values.js';

describe('oneOf', () => {
  const allowed = ['bevestigen', 'weigeren'] as const;

  it('is the value when it is one of the allowed ones', () => {
    expect(oneOf(allowed, 'weigeren')).toBe('weigeren');
  });

  it('is undefined for another text, another case, a repeated parameter or nothing', () => {
    for (const value of ['annuleren', 'Weigeren', '', ['weigeren'], undefined, 1]) {
      expect(oneOf(allowed, value)).toBeUndefined();
    }
  });
});

describe('queryText', () => {
  it('is the trimmed text, the first of a repeated key, else empty', () => {
    expect(queryText(' bakkerij ')).toBe('bakkerij');
    expect(queryText(['2', '3'])).toBe('2');
    expect(queryText(undefined)).toBe('');
    expect(queryText({ a: '1' })).toBe('');
  });
});
