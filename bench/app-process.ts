import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import connectPgSimple from 'connect-pg-simple';
import express from 'express';
import session from 'express-session';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createKnex } from '../src/db/knex.js';
import { createLogger } from '../src/logger.js';
import { assemble, startAppJobs } from '../src/runtime.js';
import { SESSION_COOKIE } from '../src/web/session.js';
import {
  FLOOR_PATH,
  RENDER_PATH,
  type CapturedQuery,
  type ChildMessage,
  type ParentMessage,
} from './protocol.js';

/**
 * The real application, alone in a process of its own so that the benchmark
 * can read its memory from /proc. Started by bench/run.ts with an IPC channel
 * (`node --import tsx --expose-gc bench/app-process.ts`): it listens on a free
 * port on 127.0.0.1 and reports it; on request it records the SQL it sends
 * (knex's events, and pg itself for a cursor taken past knex), so that the
 * benchmark can replay the same statements directly, and collects garbage.
 */

if (!process.send) throw new Error('bench/app-process.ts is started by bench/run.ts, with an IPC channel');
const send = (message: ChildMessage) => process.send?.(message);

const config = parseConfig(process.env);
const databaseUrl = config.database.url;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const logger = createLogger(config.logLevel);
const db = createKnex(databaseUrl, config.database.poolMax);

// What knex runs while a capture is on: the SQL with $n placeholders, its
// bindings, and when it started and answered (knex reports no answer for streams).
let capturing = false;
let captured: CapturedQuery[] = [];
const byUid = new Map<string, CapturedQuery>();
// Only what an HTTP request sends is kept: the jobs of this process (the outbox sender working
// through the rush's mails, say) run beside the captured request and are not part of it. The
// storage is on only while a capture is: on Node 20 it turns on async hooks for every promise of
// the process, a cost the measured load must not carry (about 5 % of a page's CPU, docs/PERFORMANCE.md).
const inRequest = new AsyncLocalStorage<true>();
const keeping = () => capturing && inRequest.getStore() === true;
db.on('query', (query: { sql: string; bindings?: unknown[]; __knexQueryUid?: string; method?: string }) => {
  if (!keeping()) return;
  const entry: CapturedQuery = {
    sql: query.sql,
    bindings: (query.bindings ?? []).map(serialisable),
    method: query.method ?? 'raw',
    startedAt: performance.now(),
    answeredAt: undefined,
  };
  captured.push(entry);
  if (query.__knexQueryUid) byUid.set(query.__knexQueryUid, entry);
});
db.on('query-response', (_response: unknown, query: { __knexQueryUid?: string }) => {
  const entry = query.__knexQueryUid ? byUid.get(query.__knexQueryUid) : undefined;
  if (entry) entry.answeredAt = performance.now();
});

// A cursor (pg-cursor) or a COPY (pg-copy-streams) submitted on a connection taken from knex's pool
// passes by knex's events: catch it where pg receives it.
const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientPrototype.query;
clientPrototype.query = function (this: unknown, ...args: unknown[]) {
  const cursor = keeping() ? cursorOf(args[0]) : undefined;
  if (cursor && captured.at(-1)?.sql !== cursor.text) {
    captured.push({
      sql: cursor.text,
      bindings: (cursor.values ?? []).map(serialisable),
      method: 'cursor',
      startedAt: performance.now(),
      answeredAt: undefined,
    });
  }
  return originalQuery.apply(this, args);
};

const runtime = await assemble({ config, logger, db, databaseUrl });
// The statement import is a pg-boss job: measured with the jobs running in this process, as the
// server runs them (BENCH_JOBS=1, set by bench/run.ts when it measures the import).
const { container } = runtime;
const jobs = process.env.BENCH_JOBS === '1' ? await startAppJobs(container, logger, databaseUrl) : undefined;
const app = createApp(runtime.container);

