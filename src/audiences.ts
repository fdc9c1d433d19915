import { Router } from 'express';
import {
  requireAgency,
  requireEntrepreneur,
  requirePasswordChanged,
  requireProviderUser,
} from './auth/guards.js';
import type { Container } from './container.js';
import { adminHomeRoutes } from './features/admin/admin-home.routes.js';
import { applicationRoutes } from './features/applications/application.routes.js';
import { depositInstructionsRoutes } from './features/applications/deposit-instructions.routes.js';
import { changeLoginRoutes } from './auth/change-login.routes.js';
import { providerOrganisationRoutes } from './features/provider-organisation/provider-organisation.provider.routes.js';
import { companyOnboardingRoutes } from './features/company-onboarding/company-onboarding.company.routes.js';
import { requireCompanyReady } from './features/company-onboarding/company-readiness.js';
import { departmentRoutes } from './features/departments/department.provider.routes.js';
import { establishmentRoutes } from './features/establishments/establishment.provider.routes.js';
import { projectProviderRoutes } from './features/projects/project.provider.routes.js';
import { projectReactionRoutes } from './features/projects/project-reaction.provider.routes.js';
import { projectDetailRoutes } from './features/projects/project.routes.js';
import { providerMenuRoutes } from './features/provider-menu/provider-menu.routes.js';
import { registrationProviderRoutes } from './features/registrations/registration.provider.routes.js';
import { walletRoutes } from './features/wallet/wallet.company.routes.js';
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
  router.use(providerOrganisationRoutes(container));
  // Before the detail routes, whose :projectNumber pattern would take the overview's paths.
  router.use(projectProviderRoutes(container));
  router.use(projectReactionRoutes(container, container.services.projectReactions));
  router.use(projectDetailRoutes(container));
  return router;
}

export function companyRouter(container: Container): Router {
  const router = Router();
  router.use(paths.company.wallet(), requireEntrepreneur);
  // Before any application route: a company applies only after confirming its size and completing its data.
  router.use(paths.company.application(), requireCompanyReady(container));
  router.use(companyOnboardingRoutes(container));
  router.use(applicationRoutes(container));
  // The wallet: overview, project detail, project sheet, cancelling, paying the provider.
  router.use(walletRoutes(container, container.services.wallet));
  router.use(depositInstructionsRoutes(container));
  return router;
}

export function adminRouter(): Router {
  const router = Router();
  router.use(paths.admin.home(), requireAgency);
  router.use(adminHomeRoutes());
  return router;
}
