import { describe, expect, it } from 'vitest';
import {
  apiTokenExpiryRefusal,
  apiTokenPattern,
  apiTokenStatus,
  hashApiToken,
  latestApiTokenExpiry,
  newApiToken,
} from './api-token.js';

describe('API tokens', () => {
  it('are kmo_ and 43 base64url characters, different every time, hashed to 64 hex digits', () => {
    const first = newApiToken();
    const second = newApiToken();
    expect(first).toMatch(/^kmo_[A-Za-z0-9_-]{43}$/);
    expect(apiTokenPattern.test(first)).toBe(true);
    expect(first).not.toBe(second);
    expect(hashApiToken(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken(first)).not.toContain(first.slice(4));
    // The SHA-256 of "abc", as published in FIPS 180-2.
    expect(hashApiToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('work through their expiry date and until revoked', () => {
    expect(apiTokenStatus({ expiresOn: '2026-11-18', revokedAt: null }, '2026-11-18')).toBe('active');
    expect(apiTokenStatus({ expiresOn: '2026-11-17', revokedAt: null }, '2026-11-18')).toBe('expired');
    expect(apiTokenStatus({ expiresOn: '2027-01-01', revokedAt: new Date() }, '2026-11-18')).toBe('revoked');
  });

  it('expire after today and at most one year from today', () => {
    expect(latestApiTokenExpiry('2026-11-18')).toBe('2027-11-18');
    expect(latestApiTokenExpiry('2028-02-29')).toBe('2029-02-28');
    expect(apiTokenExpiryRefusal('2026-11-18', '2026-11-18')).toBe('Kies een vervaldatum na vandaag.');
    expect(apiTokenExpiryRefusal('2026-11-18', '2026-11-19')).toBeUndefined();
    expect(apiTokenExpiryRefusal('2026-11-18', '2027-11-18')).toBeUndefined();
    expect(apiTokenExpiryRefusal('2026-11-18', '2027-11-19')).toMatch(/hoogstens één jaar/);
  });
});
