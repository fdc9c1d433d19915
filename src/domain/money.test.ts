import { describe, expect, it } from 'vitest';
import {
  applyBasisPoints,
  formatAmountInput,
  formatBasisPoints,
  formatDecimalEuro,
  formatEuro,
  formatEuroInText,
  parseEuroInput,
  parsePercentInput,
} from './money.js';

describe('formatEuro', () => {
  it('writes euros with a dot between thousands and a decimal comma', () => {
    expect(formatEuro(119835)).toBe('€ 1.198,35');
    expect(formatEuro(0)).toBe('€ 0,00');
    expect(formatEuro(5)).toBe('€ 0,05');
    expect(formatEuro(10000)).toBe('€ 100,00');
    expect(formatEuro(750000)).toBe('€ 7.500,00');
    expect(formatEuro(123456789)).toBe('€ 1.234.567,89');
    expect(formatEuro(100000000000)).toBe('€ 1.000.000.000,00');
  });

  it('puts the minus sign after the euro sign', () => {
    expect(formatEuro(-1200)).toBe('€ -12,00');
    expect(formatEuro(-119835)).toBe('€ -1.198,35');
  });

  it('refuses anything but whole cents', () => {
    expect(() => formatEuro(12.5)).toThrow(RangeError);
    expect(() => formatEuro(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatAmountInput', () => {
  it('writes a value that parseEuroInput reads back', () => {
    expect(formatAmountInput(119835)).toBe('1198,35');
    expect(formatAmountInput(100)).toBe('1,00');
    expect(formatAmountInput(-5)).toBe('-0,05');
    for (const cents of [0, 1, 99, 100, 119835, 750000, 123456789]) {
      expect(parseEuroInput(formatAmountInput(cents))).toBe(cents);
    }
  });
});

describe('formatDecimalEuro', () => {
  it.each([
    [119835, '1198.35'],
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [-1200, '-12.00'],
    [123456789012, '1234567890.12'],
  ])('%i → %s', (cents, text) => {
    expect(formatDecimalEuro(cents)).toBe(text);
  });

  it('refuses a fraction of a cent', () => {
    expect(() => formatDecimalEuro(1.5)).toThrow(RangeError);
  });
});

describe('parseEuroInput', () => {
  it('reads the usual notations into cents', () => {
    expect(parseEuroInput('1.198,35')).toBe(119835);
    expect(parseEuroInput('1198.35')).toBe(119835);
    expect(parseEuroInput('1198,35')).toBe(119835);
    expect(parseEuroInput('1198')).toBe(119800);
    expect(parseEuroInput('1 198,35')).toBe(119835);
    expect(parseEuroInput('1\u00a0198,35')).toBe(119835);
    expect(parseEuroInput('€ 1.198,35')).toBe(119835);
    expect(parseEuroInput('1.198,35 €')).toBe(119835);
    expect(parseEuroInput('  12,5 ')).toBe(1250);
    expect(parseEuroInput('0,05')).toBe(5);
    expect(parseEuroInput('1.234.567,89')).toBe(123456789);
  });

  it('reads dots between groups of three as thousands', () => {
    expect(parseEuroInput('1.198')).toBe(119800);
    expect(parseEuroInput('12.500')).toBe(1250000);
    expect(parseEuroInput('1.19')).toBe(119);
    expect(parseEuroInput('1.1')).toBe(110);
  });

  it('does not lose cents to floating point', () => {
    // As floats, 4.35 × 100 = 434.99999999999994 and 1.15 × 100 = 114.99999999999999.
    expect(parseEuroInput('4,35')).toBe(435);
    expect(parseEuroInput('1.15')).toBe(115);
    expect(parseEuroInput('8,29')).toBe(829);
  });

  it('refuses more than two decimals', () => {
    expect(parseEuroInput('12,345')).toBeUndefined();
    expect(parseEuroInput('1198.350')).toBeUndefined();
    expect(parseEuroInput('1,2345')).toBeUndefined();
  });

  it('refuses garbage', () => {
    for (const input of [
      '',
      '   ',
      'abc',
      '12a',
      '-12',
      '12,',
      ',5',
      '1,198.35',
      '1.19.8',
      '1..198',
      '1,2,3',
      '12 34',
      '€',
      '0x10',
      '1e3',
      '+5',
    ]) {
      expect(parseEuroInput(input), input).toBeUndefined();
    }
  });

  it('refuses amounts too large to count in cents exactly', () => {
    expect(parseEuroInput('99999999999999')).toBeUndefined();
  });
});

describe('applyBasisPoints', () => {
  it('takes a percentage, rounded down to the cent', () => {
    expect(applyBasisPoints(100000, 3000)).toBe(30000);
    // 30 % of € 333,33 = € 99,999 → € 99,99
    expect(applyBasisPoints(33333, 3000)).toBe(9999);
    // 45 % of € 1.198,35 = € 539,2575 → € 539,25
    expect(applyBasisPoints(119835, 4500)).toBe(53925);
    expect(applyBasisPoints(0, 4500)).toBe(0);
  });

  it('stays exact where a float product would not', () => {
    expect(applyBasisPoints(900719925474099, 10000)).toBe(900719925474099);
  });
});

describe('formatBasisPoints', () => {
  it('writes a percentage the nl-BE way', () => {
    expect(formatBasisPoints(3000)).toBe('30 %');
    expect(formatBasisPoints(4500)).toBe('45 %');
    expect(formatBasisPoints(1250)).toBe('12,5 %');
    expect(formatBasisPoints(1)).toBe('0,01 %');
  });
});

describe('parsePercentInput', () => {
  it.each([
    ['30', 3000],
    ['30 %', 3000],
    ['30%', 3000],
    [' 45 ', 4500],
    ['12,5', 1250],
    ['12.5', 1250],
    ['12,25 %', 1225],
    ['0', 0],
    ['0,01', 1],
    ['100', 10000],
  ])('reads %j as %i basis points', (input, expected) => {
    expect(parsePercentInput(input)).toBe(expected);
  });

  it.each(['', ' ', '%', 'dertig', '-5', '12,345', '1.000', '12,', ',5', '1,2,3', '30 procent', '3 0'])(
    'refuses %j',
    (input) => {
      expect(parsePercentInput(input)).toBeUndefined();
    },
  );
});

describe('formatEuroInText', () => {
  it('keeps the euro sign and the amount together with a no-break space', () => {
    expect(formatEuroInText(10_000)).toBe('€\u00a0100,00');
    expect(formatEuroInText(119_835)).toBe('€\u00a01.198,35');
  });
});
