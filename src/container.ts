import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { LoginThrottle } from './auth/login-throttle.js';
import { SamlService, type SamlSettings } from './auth/saml.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { PersonRepository } from './auth/person.repository.js';
import { ProviderAccountRepository } from './auth/provider-account.repository.js';
import { ProviderLoginService } from './auth/provider-login.service.js';
import { SamlSignInService } from './auth/saml-sign-in.service.js';
import { ProviderOrganisationRepository } from './features/provider-organisation/provider-organisation.repository.js';
import { ProviderOrganisationService } from './features/provider-organisation/provider-organisation.service.js';
import { CompanyOnboardingRepository } from './features/company-onboarding/company-onboarding.repository.js';
import { CompanyOnboardingService } from './features/company-onboarding/company-onboarding.service.js';
import { DeadlineRepository } from './features/deadlines/deadline.repository.js';
import { DeadlineService } from './features/deadlines/deadline.service.js';
import { LedgerVerification } from './features/ledger/ledger-verification.js';
import { SettlementRepository } from './features/settlement/settlement.repository.js';
import { SettlementService } from './features/settlement/settlement.service.js';
import { DepartmentRepository } from './features/departments/department.repository.js';
import { DepartmentService } from './features/departments/department.service.js';
import { EstablishmentRepository } from './features/establishments/establishment.repository.js';
import { EstablishmentService } from './features/establishments/establishment.service.js';
import { ApplicationRepository } from './features/applications/application.repository.js';
import { ApplicationService } from './features/applications/application.service.js';
import { DepositInstructionsQueries } from './features/applications/deposit-instructions.queries.js';
import { ProjectReactionRepository } from './features/projects/project-reaction.repository.js';
import { ProjectReactionService } from './features/projects/project-reaction.service.js';
import { ProjectQueries } from './features/projects/project.queries.js';
import { ProjectAdminQueries } from './features/projects/project.admin.queries.js';
import { ProviderOrganisationAdminQueries } from './features/provider-organisation/provider-organisation.admin.queries.js';
import { CompanyAdminQueries } from './features/companies/company.admin.queries.js';
import { ProjectRepository } from './features/projects/project.repository.js';
import { ProjectVerificationService } from './features/projects/project-verification.service.js';
import { ProviderSearchQueries } from './features/public/provider-search.queries.js';
import { ProviderSignupService } from './features/provider-signup/provider-signup.service.js';
import { ProviderRepository } from './features/provider-signup/provider.repository.js';
import type { DevMailCatcher } from './dev/mail-catcher.js';
import { AuditAdminQueries } from './features/audit/audit.admin.queries.js';
import { OutboxAdminQueries } from './features/outbox/outbox.admin.queries.js';
import { OutboxRepository } from './features/outbox/outbox.repository.js';
import { OutboxService } from './features/outbox/outbox.service.js';
import { StopRequestQueries } from './features/stop-requests/stop-request.queries.js';
import { PayoutQueries } from './features/payouts/payout.queries.js';
import { PayoutBatchService } from './features/payouts/payout-batch.service.js';
import { StopRequestRepository } from './features/stop-requests/stop-request.repository.js';
import { DepositExceptionService } from './features/deposits/deposit-exception.service.js';
import { DepositImportService } from './features/deposits/deposit-import.service.js';
import { DepositImportQueue } from './jobs/jobs.js';
import { DepositQueries } from './features/deposits/deposit.queries.js';
import { DepositRepository } from './features/deposits/deposit.repository.js';
import { StopRequestService } from './features/stop-requests/stop-request.service.js';
import { RegistrationAdminQueries } from './features/registrations/registration.admin.queries.js';
import { ProjectReportQueries } from './features/project-reports/project-report.queries.js';
import { ProjectReportRepository } from './features/project-reports/project-report.repository.js';
import { ProjectReportService } from './features/project-reports/project-report.service.js';
import { RegistrationRepository } from './features/registrations/registration.repository.js';
import { RegistrationFileService } from './features/registrations/registration-file.service.js';
import { RegistrationService } from './features/registrations/registration.service.js';
import { RuleParameterAdminQueries } from './features/rules/rule-parameter.admin.queries.js';
import { RuleParameterRepository } from './features/rules/rule-parameter.repository.js';
import { RuleParameterService } from './features/rules/rule-parameter.service.js';
import { createKnex, pgClientSettings } from './db/knex.js';
import { MailDispatcher } from './infra/mail/dispatcher.js';
import type { Logger } from './logger.js';
import { WalletQueries } from './features/wallet/wallet.queries.js';
import { WalletRepository } from './features/wallet/wallet.repository.js';
import { WalletService } from './features/wallet/wallet.service.js';
import { DraftRepository } from './wizard/draft.repository.js';
import { ApiTokenRepository } from './features/api-tokens/api-token.repository.js';
import { ApiTokenService } from './features/api-tokens/api-token.service.js';

