import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, fieldIdOf } from './form-state.js';

describe('fieldErrors: each message keyed by the id of the field the error summary links to', () => {
  it('keys a plain field by its name', () => {
    const parsed = z.object({ title: z.string().min(1, 'Vul de titel in.') }).safeParse({ title: '' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(fieldErrors(parsed.error)).toEqual({ title: 'Vul de titel in.' });
  });

  it('keys the n-th input of an array field as name-n, counting from 1, for every array field', () => {
    const names = z.array(z.string().max(3, 'Te lang.'));
    const parsed = z
      .object({ firstName: names, lastName: names, anything: names })
      .safeParse({ firstName: ['Ann'], lastName: ['Jan', 'Janssens'], anything: ['abcd', 'ok', 'abcde'] });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(fieldErrors(parsed.error)).toEqual({
        'lastName-2': 'Te lang.',
        'anything-1': 'Te lang.',
        'anything-3': 'Te lang.',
      });
  });

  it('keeps the first message per field, and "formulier" for a form-wide one', () => {
    expect(fieldIdOf([])).toBe('formulier');
    expect(fieldIdOf(['lastName', 0])).toBe('lastName-1');
    expect(fieldIdOf(['address', 'street'])).toBe('address.street');
  });
});
