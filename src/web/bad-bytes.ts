import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../domain/errors.js';
import { paths } from '../paths.js';

/** A request holding a byte no page accepts: answered with the Dutch 400 page. */
export class BadBytesError extends DomainError {
  readonly status = 400;
  constructor() {
    super(
      'Uw aanvraag bevat een ongeldig teken (een nulbyte). Ga terug, verwijder dat teken en probeer opnieuw.',
    );
    this.name = 'BadBytesError';
  }
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner));
  return false;
}

/**
 * PostgreSQL refuses U+0000 in text, so a NUL byte that reaches a query ends in
 * a 500. Refused up front instead, wherever it comes: the path or query string
 * (raw or percent-encoded) or a urlencoded form field. (A multipart body is
 * parsed by its route; its text fields are checked there by the same function.)
 */
export function refuseBadBytes(req: Request, _res: Response, next: NextFunction): void {
  const url = req.originalUrl;
  if (url.includes('\u0000') || /%00/i.test(url)) return next(new BadBytesError());
  // The IdP's post is no form of ours: a garbled SAMLResponse gets the sign-in failure page (auth.routes.ts).
  if (req.path !== paths.auth.samlAcs() && holdsNul(req.body)) return next(new BadBytesError());
  next();
}
