import { Router } from 'express';
import type { Principal } from '../../auth/principal.js';
import type { Container } from '../../container.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { presentProjectDetail } from './project.presenter.js';
import { ProjectQueries } from './project.queries.js';
import { projectScopeOf } from './project-scope.js';

/**
 * A project's sheet for the provider (head office or department) and for the
 * company. The scope comes from the principal: another party's project number
 * answers 404.
 */
export function projectDetailRoutes(container: Container, audience: 'provider' | 'company'): Router {
  const router = Router();
  const queries = new ProjectQueries(container.db);
  const pattern =
    audience === 'provider'
      ? paths.provider.project(':projectNumber')
      : paths.company.project(':projectNumber');
  router.get(pattern, async (req, res) => {
    const principal = req.session.principal as Principal;
    const detail = await queries.findDetail(projectScopeOf(principal), String(req.params.projectNumber));
    if (!detail) throw new NotFoundError('Dit project bestaat niet of hoort niet bij u.');
    const project = presentProjectDetail(detail);
    res.render(`${audience}/projects/detail`, { title: project.title, project });
  });
  return router;
}
