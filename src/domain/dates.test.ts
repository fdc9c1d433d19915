import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatDate,
  formatDateTimeInBrussels,
  isIsoDate,
  dateInputProblem,
  parseDateInput,
  parseTypedDate,
  todayInBrussels,
  yearOf,
} from './dates.js';

describe('formatDate', () => {
  it('writes day/month/year', () => {
    expect(formatDate('2026-03-05')).toBe('05/03/2026');
    expect(formatDate('2024-02-29')).toBe('29/02/2024');
    expect(formatDate('2026-12-31')).toBe('31/12/2026');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => formatDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatDate('05/03/2026')).toThrow(RangeError);
    expect(() => formatDate('2026-03-05T00:00:00Z')).toThrow(RangeError);
  });
});

describe('parseDateInput', () => {
  it('reads day-first dates and ISO dates', () => {
    expect(parseDateInput('05/03/2026')).toBe('2026-03-05');
    expect(parseDateInput('5/3/2026')).toBe('2026-03-05');
    expect(parseDateInput('05-03-2026')).toBe('2026-03-05');
    expect(parseDateInput('05.03.2026')).toBe('2026-03-05');
    expect(parseDateInput(' 2026-03-05 ')).toBe('2026-03-05');
  });

  it('knows leap years', () => {
    expect(parseDateInput('29/02/2024')).toBe('2024-02-29');
    expect(parseDateInput('29/02/2026')).toBeUndefined();
    expect(parseDateInput('29/02/2000')).toBe('2000-02-29');
    expect(parseDateInput('29/02/1900')).toBeUndefined();
  });

  it('refuses impossible dates and other input', () => {
    for (const input of [
      '31/02/2026',
      '31/04/2026',
      '00/01/2026',
      '01/13/2026',
      '2026-02-31',
      '2026-13-01',
      '05/03/26',
      '05/03-2026',
      '2026/03/05',
      'morgen',
      '',
    ]) {
      expect(parseDateInput(input), input).toBeUndefined();
    }
  });
});

describe('isIsoDate', () => {
  it('checks shape and calendar', () => {
    expect(isIsoDate('2026-03-05')).toBe(true);
    expect(isIsoDate('2026-3-5')).toBe(false);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });
});

describe('addDays and daysBetween', () => {
  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2026-03-05', 30)).toBe('2026-04-04');
    expect(addDays('2026-12-20', 14)).toBe('2027-01-03');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-05', 0)).toBe('2026-03-05');
  });

  it('is not fooled by daylight saving time', () => {
    // Brussels switched to summer time on 29 March 2026 and back on 25 October 2026.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
  });

  it('counts the days between two dates', () => {
    expect(daysBetween('2026-03-05', '2026-04-04')).toBe(30);
    expect(daysBetween('2026-04-04', '2026-03-05')).toBe(-30);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('refuses fractional days', () => {
    expect(() => addDays('2026-03-05', 1.5)).toThrow(RangeError);
  });
});

describe('yearOf', () => {
  it('gives the calendar year', () => {
    expect(yearOf('2026-03-05')).toBe(2026);
  });
});

describe('todayInBrussels', () => {
  it('gives the Brussels calendar date, not the UTC one', () => {
    // 23:30 UTC on 31 December is already 1 January in Brussels (UTC+1 in winter).
    expect(todayInBrussels(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    // 22:30 UTC on 30 June is 00:30 on 1 July in Brussels (UTC+2 in summer).
    expect(todayInBrussels(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(todayInBrussels(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
    expect(todayInBrussels(new Date('2026-03-05T12:00:00Z'))).toBe('2026-03-05');
  });

  it('defaults to now', () => {
    expect(isIsoDate(todayInBrussels(new Date()))).toBe(true);
  });

  it('turns to the next day at midnight in Brussels, also when asked again within a minute', () => {
    expect(todayInBrussels(new Date('2026-01-14T22:59:00.000Z'))).toBe('2026-01-14');
    expect(todayInBrussels(new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(todayInBrussels(new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
    expect(todayInBrussels(new Date('2026-01-14T23:00:30.000Z'))).toBe('2026-01-15');
    // Back to an earlier instant: its own date, not the one found last.
    expect(todayInBrussels(new Date('2026-01-14T22:59:30.000Z'))).toBe('2026-01-14');
  });
});

describe('formatDateTimeInBrussels', () => {
  it('writes Brussels wall-clock time', () => {
    expect(formatDateTimeInBrussels(new Date('2026-03-05T13:07:00Z'))).toBe('05/03/2026 14:07');
    expect(formatDateTimeInBrussels(new Date('2026-07-01T22:05:00Z'))).toBe('02/07/2026 00:05');
  });
});

describe('parseTypedDate', () => {
  it('reads what parseDateInput reads and what a phone keyboard without "/" gives', () => {
    expect(parseTypedDate('05/03/2026')).toBe('2026-03-05');
    expect(parseTypedDate(' 5 3 2026 ')).toBe('2026-03-05');
    expect(parseTypedDate('05032026')).toBe('2026-03-05');
    expect(parseTypedDate('31022026')).toBeUndefined();
    expect(parseTypedDate('5032026')).toBeUndefined();
  });
});

describe('dateInputProblem', () => {
  it('is undefined for a date that is read, 29/02 of a leap year included', () => {
    expect(dateInputProblem('05/03/2026')).toBeUndefined();
    expect(dateInputProblem('29/02/2028')).toBeUndefined();
    expect(dateInputProblem('30/04/2026')).toBeUndefined();
  });

  it('says "format" for what is not written as a date', () => {
    expect(dateInputProblem('morgen')).toEqual({ kind: 'format' });
    expect(dateInputProblem('5 maart 2026')).toEqual({ kind: 'format' });
    expect(dateInputProblem('05/03/26')).toEqual({ kind: 'format' });
  });

  it('says "notADate", with the days of the month, for a written day that does not exist', () => {
    expect(dateInputProblem('31/02/2026')).toEqual({
      kind: 'notADate',
      day: 31,
      month: 2,
      year: 2026,
      daysInMonth: 28,
    });
    expect(dateInputProblem('29/02/2026')).toMatchObject({ kind: 'notADate', daysInMonth: 28 });
    expect(dateInputProblem('30/02/2028')).toMatchObject({ kind: 'notADate', daysInMonth: 29 });
    expect(dateInputProblem('31/04/2026')).toMatchObject({ kind: 'notADate', day: 31, daysInMonth: 30 });
    expect(dateInputProblem('00/01/2026')).toMatchObject({ kind: 'notADate', day: 0, daysInMonth: 31 });
    expect(dateInputProblem('12/13/2026')).toEqual({ kind: 'notADate', day: 12, month: 13, year: 2026 });
    expect(dateInputProblem('2026-02-30')).toMatchObject({ kind: 'notADate', day: 30, month: 2 });
  });
});
