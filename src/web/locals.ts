import type { NextFunction, Request, Response } from 'express';
import { paths } from '../paths.js';
import { generateCsrfToken } from './csrf.js';
import { navigationFor } from './navigation.js';
import { viewFormat } from '../domain/view-format.js';

/** What every template may use: who is signed in, the paths, formatters, the CSRF token. */
export function viewLocals(options: { helpEmail: string; devTools: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const principal = req.session?.principal;
    res.locals.paths = paths;
    // Signed in through SAML but no capacity chosen yet: the header still shows who it is.
    const samlPerson = req.session?.samlPerson;
    res.locals.principal =
      principal ?? (samlPerson ? { kind: 'person', displayName: samlPerson.displayName } : null);
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
