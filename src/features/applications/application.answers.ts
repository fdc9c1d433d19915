import { parseDateInput, type IsoDate } from '../../domain/dates.js';
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

/** Hours of the course: `7`, `7,5`, `7.25`; more than 0 and at most 9.999,99. */
export function hoursOf(value: unknown): number | undefined {
  const match = /^([0-9]{1,4})(?:[.,]([0-9]{1,2}))?$/.exec(text(value));
  if (!match) return undefined;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths > 0 ? hundredths / 100 : undefined;
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
