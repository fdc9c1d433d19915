import type { NextFunction, Request, Response } from 'express';

/**
 * Every answer to a signed-in person (a chosen capacity, or a SAML person
 * still choosing) is personal: no browser or proxy cache may keep it, so the
 * back button after signing out or a shared computer shows nothing. Public pages
 * to a signed-out visitor keep the default.
 */
export function noStoreWhenSignedIn(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.principal || req.session?.samlPerson) res.setHeader('Cache-Control', 'no-store');
  next();
}
