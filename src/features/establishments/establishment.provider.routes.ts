import { Router } from 'express';
import { formatAddress, type Address } from '../../domain/address.js';
import { principalOf, requireHeadOffice } from '../../auth/guards.js';
import type { EstablishmentService } from './establishment.service.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import {
  establishmentFormValues,
  presentEstablishment,
  presentEstablishmentList,
} from './establishment.presenter.js';
import { addressFieldNames, establishmentSchema } from './establishment.schemas.js';
import { requestIdOf } from '../../web/request-logging.js';

/** An establishment id from the URL; anything but a positive whole number is not found. */
function establishmentIdOf(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,8}$/.test(raw)) throw new NotFoundError();
  return Number(raw);
}

/** The field error when another establishment of the provider has this address. */
function sameAddressMessage(existing: Address): string {
  return `U hebt al een vestiging op dit adres (${formatAddress(existing)}). Vul een ander adres in, of open die vestiging in de lijst.`;
}

/**
 * /dienstverlener/vestigingen: the head office lists, adds, views and changes
 * its establishments (DOMAIN.md §3). A department user gets 403; another
 * provider's establishment answers 404 (the repository scopes every query).
 */
export function establishmentRoutes(deps: { establishments: EstablishmentService }): Router {
  const router = Router();
  const { establishments } = deps;
  const newPath = paths.provider.newEstablishment();

  router.get(paths.provider.establishments(), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const overview = await establishments.overview(principal);
    res.render('provider/establishments/list', {
      title: 'Vestigingen',
      list: presentEstablishmentList(overview.headOffice, overview.establishments),
    });
  });

  // Before the detail route, so that "nieuw" is not read as an id.
  router.get(newPath, requireHeadOffice, (req, res) => {
    const { values, errors } = takeFormState(req, newPath);
    res.render('provider/establishments/form', {
      title: 'Vestiging toevoegen',
      heading: 'Vestiging toevoegen',
      action: newPath,
      backHref: paths.provider.establishments(),
      submitText: 'Vestiging toevoegen',
      values,
      errors,
    });
  });

  router.post(newPath, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const parsed = establishmentSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, newPath, {
        values: postedValues(req.body, addressFieldNames),
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, newPath);
    }
    const result = await establishments.add(principal, parsed.data, requestIdOf(req));
    if (result.outcome === 'same-address') {
      keepFormState(req, newPath, {
        values: postedValues(req.body, addressFieldNames),
        errors: { street: sameAddressMessage(result.existing) },
      });
      return res.redirect(303, newPath);
    }
    flash(req, { type: 'success', text: 'De vestiging is toegevoegd.' });
    res.redirect(303, paths.provider.establishment(result.id));
  });

  router.get(paths.provider.establishment(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const establishment = presentEstablishment(
      await establishments.get(principal, establishmentIdOf(req.params.id)),
    );
    res.render('provider/establishments/detail', { title: establishment.title, establishment });
  });

  router.get(paths.provider.editEstablishment(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const id = establishmentIdOf(req.params.id);
    const establishment = await establishments.get(principal, id);
    const editPath = paths.provider.editEstablishment(id);
    const { values, errors } = takeFormState(req, editPath);
    res.render('provider/establishments/form', {
      title: 'Vestiging wijzigen',
      heading: 'Vestiging wijzigen',
      action: editPath,
      backHref: paths.provider.establishment(id),
      submitText: 'Wijzigingen opslaan',
      values: { ...establishmentFormValues(establishment), ...values },
      errors,
    });
  });

  router.post(paths.provider.editEstablishment(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const id = establishmentIdOf(req.params.id);
    // Another provider's establishment is not found before the form is even read.
    await establishments.get(principal, id);
    const editPath = paths.provider.editEstablishment(id);
    const parsed = establishmentSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, editPath, {
        values: postedValues(req.body, addressFieldNames),
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, editPath);
    }
    const result = await establishments.change(principal, id, parsed.data, requestIdOf(req));
    if (result.outcome === 'same-address') {
      keepFormState(req, editPath, {
        values: postedValues(req.body, addressFieldNames),
        errors: { street: sameAddressMessage(result.existing) },
      });
      return res.redirect(303, editPath);
    }
    flash(
      req,
      result.outcome === 'changed'
        ? { type: 'success', text: 'De vestiging is gewijzigd.' }
        : { type: 'info', text: 'U hebt niets gewijzigd: het adres van de vestiging blijft zoals het was.' },
    );
    res.redirect(303, paths.provider.establishment(id));
  });

  return router;
}
