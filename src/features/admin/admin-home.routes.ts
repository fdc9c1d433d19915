import { Router } from 'express';
import type { RegistrationAdminQueries } from '../registrations/registration.admin.queries.js';
import type { OutboxAdminQueries } from '../outbox/outbox.admin.queries.js';
import { failedMailsText, mailListHref } from '../outbox/outbox.admin.presenter.js';
import { paths } from '../../paths.js';
import { registrationActionItems, type ActionItem } from './admin-home.presenter.js';

/** The agency's start page: what needs action, each count a link to its queue. */
export function adminHomeRoutes(deps: {
  registrationAdminQueries: RegistrationAdminQueries;
  outboxAdminQueries: OutboxAdminQueries;
}): Router {
  const router = Router();
  router.get(paths.admin.home(), async (req, res) => {
    const [registrationCounts, failedMails] = await Promise.all([
      deps.registrationAdminQueries.awaitingDecisionCounts(),
      deps.outboxAdminQueries.failedCount(),
    ]);
    const actionItems: ActionItem[] = [
      ...registrationActionItems(registrationCounts),
      { text: failedMailsText(failedMails), href: mailListHref('failed'), empty: failedMails === 0 },
    ];
    res.render('admin/home', {
      title: 'Beheer kmo-portefeuille',
      canSwitch: (req.session.samlPerson?.capacities.length ?? 0) > 1,
      actionItems,
    });
  });
  return router;
}
