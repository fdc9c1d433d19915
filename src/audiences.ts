import { Router } from 'express';
import {
  requireAgency,
  requireEntrepreneur,
  requirePasswordChanged,
  requireProviderUser,
} from './auth/guards.js';
import type { Container } from './container.js';
import { adminHomeRoutes } from './features/admin/admin-home.routes.js';
import { changeLoginRoutes } from './features/auth/change-login.routes.js';
import { companyDataRoutes } from './features/company-data/company-data.provider.routes.js';
import { departmentRoutes } from './features/departments/department.provider.routes.js';
import { establishmentRoutes } from './features/establishments/establishment.provider.routes.js';
import { projectProviderRoutes } from './features/projects/project.provider.routes.js';
import { projectReactionRoutes } from './features/projects/project-reaction.provider.routes.js';
import { projectDetailRoutes } from './features/projects/project.routes.js';
import { providerMenuRoutes } from './features/provider-menu/provider-menu.routes.js';
import { registrationProviderRoutes } from './features/registrations/registration.provider.routes.js';
import { walletRoutes } from './features/wallet/wallet.routes.js';
import { paths } from './paths.js';

/**
 * One router per audience, each behind one gate. Every feature's routes for
 * that audience are listed here, so what a role can reach is read in one place.
 */
export function providerRouter(container: Container): Router {
  const router = Router();
  router.use(paths.provider.menu(), requireProviderUser, requirePasswordChanged);
  router.use(providerMenuRoutes());
  router.use(changeLoginRoutes(container));
  router.use(registrationProviderRoutes(container, container.services.registrations));
  router.use(establishmentRoutes(container));
  router.use(departmentRoutes(container));
  router.use(companyDataRoutes(container));
  // Before the detail routes, whose :projectNumber pattern would take the overview's paths.
  router.use(projectProviderRoutes(container));
  router.use(projectReactionRoutes(container, container.services.projectReactions));
  router.use(projectDetailRoutes(container, 'provider'));
  return router;
}

export function companyRouter(container: Container): Router {
  const router = Router();
  router.use(paths.company.wallet(), requireEntrepreneur);
  router.use(walletRoutes());
  router.use(projectDetailRoutes(container, 'company'));
  return router;
}

export function adminRouter(): Router {
  const router = Router();
  router.use(paths.admin.home(), requireAgency);
  router.use(adminHomeRoutes());
  return router;
}