// The app's own cost (issue 22): the default overview's view and data, kept once from a real request
// (res.render's view, options and res.locals), rendered again from memory at RENDER_PATH by the app's
// own engine and view cache, without the database and without the middleware.
interface KeptRender {
  view: string;
  options: Record<string, unknown>;
  locals: Record<string, unknown>;
}
let renderArmed = false;
let kept: KeptRender | undefined;
// The statements knex ran for the armed request, for FLOOR_PATH (the render disarms).
let keptStatements: { sql: string; bindings: unknown[] }[] = [];
db.on('query', (query: { sql: string; bindings?: unknown[] }) => {
  if (renderArmed)
    keptStatements.push({ sql: query.sql, bindings: (query.bindings ?? []).map(serialisable) });
});
const responsePrototype = app.response as unknown as {
  render: (
    this: { locals: Record<string, unknown> },
    view: string,
    options?: unknown,
    callback?: unknown,
  ) => void;
};
const originalRender = responsePrototype.render;
responsePrototype.render = function (view, options, callback) {
  if (renderArmed && typeof options === 'object' && options !== null) {
    kept = { view, options: { ...(options as Record<string, unknown>) }, locals: { ...this.locals } };
    renderArmed = false;
  }
  return originalRender.call(this, view, options, callback);
};

/** The kept page rendered again from memory, by the app's own engine and view cache. */
function renderKept(page: KeptRender, done: (error: Error | null, html?: string) => void): void {
  app.render(page.view, { ...page.options, _locals: page.locals }, done);
}

// The floor of the stack (FLOOR_PATH): its own Express app, the app's session store and pool.
const floorApp = express();
floorApp.disable('x-powered-by');
floorApp.disable('etag');
floorApp.use(
  session({
    name: SESSION_COOKIE,
    store: new (connectPgSimple(session))({
      pool: runtime.container.sessionPool,
      tableName: 'session',
      createTableIfMissing: false,
      pruneSessionInterval: false,
    }),
    secret: config.session.secret,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: config.session.idleMinutes * 60 * 1000 },
  }),
);
floorApp.get(FLOOR_PATH, async (req, res) => {
  if (!req.session.principal) {
    res.status(403).end();
    return;
  }
  const page = kept;
  if (!page) {
    res.status(404).end();
    return;
  }
  for (const statement of keptStatements) {
    await runtime.container.sessionPool.query(statement.sql, statement.bindings);
  }
  renderKept(page, (error, html) => {
    if (error || html === undefined) res.status(500).end(String(error));
    else res.send(html);
  });
});

const server = createServer((req, res) => {
  if (req.url === FLOOR_PATH) {
    void floorApp(req, res);
    return;
  }
  if (req.url !== RENDER_PATH) {
    if (capturing) inRequest.run(true, () => void app(req, res));
    else void app(req, res);
    return;
  }
  if (!kept) {
    res.writeHead(404).end();
    return;
  }
  renderKept(kept, (error, html) => {
    if (error || html === undefined) {
      res.writeHead(500).end(String(error));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
    });
    res.end(html);
  });
});
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => resolve());
});
send({ type: 'ready', port: (server.address() as AddressInfo).port });

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'capture-start':
      captured = [];
      byUid.clear();
      capturing = true;
      send({ type: 'done', id: message.id });
      break;
    case 'capture-stop':
      capturing = false;
      inRequest.disable();
      send({ type: 'captured', id: message.id, queries: captured });
      break;
    case 'render-arm':
      kept = undefined;
      keptStatements = [];
      renderArmed = true;
      send({ type: 'done', id: message.id });
      break;
    case 'gc':
      globalThis.gc?.();
      send({ type: 'done', id: message.id });
      break;
    case 'cpu': {
      const usage = process.cpuUsage();
      send({ type: 'cpu', id: message.id, micros: usage.user + usage.system });
      break;
    }
    case 'memory': {
      const usage = process.memoryUsage();
      send({ type: 'memory', id: message.id, rss: usage.rss, heapUsed: usage.heapUsed });
      break;
    }
    case 'stop':
      void stop(0);
      break;
  }
});

let stopping = false;
async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  try {
    await jobs?.stop();
    await runtime.dispose();
    await db.destroy();
  } catch (error) {
    console.error('bench app: stopping failed', error);
    exitCode = 1;
  }
  process.exit(exitCode);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));
// The benchmark went away (Ctrl-C, crash): do not outlive it.
process.on('disconnect', () => void stop(0));

/** The text and values of a pg-cursor or pg-copy-streams query submitted to pg (the app's export submits a COPY). */
function cursorOf(submitted: unknown): { text: string; values: unknown[] | null } | undefined {
  const cursor = submitted as { text?: unknown; values?: unknown; submit?: unknown } | undefined;
  if (typeof cursor?.submit !== 'function' || typeof cursor.text !== 'string') return undefined;
  return { text: cursor.text, values: Array.isArray(cursor.values) ? (cursor.values as unknown[]) : null };
}

function serialisable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  return value;
}
