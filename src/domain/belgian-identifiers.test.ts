import { describe, expect, it } from 'vitest';
import {
  enterpriseNumberCheckDigits,
  formatEnterpriseNumber,
  formatIban,
  formatNationalRegisterNumber,
  formatStructuredCommunication,
  ibanCheckDigits,
  isBelgianIban,
  isBelgianPostcode,
  isFlemishPostcode,
  isValidBic,
  isValidEnterpriseNumber,
  isValidIban,
  isValidNationalRegisterNumber,
  isValidStructuredCommunication,
  mod97,
  normaliseEnterpriseNumber,
  normaliseIban,
  parseStructuredCommunication,
  structuredCommunicationFromSequence,
} from './belgian-identifiers.js';

describe('mod97', () => {
  it('computes the remainder of long digit strings', () => {
    // 1234567890 = 97 × 12727504 + 2
    expect(mod97('1234567890')).toBe(2);
    expect(mod97('97')).toBe(0);
    expect(mod97('000000000000000000000000000001')).toBe(1);
  });

  it('refuses anything but digits', () => {
    expect(() => mod97('12a')).toThrow(RangeError);
  });
});

describe('enterprise number', () => {
  it('accepts the known valid examples in every notation', () => {
    // 01234567 mod 97 = 48 (97 × 12727 = 1234519), 97 − 48 = 49
    expect(isValidEnterpriseNumber('0123.456.749')).toBe(true);
    expect(isValidEnterpriseNumber('0123 456 749')).toBe(true);
    expect(isValidEnterpriseNumber('0123456749')).toBe(true);
    expect(isValidEnterpriseNumber('BE 0123.456.749')).toBe(true);
    // 04031707 mod 97 = 96 (97 × 41563 = 4031611), 97 − 96 = 1
    expect(isValidEnterpriseNumber('0403.170.701')).toBe(true);
    // 02022399 mod 97 = 46 (97 × 20849 = 2022353), 97 − 46 = 51
    expect(isValidEnterpriseNumber('0202.239.951')).toBe(true);
  });

  it('accepts the old nine-digit form by prefixing a 0', () => {
    expect(normaliseEnterpriseNumber('123456749')).toBe('0123456749');
    expect(normaliseEnterpriseNumber('403.170.701')).toBe('0403170701');
    expect(isValidEnterpriseNumber('123456749')).toBe(true);
  });

  it('accepts numbers starting with 1', () => {
    // 10000000 mod 97 = 76 (97 × 103092 = 9999924), 97 − 76 = 21
    expect(isValidEnterpriseNumber('1000.000.021')).toBe(true);
    expect(enterpriseNumberCheckDigits('10000000')).toBe('21');
  });

  it('gives 97 as check digits when the first eight are a multiple of 97', () => {
    expect(enterpriseNumberCheckDigits('00000097')).toBe('97');
    expect(isValidEnterpriseNumber('0000.000.000')).toBe(false);
  });

  it('refuses wrong check digits, a first digit other than 0 or 1, and wrong lengths', () => {
    expect(isValidEnterpriseNumber('0123.456.748')).toBe(false);
    expect(isValidEnterpriseNumber('0123.456.794')).toBe(false);
    // 21234567 mod 97 = 6 (97 × 218913 = 21234561), 97 − 6 = 91: check digits right, first digit 2
    expect(isValidEnterpriseNumber('2123.456.791')).toBe(false);
    expect(isValidEnterpriseNumber('01234567490')).toBe(false);
    expect(isValidEnterpriseNumber('12345674')).toBe(false);
    expect(isValidEnterpriseNumber('0123.456.7A9')).toBe(false);
    expect(isValidEnterpriseNumber('')).toBe(false);
  });

  it('formats as 0123.456.749', () => {
    expect(formatEnterpriseNumber('0123456749')).toBe('0123.456.749');
    expect(formatEnterpriseNumber('403170701')).toBe('0403.170.701');
    expect(() => formatEnterpriseNumber('abc')).toThrow(RangeError);
  });
});

