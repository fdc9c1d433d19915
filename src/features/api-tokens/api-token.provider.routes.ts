import { Router } from 'express';
import { principalOf, requireHeadOffice } from '../../auth/guards.js';
import { latestApiTokenExpiry } from '../../domain/api-token.js';
import { formatDate } from '../../domain/dates.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import { requestIdOf } from '../../web/request-logging.js';
import { apiTokenColumns, presentApiTokenRows, scopeLabel } from './api-token.presenter.js';
import { apiTokenFieldNames, apiTokenFormSchema } from './api-token.schemas.js';
import type { ApiTokenService } from './api-token.service.js';

/** An id from the URL; anything but a positive whole number is not found. */
function idOf(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,8}$/.test(raw)) throw new NotFoundError();
  return Number(raw);
}

/**
 * /dienstverlener/api-toegang: the head office (its login or its local
 * administrator) creates personal access tokens for the API, sees each token
 * once, lists them and revokes them. A department user gets 403 (the
 * provider router already refuses everyone else); another provider's token 404.
 */
export function apiTokenRoutes(deps: { apiTokens: ApiTokenService; today: () => string }): Router {
  const router = Router();
  const { apiTokens } = deps;
  const path = paths.provider.apiTokens();

  router.get(path, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const { values, errors } = takeFormState(req, path);
    const departments = await apiTokens.departments(principal);
    res.render('provider/api-tokens/list', {
      title: 'API-toegang',
      columns: apiTokenColumns,
      rows: presentApiTokenRows(await apiTokens.list(principal)),
      departmentItems: [
        { value: '', label: 'Alle departementen' },
        ...departments.map((department) => ({ value: String(department.id), label: department.name })),
      ],
      values: { expiresOn: formatDate(latestApiTokenExpiry(deps.today())), ...values },
      errors,
    });
  });

  router.post(path, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const values = postedValues(req.body, apiTokenFieldNames);
    const parsed = apiTokenFormSchema(deps.today()).safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, path, { values, errors: fieldErrors(parsed.error) });
      return res.redirect(303, path);
    }
    const result = await apiTokens.create(principal, parsed.data, requestIdOf(req));
    if (result.outcome === 'invalid') {
      keepFormState(req, path, { values, errors: result.errors });
      return res.redirect(303, path);
    }
    // Shown in this answer only (never kept in the session, never shown again).
    res.status(201).render('provider/api-tokens/created', {
      title: 'Token aangemaakt',
      scripts: ['/js/copy-button.js'],
      token: result.token,
      name: result.row.name,
      scope: scopeLabel(result.row),
      expiresOn: result.row.expiresOn,
      apiRoot: paths.api.root(),
    });
  });

  router.get(paths.provider.revokeApiToken(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const token = await apiTokens.find(principal, idOf(req.params.id));
    res.render('provider/api-tokens/revoke', {
      // Only an active token is revoked here; for another one the page says why not.
      title: token.status === 'active' ? `Token ${token.name} intrekken` : `Token ${token.name}`,
      token: { ...token, scope: scopeLabel(token) },
      action: paths.provider.revokeApiToken(token.id),
    });
  });

  router.post(paths.provider.revokeApiToken(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const result = await apiTokens.revoke(principal, idOf(req.params.id), requestIdOf(req));
    flash(
      req,
      result.outcome === 'refused'
        ? { type: 'warning', text: result.message }
        : {
            type: 'success',
            text: `Het token ${result.name} is ingetrokken. Het geeft geen toegang meer tot de API.`,
          },
    );
    res.redirect(303, path);
  });

  return router;
}
