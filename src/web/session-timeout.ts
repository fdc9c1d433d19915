import type { NextFunction, Request, Response } from 'express';
import { flash } from './flash.js';

/**
 * The absolute timeout: however active, a sign-in lasts at most this long.
 * (The idle timeout is the stored session's expiry: see session.ts.)
 */
export function absoluteSessionTimeout(options: { absoluteHours: number }) {
  const limitMs = options.absoluteHours * 3600 * 1000;
  return (req: Request, res: Response, next: NextFunction): void => {
    const signedInAt = req.session?.signedInAt;
    if (!req.session?.principal || !signedInAt || Date.now() - signedInAt <= limitMs) return next();
    req.session.regenerate((error) => {
      if (error) return next(error);
      flash(req, { type: 'info', text: 'Uw sessie is verlopen. Meld u opnieuw aan.' });
      next();
    });
  };
}

/** Starts a fresh session (new id) for a new sign-in, against session fixation. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((error: unknown) => (error ? reject(toError(error)) : resolve())),
  );
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.save((error: unknown) => (error ? reject(toError(error)) : resolve())),
  );
}

/** express-session calls back with `any`; a rejection carries an Error. */
function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