describe('IBAN', () => {
  it('accepts published examples of SEPA countries', () => {
    expect(isValidIban('BE68539007547034')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('FR1420041010050500013M02606')).toBe(true);
    expect(isValidIban('GB29NWBK60161331926819')).toBe(true);
  });

  it('normalises spaces and lower case', () => {
    expect(normaliseIban(' be68 5390 0754 7034 ')).toBe('BE68539007547034');
    expect(isValidIban('be68 5390 0754 7034')).toBe(true);
  });

  it('refuses a wrong check, a wrong length and countries outside SEPA', () => {
    expect(isValidIban('BE69539007547034')).toBe(false);
    expect(isValidIban('BE6853900754703')).toBe(false);
    expect(isValidIban('BE685390075470344')).toBe(false);
    // A valid Turkish IBAN: right checksum, but Turkey is not in SEPA.
    expect(isValidIban('TR330006100519786457841326')).toBe(false);
    expect(isValidIban('BE68 5390 0754 703!')).toBe(false);
    expect(isValidIban('')).toBe(false);
  });

  it('checks the Belgian national check digits of the account too', () => {
    // 5390075470 mod 97 = 34 (97 × 55567788 = 5390075436): account 539-0075470-34 is right, -35 is not.
    const wrongAccount = '539007547035';
    const iban = `BE${ibanCheckDigits('BE', wrongAccount)}${wrongAccount}`;
    expect(isValidIban(iban)).toBe(false);
  });

  it('computes IBAN check digits', () => {
    expect(ibanCheckDigits('BE', '539007547034')).toBe('68');
    expect(ibanCheckDigits('NL', 'ABNA0417164300')).toBe('91');
  });

  it('tells Belgian IBANs apart', () => {
    expect(isBelgianIban('BE68 5390 0754 7034')).toBe(true);
    expect(isBelgianIban('NL91ABNA0417164300')).toBe(false);
    expect(isBelgianIban('BE69539007547034')).toBe(false);
  });

  it('formats in groups of four', () => {
    expect(formatIban('BE68539007547034')).toBe('BE68 5390 0754 7034');
    expect(formatIban('fr1420041010050500013m02606')).toBe('FR14 2004 1010 0505 0001 3M02 606');
  });
});

describe('BIC', () => {
  it('accepts 8 and 11 characters of the right shape', () => {
    expect(isValidBic('GEBABEBB')).toBe(true);
    expect(isValidBic('gkcc bebb')).toBe(true);
    expect(isValidBic('KREDBEBB100')).toBe(true);
    expect(isValidBic('ARSPBE22')).toBe(true);
  });

  it('refuses other lengths and digits in the bank or country code', () => {
    expect(isValidBic('GEBABEB')).toBe(false);
    expect(isValidBic('GEBABEBB1')).toBe(false);
    expect(isValidBic('GEB1BEBB')).toBe(false);
    expect(isValidBic('GEBAB3BB')).toBe(false);
    expect(isValidBic('')).toBe(false);
  });
});

