/** A value as it is kept in the audit log's details. */
export type AuditValue = string | number | boolean | null;

/** `{ field: { old, new } }`: what an audit row records of a change. */
export type FieldChanges = Record<string, { old: AuditValue; new: AuditValue }>;

/**
 * The fields whose value differs between `before` and `after`, with both
 * values. Without `before` (a new record) every field of `after` is listed
 * with `old: null`.
 */
export function fieldChanges<T extends { [K in keyof T]: AuditValue }>(
  before: T | null,
  after: T,
): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of Object.keys(after) as (keyof T & string)[]) {
    const oldValue = before === null ? null : before[field];
    const newValue = after[field];
    if (before === null || oldValue !== newValue) changes[field] = { old: oldValue, new: newValue };
  }
  return changes;
}
