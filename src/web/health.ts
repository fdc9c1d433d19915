import { Router } from 'express';
import type { Knex } from 'knex';
import { paths } from '../paths.js';

const READINESS_TIMEOUT_MS = 2000;

/** Liveness (the process answers) and readiness (the database answers). */
export function healthRoutes(db: Knex): Router {
  const router = Router();
  router.get(paths.healthz(), (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get(paths.readyz(), async (req, res) => {
    try {
      await withTimeout(db.raw('select 1'), READINESS_TIMEOUT_MS);
      res.json({ status: 'ok', database: 'ok' });
    } catch (error) {
      req.log.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}

function withTimeout<T>(work: PromiseLike<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
}
