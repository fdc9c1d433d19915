import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import { paths } from '../paths.js';

/**
 * Routes whose form is multipart (a file upload). Their `_csrf` field sits in
 * the multipart body, which only the route's own multer reads — after the
 * global check below has run, so that check would always see no token. For a
 * multipart POST to exactly these routes the global check stands aside and
 * the route's `singleFileUpload` (web/uploads.ts) checks it right after
 * multer, with the same session token. Only the routes listed here are let through, and only when
 * the body is multipart: every other request, and a urlencoded post to these
 * routes, is checked globally as before. (Rejected: the token in the query
 * string, which ends up in logs and the browser history; in a header, which
 * needs JavaScript while our forms work without.)
 */
const multipartRoutes = [
  // The stop request with its proof document (features/projects/project-reaction.provider.routes.ts).
  paths.provider.projectReaction(':projectNumber', 'stopzetten'),
  // The registration file's PDFs (features/registrations/registration-file.*.routes.ts).
  paths.provider.registrationDeclarationUpload(':id'),
  paths.provider.registrationAuditReportUpload(':id'),
  paths.admin.registrationAuditReport(':id'),
  // A bank statement file (features/deposits/deposit.admin.routes.ts).
  paths.admin.deposits(),
].map(routePattern);

/** '/a/:b/c' → /^\/a\/[^/]+\/c$/ */
function routePattern(route: string): RegExp {
  const segments = route
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}$`);
}

function isDeferredMultipart(req: Request): boolean {
  return (
    req.method === 'POST' &&
    typeof req.is('multipart/form-data') === 'string' &&
    multipartRoutes.some((pattern) => pattern.test(req.path))
  );
}

/**
 * Synchroniser-token CSRF protection: the token lives in the session and every
 * state-changing form posts it back as `_csrf`.
 */
const { csrfSynchronisedProtection, generateToken, isRequestValid, invalidCsrfTokenError } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    return typeof fromHeader === 'string' ? fromHeader : undefined;
  },
  // The IdP posts its response cross-site: the SAML signature, audience and
  // InResponseTo checks protect the ACS instead. Multipart uploads are checked
  // by their route once multer has parsed the body (above).
  skipCsrfProtection: (req: Request) => req.path === '/auth/saml/acs' || isDeferredMultipart(req),
  errorConfig: { statusCode: 403, message: 'csrf', code: 'EBADCSRFTOKEN' },
});

export const csrfProtection = csrfSynchronisedProtection;
export const generateCsrfToken = generateToken;

/** The check the global middleware left to an upload route, run after multer filled `req.body`. */
export function csrfProtectionAfterUpload(req: Request, _res: Response, next: NextFunction): void {
  if (isRequestValid(req)) return next();
  next(invalidCsrfTokenError);
}
