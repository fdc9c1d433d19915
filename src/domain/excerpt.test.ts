import { describe, expect, it } from 'vitest';
import { excerpt } from './excerpt.js';

describe('excerpt', () => {
  it('keeps a short text whole, its white space flattened', () => {
    expect(excerpt('  Twee\n regels  ')).toBe('Twee regels');
    expect(excerpt(null)).toBe('');
    expect(excerpt('x'.repeat(80))).toBe('x'.repeat(80));
  });

  it('cuts a long text after the last whole word within the limit', () => {
    expect(excerpt('een twee drie vier vijf', 12)).toBe('een twee…');
    expect(
      excerpt('De opleiding werd na de eerste sessie stopgezet omdat de lesgever ernstig ziek werd.'),
    ).toBe('De opleiding werd na de eerste sessie stopgezet omdat de lesgever ernstig ziek…');
  });

  it('cuts a long word at the limit when no space falls in the second half', () => {
    expect(excerpt('kort ' + 'a'.repeat(20), 12)).toBe('kort aaaaaaa…');
  });
});
