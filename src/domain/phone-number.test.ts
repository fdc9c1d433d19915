import { describe, expect, it } from 'vitest';
import { isValidPhoneNumber, normalisePhoneNumber } from './phone-number.js';

describe('normalisePhoneNumber', () => {
  it.each([
    ['02 123 45 67', '+3221234567'],
    ['02/123.45.67', '+3221234567'],
    ['(02) 123 45 67', '+3221234567'],
    ['0470 12 34 56', '+32470123456'],
    ['+32 470 12 34 56', '+32470123456'],
    ['+32 (0)2 123 45 67', '+3221234567'],
    ['0032 9 123 45 67', '+3291234567'],
    ['+31 20 123 4567', '+31201234567'],
    ['0031 20 123 4567', '+31201234567'],
    ['+49 30 1234567', '+49301234567'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalisePhoneNumber(input)).toBe(expected);
  });

  it.each([
    '',
    'geen',
    '123',
    '1234567890',
    '02 123 45',
    '0470 12 34 56 7',
    '+32 0470 12 34 56',
    '+32 12 34',
    '+1 234',
    '+12 3456 7890 1234 56',
    '+0 123 456 789',
  ])('refuses %j', (input) => {
    expect(isValidPhoneNumber(input)).toBe(false);
  });
});
