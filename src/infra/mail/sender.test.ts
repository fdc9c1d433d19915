import { describe, expect, it } from 'vitest';
import { isPermanentFailure, retryDelayMinutes } from './sender.js';

describe('isPermanentFailure', () => {
  it('takes an SMTP 5xx reply as final', () => {
    for (const responseCode of [550, 553, 554]) {
      expect(isPermanentFailure(Object.assign(new Error('refused'), { responseCode }))).toBe(true);
    }
  });

  it('takes a 4xx reply, a refused connection or a timeout as temporary', () => {
    expect(isPermanentFailure(Object.assign(new Error('busy'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(
      false,
    );
    expect(isPermanentFailure(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toBe(false);
    expect(isPermanentFailure('550 as text')).toBe(false);
    expect(isPermanentFailure(null)).toBe(false);
  });
});

describe('retryDelayMinutes', () => {
  it('doubles from 1 minute after each failed attempt, up to 4 hours', () => {
    expect([1, 2, 3, 4, 8, 9, 12].map(retryDelayMinutes)).toEqual([1, 2, 4, 8, 128, 240, 240]);
  });
});
