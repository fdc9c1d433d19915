import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

/**
 * Synchroniser-token CSRF protection: the token lives in the session and every
 * state-changing form posts it back as `_csrf`.
 */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    return typeof fromHeader === 'string' ? fromHeader : undefined;
  },
  // The IdP posts its response cross-site: the SAML signature, audience and
  // InResponseTo checks protect the ACS instead.
  skipCsrfProtection: (req: Request) => req.path === '/auth/saml/acs',
  errorConfig: { statusCode: 403, message: 'csrf', code: 'EBADCSRFTOKEN' },
});

export const csrfProtection = csrfSynchronisedProtection;
export const generateCsrfToken = generateToken;
