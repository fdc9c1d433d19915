import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { parseAdminSearchQuery, parseRowId } from '../admin/admin-search.js';
import type { DepartmentRepository } from '../departments/department.repository.js';
import type { EstablishmentRepository } from '../establishments/establishment.repository.js';
import type { RegistrationRepository } from '../registrations/registration.repository.js';
import type { ProviderOrganisationAdminQueries } from './provider-organisation.admin.queries.js';
import { presentAdminProvider, presentProviderSearch } from './provider-organisation.admin.presenter.js';
import type { ProviderOrganisationRepository } from './provider-organisation.repository.js';

/** /beheer/dienstverleners: the agency searches providers and reads one's data, registrations, establishments and departments. */
export function providerAdminRoutes(deps: {
  providerOrganisationAdminQueries: ProviderOrganisationAdminQueries;
  providerOrganisations: Pick<ProviderOrganisationRepository, 'find'>;
  registrationRepository: Pick<RegistrationRepository, 'list'>;
  establishments: Pick<EstablishmentRepository, 'listForProvider'>;
  departments: Pick<DepartmentRepository, 'list'>;
}): Router {
  const router = Router();

  router.get(paths.admin.providers(), async (req, res) => {
    principalOf(req, 'agency');
    const query = parseAdminSearchQuery(req.query);
    const result = await deps.providerOrganisationAdminQueries.search(query.terms, query.page);
    const list = presentProviderSearch(query, result);
    res.render('admin/providers/list', { title: list.title, errors: query.errors, list });
  });

  router.get(paths.admin.provider(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const id = parseRowId(req.params.id);
    const organisation = id === undefined ? undefined : await deps.providerOrganisations.find(id);
    if (id === undefined || !organisation) throw new NotFoundError('Deze dienstverlener bestaat niet.');
    const [registrations, establishments, departments] = await Promise.all([
      deps.registrationRepository.list(
        { kind: 'provider', providerId: id },
        { onlyActive: false, activeStatuses: [], sort: 'type', direction: 'asc' },
      ),
      deps.establishments.listForProvider(id),
      deps.departments.list({ providerId: id }),
    ]);
    const provider = presentAdminProvider({ id, organisation, registrations, establishments, departments });
    res.render('admin/providers/detail', { title: provider.title, provider });
  });

  return router;
}
