import { createHash, randomBytes } from 'node:crypto';
import type { IsoDate } from './dates.js';

/**
 * Personal access tokens of the providers' API. A token is `kmo_` and 32
 * random bytes in base64url: the prefix lets secret scanners find a leaked one.
 * Only its SHA-256 is stored; a token is high-entropy, so no slow hash is needed.
 */
export const API_TOKEN_PREFIX = 'kmo_';
export const apiTokenPattern = /^kmo_[A-Za-z0-9_-]{43}$/;

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export const hashApiToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

export const apiTokenStatusLabels: Record<ApiTokenStatus, string> = {
  active: 'Actief',
  expired: 'Verlopen',
  revoked: 'Ingetrokken',
};

/** A token works through its expiry date (Brussels) and until it is revoked. */
export function apiTokenStatus(
  token: { expiresOn: IsoDate; revokedAt: Date | null },
  today: IsoDate,
): ApiTokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  return token.expiresOn < today ? 'expired' : 'active';
}

/** One year from today: the latest expiry date, and the one the form offers. */
export function latestApiTokenExpiry(today: IsoDate): IsoDate {
  const [year, month, day] = today.split('-');
  const sameDay = `${Number(year) + 1}-${month}-${day}`;
  // 29 February has no counterpart next year: the 28th.
  return month === '02' && day === '29' ? `${Number(year) + 1}-02-28` : sameDay;
}

/** Why an expiry date cannot be chosen today, in Dutch; undefined when it can. */
export function apiTokenExpiryRefusal(today: IsoDate, expiresOn: IsoDate): string | undefined {
  if (expiresOn <= today) return 'Kies een vervaldatum na vandaag.';
  if (expiresOn > latestApiTokenExpiry(today))
    return 'Een token is hoogstens één jaar geldig. Kies een vervaldatum tot en met één jaar na vandaag.';
  return undefined;
}
