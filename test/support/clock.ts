import { clockOnDay } from '../../src/clock.js';

/**
 * The day every test app lives on (Brussels), and the day the demo template is
 * seeded for: pages act on it whatever day the suite runs. Timestamps written
 * by Postgres `now()` (created_at, sessions, the outbox) keep the real time.
 */
export const TEST_TODAY = '2026-11-18';

/** The test apps' clock, unless a test sets another: noon of TEST_TODAY. */
export const testClock = clockOnDay(TEST_TODAY);
