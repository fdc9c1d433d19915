import { Router } from 'express';
import { formatEuro } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { paths } from '../../paths.js';
import { principalOf } from '../../auth/guards.js';
import type { LedgerVerification, UnbalancedProject } from './ledger-verification.js';
import { unbalancedText } from './ledger-verification.js';

export const unbalancedColumns = [
  { key: 'project', label: 'Project', rowHeader: true },
  { key: 'status', label: 'Status' },
  { key: 'balance', label: 'Saldo', numeric: true },
  { key: 'reasons', label: 'Wat niet klopt' },
] as const;

export function presentUnbalancedRows(projects: UnbalancedProject[]) {
  return projects.map((project) => ({
    cells: {
      project: project.projectNumber,
      status: projectStatusLabels[project.status],
      balance: formatEuro(project.balanceCents),
      reasons: project.reasons,
    },
    links: { project: paths.admin.project(project.projectNumber) },
  }));
}

/** The agency's list of the projects whose ledger does not balance (what `npm run ledger:verify` prints). */
export function ledgerAdminRoutes(deps: { ledgerVerification: Pick<LedgerVerification, 'verify'> }): Router {
  const router = Router();
  router.get(paths.admin.unbalancedProjects(), async (req, res) => {
    principalOf(req, 'agency');
    const result = await deps.ledgerVerification.verify();
    res.render('admin/ledger/unbalanced', {
      title: 'Projectrekeningen die niet kloppen',
      summary: `${result.checked} projecten gecontroleerd. ${unbalancedText(result.unbalanced.length)}.`,
      table: {
        columns: unbalancedColumns,
        rows: presentUnbalancedRows(result.unbalanced),
        emptyText: 'De rekening van elk project klopt met zijn status.',
      },
    });
  });
  return router;
}
