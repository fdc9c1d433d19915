import { dateInputProblem, parseDateInput, type IsoDate } from '../../domain/dates.js';
import { parseEuroInput } from '../../domain/money.js';
import { services, trainingKinds, type Service, type TrainingKind } from '../../domain/subsidy-terms.js';
import type { Answers } from '../../wizard/wizard.js';

/**
 * The wizard keeps what the user typed (strings), so a page shows it back
 * unchanged. These read the typed answers into values; undefined when absent
 * or unreadable (the page's schema says why).
 */

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export function titleOf(answers: Answers): string {
  return text(answers.title);
}

export function serviceOf(answers: Answers): Service | undefined {
  return (services as readonly string[]).includes(text(answers.service))
    ? (text(answers.service) as Service)
    : undefined;
}

export function trainingKindOf(answers: Answers): TrainingKind | undefined {
  return (trainingKinds as readonly string[]).includes(text(answers.trainingKind))
    ? (text(answers.trainingKind) as TrainingKind)
    : undefined;
}

export function centsOf(value: unknown): number | undefined {
  return typeof value === 'string' ? parseEuroInput(value) : undefined;
}

export function dateOf(value: unknown): IsoDate | undefined {
  return typeof value === 'string' ? parseDateInput(value) : undefined;
}

const monthNames = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/**
 * Why a date field's input is not read, in words: `formatMessage` when it is not
 * written as a date at all; that the date does not exist when it is written so
 * (31/02/2026, 00/01/2026). Undefined when it is read.
 */
export function dateMessage(value: unknown, formatMessage: string): string | undefined {
  const typed = text(value);
  const problem = dateInputProblem(typed);
  if (!problem) return undefined;
  if (problem.kind === 'format') return formatMessage;
  if (problem.daysInMonth !== undefined && problem.day > problem.daysInMonth && problem.day <= 31) {
    return `${typed} is geen bestaande datum: ${monthNames[problem.month - 1]} ${problem.year} heeft ${problem.daysInMonth} dagen.`;
  }
  return `${typed} is geen bestaande datum: de dag ligt tussen 01 en 31, de maand tussen 01 en 12.`;
}

/** The most hours a project can have (the form field's bound). */
export const MAX_HOURS_HUNDREDTHS = 999_999;

/**
 * Reads hours typed by a user: `7`, `7,5`, `7.25`. Returns hundredths, or the
 * problem: not a number, more than two decimals, zero, or more than 9.999,99.
 */
export function readHours(
  value: unknown,
): { hundredths: number } | { problem: 'format' | 'decimals' | 'zero' | 'tooLarge' } {
  const match = /^([0-9]+)(?:[.,]([0-9]+))?$/.exec(text(value));
  if (!match) return { problem: 'format' };
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { problem: 'decimals' };
  const whole = (match[1] ?? '').replace(/^0+(?=[0-9])/, '');
  if (whole.length > 4) return { problem: 'tooLarge' };
  const hundredths = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  if (hundredths === 0) return { problem: 'zero' };
  if (hundredths > MAX_HOURS_HUNDREDTHS) return { problem: 'tooLarge' };
  return { hundredths };
}

/** Hours of the course: `7`, `7,5`, `7.25`; more than 0 and at most 9.999,99. */
export function hoursOf(value: unknown): number | undefined {
  const read = readHours(value);
  return 'hundredths' in read ? read.hundredths / 100 : undefined;
}

/** What is wrong with the hours typed, in words; undefined when they are read. */
export function hoursMessage(value: unknown): string | undefined {
  const read = readHours(value);
  if ('hundredths' in read) return undefined;
  switch (read.problem) {
    case 'format':
      return 'Vul het aantal uren in als een getal, bijvoorbeeld 7 of 7,5.';
    case 'decimals':
      return 'Vul het aantal uren in met hoogstens twee cijfers na de komma, bijvoorbeeld 7,25.';
    case 'zero':
      return 'Het aantal uren moet groter zijn dan 0.';
    case 'tooLarge':
      return 'Het aantal uren is te groot: hoogstens 9.999,99 uren.';
  }
}

export const MAX_PARTICIPANTS = 100;

/** 1 … 100 participants. */
export function participantCountOf(value: unknown): number | undefined {
  const raw = text(value);
  if (!/^[0-9]{1,3}$/.test(raw)) return undefined;
  const count = Number(raw);
  return count >= 1 && count <= MAX_PARTICIPANTS ? count : undefined;
}

/** A form field posted once arrives as a string, several times as an array. */
export function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : ''));
  return typeof value === 'string' ? [value] : [];
}

/** `DV.O218724`, `dv.o218724`, `DVO218724`, `O 218724` → `DV.O218724`; undefined otherwise. */
export function normaliseRegistrationNumber(value: unknown): string | undefined {
  const match = /^(?:DV\.?\s*)?([OA])\s*([0-9]{6})$/i.exec(text(value));
  return match ? `DV.${(match[1] ?? '').toUpperCase()}${match[2]}` : undefined;
}

/** `43.222`, `43 222` and `43222` are the same NACE-BEL code. */
export function normaliseNaceCode(value: unknown): string {
  return text(value).replace(/[\s.]/g, '');
}
