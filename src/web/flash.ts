import type { NextFunction, Request, Response } from 'express';

export interface FlashMessage {
  type: 'success' | 'info' | 'warning';
  text: string;
}

/**
 * Messages for the next page, kept in the session until it is rendered
 * (post / redirect / get).
 */
export function flash(req: Request, message: FlashMessage): void {
  req.session.flash = [...(req.session.flash ?? []), message];
}

/** Moves the pending messages into the view locals and clears them. */
export function flashMessages(req: Request, res: Response, next: NextFunction): void {
  const pending = req.session?.flash;
  res.locals.flashMessages = pending ?? [];
  if (pending) delete req.session.flash;
  next();
}
