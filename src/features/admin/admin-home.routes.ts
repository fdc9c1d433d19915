import { Router } from 'express';
import type { RegistrationAdminQueries } from '../registrations/registration.admin.queries.js';
import type { OutboxAdminQueries } from '../outbox/outbox.admin.queries.js';
import { failedMailsText, mailListHref } from '../outbox/outbox.admin.presenter.js';
import { paths } from '../../paths.js';

/** The agency's start page: what needs action, each count a link to its queue. */
export function adminHomeRoutes(deps: {
  registrationAdminQueries: RegistrationAdminQueries;
  outboxAdminQueries: OutboxAdminQueries;
}): Router {
  const router = Router();
  router.get(paths.admin.home(), async (req, res) => {
    const [awaitingRegistrations, failedMails] = await Promise.all([
      deps.registrationAdminQueries.awaitingDecisionCount(),
      deps.outboxAdminQueries.failedCount(),
    ]);
    res.render('admin/home', {
      title: 'Beheer kmo-portefeuille',
      canSwitch: (req.session.samlPerson?.capacities.length ?? 0) > 1,
      awaitingRegistrations,
      failedMailsText: failedMailsText(failedMails),
      failedMailsHref: mailListHref('failed'),
    });
  });
  return router;
}
