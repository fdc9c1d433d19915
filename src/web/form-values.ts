/**
 * The posted values of a form's own fields, to keep for the next GET after a
 * refusal: only the listed names, only text (never every posted field).
 */
export function postedValues(body: unknown, fields: readonly string[]): Record<string, string> {
  const posted = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = posted[field];
    if (typeof value === 'string') values[field] = value.slice(0, 1000);
  }
  return values;
}
