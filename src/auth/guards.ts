import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../domain/errors.js';
import { paths } from '../paths.js';
import type { Principal, PrincipalKind } from './principal.js';

/** A local path that is safe to return to after signing in (never another site). */
export function safeReturnPath(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string') return undefined;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\'))
    return undefined;
  if (candidate.length > 500 || /[\r\n]/.test(candidate)) return undefined;
  return candidate;
}

/**
 * The gate of one audience's router: not signed in → to the right sign-in page
 * (coming back here afterwards); signed in otherwise → 403.
 */
export function requireKind(kinds: PrincipalKind[], signInPath: (returnTo: string) => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const principal = req.session?.principal;
    if (!principal) {
      if (req.method === 'GET') {
        req.session.returnTo = req.originalUrl;
        return res.redirect(signInPath(req.originalUrl));
      }
      return next(new ForbiddenError('U bent niet (meer) aangemeld. Meld u opnieuw aan.'));
    }
    if (!kinds.includes(principal.kind)) return next(new ForbiddenError());
    next();
  };
}

const samlSignIn = (returnTo: string) =>
  `${paths.auth.samlLogin()}?RelayState=${encodeURIComponent(returnTo)}`;

export const requireProviderUser = requireKind(['provider', 'department'], () => paths.provider.login());
export const requireEntrepreneur = requireKind(['entrepreneur'], samlSignIn);
export const requireAgency = requireKind(['agency'], samlSignIn);

/** The head office only (not a department user): establishments, departments, login change. */
export function requireHeadOffice(req: Request, _res: Response, next: NextFunction): void {
  if (req.session.principal?.kind !== 'provider')
    return next(new ForbiddenError('Alleen de maatschappelijke zetel kan dit.'));
  next();
}

export const localAdministratorHasNoLogin =
  'U bent aangemeld als lokale beheerder via de Vlaamse overheid. De login en het wachtwoord van de maatschappelijke zetel wijzigt u met die login.';

/** The head office signed in with its login and password (not its local administrator through SAML). */
export function requireProviderAccount(req: Request, _res: Response, next: NextFunction): void {
  const principal = req.session.principal;
  if (principal?.kind !== 'provider')
    return next(new ForbiddenError('Alleen de maatschappelijke zetel kan dit.'));
  if (principal.accountId === undefined) return next(new ForbiddenError(localAdministratorHasNoLogin));
  next();
}

/** A head office with a one-time password goes to the login change first. */
export function requirePasswordChanged(req: Request, res: Response, next: NextFunction): void {
  const principal = req.session.principal;
  const onChangePage = req.originalUrl.split('?')[0] === paths.provider.changeLogin();
  if (principal?.kind === 'provider' && principal.mustChangePassword && !onChangePage) {
    return res.redirect(paths.provider.changeLogin());
  }
  next();
}

/**
 * The signed-in principal, of one of the given kinds (any kind when none is
 * given). The audience's gate has already checked this; a mismatch here is a
 * programming error and answers 403 rather than trusting a cast.
 */
export function principalOf<K extends PrincipalKind>(
  req: Request,
  ...kinds: K[]
): Extract<Principal, { kind: K }>;
export function principalOf(req: Request, ...kinds: PrincipalKind[]): Principal {
  const principal = req.session.principal;
  if (!principal || (kinds.length > 0 && !kinds.includes(principal.kind))) throw new ForbiddenError();
  return principal;
}
