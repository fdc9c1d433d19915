import { describe, expect, it } from 'vitest';
import { inlineBindings } from './inline-bindings.js';

describe('inlineBindings', () => {
  it('writes each binding as a literal in place of its $n', () => {
    expect(inlineBindings('select $1, $2, $3, $10', [1, 'a', true, 2, 3, 4, 5, 6, 7, null])).toBe(
      "select 1, 'a', true, null",
    );
  });

  it('escapes quotes and backslashes as libpq does, so a value cannot end its literal', () => {
    expect(inlineBindings('where name = $1', ["x'); drop table projects; --"])).toBe(
      "where name = 'x''); drop table projects; --'",
    );
    expect(inlineBindings('where name like $1', ['%a\\_b%'])).toBe("where name like  E'%a\\\\_b%'");
  });

  it('puts a negative number in parentheses (after a minus it would start a comment)', () => {
    expect(inlineBindings('select 5-$1', [-3])).toBe('select 5-(-3)');
  });

  it('leaves $n inside quoted literals and identifiers of the statement alone', () => {
    expect(inlineBindings(`select '$1 ''$2''', "a$1""b", $1`, [7])).toBe(`select '$1 ''$2''', "a$1""b", 7`);
  });

  it('writes arrays element by element, dates as ISO text', () => {
    expect(inlineBindings('select $1, $2', [[1, 'b'], new Date('2026-12-07T10:00:00Z')])).toBe(
      "select array[1, 'b'], '2026-12-07T10:00:00.000Z'",
    );
  });

  it('refuses a placeholder without binding and a value without a safe literal', () => {
    expect(() => inlineBindings('select $2', [1])).toThrow('no binding for $2');
    expect(() => inlineBindings('select $1', [Number.NaN])).toThrow();
    expect(() => inlineBindings('select $1', [Symbol('x')])).toThrow();
  });
});
