import { describe, expect, it } from 'vitest';
import { fieldChanges } from './field-changes.js';

describe('fieldChanges', () => {
  it('lists only the fields that changed, with old and new value', () => {
    expect(
      fieldChanges(
        { street: 'Kunstlaan', box: null, postcode: '1000' },
        { street: 'Kunstlaan', box: '3', postcode: '1210' },
      ),
    ).toEqual({ box: { old: null, new: '3' }, postcode: { old: '1000', new: '1210' } });
  });

  it('is empty when nothing changed', () => {
    expect(fieldChanges({ street: 'Kunstlaan', box: null }, { street: 'Kunstlaan', box: null })).toEqual({});
  });

  it('lists every field with old null for a new record', () => {
    expect(fieldChanges(null, { street: 'Kunstlaan', box: null })).toEqual({
      street: { old: null, new: 'Kunstlaan' },
      box: { old: null, new: null },
    });
  });
});
