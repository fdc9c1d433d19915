import { projectMailFacts } from '../../infra/mail/mail-templates.js';
import { daysBetween, type IsoDate } from '../../domain/dates.js';
import { composeMail, type ComposedMail } from '../../infra/mail/mail-composer.js';
import { paths } from '../../paths.js';
import type { Config } from '../../config.js';
import { serviceLabels, type Service } from '../../domain/subsidy-terms.js';
import { providerActionSlugs } from '../registrations/registration.presenter.js';

/**
 * The deadline mails — the reminders before each deadline and the notice that
 * a project lapsed — as pure functions of what the nightly run read. Their
 * wording is in views/mail/; here the facts become each template's data.
 */

export type { ComposedMail };

/** Who receives the deposits (configuration: PAYMENT_INSTITUTION_*). */
export type PaymentInstitution = Config['paymentInstitution'];

/** What the mails about a project name. */
export interface ProjectMailFacts {
  projectNumber: string;
  title: string;
  companyName: string;
  companyEnterpriseNumber: string;
  providerName: string;
  departmentName: string | null;
  depositDeadline: IsoDate;
  ownContributionCents: number;
  subsidyCents: number;
  /** 12 digits. */
  structuredCommunication: string;
  balanceCents: number;
}

export interface MailSettings {
  publicUrl: string;
  today: IsoDate;
}

/** To the company, 7 and 2 days before the deposit deadline: what to transfer, where, with which communication. */
export function depositReminderToCompany(
  project: ProjectMailFacts,
  institution: PaymentInstitution,
  settings: MailSettings,
): ComposedMail {
  return composeMail('deposit-reminder-to-company', {
    ...projectMailFacts(project),
    ownContributionCents: project.ownContributionCents,
    subsidyCents: project.subsidyCents,
    depositDeadline: project.depositDeadline,
    daysLeft: daysBetween(settings.today, project.depositDeadline),
    institution,
    structuredCommunication: project.structuredCommunication,
    depositInstructionsUrl: `${settings.publicUrl}${paths.company.depositInstructions(project.projectNumber)}`,
  });
}

/** To the provider, 7 days before the deposit deadline, so it can remind its client. */
export function depositReminderToProvider(project: ProjectMailFacts, settings: MailSettings): ComposedMail {
  return composeMail('deposit-reminder-to-provider', {
    ...projectMailFacts(project),
    ownContributionCents: project.ownContributionCents,
    subsidyCents: project.subsidyCents,
    depositDeadline: project.depositDeadline,
    daysLeft: daysBetween(settings.today, project.depositDeadline),
    projectUrl: `${settings.publicUrl}${paths.provider.project(project.projectNumber)}`,
  });
}

/** To the company, 60 and 14 days before the completion deadline: the balance still to pay out. */
export function paymentReminderToCompany(
  project: ProjectMailFacts,
  completionDeadline: IsoDate,
  settings: MailSettings,
): ComposedMail {
  return composeMail('payment-reminder-to-company', {
    ...projectMailFacts(project),
    balanceCents: project.balanceCents,
    completionDeadline,
    daysLeft: daysBetween(settings.today, completionDeadline),
    payProviderUrl: `${settings.publicUrl}${paths.company.payProvider(project.projectNumber)}`,
  });
}

/** To the provider, 14 days before the completion deadline: its invoice must reach the company in time. */
export function paymentReminderToProvider(
  project: ProjectMailFacts,
  completionDeadline: IsoDate,
  settings: MailSettings,
): ComposedMail {
  return composeMail('payment-reminder-to-provider', {
    ...projectMailFacts(project),
    balanceCents: project.balanceCents,
    completionDeadline,
    daysLeft: daysBetween(settings.today, completionDeadline),
    projectUrl: `${settings.publicUrl}${paths.provider.project(project.projectNumber)}`,
  });
}

/** To the company, when its project lapsed for want of the own contribution. */
export function lapseNoticeToCompany(project: ProjectMailFacts, settings: MailSettings): ComposedMail {
  return composeMail('lapse-notice-to-company', {
    ...projectMailFacts(project),
    ownContributionCents: project.ownContributionCents,
    subsidyCents: project.subsidyCents,
    depositDeadline: project.depositDeadline,
    projectUrl: `${settings.publicUrl}${paths.company.project(project.projectNumber)}`,
  });
}

/** To the provider, when its client's project lapsed. */
export function lapseNoticeToProvider(project: ProjectMailFacts, settings: MailSettings): ComposedMail {
  return composeMail('lapse-notice-to-provider', {
    ...projectMailFacts(project),
    depositDeadline: project.depositDeadline,
    projectUrl: `${settings.publicUrl}${paths.provider.project(project.projectNumber)}`,
  });
}

/** What the reminder about an unfinished application names. */
export interface ApplicationDraftMailFacts {
  firstName: string;
  companyName: string;
  /** The project title typed so far, if any. */
  title: string;
  startDate: IsoDate;
  lastApplicationDate: IsoDate;
}

/** To the person filling in the wizard, 3 days and 1 day before the last application day. */
export function applicationReminderToPerson(
  draft: ApplicationDraftMailFacts,
  settings: MailSettings,
): ComposedMail {
  return composeMail('application-reminder', {
    ...draft,
    applicationDays: daysBetween(draft.startDate, draft.lastApplicationDate),
    daysLeft: daysBetween(settings.today, draft.lastApplicationDate),
    applicationUrl: `${settings.publicUrl}${paths.company.application()}`,
  });
}

/** The provider's page that asks the renewal (G → G/V), after a confirmation. */
const renewalSlug = providerActionSlugs.request_renewal ?? 'verlengen';

/** What the renewal reminder names of a registration. */
export interface RegistrationMailFacts {
  id: number;
  service: Service;
  number: string;
  validUntil: IsoDate;
  providerName: string;
  departmentName: string | null;
}

/** To the provider (head office, and the department if any), 3 months and 1 month before the expiry date. */
export function renewalReminderToProvider(
  registration: RegistrationMailFacts,
  settings: MailSettings,
): ComposedMail {
  return composeMail('registration-renewal-reminder', {
    recipientName: registration.departmentName ?? registration.providerName,
    serviceLabel: serviceLabels[registration.service],
    registrationNumber: registration.number,
    validUntil: registration.validUntil,
    daysLeft: daysBetween(settings.today, registration.validUntil),
    renewalUrl: `${settings.publicUrl}${paths.provider.registrationAction(registration.id, renewalSlug)}`,
  });
}
