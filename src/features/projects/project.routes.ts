import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { presentProviderReports } from '../project-reports/project-report.presenter.js';
import type { ProjectReportQueries } from '../project-reports/project-report.queries.js';
import { presentReactions } from './project-reaction.presenter.js';
import type { ProjectReactionRepository } from './project-reaction.repository.js';
import { presentProjectDetail } from './project.presenter.js';
import type { ProjectQueries } from './project.queries.js';
import { projectScopeOf } from './project-scope.js';

/**
 * A project's sheet for the provider (head office or department). The scope
 * comes from the principal: another party's project number answers 404. The
 * provider also sees its reports and how the agency follows them up, the
 * reactions it can take now, and can download the
 * documents of the history. (The company's sheet is the wallet's: features/wallet.)
 */
export function projectDetailRoutes(deps: {
  projectQueries: ProjectQueries;
  projectReactionRepository: ProjectReactionRepository;
  projectReportQueries: Pick<ProjectReportQueries, 'forProject'>;
}): Router {
  const router = Router();
  const {
    projectQueries: queries,
    projectReactionRepository: reactions,
    projectReportQueries: reports,
  } = deps;
  router.get(paths.provider.project(':projectNumber'), async (req, res) => {
    const scope = projectScopeOf(principalOf(req, 'provider', 'department'));
    const detail = await queries.findDetail(scope, String(req.params.projectNumber));
    if (!detail) throw new NotFoundError('Dit project bestaat niet of hoort niet bij u.');
    const project = presentProjectDetail(detail, {
      documentHref: (documentId) => paths.provider.projectDocument(detail.projectNumber, documentId),
    });
    res.render('provider/projects/detail', {
      title: project.title,
      project,
      reports: presentProviderReports(await reports.forProject(scope, detail.projectNumber)),
      reactions: presentReactions(detail.projectNumber, await reactions.facts(detail.id, detail.status)),
    });
  });
  return router;
}
