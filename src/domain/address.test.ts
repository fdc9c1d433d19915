import { describe, expect, it } from 'vitest';
import { formatAddress, formatMunicipalityLine, formatStreetLine } from './address.js';

describe('address formatting', () => {
  const address = {
    street: 'Koning Albert II-Laan',
    houseNumber: '30',
    box: '12',
    postcode: '1030',
    municipality: 'Schaarbeek',
  };

  it('writes street, number and box the Belgian way', () => {
    expect(formatStreetLine(address)).toBe('Koning Albert II-Laan 30 bus 12');
    expect(formatStreetLine({ ...address, box: ' 12 ' })).toBe('Koning Albert II-Laan 30 bus 12');
  });

  it('leaves a blank box out, without a dangling "bus"', () => {
    expect(formatStreetLine({ ...address, box: ' ' })).toBe('Koning Albert II-Laan 30');
    expect(formatStreetLine({ ...address, box: '' })).toBe('Koning Albert II-Laan 30');
    expect(formatAddress({ ...address, box: '   ' })).toBe('Koning Albert II-Laan 30, 1030 Schaarbeek');
  });

  it('leaves an absent box out', () => {
    expect(formatStreetLine({ ...address, box: null })).toBe('Koning Albert II-Laan 30');
    const { box: _box, ...withoutBox } = address;
    expect(formatAddress(withoutBox)).toBe('Koning Albert II-Laan 30, 1030 Schaarbeek');
  });

  it('writes the postcode before the municipality', () => {
    expect(formatMunicipalityLine(address)).toBe('1030 Schaarbeek');
  });

  it('puts the whole address on one line', () => {
    expect(formatAddress(address)).toBe('Koning Albert II-Laan 30 bus 12, 1030 Schaarbeek');
  });
});
