import { structuredCommunicationFromSequence } from './belgian-identifiers.js';

/**
 * Project numbers look like `2026KMO004855`: the application year, "KMO" and
 * a counter of six digits that restarts every year. The structured
 * communication of the deposit is derived from the number (base = year and
 * counter, mod-97 check digits), so a unique number gives a unique communication.
 */
export const PROJECT_NUMBER = /^([0-9]{4})KMO([0-9]{6})$/;

export const MAX_PROJECTS_PER_YEAR = 999_999;

export function formatProjectNumber(year: number, counter: number): string {
  if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Bad year ${year}`);
  if (!Number.isSafeInteger(counter) || counter < 1 || counter > MAX_PROJECTS_PER_YEAR) {
    throw new RangeError(`A project counter is 1 … ${MAX_PROJECTS_PER_YEAR}, got ${counter}`);
  }
  return `${year}KMO${String(counter).padStart(6, '0')}`;
}

export function isProjectNumber(value: string): boolean {
  return PROJECT_NUMBER.test(value);
}

/** The 12 digits of the structured communication that belongs to a project number. */
export function structuredCommunicationOfProject(projectNumber: string): string {
  const match = PROJECT_NUMBER.exec(projectNumber);
  if (!match) throw new RangeError(`Not a project number: "${projectNumber}"`);
  return structuredCommunicationFromSequence(Number(`${match[1]}${match[2]}`));
}
