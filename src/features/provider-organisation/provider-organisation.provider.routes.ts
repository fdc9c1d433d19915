import { Router } from 'express';
import { principalOf, requireHeadOffice } from '../../auth/guards.js';
import type { ProviderOrganisationService } from './provider-organisation.service.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import {
  changedFieldsText,
  providerOrganisationFormValues,
  presentFixedData,
} from './provider-organisation.presenter.js';
import {
  providerOrganisationFieldNames,
  providerOrganisationSchema,
} from './provider-organisation.schemas.js';
import { requestIdOf } from '../../web/request-logging.js';

/**
 * /dienstverlener/gegevens: the head office changes its address, contact and
 * bank details (2.2); legal name and enterprise number are shown, not changed.
 */
export function providerOrganisationRoutes(deps: {
  providerOrganisation: ProviderOrganisationService;
}): Router {
  const router = Router();
  const { providerOrganisation } = deps;
  const path = paths.provider.providerOrganisation();

  router.get(path, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const data = await providerOrganisation.get(principal);
    const { values, errors } = takeFormState(req, path);
    res.render('provider/organisation/form', {
      title: 'Gegevens van de organisatie',
      fixedRows: presentFixedData(data),
      values: { ...providerOrganisationFormValues(data), ...values },
      errors,
    });
  });

  router.post(path, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const parsed = providerOrganisationSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, path, {
        values: postedValues(req.body, providerOrganisationFieldNames),
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, path);
    }
    const result = await providerOrganisation.change(principal, parsed.data, requestIdOf(req));
    flash(
      req,
      result.outcome === 'changed'
        ? { type: 'success', text: changedFieldsText(Object.keys(result.changes)) }
        : {
            type: 'info',
            text: 'U hebt niets gewijzigd: de gegevens van uw organisatie blijven zoals ze waren.',
          },
    );
    res.redirect(303, path);
  });

  return router;
}
