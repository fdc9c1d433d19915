import { Router, type Request } from 'express';
import { ForbiddenError } from '../domain/errors.js';
import { localAdministratorHasNoLogin, principalOf, requireProviderAccount } from './guards.js';
import type { ProviderLoginService } from './provider-login.service.js';
import { paths } from '../paths.js';
import { flash } from '../web/flash.js';
import { keepFormState, takeFormState } from '../web/form-state.js';
import { changeLoginSchema } from './auth.schemas.js';
import { requestIdOf } from '../web/request-logging.js';

/** /dienstverlener/login-wijzigen: the head office changes its login and password (DOMAIN.md §7). */
export function changeLoginRoutes(deps: { providerLogin: ProviderLoginService }): Router {
  const router = Router();
  const { providerLogin } = deps;
  const path = paths.provider.changeLogin();

  router.get(path, requireProviderAccount, async (req, res) => {
    const principal = accountOf(req);
    const currentLogin = await providerLogin.currentLogin(principal.accountId);
    const { values, errors } = takeFormState(req, path);
    res.render('provider/auth/change-login', {
      title: 'Login en wachtwoord wijzigen',
      currentLogin,
      mustChangePassword: principal.mustChangePassword,
      values: { newLogin: currentLogin, ...values },
      errors,
    });
  });

  router.post(path, requireProviderAccount, async (req, res) => {
    const principal = accountOf(req);
    const form = changeLoginSchema.parse(req.body);
    const result = await providerLogin.changeCredentials(principal, form, {
      requestId: requestIdOf(req),
      sessionId: req.sessionID,
    });
    if (result.outcome === 'invalid') {
      keepFormState(req, path, { values: req.body as Record<string, unknown>, errors: result.errors });
      return res.redirect(303, path);
    }
    req.session.principal = { ...principal, mustChangePassword: false };
    flash(req, {
      type: 'success',
      text: result.passwordChanged
        ? `Uw login en wachtwoord zijn gewijzigd. Uw login is nu ${result.login}.`
        : `Uw login is gewijzigd. Uw login is nu ${result.login}. Uw wachtwoord blijft hetzelfde.`,
    });
    res.redirect(303, paths.provider.menu());
  });

  return router;
}

/** The head office signed in with its login (a local administrator through SAML has none). */
function accountOf(req: Request) {
  const principal = principalOf(req, 'provider');
  if (principal.accountId === undefined) throw new ForbiddenError(localAdministratorHasNoLogin);
  return principal;
}
