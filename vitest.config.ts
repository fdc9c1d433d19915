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
