import { describe, expect, it } from 'vitest';
import { missingGlyphPlaceholder, printable } from './pdf.js';

describe('printable', () => {
  it('keeps accents, €, typographic quotes and dashes, Greek and Cyrillic', () => {
    const text = 'Café Ëlise – “test” € 1.198,35 ‘ok’ … Ελληνικά Привет Łódź ß œ';
    expect(printable(text)).toBe(text);
  });

  it('composes an accent typed as a combining mark', () => {
    expect(printable('Cafe\u0301')).toBe('Café');
  });

  it('replaces an emoji, a joined emoji family and a flag by one placeholder each', () => {
    expect(missingGlyphPlaceholder).toBe('□');
    expect(printable('🚀 Opleiding')).toBe('□ Opleiding');
    expect(printable('👨‍👩‍👧 en 🇧🇪!')).toBe('□ en □!');
    expect(printable('👍🏽')).toBe('□');
  });

  it('keeps line breaks and tabs for the layout', () => {
    expect(printable('a\nb\tc')).toBe('a\nb\tc');
  });
});
