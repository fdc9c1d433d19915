import { addDays, daysBetween, type IsoDate } from './dates.js';

/*
 * The rules of a SEPA credit transfer file that are ours to keep: the
 * execution date staff ask for, the character set the EPC rulebook allows in
 * names and remittance texts, and amounts written with two decimals.
 */

/** Monday–Friday (TARGET2 holidays are left to the bank, which moves the date itself). */
export function isWeekday(date: IsoDate): boolean {
  // 1970-01-01 was a Thursday: day 0 → 4 (0 = Sunday).
  const weekday = (((daysBetween('1970-01-01', date) + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

/** The first weekday after today: the earliest execution date a new batch may ask for. */
export function nextBusinessDay(today: IsoDate): IsoDate {
  let date = addDays(today, 1);
  while (!isWeekday(date)) date = addDays(date, 1);
  return date;
}

/** Why this requested execution date cannot be asked for a batch made today, in Dutch; undefined when it can. */
export function executionDateProblem(date: IsoDate, today: IsoDate): string | undefined {
  if (daysBetween(today, date) < 1) return 'Kies een uitvoeringsdatum na vandaag.';
  if (!isWeekday(date)) return 'Kies een werkdag (maandag tot vrijdag) als uitvoeringsdatum.';
  if (daysBetween(today, date) > 365) return 'Kies een uitvoeringsdatum binnen het jaar.';
  return undefined;
}

const replacements: Record<string, string> = {
  '&': '+',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  '’': "'",
  '‘': "'",
  '`': "'",
  '"': "'",
  '“': "'",
  '”': "'",
  '–': '-',
  '—': '-',
  _: ' ',
};

/** Not in the EPC's basic Latin set: a–z A–Z 0–9 / - ? : ( ) . , ' + and space. */
const OUTSIDE_SEPA_SET = /[^a-zA-Z0-9/\-?:().,'+ ]/g;

/**
 * A text in the character set every SEPA bank accepts: accents dropped
 * (é → e, ü → u), a few letters spelled out (ß → ss, & → +), anything else a
 * space; spaces collapsed, trimmed and cut to `maxLength`. A reference may not
 * start or end with "/" nor hold "//", so those are mended too.
 */
export function toSepaText(value: string, maxLength: number): string {
  const mapped = [...value.normalize('NFD').replace(/\p{M}/gu, '')]
    .map((character) => replacements[character] ?? character)
    .join('')
    .replace(OUTSIDE_SEPA_SET, ' ')
    .replace(/\/{2,}/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
  return mapped
    .slice(0, maxLength)
    .replace(/^\/+|\/+$/g, '')
    .trim();
}

/** Integer cents as the decimal a pain.001 amount holds: 123456 → "1234.56". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`Not an amount in cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
