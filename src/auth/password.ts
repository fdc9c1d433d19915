import { randomInt } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the login is unknown, so that both answers take as long. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-that-never-matches');
  return decoyHash;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A one-time password for mail: 16 characters without look-alikes (0/O, 1/l/I). */
export function generateOneTimePassword(): string {
  let password = '';
  for (let index = 0; index < 16; index += 1) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

const strength = new ZxcvbnFactory({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

/**
 * The password policy: at least 12 characters, not the login, not a common or
 * easily guessed password. Returns the Dutch reason, or undefined when it passes.
 */
export function passwordPolicyProblem(password: string, login: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Kies een wachtwoord van minstens ${MIN_PASSWORD_LENGTH} tekens.`;
  }
  const normalised = password.toLowerCase().replace(/[\s.]/g, '');
  const loginNormalised = login.toLowerCase().replace(/[\s.]/g, '');
  if (loginNormalised.length > 0 && normalised.includes(loginNormalised)) {
    return 'Uw wachtwoord mag uw login niet bevatten.';
  }
  const result = strength.check(password, [login, 'kmo', 'portefeuille', 'kmo-portefeuille', 'vlaio']);
  const common = result.sequence.some(
    (match) =>
      match.pattern === 'dictionary' &&
      match.dictionaryName === 'passwords' &&
      match.token.length >= password.length - 4,
  );
  if (common || result.score < 3) {
    return 'Dit wachtwoord is te gemakkelijk te raden. Kies een langere zin of een combinatie van woorden die niet voor de hand ligt.';
  }
  return undefined;
}
