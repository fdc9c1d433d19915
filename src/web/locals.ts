import type { NextFunction, Request, Response } from 'express';
import { paths } from '../paths.js';
import { generateCsrfToken } from './csrf.js';
import { navigationFor } from './navigation.js';
import { viewFormat } from '../domain/view-format.js';

/**
 * What the header says beside the name: for whom a department user works
 * (its departments and the provider), and where a person the IdP gave several
 * capacities switches to another without signing out (the choice page).
 */
function accountOf(req: Request): { worksFor?: string; switchHref?: string } {
  const principal = req.session?.principal;
  const person = req.session?.samlPerson;
  if (!principal || !person) return {};
  const capacity =
    principal.kind === 'department'
      ? person.capacities.find(
          (candidate) => candidate.kind === 'department' && candidate.providerId === principal.providerId,
        )
      : undefined;
  const worksFor =
    capacity?.kind === 'department'
      ? `${capacity.departmentNames.length > 0 ? capacity.departmentNames.join(', ') : 'nog geen departement'} – ${capacity.providerName}`
      : undefined;
  return { worksFor, switchHref: person.capacities.length > 1 ? paths.auth.choose() : undefined };
}

/** What every template may use: who is signed in, the paths, formatters, the CSRF token. */
export function viewLocals(options: { helpEmail: string; devTools: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const principal = req.session?.principal;
    res.locals.paths = paths;
    // Signed in through SAML but no capacity chosen yet: the header still shows who it is.
    const samlPerson = req.session?.samlPerson;
    res.locals.principal =
      principal ?? (samlPerson ? { kind: 'person', displayName: samlPerson.displayName } : null);
    res.locals.account = accountOf(req);
    res.locals.navigation = navigationFor(principal, req.path);
    res.locals.currentPath = req.path;
    res.locals.helpEmail = options.helpEmail;
    res.locals.devTools = options.devTools;
    res.locals.format = viewFormat;
    // A function, so that a session (and its row) is only made when a page holds a form.
    res.locals.csrfToken = () => generateCsrfToken(req);
    res.locals.title = 'kmo-portefeuille';
    next();
  };
}
