import { describe, expect, it } from 'vitest';
import { withoutSecrets } from './request-logging.js';

describe('withoutSecrets', () => {
  it('hides the token of a forgotten-login link and of a department invitation', () => {
    expect(withoutSecrets('/dienstverlener/login-herstellen/AbC-123_xyz')).toBe(
      '/dienstverlener/login-herstellen/[verborgen]',
    );
    expect(withoutSecrets('/dienstverlener/uitnodiging/AbC-123_xyz?x=1')).toBe(
      '/dienstverlener/uitnodiging/[verborgen]?x=1',
    );
  });

  it('leaves other URLs as they are', () => {
    for (const url of [
      '/dienstverlener/departementen/3/uitnodigingen',
      '/dienstverlener/projecten?q=a',
      '/',
    ]) {
      expect(withoutSecrets(url)).toBe(url);
    }
  });
});
