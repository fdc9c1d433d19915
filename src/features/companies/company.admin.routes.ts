import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { parseAdminSearchQuery, parseRowId } from '../admin/admin-search.js';
import type { CompanyOnboardingRepository } from '../company-onboarding/company-onboarding.repository.js';
import type { ProjectAdminQueries } from '../projects/project.admin.queries.js';
import type { ProjectQueries } from '../projects/project.queries.js';
import type { CompanyAdminQueries } from './company.admin.queries.js';
import { presentAdminCompany, presentCompanySearch } from './company.admin.presenter.js';

/** /beheer/ondernemingen: the agency searches companies and reads one's data, sizes and projects. */
export function companyAdminRoutes(deps: {
  companyAdminQueries: CompanyAdminQueries;
  companies: Pick<CompanyOnboardingRepository, 'company'>;
  projectQueries: Pick<ProjectQueries, 'page'>;
  projectAdminQueries: Pick<ProjectAdminQueries, 'parties'>;
}): Router {
  const router = Router();

  router.get(paths.admin.companies(), async (req, res) => {
    principalOf(req, 'agency');
    const query = parseAdminSearchQuery(req.query);
    const result = await deps.companyAdminQueries.search(query.terms, query.page);
    const list = presentCompanySearch(query, result);
    res.render('admin/companies/list', { title: list.title, errors: query.errors, list });
  });

  router.get(paths.admin.company(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const id = parseRowId(req.params.id);
    if (id === undefined) throw new NotFoundError('Deze onderneming bestaat niet.');
    const company = await deps.companies.company(id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError('Deze onderneming bestaat niet.');
      throw error;
    });
    const [sizes, projects] = await Promise.all([
      deps.companyAdminQueries.sizes(id),
      deps.projectQueries.page(
        { kind: 'company', companyId: id },
        { filters: {}, allYears: true, sort: 'aanvraagdatum', direction: 'desc' },
        1,
      ),
    ]);
    const parties = await deps.projectAdminQueries.parties(projects.rows.map((row) => row.id));
    const view = presentAdminCompany({ company, sizes, projects, parties });
    res.render('admin/companies/detail', { title: view.title, company: view });
  });

  return router;
}
