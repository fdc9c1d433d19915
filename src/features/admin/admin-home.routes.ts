import { Router } from 'express';
import type { RegistrationAdminQueries } from '../registrations/registration.admin.queries.js';
import type { StopRequestQueries } from '../stop-requests/stop-request.queries.js';
import type { OutboxAdminQueries } from '../outbox/outbox.admin.queries.js';
import { failedMailsText, mailListHref } from '../outbox/outbox.admin.presenter.js';
import type { ProjectReportQueries } from '../project-reports/project-report.queries.js';
import { openReportsText, reportListHref } from '../project-reports/project-report.admin.presenter.js';
import { paths } from '../../paths.js';
import type { LedgerVerification } from '../ledger/ledger-verification.js';
import { unbalancedText } from '../ledger/ledger.presenter.js';
import { stopRequestsActionItem } from '../stop-requests/stop-request.admin.presenter.js';
import { depositsActionItem } from '../deposits/deposit.admin.presenter.js';
import type { DepositQueries } from '../deposits/deposit.queries.js';
import { payoutsActionItem } from '../payouts/payout.admin.presenter.js';
import type { PayoutQueries } from '../payouts/payout.queries.js';
import { registrationActionItems, type ActionItem } from './admin-home.presenter.js';

/** The agency's start page: what needs action, each count a link to its queue. */
export function adminHomeRoutes(deps: {
  registrationAdminQueries: RegistrationAdminQueries;
  outboxAdminQueries: OutboxAdminQueries;
  projectReportQueries: Pick<ProjectReportQueries, 'openCount'>;
  stopRequestQueries: Pick<StopRequestQueries, 'awaitingDecisionCount'>;
  ledgerVerification: Pick<LedgerVerification, 'verify'>;
  depositQueries: Pick<DepositQueries, 'openExceptionCount'>;
  payoutQueries: Pick<PayoutQueries, 'pendingTotals'>;
}): Router {
  const router = Router();
  router.get(paths.admin.home(), async (req, res) => {
    const [
      registrationCounts,
      awaitingStops,
      failedMails,
      openReports,
      ledger,
      openDeposits,
      pendingPayouts,
    ] = await Promise.all([
      deps.registrationAdminQueries.awaitingDecisionCounts(),
      deps.stopRequestQueries.awaitingDecisionCount(),
      deps.outboxAdminQueries.failedCount(),
      deps.projectReportQueries.openCount(),
      deps.ledgerVerification.verify(),
      deps.depositQueries.openExceptionCount(),
      deps.payoutQueries.pendingTotals(),
    ]);
    const unbalanced = ledger.unbalanced.length;
    const actionItems: ActionItem[] = [
      ...registrationActionItems(registrationCounts),
      stopRequestsActionItem(awaitingStops),
      depositsActionItem(openDeposits),
      payoutsActionItem(pendingPayouts.count),
      { text: openReportsText(openReports), href: reportListHref('open'), empty: openReports === 0 },
      { text: failedMailsText(failedMails), href: mailListHref('failed'), empty: failedMails === 0 },
      { text: unbalancedText(unbalanced), href: paths.admin.unbalancedProjects(), empty: unbalanced === 0 },
    ];
    res.render('admin/home', {
      title: 'Beheer kmo-portefeuille',
      canSwitch: (req.session.samlPerson?.capacities.length ?? 0) > 1,
      actionItems,
    });
  });
  return router;
}
