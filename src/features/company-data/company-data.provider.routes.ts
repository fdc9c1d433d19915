import { Router } from 'express';
import { principalOf, requireHeadOffice } from '../../auth/guards.js';
import type { Container } from '../../container.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import { changedFieldsText, companyDataFormValues, presentFixedData } from './company-data.presenter.js';
import { companyDataFieldNames, companyDataSchema } from './company-data.schemas.js';

/**
 * /dienstverlener/gegevens: the head office changes its address, contact and
 * bank details (2.2); legal name and enterprise number are shown, not changed.
 */
export function companyDataRoutes(container: Container): Router {
  const router = Router();
  const { companyData } = container.services;
  const path = paths.provider.companyData();

  router.get(path, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const data = await companyData.get(principal);
    const { values, errors } = takeFormState(req, path);
    res.render('provider/company-data/form', {
      title: 'Gegevens van de organisatie',
      fixedRows: presentFixedData(data),
      values: { ...companyDataFormValues(data), ...values },
      errors,
    });
  });

  router.post(path, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const parsed = companyDataSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, path, {
        values: postedValues(req.body, companyDataFieldNames),
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, path);
    }
    const result = await companyData.change(principal, parsed.data, String(req.id));
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
