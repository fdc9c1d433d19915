import { Router } from 'express';
import {
  requireAgency,
  requireEntrepreneur,
  requirePasswordChanged,
  requireProviderUser,
} from './auth/guards.js';
import { authRoutes } from './auth/auth.routes.js';
import type { Container } from './container.js';
import { adminHomeRoutes } from './features/admin/admin-home.routes.js';
import { ledgerAdminRoutes } from './features/ledger/ledger.admin.routes.js';
import { applicationRoutes } from './features/applications/application.routes.js';
import { depositInstructionsRoutes } from './features/applications/deposit-instructions.routes.js';
import { changeLoginRoutes } from './auth/change-login.routes.js';
import { providerOrganisationRoutes } from './features/provider-organisation/provider-organisation.provider.routes.js';
import { companyOnboardingRoutes } from './features/company-onboarding/company-onboarding.company.routes.js';
import { requireCompanyReady } from './features/company-onboarding/company-readiness.js';
import { departmentRoutes } from './features/departments/department.provider.routes.js';
import { departmentInvitationRoutes } from './features/departments/department-invitation.routes.js';
import { establishmentRoutes } from './features/establishments/establishment.provider.routes.js';
import { projectProviderRoutes } from './features/projects/project.provider.routes.js';
import { projectReactionRoutes } from './features/projects/project-reaction.provider.routes.js';
import { projectDetailRoutes } from './features/projects/project.routes.js';
import { projectAdminRoutes } from './features/projects/project.admin.routes.js';
import { providerAdminRoutes } from './features/provider-organisation/provider-organisation.admin.routes.js';
import { companyAdminRoutes } from './features/companies/company.admin.routes.js';
import { providerMenuRoutes } from './features/provider-menu/provider-menu.routes.js';
import { providerSignupRoutes } from './features/provider-signup/provider-signup.routes.js';
import { providerSearchRoutes } from './features/public/provider-search.routes.js';
import { publicRoutes } from './features/public/public.routes.js';
import { legalRoutes } from './features/public/legal.routes.js';
import { registrationFileAdminRoutes } from './features/registrations/registration-file.admin.routes.js';
import { registrationFileProviderRoutes } from './features/registrations/registration-file.provider.routes.js';
import { registrationAdminRoutes } from './features/registrations/registration.admin.routes.js';
import { registrationProviderRoutes } from './features/registrations/registration.provider.routes.js';
import { walletRoutes } from './features/wallet/wallet.company.routes.js';
import { stopRequestAdminRoutes } from './features/stop-requests/stop-request.admin.routes.js';
import { depositAdminRoutes } from './features/deposits/deposit.admin.routes.js';
import { payoutAdminRoutes } from './features/payouts/payout.admin.routes.js';
import { outboxAdminRoutes } from './features/outbox/outbox.admin.routes.js';
import { auditAdminRoutes } from './features/audit/audit.admin.routes.js';
import { projectReportAdminRoutes } from './features/project-reports/project-report.admin.routes.js';
import { ruleParameterAdminRoutes } from './features/rules/rule-parameter.admin.routes.js';
import { apiTokenRoutes } from './features/api-tokens/api-token.provider.routes.js';
import { paths } from './paths.js';

/*
 * One router per audience, each behind one gate. Every feature's routes for
 * that audience are listed here, so what a role can reach is read in one place.
 * Here the container's parts are handed out: each router gets only what it uses.
 */

/** What anyone reaches without signing in: home, provider search, sign-in and sign-out, provider sign-up. */
export function publicRouter(container: Container): Router {
  const { clock, services, queries } = container;
  const router = Router();
  router.use(publicRoutes());
  router.use(legalRoutes({ paymentInstitution: container.config.paymentInstitution }));
  router.use(providerSearchRoutes({ clock, providerSearchQueries: queries.providerSearch }));
  router.use(
    authRoutes({
      providerLogin: services.providerLogin,
      samlSignIn: services.samlSignIn,
      forgottenLoginThrottle: services.forgottenLoginThrottle,
      saml: container.saml,
    }),
  );
  router.use(
    providerSignupRoutes({
      providerSignup: services.providerSignup,
      signupThrottle: services.signupThrottle,
    }),
  );
  return router;
}

export function providerRouter(container: Container): Router {
  const { clock, services, repositories, queries } = container;
  const router = Router();
  // Before the gate: the invitee may not be signed in for the provider yet (it signs in through SAML).
  router.use(departmentInvitationRoutes({ departments: services.departments }));
  router.use(paths.provider.menu(), requireProviderUser, requirePasswordChanged);
  router.use(providerMenuRoutes());
  router.use(changeLoginRoutes({ providerLogin: services.providerLogin }));
  // Before the registration routes, whose /:action pattern would take the file's paths.
  router.use(
    registrationFileProviderRoutes({
      clock,
      registrationFile: services.registrationFile,
      registrationRepository: repositories.registrations,
    }),
  );
  router.use(
    registrationProviderRoutes({
      clock,
      registrations: services.registrations,
      registrationRepository: repositories.registrations,
      drafts: repositories.drafts,
    }),
  );
  router.use(establishmentRoutes({ establishments: services.establishments }));
  router.use(departmentRoutes({ departments: services.departments }));
  router.use(providerOrganisationRoutes({ providerOrganisation: services.providerOrganisation }));
  router.use(apiTokenRoutes({ apiTokens: services.apiTokens, today: () => clock.today() }));
  // Before the detail routes, whose :projectNumber pattern would take the overview's paths.
  router.use(
    projectProviderRoutes({
      projectQueries: queries.projects,
      projectVerification: services.projectVerification,
    }),
  );
  router.use(
    projectReactionRoutes({
      projectQueries: queries.projects,
      projectReactionRepository: repositories.projectReactions,
      projectReactions: services.projectReactions,
    }),
  );
  router.use(
    projectDetailRoutes({
      projectQueries: queries.projects,
      projectReactionRepository: repositories.projectReactions,
      projectReportQueries: queries.projectReports,
    }),
  );
  return router;
}

