import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { paths } from '../../paths.js';
import type { LedgerVerification } from './ledger-verification.js';
import { presentLedgerCheck } from './ledger.presenter.js';

/** The agency's list of the projects whose ledger does not balance (what `npm run ledger:verify` prints). */
export function ledgerAdminRoutes(deps: { ledgerVerification: Pick<LedgerVerification, 'verify'> }): Router {
  const router = Router();
  router.get(paths.admin.unbalancedProjects(), async (req, res) => {
    principalOf(req, 'agency');
    const result = await deps.ledgerVerification.verify();
    res.render('admin/ledger/unbalanced', {
      title: 'Projectrekeningen die niet kloppen',
      ...presentLedgerCheck(result),
    });
  });
  return router;
}
