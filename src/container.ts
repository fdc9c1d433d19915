import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { LoginThrottle } from './auth/login-throttle.js';
import { createSamlStrategy, type SamlSettings } from './auth/saml.js';
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
import { DepartmentRepository } from './features/departments/department.repository.js';
import { DepartmentService } from './features/departments/department.service.js';
import { EstablishmentRepository } from './features/establishments/establishment.repository.js';
import { EstablishmentService } from './features/establishments/establishment.service.js';
import { ProjectReactionRepository } from './features/projects/project-reaction.repository.js';
import { ProjectReactionService } from './features/projects/project-reaction.service.js';
import { ProviderSignupService } from './features/provider-signup/provider-signup.service.js';
import { ProviderRepository } from './features/provider-signup/provider.repository.js';
import type { DevMailCatcher } from './dev/mail-catcher.js';
import { RegistrationRepository } from './features/registrations/registration.repository.js';
import { RegistrationService } from './features/registrations/registration.service.js';
import { MailDispatcher } from './infra/mail/dispatcher.js';
import type { Logger } from './logger.js';
import { WalletRepository } from './features/wallet/wallet.repository.js';
import { WalletService } from './features/wallet/wallet.service.js';

/**
 * The composition root: the database handle, then repositories, then the
 * services built on them. Tests build the same with their own database.
 */
export function createContainer(options: {
  config: Config;
  logger: Logger;
  db: Knex;
  databaseUrl: string;
  saml: SamlSettings;
  mailTransport: Transporter;
  devMailbox?: DevMailCatcher;
}) {
  const { config, logger, db, databaseUrl } = options;

  // connect-pg-simple wants a pg.Pool of its own. Every request reads its session through it, so it
  // is as large as the app's pool: with fewer, concurrent requests queue for their session (the
  // benchmark's default view: p95 61.9–70.9 ms with 10 against 65.0–85.1 ms with 4, four pairs).
  const sessionPool = new pg.Pool({ connectionString: databaseUrl, max: config.database.poolMax });
  sessionPool.on('error', (error) => logger.warn({ err: error }, 'session pool error'));

  const mail = new MailDispatcher(db, options.mailTransport, { from: config.mail.from, logger });

  const repositories = {
    providerAccounts: new ProviderAccountRepository(db),
    providers: new ProviderRepository(db),
    persons: new PersonRepository(),
    establishments: new EstablishmentRepository(db),
    departments: new DepartmentRepository(db),
    providerOrganisation: new ProviderOrganisationRepository(db),
  };

  const services = {
    providerLogin: new ProviderLoginService(db, repositories.providerAccounts, new LoginThrottle(db), {
      publicUrl: config.publicUrl,
      onMailQueued: () => mail.kick(),
    }),
    forgottenLoginThrottle: new LoginThrottle(db, 'forgotten'),
    samlSignIn: new SamlSignInService(db, repositories.persons),
    registrations: new RegistrationService(db, new RegistrationRepository(db), {
      onMailQueued: () => mail.kick(),
    }),
    providerSignup: new ProviderSignupService(db, repositories.providers, {
      publicUrl: config.publicUrl,
      onMailQueued: () => mail.kick(),
    }),
    establishments: new EstablishmentService(db, repositories.establishments),
    departments: new DepartmentService(db, repositories.departments),
    providerOrganisation: new ProviderOrganisationService(db, repositories.providerOrganisation),
    companyOnboarding: new CompanyOnboardingService(db, new CompanyOnboardingRepository(db)),
    projectReactions: new ProjectReactionService(db, new ProjectReactionRepository(db), {
      publicUrl: config.publicUrl,
      agencyAddress: config.mail.agencyAddress,
      onMailQueued: () => mail.kick(),
    }),
    wallet: new WalletService(db, new WalletRepository(db), {
      publicUrl: config.publicUrl,
      paymentInstitutionName: config.paymentInstitution.name,
      onMailQueued: () => mail.kick(),
    }),
    // The nightly run: projects past their deposit deadline lapse; reminders before every deadline.
    deadlines: new DeadlineService(db, new DeadlineRepository(db), {
      publicUrl: config.publicUrl,
      paymentInstitution: config.paymentInstitution,
      logger,
      onMailQueued: () => mail.kick(),
    }),
  };

  return {
    config,
    logger,
    db,
    sessionPool,
    mail,
    devMailbox: options.devMailbox,
    saml: { settings: options.saml, strategy: createSamlStrategy(options.saml, db) },
    repositories,
    services,
  };
}

export type Container = ReturnType<typeof createContainer>;

export async function disposeContainer(container: Container): Promise<void> {
  await container.mail.idle();
  container.mail.close();
  await container.sessionPool.end();
}