export function companyRouter(container: Container): Router {
  const { clock, services, repositories, queries } = container;
  const router = Router();
  router.use(paths.company.wallet(), requireEntrepreneur);
  // Before any application route: a company applies only after confirming its size and completing its data.
  router.use(
    paths.company.application(),
    requireCompanyReady({ companyOnboarding: services.companyOnboarding }),
  );
  router.use(companyOnboardingRoutes({ companyOnboarding: services.companyOnboarding }));
  router.use(
    applicationRoutes({
      applications: services.applications,
      drafts: repositories.drafts,
      kickMail: () => container.mail.kick(),
    }),
  );
  // The wallet: overview, project detail, project sheet, cancelling, paying the provider.
  router.use(
    walletRoutes({
      clock,
      wallet: services.wallet,
      walletQueries: queries.wallet,
      walletRepository: repositories.wallet,
      projectQueries: queries.projects,
      companyOnboarding: services.companyOnboarding,
    }),
  );
  router.use(
    depositInstructionsRoutes({
      clock,
      depositInstructionsQueries: queries.depositInstructions,
      paymentInstitution: container.config.paymentInstitution,
    }),
  );
  return router;
}

export function adminRouter(container: Container): Router {
  const { clock, services, repositories, queries } = container;
  const router = Router();
  router.use(paths.admin.home(), requireAgency);
  router.use(
    adminHomeRoutes({
      registrationAdminQueries: queries.registrationAdmin,
      outboxAdminQueries: queries.outboxAdmin,
      projectReportQueries: queries.projectReports,
      stopRequestQueries: queries.stopRequests,
      ledgerVerification: queries.ledgerVerification,
      depositQueries: queries.deposits,
      payoutQueries: queries.payouts,
    }),
  );
  // Before the project routes, whose /:projectNumber pattern would take its path.
  router.use(ledgerAdminRoutes({ ledgerVerification: queries.ledgerVerification }));
  // Before the registration routes, whose /:decision pattern would take the file's paths.
  router.use(
    registrationFileAdminRoutes({
      clock,
      registrationFile: services.registrationFile,
      registrationRepository: repositories.registrations,
    }),
  );
  router.use(
    registrationAdminRoutes({
      clock,
      registrations: services.registrations,
      registrationRepository: repositories.registrations,
      registrationAdminQueries: queries.registrationAdmin,
      providerOrganisations: repositories.providerOrganisation,
    }),
  );
  router.use(
    projectReportAdminRoutes({
      projectReportQueries: queries.projectReports,
      projectReports: services.projectReports,
    }),
  );
  router.use(
    projectAdminRoutes({
      projectQueries: queries.projects,
      projectAdminQueries: queries.projectAdmin,
      walletQueries: queries.wallet,
      projectReactionRepository: repositories.projectReactions,
    }),
  );
  router.use(
    providerAdminRoutes({
      providerOrganisationAdminQueries: queries.providerOrganisationAdmin,
      providerOrganisations: repositories.providerOrganisation,
      registrationRepository: repositories.registrations,
      establishments: repositories.establishments,
      departments: repositories.departments,
    }),
  );
  router.use(
    companyAdminRoutes({
      companyAdminQueries: queries.companyAdmin,
      companies: repositories.companyOnboarding,
      projectQueries: queries.projects,
      projectAdminQueries: queries.projectAdmin,
    }),
  );
  router.use(
    stopRequestAdminRoutes({
      clock,
      stopRequests: services.stopRequests,
      stopRequestQueries: queries.stopRequests,
      projectQueries: queries.projects,
      projectReactionRepository: repositories.projectReactions,
      walletQueries: queries.wallet,
    }),
  );
  router.use(
    depositAdminRoutes({
      depositImport: services.depositImport,
      depositExceptions: services.depositExceptions,
      depositQueries: queries.deposits,
    }),
  );
  router.use(
    payoutAdminRoutes({
      clock,
      payoutQueries: queries.payouts,
      payoutBatches: services.payoutBatches,
      paymentInstitution: container.config.paymentInstitution,
    }),
  );
  router.use(
    outboxAdminRoutes({
      outboxAdminQueries: queries.outboxAdmin,
      outbox: services.outbox,
    }),
  );
  router.use(auditAdminRoutes({ auditAdminQueries: queries.auditAdmin }));
  router.use(
    ruleParameterAdminRoutes({
      clock,
      ruleParameterAdminQueries: queries.ruleParameterAdmin,
      ruleParameters: services.ruleParameters,
    }),
  );
  return router;
}
