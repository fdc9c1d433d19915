import pg from 'pg';

/**
 * A statement with `$n` placeholders and its bindings as one statement
 * without parameters, for what PostgreSQL runs only without them: `COPY
 * (select …) TO STDOUT` takes no bind parameters. Each binding becomes a
 * literal that means what the parameter meant (strings through pg's own
 * escapeLiteral, the libpq rules; an untyped literal is typed from its
 * context as a parameter is). `$n` inside a quoted literal or identifier of
 * the statement is left alone. A value without a safe literal throws.
 */
export function inlineBindings(sql: string, bindings: readonly unknown[]): string {
  let result = '';
  let index = 0;
  while (index < sql.length) {
    const char = sql[index] as string;
    if (char === "'" || char === '"') {
      // A quoted literal or identifier, its doubled quotes included: copied as it is.
      let end = index + 1;
      while (end < sql.length && !(sql[end] === char && sql[end + 1] !== char)) {
        end += sql[end] === char ? 2 : 1;
      }
      result += sql.slice(index, end + 1);
      index = end + 1;
      continue;
    }
    const placeholder = char === '$' ? /^\$(\d+)/.exec(sql.slice(index, index + 12)) : null;
    if (placeholder) {
      const position = Number(placeholder[1]) - 1;
      if (position < 0 || position >= bindings.length) throw new Error(`no binding for ${placeholder[0]}`);
      result += literal(bindings[position]);
      index += placeholder[0].length;
      continue;
    }
    result += char;
    index += 1;
  }
  return result;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  // In parentheses: a negative number after a minus sign would otherwise start a comment (`x--1`).
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no SQL literal for ${value}`);
    return value < 0 ? `(${value})` : String(value);
  }
  if (typeof value === 'bigint') return value < 0n ? `(${value})` : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `array[${value.map(literal).join(', ')}]`;
  if (typeof value === 'string') return pg.Client.prototype.escapeLiteral(value);
  if (value instanceof Date) return pg.Client.prototype.escapeLiteral(value.toISOString());
  if (typeof value === 'object') return pg.Client.prototype.escapeLiteral(JSON.stringify(value));
  throw new Error(`no SQL literal for a ${typeof value}`);
}
