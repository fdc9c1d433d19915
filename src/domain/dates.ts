/**
 * Calendar dates are ISO strings `YYYY-MM-DD` (the database returns them so):
 * no Date object, no time zone can shift them by a day. Arithmetic goes
 * through UTC midnight, where every day has 24 hours.
 */

export type IsoDate = string;

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const MS_PER_DAY = 86_400_000;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function toIso(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for an existing calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function parts(value: IsoDate): [number, number, number] {
  const match = ISO_DATE.exec(value);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${value}"`);
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** `2026-03-05` → `05/03/2026`. */
export function formatDate(value: IsoDate): string {
  const [year, month, day] = parts(value);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/**
 * Reads a date typed by a user: `05/03/2026`, `5/3/2026`, `05-03-2026`,
 * `05.03.2026` (day first, four-digit year) or `2026-03-05` (what an
 * `<input type="date">` posts). Returns `YYYY-MM-DD`, or undefined for
 * impossible dates (31/02/2026) and anything else.
 */
export function parseDateInput(input: string): IsoDate | undefined {
  const text = input.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    return isRealDate(year, month, day) ? toIso(year, month, day) : undefined;
  }
  const dayFirst = /^([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})$/.exec(text);
  if (dayFirst) {
    const [day, month, year] = [Number(dayFirst[1]), Number(dayFirst[3]), Number(dayFirst[4])];
    return isRealDate(year, month, day) ? toIso(year, month, day) : undefined;
  }
  return undefined;
}

/**
 * Why a typed date is not read by parseDateInput: `format` when it is not
 * written dd/mm/jjjj (or YYYY-MM-DD) at all, `notADate` when it is written so
 * but names no day of the calendar (31/02/2026, 31/04/2026, 00/01/2026,
 * 29/02 of a year that is not a leap year). For `notADate` with a real month,
 * `daysInMonth` says how many days that month has. Undefined when it is read.
 */
export type DateInputProblem =
  { kind: 'format' } | { kind: 'notADate'; day: number; month: number; year: number; daysInMonth?: number };

export function dateInputProblem(input: string): DateInputProblem | undefined {
  if (parseDateInput(input) !== undefined) return undefined;
  const text = input.trim();
  const iso = ISO_DATE.exec(text);
  const dayFirst = /^([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})$/.exec(text);
  if (!iso && !dayFirst) return { kind: 'format' };
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : [Number(dayFirst?.[4]), Number(dayFirst?.[3]), Number(dayFirst?.[1])];
  if (year < 1000 || month < 1 || month > 12) return { kind: 'notADate', day, month, year };
  return { kind: 'notADate', day, month, year, daysInMonth: daysInMonth(year, month) };
}

/**
 * Reads a date typed in a dd/mm/jjjj field (components/date): what
 * parseDateInput reads, and also what a phone keyboard without "/" gives:
 * `5 3 2026` and `05032026`.
 */
export function parseTypedDate(input: string): IsoDate | undefined {
  const text = input.trim();
  if (/^[0-9]{1,2} +[0-9]{1,2} +[0-9]{4}$/.test(text)) return parseDateInput(text.replace(/ +/g, '/'));
  const digits = /^([0-9]{2})([0-9]{2})([0-9]{4})$/.exec(text);
  return parseDateInput(digits ? `${digits[1]}/${digits[2]}/${digits[3]}` : text);
}

function toEpochDay(value: IsoDate): number {
  const [year, month, day] = parts(value);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromEpochDay(epochDay: number): IsoDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return toIso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** The date `days` calendar days later (or earlier when negative). */
export function addDays(value: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Days must be a whole number, got ${days}`);
  return fromEpochDay(toEpochDay(value) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** The calendar year of a date. */
export function yearOf(value: IsoDate): number {
  return parts(value)[0];
}

const brusselsDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date todayInBrussels found last, and the minute (since the epoch) it was found for. */
let lastToday: { minute: number; date: IsoDate } | undefined;

/** The calendar date in Brussels at the given instant (the present comes from the clock, src/clock.ts). */
export function todayInBrussels(now: Date): IsoDate {
  // Brussels is a whole number of hours off UTC, so its date can only change on the minute:
  // within one, the date found last is still right (formatting a date is costly on every request).
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastToday?.minute === minute) return lastToday.date;
  const found: Record<string, string> = {};
  for (const part of brusselsDate.formatToParts(now)) found[part.type] = part.value;
  const date = `${found.year}-${found.month}-${found.day}`;
  lastToday = { minute, date };
  return date;
}

const brusselsDateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Brussels wall-clock time: `05/03/2026 14:07`. */
export function formatDateTimeInBrussels(instant: Date): string {
  const found: Record<string, string> = {};
  for (const part of brusselsDateTime.formatToParts(instant)) found[part.type] = part.value;
  return `${found.day}/${found.month}/${found.year} ${found.hour}:${found.minute}`;
}
