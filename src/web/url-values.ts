/**
 * A value from the URL (a query parameter or a path segment) that is one of
 * the allowed ones, typed as such; anything else (another text, a repeated
 * parameter, nothing) is undefined.
 */
export function oneOf<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}
