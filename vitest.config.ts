import { defineConfig } from 'vitest/config';

/**
 * Three projects, one run: unit tests beside the code, integration tests over
 * HTTP against a real PostgreSQL, browser tests in Chromium. The last two share
 * one embedded PostgreSQL started by the global setup.
 */
const databaseSetup = './test/support/global-setup.ts';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Two files at a time. Vitest's default (one worker less than the cores) ran one file at a
    // time on the two cores of the development and CI machines, while a file spends much of
    // its time waiting for PostgreSQL, which works in processes of its own.
    maxWorkers: 2,
    env: { NODE_ENV: 'test' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'seeds/**/*.test.ts'],
          env: { NODE_ENV: 'test' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // A worker imports the app once for all the files it runs, not once per file. Safe: each
          // file builds its own app on its own database; src keeps no module state but pure memos
          // (todayInBrussels by minute, the decoy password hash) and the compiled templates; no
          // test mocks a module or changes process.env. (test/support/browser.ts registers a hook
          // on import, so the browser tests stay isolated.)
          isolate: false,
          globalSetup: [databaseSetup],
          env: { NODE_ENV: 'test' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [databaseSetup, './test/support/browser-setup.ts'],
          setupFiles: ['./test/support/browser-hooks.ts'],
          // The files share one import of the app and of playwright (see integration); they
          // run after the others (a group of their own, as one worker needs).
          isolate: false,
          sequence: { groupOrder: 1 },
          env: { NODE_ENV: 'test' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: two cores are shared with the app and Postgres.
          fileParallelism: false,
        },
      },
    ],
  },
});
