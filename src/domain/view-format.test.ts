import { describe, expect, it } from 'vitest';
import { viewFormat } from './view-format.js';

describe('the formatters templates reach as locals.format', () => {
  it('write an enterprise number with dots, from digits with or without them', () => {
    expect(viewFormat.enterpriseNumber('0123456749')).toBe('0123.456.749');
    expect(viewFormat.enterpriseNumber('0123.456.749')).toBe('0123.456.749');
  });

  it('write amounts and dates the Belgian way', () => {
    expect(viewFormat.euro(123_456)).toBe('€ 1.234,56');
    expect(viewFormat.date('2026-11-05')).toBe('05/11/2026');
  });

  it('write an instant as Brussels wall-clock time, summer and winter', () => {
    expect(viewFormat.dateTime(new Date('2026-12-06T22:02:53Z'))).toBe('06/12/2026 23:02');
    expect(viewFormat.dateTime(new Date('2026-07-01T06:05:00Z'))).toBe('01/07/2026 08:05');
  });
});
