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

/**
 * Moves the pending messages into the view locals and clears them when a page
 * is rendered — on a GET only, so that a second POST (double click) does not
 * swallow the message the first one left for the page after it, and only when
 * the GET renders, so that a redirect (to the sign-in page, to the login change)
 * passes them on to the page that shows them.
 */
export function flashMessages(req: Request, res: Response, next: NextFunction): void {
  res.locals.flashMessages = [];
  if (req.method !== 'GET') return next();
  const render = res.render.bind(res) as (...args: unknown[]) => void;
  res.render = (...args: unknown[]) => {
    const pending = req.session?.flash;
    if (pending) {
      res.locals.flashMessages = pending;
      delete req.session.flash;
    }
    render(...args);
  };
  next();
}
