import pino from 'pino';
import type { Logger } from '../../src/logger.js';

/** One line of a captured log: pino's JSON, parsed. */
export type LogLine = Record<string, unknown>;

/**
 * A pino logger that keeps what it writes, one parsed line each, for a test
 * to read back instead of the process's output.
 */
export function capturedLogger(level: string): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level },
    {
      write: (line: string) => {
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return { logger, lines };
}
