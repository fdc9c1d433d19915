import { describe, expect, it } from 'vitest';
import { epcAmount, epcPayload, paymentQrModules } from './payment-qr.js';

const transfer = {
  beneficiary: 'Pluxee Belgium nv',
  iban: 'BE68 5390 0754 7034',
  bic: 'bbrubebb',
  amountCents: 119_835,
  structuredCommunication: '123456789002',
};

describe('epcAmount', () => {
  it('writes euros with a dot and two decimals, no thousands separator', () => {
    expect(epcAmount(12_345)).toBe('EUR123.45');
    expect(epcAmount(119_835)).toBe('EUR1198.35');
    expect(epcAmount(1)).toBe('EUR0.01');
    expect(epcAmount(100_000)).toBe('EUR1000.00');
    expect(epcAmount(99_999_999_999)).toBe('EUR999999999.99');
  });

  it('refuses what a SEPA QR code cannot carry', () => {
    for (const cents of [0, -5, 1.5, 100_000_000_000]) {
      expect(() => epcAmount(cents)).toThrow(RangeError);
    }
  });
});

describe('epcPayload (EPC069-12)', () => {
  it('has the elements in the guideline order, the 12 digits as structured remittance, nothing after it', () => {
    expect(epcPayload(transfer).split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'BBRUBEBB',
      'Pluxee Belgium nv',
      'BE68539007547034',
      'EUR1198.35',
      '',
      '123456789002',
    ]);
  });

  it('keeps a name of 70 characters and cuts a longer one there', () => {
    const long = `Ré${'x'.repeat(80)}`;
    const name = epcPayload({ ...transfer, beneficiary: long }).split('\n')[5] ?? '';
    expect([...name]).toHaveLength(70);
    expect(name.startsWith('Réx')).toBe(true);
  });

  it('refuses an IBAN or communication that is not one', () => {
    expect(() => epcPayload({ ...transfer, iban: 'geen rekening' })).toThrow(RangeError);
    expect(() => epcPayload({ ...transfer, structuredCommunication: '+++123/4567/89002+++' })).toThrow(
      RangeError,
    );
  });
});

describe('paymentQrModules', () => {
  it('is a square symbol of a version the guideline allows (at most 13: 69 modules)', () => {
    const modules = paymentQrModules(epcPayload(transfer));
    expect(modules.length).toBeGreaterThanOrEqual(21);
    expect(modules.length).toBeLessThanOrEqual(69);
    expect((modules.length - 17) % 4).toBe(0);
    for (const row of modules) expect(row).toHaveLength(modules.length);
    // The finder pattern's dark corner in the top left.
    expect(modules[0]?.slice(0, 7)).toEqual([true, true, true, true, true, true, true]);
  });
});
