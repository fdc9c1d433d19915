import { describe, expect, it } from 'vitest';
import {
  hoursOf,
  listOf,
  normaliseNaceCode,
  normaliseRegistrationNumber,
  participantCountOf,
} from './application.answers.js';

describe('reading the typed answers', () => {
  it('reads hours with a decimal comma or point, more than 0', () => {
    expect(hoursOf('7')).toBe(7);
    expect(hoursOf('7,5')).toBe(7.5);
    expect(hoursOf('7.25')).toBe(7.25);
    expect(hoursOf(' 12 ')).toBe(12);
    expect(hoursOf('0')).toBeUndefined();
    expect(hoursOf('0,00')).toBeUndefined();
    expect(hoursOf('7,555')).toBeUndefined();
    expect(hoursOf('-3')).toBeUndefined();
    expect(hoursOf('zeven')).toBeUndefined();
    expect(hoursOf(undefined)).toBeUndefined();
  });

  it('reads 1 to 100 participants', () => {
    expect(participantCountOf('1')).toBe(1);
    expect(participantCountOf('100')).toBe(100);
    expect(participantCountOf('0')).toBeUndefined();
    expect(participantCountOf('101')).toBeUndefined();
    expect(participantCountOf('2,5')).toBeUndefined();
  });

  it('reads registration numbers as providers write them', () => {
    expect(normaliseRegistrationNumber('DV.O218724')).toBe('DV.O218724');
    expect(normaliseRegistrationNumber('dv.o218724')).toBe('DV.O218724');
    expect(normaliseRegistrationNumber('DVA218723')).toBe('DV.A218723');
    expect(normaliseRegistrationNumber('O 218724')).toBe('DV.O218724');
    expect(normaliseRegistrationNumber('DV.X218724')).toBeUndefined();
    expect(normaliseRegistrationNumber('218724')).toBeUndefined();
  });

  it('reads NACE codes with dots or spaces', () => {
    expect(normaliseNaceCode('43.222')).toBe('43222');
    expect(normaliseNaceCode(' 43 222 ')).toBe('43222');
  });

  it('reads a field posted once or several times as a list', () => {
    expect(listOf('An')).toEqual(['An']);
    expect(listOf(['An', 'Bert'])).toEqual(['An', 'Bert']);
    expect(listOf(undefined)).toEqual([]);
  });
});
