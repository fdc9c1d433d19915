import { todayInBrussels, type IsoDate } from './domain/dates.js';

/**
 * The one source of "now" and "today" for the business rules: built once in
 * the container and handed to every service, query and route that needs it.
 * Tests set a fixed one, so a page acts on the day the test chooses.
 * (Session timing, SAML key validity and Postgres `now()` timestamps keep the
 * real time.)
 */
export interface Clock {
  now(): Date;
  /** The calendar date in Brussels at `now()`. */
  today(): IsoDate;
}

/** The machine's clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  today: () => todayInBrussels(new Date()),
};

/** A clock that stays at one instant. */
export function fixedClock(instant: Date): Clock {
  const day = todayInBrussels(instant);
  return { now: () => new Date(instant), today: () => day };
}

/** A clock that stays at noon (Brussels) of one calendar day. */
export function clockOnDay(day: IsoDate): Clock {
  // Noon UTC is 13:00 or 14:00 in Brussels: the same calendar day either way.
  return fixedClock(new Date(`${day}T12:00:00Z`));
}
