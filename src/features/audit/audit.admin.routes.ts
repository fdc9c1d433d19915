import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { paths } from '../../paths.js';
import { auditListSearch, parseAuditListQuery } from './audit.admin.filters.js';
import {
  actionFilterItems,
  auditRowCountText,
  auditColumns,
  entityTypeFilterItems,
  presentAuditRows,
  presentChainResult,
} from './audit.admin.presenter.js';
import type { AuditAdminQueries } from './audit.admin.queries.js';

/** /beheer/audit: who did what to which object when; on request, the hash chain's check. */
export function auditAdminRoutes(deps: { auditAdminQueries: AuditAdminQueries }): Router {
  const router = Router();
  const { auditAdminQueries: queries } = deps;

  router.get(paths.admin.audit(), async (req, res) => {
    principalOf(req, 'agency');
    const choices = await queries.choices();
    const query = parseAuditListQuery(req.query, choices);
    const [result, chain] = await Promise.all([
      queries.list(query.filters, query.page),
      query.verifyChain ? queries.verifyChain() : undefined,
    ]);
    const filtered = Object.values(query.values).some((value) => value !== '');
    const hrefOf = (search: string) => `${paths.admin.audit()}${search}`;
    res.render('admin/audit/list', {
      title: 'Audit',
      errors: query.errors,
      filtered,
      countText: auditRowCountText(result.total),
      chain: chain ? presentChainResult(chain) : undefined,
      verifyHref: hrefOf(auditListSearch(query.values, { page: result.page, verifyChain: true })),
      form: {
        action: paths.admin.audit(),
        values: query.values,
        entityTypeItems: entityTypeFilterItems(choices),
        actionItems: actionFilterItems(choices),
      },
      table: {
        columns: auditColumns,
        rows: presentAuditRows(result.rows),
        emptyText: filtered
          ? 'Er zijn geen auditrijen die aan deze filters voldoen.'
          : 'Er zijn nog geen auditrijen.',
      },
      pagination: {
        page: result.page,
        pageCount: result.pageCount,
        hrefFor: (page: number) => hrefOf(auditListSearch(query.values, { page })),
      },
    });
  });

  return router;
}
