import { describe, expect, it } from 'vitest';
import { generateOneTimePassword, hashPassword, passwordPolicyProblem, verifyPassword } from './password.js';
import { normaliseLogin } from './login-name.js';

describe('passwordPolicyProblem', () => {
  it('accepts a long, unusual passphrase', () => {
    expect(passwordPolicyProblem('Kwartel-fietst-naar-Lier-42', '0123456749')).toBeUndefined();
  });

  it('refuses fewer than 12 characters', () => {
    expect(passwordPolicyProblem('Kort-1a!', '0123456749')).toBe(
      'Kies een wachtwoord van minstens 12 tekens.',
    );
  });

  it('refuses a password that contains the login, also with dots', () => {
    expect(passwordPolicyProblem('0123.456.749-geheim!', '0123456749')).toBe(
      'Uw wachtwoord mag uw login niet bevatten.',
    );
  });

  it.each(['password1234', 'qwertyuiopasdf', '123456789012', 'aaaaaaaaaaaa'])(
    'refuses the guessable %s',
    (password) => {
      expect(passwordPolicyProblem(password, 'ander')).toMatch(/te gemakkelijk te raden/);
    },
  );
});

describe('hashing', () => {
  it('verifies the right password with argon2id and refuses a wrong one', async () => {
    const hash = await hashPassword('Kwartel-fietst-naar-Lier-42');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    // Production cost (64 MiB, 3 passes, 4 lanes): the tests' cheap demo hashes come from test/support.
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(await verifyPassword(hash, 'Kwartel-fietst-naar-Lier-42')).toBe(true);
    expect(await verifyPassword(hash, 'kwartel-fietst-naar-lier-42')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });

  it('generates one-time passwords of 16 unambiguous characters, different each time', () => {
    const passwords = new Set(Array.from({ length: 50 }, generateOneTimePassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
  });
});

describe('normaliseLogin', () => {
  it.each([
    ['0123.456.749', '0123456749'],
    [' 0123 456 749 ', '0123456749'],
    ['123456749', '0123456749'],
    ['0123456749', '0123456749'],
    ['Opleidingen.Gent', 'opleidingen.gent'],
  ])('%s becomes %s', (input, expected) => {
    expect(normaliseLogin(input)).toBe(expected);
  });
});
