import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import type { WalletQueries } from '../wallet/wallet.queries.js';
import { parseAdminProjectQuery } from './project-admin-filters.js';
import type { ProjectReactionRepository } from './project-reaction.repository.js';
import { presentAdminProject, presentAdminProjectList } from './project.admin.presenter.js';
import type { ProjectAdminQueries } from './project.admin.queries.js';
import type { ProjectQueries } from './project.queries.js';
import { sendDocument } from '../../web/send-document.js';

const agencyScope = { kind: 'agency' } as const;

/** /beheer/projecten: the agency searches every project and reads its sheet, history and ledger. */
export function projectAdminRoutes(deps: {
  projectQueries: ProjectQueries;
  projectAdminQueries: ProjectAdminQueries;
  walletQueries: Pick<WalletQueries, 'ledgerEntries'>;
  projectReactionRepository: Pick<ProjectReactionRepository, 'findHistoryDocument'>;
}): Router {
  const router = Router();
  const { projectQueries: queries, projectAdminQueries: adminQueries } = deps;

  router.get(paths.admin.projects(), async (req, res) => {
    principalOf(req, 'agency');
    const query = parseAdminProjectQuery(req.query);
    const result = await queries.page(agencyScope, query.criteria, query.page);
    const parties = await adminQueries.parties(result.rows.map((row) => row.id));
    const list = presentAdminProjectList(query, result, parties);
    res.set('Cache-Control', 'private, no-store');
    res.render('admin/projects/list', { title: list.title, errors: query.errors, list });
  });

  router.get(paths.admin.project(':projectNumber'), async (req, res) => {
    principalOf(req, 'agency');
    const detail = await queries.findDetail(agencyScope, String(req.params.projectNumber));
    if (!detail) throw new NotFoundError('Dit project bestaat niet.');
    const [facts, ledger] = await Promise.all([
      adminQueries.facts(detail.id),
      deps.walletQueries.ledgerEntries(detail.id),
    ]);
    const sheet = presentAdminProject(detail, facts, ledger);
    res.set('Cache-Control', 'private, no-store');
    res.render('admin/projects/detail', { title: sheet.project.title, sheet });
  });

  router.get(paths.admin.projectDocument(':projectNumber', ':documentId'), async (req, res) => {
    principalOf(req, 'agency');
    const documentId = Number(req.params.documentId);
    if (!Number.isSafeInteger(documentId) || documentId <= 0 || documentId > 2_147_483_647) {
      throw new NotFoundError();
    }
    const document = await deps.projectReactionRepository.findHistoryDocument(
      agencyScope,
      String(req.params.projectNumber),
      documentId,
    );
    if (!document) throw new NotFoundError('Dit document bestaat niet.');
    sendDocument(res, document);
  });

  return router;
}
