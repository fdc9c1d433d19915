import { Router } from 'express';
import type { RegistrationAdminQueries } from '../registrations/registration.admin.queries.js';
import { paths } from '../../paths.js';

/** The agency's start page: what needs action, each count a link to its queue. */
export function adminHomeRoutes(deps: { registrationAdminQueries: RegistrationAdminQueries }): Router {
  const router = Router();
  router.get(paths.admin.home(), async (req, res) => {
    res.render('admin/home', {
      title: 'Beheer kmo-portefeuille',
      canSwitch: (req.session.samlPerson?.capacities.length ?? 0) > 1,
      awaitingRegistrations: await deps.registrationAdminQueries.awaitingDecisionCount(),
    });
  });
  return router;
}
