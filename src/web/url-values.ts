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

/** A query-string value as one trimmed text: a repeated key counts with its first value; anything else is ''. */
export function queryText(value: unknown): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** A list's own URL at a page: the first page is the list itself, the others `?pagina=n`. */
export function pageHref(path: string, page: number): string {
  return page <= 1 ? path : `${path}?pagina=${page}`;
}
