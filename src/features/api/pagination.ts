import { badParameter } from './problem.js';

/**
 * Cursor pagination of the API's lists: `limit` (1 to max) and an opaque
 * `cursor` taken from the previous page's `links.next`. The cursor carries the
 * keys of the last item sent (keyset pagination), so items added while a
 * client pages through a list cause neither duplicates nor gaps.
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

export function parseLimit(
  raw: string | undefined,
  max = MAX_PAGE_LIMIT,
  fallback = DEFAULT_PAGE_LIMIT,
): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw badParameter('limit', `limit is een geheel getal van 1 tot en met ${max}.`);
  return Number(raw);
}

export function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/** The keys a cursor carries, checked against their expected kinds; a cursor not of ours is a 400. */
export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  raw: string | undefined,
  kinds: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } | undefined {
  if (raw === undefined) return undefined;
  const refuse = () =>
    badParameter('cursor', 'Deze cursor is ongeldig. Gebruik de link next van de vorige pagina.');
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw refuse();
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(keys) || keys.length !== kinds.length) throw refuse();
  kinds.forEach((kind, index) => {
    const key: unknown = keys[index];
    if (kind === 'number' ? !Number.isSafeInteger(key) : typeof key !== 'string') throw refuse();
  });
  return keys as { [K in keyof T]: T[K] extends 'number' ? number : string };
}
