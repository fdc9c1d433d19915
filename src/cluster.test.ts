import { describe, expect, it } from 'vitest';
import { connectionsNeeded, parseWebConcurrency, restartDelay } from './cluster.js';

describe('WEB_CONCURRENCY', () => {
  it('is one process when absent or empty', () => {
    expect(parseWebConcurrency(undefined)).toBe(1);
    expect(parseWebConcurrency('')).toBe(1);
    expect(parseWebConcurrency('  ')).toBe(1);
  });

  it('accepts a whole number of workers from 1 to 64', () => {
    expect(parseWebConcurrency('1')).toBe(1);
    expect(parseWebConcurrency(' 4 ')).toBe(4);
    expect(parseWebConcurrency('64')).toBe(64);
  });

  it.each(['0', '-1', '65', '100', '2.5', '1e1', 'twee', '4 workers', '0x2'])('refuses "%s"', (value) => {
    expect(parseWebConcurrency(value)).toEqual({
      problem: `WEB_CONCURRENCY: "${value}" is not a number of HTTP workers from 1 to 64`,
    });
  });
});

describe('the pause before a dead worker is started again', () => {
  it('is none after a worker that lived long, then doubles with each quick death up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 8, 20].map(restartDelay)).toEqual([0, 250, 500, 1000, 2000, 30_000, 30_000]);
  });
});

describe('the database connections the portal may open', () => {
  it('counts both pools of every process, the primary’s jobs and each worker’s job sender', () => {
    // One process alone (no cluster) is not counted here; a primary and 2 workers with pools of 10:
    // primary 10 + 10 + 3, each worker 10 + 10 + 1.
    expect(connectionsNeeded(2, 10)).toBe(65);
    expect(connectionsNeeded(4, 5)).toBe(13 + 4 * 11);
  });
});