describe('structured communication', () => {
  it('formats 12 digits as +++123/4567/89002+++', () => {
    expect(formatStructuredCommunication('123456789002')).toBe('+++123/4567/89002+++');
  });

  it('validates the check digits: base mod 97, 97 when 0', () => {
    // 1234567890 mod 97 = 2
    expect(isValidStructuredCommunication('123456789002')).toBe(true);
    expect(isValidStructuredCommunication('123456789003')).toBe(false);
    // 0000000097 mod 97 = 0 → check digits 97, never 00
    expect(isValidStructuredCommunication('000000009797')).toBe(true);
    expect(isValidStructuredCommunication('000000009700')).toBe(false);
    expect(isValidStructuredCommunication('12345678900')).toBe(false);
  });

  it('parses the +++ and *** forms, slashes or not, spaces allowed', () => {
    expect(parseStructuredCommunication('+++123/4567/89002+++')).toBe('123456789002');
    expect(parseStructuredCommunication('***123/4567/89002***')).toBe('123456789002');
    expect(parseStructuredCommunication(' +++ 123 / 4567 / 89002 +++ ')).toBe('123456789002');
    expect(parseStructuredCommunication('123/4567/89002')).toBe('123456789002');
    expect(parseStructuredCommunication('123456789002')).toBe('123456789002');
  });

  it('refuses wrong check digits, mixed delimiters and garbage', () => {
    expect(parseStructuredCommunication('+++123/4567/89003+++')).toBeUndefined();
    expect(parseStructuredCommunication('+++123/4567/89002***')).toBeUndefined();
    expect(parseStructuredCommunication('+++123/4567/89002')).toBeUndefined();
    expect(parseStructuredCommunication('+++12/34567/89002+++')).toBeUndefined();
    expect(parseStructuredCommunication('factuur 2026-001')).toBeUndefined();
    expect(parseStructuredCommunication('')).toBeUndefined();
  });

  it('generates from a sequence number', () => {
    // 0000000001 mod 97 = 1 → 01
    expect(structuredCommunicationFromSequence(1)).toBe('000000000101');
    expect(structuredCommunicationFromSequence(97)).toBe('000000009797');
    expect(structuredCommunicationFromSequence(1234567890)).toBe('123456789002');
    // 9999999999 = 97 × 103092783 + 48
    expect(structuredCommunicationFromSequence(9_999_999_999)).toBe('999999999948');
  });

  it('refuses sequence numbers that do not fit in ten digits', () => {
    expect(() => structuredCommunicationFromSequence(0)).toThrow(RangeError);
    expect(() => structuredCommunicationFromSequence(10_000_000_000)).toThrow(RangeError);
    expect(() => structuredCommunicationFromSequence(1.5)).toThrow(RangeError);
  });
});

describe('national register number', () => {
  it('accepts a number of someone born before 2000', () => {
    // 850730033 mod 97 = 69 (97 × 8770412 = 850729964), 97 − 69 = 28
    expect(isValidNationalRegisterNumber('85073003328')).toBe(true);
    expect(isValidNationalRegisterNumber('85.07.30-033.28')).toBe(true);
    expect(isValidNationalRegisterNumber('85073003329')).toBe(false);
  });

  it('applies the 2000+ rule: a 2 is put in front of the first nine digits', () => {
    // 2010203001 mod 97 = 27 (97 × 20723742 = 2010202974), 97 − 27 = 70
    expect(isValidNationalRegisterNumber('01020300170')).toBe(true);
    // without the 2000+ rule the check would be 97 − (010203001 mod 97) = 41
    expect(isValidNationalRegisterNumber('01020300141')).toBe(true);
    expect(isValidNationalRegisterNumber('01020300171')).toBe(false);
  });

  it('refuses other lengths and characters', () => {
    expect(isValidNationalRegisterNumber('8507300332')).toBe(false);
    expect(isValidNationalRegisterNumber('850730033288')).toBe(false);
    expect(isValidNationalRegisterNumber('85O73003328')).toBe(false);
  });

  it('formats as YY.MM.DD-SSS.CC', () => {
    expect(formatNationalRegisterNumber('85073003328')).toBe('85.07.30-033.28');
  });
});

describe('postcode', () => {
  it('accepts 1000–9999 only', () => {
    expect(isBelgianPostcode('1000')).toBe(true);
    expect(isBelgianPostcode('9999')).toBe(true);
    expect(isBelgianPostcode('0999')).toBe(false);
    expect(isBelgianPostcode('999')).toBe(false);
    expect(isBelgianPostcode('10000')).toBe(false);
    expect(isBelgianPostcode('10a0')).toBe(false);
  });

  it('knows the Flemish Region', () => {
    expect(isFlemishPostcode('1030')).toBe(false);
    expect(isFlemishPostcode('1300')).toBe(false);
    expect(isFlemishPostcode('1500')).toBe(true);
    expect(isFlemishPostcode('2000')).toBe(true);
    expect(isFlemishPostcode('3999')).toBe(true);
    expect(isFlemishPostcode('4000')).toBe(false);
    expect(isFlemishPostcode('7999')).toBe(false);
    expect(isFlemishPostcode('8000')).toBe(true);
    expect(isFlemishPostcode('9000')).toBe(true);
  });
});