/**
 * The composition root: the clock and the database handle, then repositories
 * and query objects, then the services built on them — each built once, here.
 * Routers get the few they use (src/audiences.ts, src/app.ts). Tests build the
 * same with their own database and a fixed clock.
 */
export function createContainer(options: {
  config: Config;
  logger: Logger;
  db: Knex;
  databaseUrl: string;
  saml: SamlSettings;
  /** A transport to the SMTP server, for one send run (its connection closes with it). */
  openMailTransport: () => Transporter;
  devMailbox?: DevMailCatcher;
  /** "Now" and "today" of every business rule; the machine's clock unless a test sets one. */
  clock?: Clock;
}) {
  const { config, logger, db, databaseUrl } = options;
  const clock = options.clock ?? systemClock;

  // connect-pg-simple wants a pg.Pool of its own. Every request reads its session through it, so it
  // is as large as the app's pool: with fewer, concurrent requests queue for their session (the
  // benchmark's default view: p95 61.9–70.9 ms with 10 against 65.0–85.1 ms with 4, four pairs).
  // With the database's timeouts: a session read during an outage fails fast (503) rather than hangs.
  const sessionPool = new pg.Pool({
    ...pgClientSettings(databaseUrl, config.database.timeouts, 'kmo-portefeuille-sessions'),
    max: config.database.poolMax,
  });
  // An idle client whose server went away emits 'error' on the pool; unheard, it would end the process.
  sessionPool.on('error', (error) => logger.warn({ err: error }, 'session pool error'));

  // DATABASE_READ_URL: the projects overview, its export and the public search read from the
  // replica; everything else (and every write) from the primary.
  const readDb = config.database.readUrl
    ? createKnex(
        config.database.readUrl,
        config.database.poolMax,
        config.database.timeouts,
        'kmo-portefeuille-read',
      )
    : db;

  const mail = new MailDispatcher(db, options.openMailTransport, { from: config.mail.from, logger });

  const repositories = {
    providerAccounts: new ProviderAccountRepository(db),
    providers: new ProviderRepository(db),
    persons: new PersonRepository(),
    establishments: new EstablishmentRepository(db),
    departments: new DepartmentRepository(db),
    providerOrganisation: new ProviderOrganisationRepository(db),
    registrations: new RegistrationRepository(db),
    companyOnboarding: new CompanyOnboardingRepository(db),
    applications: new ApplicationRepository(db),
    projects: new ProjectRepository(),
    projectReactions: new ProjectReactionRepository(db),
    wallet: new WalletRepository(db),
    deadlines: new DeadlineRepository(db),
    drafts: new DraftRepository(db),
    outbox: new OutboxRepository(),
    projectReports: new ProjectReportRepository(),
    ruleParameters: new RuleParameterRepository(),
    stopRequests: new StopRequestRepository(),
    settlement: new SettlementRepository(db),
    deposits: new DepositRepository(),
    apiTokens: new ApiTokenRepository(db),
  };

  const queries = {
    projects: new ProjectQueries(db, clock, { listDb: readDb }),
    wallet: new WalletQueries(db),
    providerSearch: new ProviderSearchQueries(readDb),
    depositInstructions: new DepositInstructionsQueries(db),
    registrationAdmin: new RegistrationAdminQueries(db),
    outboxAdmin: new OutboxAdminQueries(db),
    auditAdmin: new AuditAdminQueries(db),
    projectReports: new ProjectReportQueries(db),
    projectAdmin: new ProjectAdminQueries(db),
    providerOrganisationAdmin: new ProviderOrganisationAdminQueries(db),
    companyAdmin: new CompanyAdminQueries(db),
    ruleParameterAdmin: new RuleParameterAdminQueries(db),
    stopRequests: new StopRequestQueries(db),
    ledgerVerification: new LedgerVerification(db),
    payouts: new PayoutQueries(db),
    deposits: new DepositQueries(db),
  };

  const depositImportQueue = new DepositImportQueue();
  const depositBooking = {
    deposits: repositories.deposits,
    projects: repositories.projectReactions,
    publicUrl: config.publicUrl,
    onMailQueued: () => mail.kick(),
  };

  const services = {
    // The providers' API: personal access tokens (created and revoked by the head office), Bearer auth.
    apiTokens: new ApiTokenService(db, repositories.apiTokens, clock),
    outbox: new OutboxService(db, repositories.outbox, { onMailQueued: () => mail.kick() }),
    ruleParameters: new RuleParameterService(db, repositories.ruleParameters, clock),
    providerLogin: new ProviderLoginService(db, repositories.providerAccounts, new LoginThrottle(db), {
      publicUrl: config.publicUrl,
      onMailQueued: () => mail.kick(),
      clock,
    }),
    forgottenLoginThrottle: new LoginThrottle(db, 'forgotten'),
    signupThrottle: new LoginThrottle(db, 'signup'),
    samlSignIn: new SamlSignInService(db, repositories.persons),
    registrations: new RegistrationService(db, repositories.registrations, {
      onMailQueued: () => mail.kick(),
      clock,
      publicUrl: config.publicUrl,
    }),
    registrationFile: new RegistrationFileService(db, repositories.registrations, clock),
    providerSignup: new ProviderSignupService(db, repositories.providers, {
      publicUrl: config.publicUrl,
      onMailQueued: () => mail.kick(),
    }),
    establishments: new EstablishmentService(db, repositories.establishments),
    departments: new DepartmentService(db, repositories.departments, clock, { publicUrl: config.publicUrl }),
    providerOrganisation: new ProviderOrganisationService(db, repositories.providerOrganisation),
    companyOnboarding: new CompanyOnboardingService(db, repositories.companyOnboarding, clock),
    applications: new ApplicationService(db, repositories.applications, repositories.projects, {
      publicUrl: config.publicUrl,
      paymentInstitution: config.paymentInstitution,
      clock,
    }),
    projectVerification: new ProjectVerificationService(db, repositories.projects),
    projectReactions: new ProjectReactionService(db, repositories.projectReactions, {
      publicUrl: config.publicUrl,
      agencyAddress: config.mail.agencyAddress,
      onMailQueued: () => mail.kick(),
    }),
    projectReports: new ProjectReportService(db, repositories.projectReports, {
      publicUrl: config.publicUrl,
      onMailQueued: () => mail.kick(),
    }),
    // The agency's decision on a stop request: Stopgezet with its refund, or back to Lopend.
    stopRequests: new StopRequestService(db, repositories.stopRequests, repositories.projectReactions, {
      publicUrl: config.publicUrl,
      clock,
      onMailQueued: () => mail.kick(),
    }),
    // Bank statements in: deposits booked, the rest among the exceptions; staff decide on those.
    // The upload stores the file; a pg-boss job (src/jobs/jobs.ts) books it in chunks.
    depositImport: new DepositImportService(db, {
      ...depositBooking,
      accountIban: config.paymentInstitution.iban,
      enqueue: (importId) => depositImportQueue.send(importId),
      logger,
    }),
    depositExceptions: new DepositExceptionService(db, depositBooking),
    // Payout batches of the instructions waiting, the SEPA file, executed once.
    payoutBatches: new PayoutBatchService(db, clock),
    wallet: new WalletService(db, repositories.wallet, {
      publicUrl: config.publicUrl,
      paymentInstitutionName: config.paymentInstitution.name,
      onMailQueued: () => mail.kick(),
      clock,
    }),
    // The nightly run: projects past their deposit deadline lapse; reminders before every deadline.
    deadlines: new DeadlineService(db, repositories.deadlines, {
      publicUrl: config.publicUrl,
      paymentInstitution: config.paymentInstitution,
      logger,
      onMailQueued: () => mail.kick(),
    }),
    // The nightly run: Lopend projects past their payment period are settled and become Afgewerkt.
    settlement: new SettlementService(db, repositories.settlement, repositories.projectReactions, {
      publicUrl: config.publicUrl,
      logger,
      onMailQueued: () => mail.kick(),
    }),
  };

  return {
    config,
    logger,
    clock,
    db,
    readDb,
    sessionPool,
    mail,
    depositImportQueue,
    devMailbox: options.devMailbox,
    saml: { settings: options.saml, service: new SamlService(options.saml, db) },
    repositories,
    queries,
    services,
  };
}

export type Container = ReturnType<typeof createContainer>;

export async function disposeContainer(container: Container): Promise<void> {
  await container.mail.stop();
  await container.sessionPool.end();
  if (container.readDb !== container.db) await container.readDb.destroy();
}
