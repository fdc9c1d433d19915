/** Messages between bench/run.ts and the app it runs in a child process (bench/app-process.ts). */

export interface CapturedQuery {
  /** As sent to PostgreSQL: `$1`, `$2` … placeholders. */
  sql: string;
  /** Dates as ISO strings, buffers as bytea hex. */
  bindings: unknown[];
  method: string;
  startedAt: number;
  /** Absent for a streamed query: knex reports no answer for those. */
  answeredAt: number | undefined;
}

export type ParentMessage =
  | { type: 'capture-start'; id: number }
  | { type: 'capture-stop'; id: number }
  | { type: 'gc'; id: number }
  | { type: 'cpu'; id: number }
  | { type: 'memory'; id: number }
  /** Keep the view and data of the next default overview the app renders, for RENDER_PATH. */
  | { type: 'render-arm'; id: number }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'done'; id: number }
  | { type: 'captured'; id: number; queries: CapturedQuery[] }
  /** The app process's CPU time so far (user + system), in microseconds. */
  | { type: 'cpu'; id: number; micros: number }
  /** The app process's `process.memoryUsage()`: resident set and V8 heap used, in bytes. */
  | { type: 'memory'; id: number; rss: number; heapUsed: number };

/**
 * Served by the app process only (bench/app-process.ts, not src/): the view
 * that the armed request rendered, rendered again from memory with the same
 * data and locals, through the app's own view engine and cache (no database,
 * no middleware). 404 until a page was kept.
 */
export const RENDER_PATH = '/__bench/render';

/**
 * Served by the app process only: the floor of the fixed stack for the same
 * page. A bare Express app with the app's session store (express-session with
 * connect-pg-simple, the same table, cookie and secret, so a signed-in
 * session is read from PostgreSQL as every page does), the statements the
 * armed request ran, sent again through pg, and the kept view rendered as at
 * RENDER_PATH. No other middleware, no knex, no presenter: what any page of
 * this stack costs before the app does anything of its own. 403 without a
 * signed-in session, 404 until a page was kept.
 */
export const FLOOR_PATH = '/__bench/floor';
