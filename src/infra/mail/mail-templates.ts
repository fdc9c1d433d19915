import type { IsoDate } from '../../domain/dates.js';
import { providerLabel } from '../../domain/provider-label.js';
import type { RegistrationAction, RegistrationStatus } from '../../domain/registration-status.js';

/**
 * Every mail the portal sends, by template name, with the data its templates
 * read. The wording lives in views/mail/<name>.{subject,text,html}.ejs; a
 * service passes these facts and never a sentence. Amounts are cents, dates
 * ISO dates and identifiers as stored: the templates format them.
 */

/** A project as the mails to the agency and the provider name it. */
interface ProjectFacts {
  projectNumber: string;
  title: string;
  companyName: string;
  /** 10 digits. */
  companyEnterpriseNumber: string;
}

/** What every mail about a project names: the project, the company and the provider (one label). */
export function projectMailFacts(
  project: ProjectFacts & { providerName: string; departmentName: string | null },
) {
  return {
    projectNumber: project.projectNumber,
    title: project.title,
    companyName: project.companyName,
    companyEnterpriseNumber: project.companyEnterpriseNumber,
    providerLabel: providerLabel(project),
  };
}

/** Who receives the deposits (configuration: PAYMENT_INSTITUTION_*). */
export interface PaymentInstitutionFacts {
  name: string;
  address: string;
  iban: string;
  bic: string;
}

export interface MailData {
  /** A head office invites a person to one of its departments (a single-use link). */
  'department-invitation': {
    providerName: string;
    departmentName: string;
    invitedBy: string;
    invitationUrl: string;
    expiresAt: Date;
  };
  /** A provider asked for a new login (forgotten login): its login and a single-use link to choose a password. */
  'forgotten-login': {
    providerName: string;
    login: string;
    resetUrl: string;
  };
  /** A provider signed up: its login and one-time password. */
  'provider-signup': {
    contactName: string;
    legalName: string;
    enterpriseNumber: string;
    oneTimePassword: string;
    loginUrl: string;
  };
  /** The agency approved a registration; the certificate is attached. */
  'registration-approved': {
    recipientName: string;
    serviceLabel: string;
    registrationNumber: string;
    validFrom: IsoDate;
    validUntil: IsoDate;
    conditional: boolean;
  };
  /** A provider submitted a registration request (status A): what happens next and where its file goes. */
  'registration-requested': {
    recipientName: string;
    serviceLabel: string;
    /** The registration's page, where the signed declaration and the audit report are uploaded. */
    registrationUrl: string;
    /** A public provider is exempt from the audit: no audit report to send. */
    auditExempt: boolean;
  };
  /** The nightly run, 3 months and 1 month before a registration's expiry date: ask the renewal in time. */
  'registration-renewal-reminder': {
    recipientName: string;
    serviceLabel: string;
    registrationNumber: string;
    validUntil: IsoDate;
    /** Days from the run's day to the last valid day. */
    daysLeft: number;
    /** The page where the provider confirms the renewal request (G → G/V). */
    renewalUrl: string;
  };
  /** The agency refused, suspended, lifted the suspension of or excluded a registration. */
  'registration-decided': {
    recipientName: string;
    serviceLabel: string;
    registrationNumber: string | null;
    decision: Exclude<RegistrationAction, 'approve' | 'renew'>;
    /** The status code after the decision, and its label. */
    status: RegistrationStatus;
    statusLabel: string;
    reason: string | null;
  };
  /** To the company: its provider annulled the application. */
  'project-annulled-by-provider': {
    companyName: string;
    providerLabel: string;
    projectNumber: string;
    title: string;
    reason: string;
    projectUrl: string;
  };
  /** To the agency: a provider requests to stop a running project; the proof is attached. */
  'stop-requested': ProjectFacts & {
    providerLabel: string;
    reason: string;
    documentFilename: string;
    /** The agency's page of this stop request. */
    stopRequestUrl: string;
  };
  /** To the company and to the provider: the agency confirmed the stop of a running project. */
  'stop-confirmed': ProjectFacts & {
    providerLabel: string;
    /** Who reads this copy: the company hears of its refund, the provider that no payment follows. */
    recipient: 'company' | 'provider';
    /** Paid to the provider before the stop. */
    paidCents: number;
    /** The unused own contribution, refunded to the company. */
    refundCents: number;
    /** The unused subsidy, back to the government. */
    subsidyReturnCents: number;
    /** The returned subsidy frees the ceiling of the application's year (stop in that same year). */
    ceilingFreed: boolean;
    applicationYear: number;
    projectUrl: string;
  };
  /** To the company and to the provider: the payment period ended; the nightly run settled the project (Afgewerkt). */
  'project-settled': ProjectFacts & {
    providerLabel: string;
    recipient: 'company' | 'provider';
    /** The last day of the payment period (31 December). */
    completionDeadline: IsoDate;
    /** Paid to the provider during the project. */
    paidCents: number;
    /** The unused own contribution, refunded to the company. */
    refundCents: number;
    /** The account the refund goes to (the company's copy). */
    refundIban: string | null;
    /** The unused subsidy, back to the government. */
    subsidyReturnCents: number;
    projectUrl: string;
  };
  /** To the company and to the provider: the agency refused the stop; the project runs on. */
  'stop-refused': ProjectFacts & {
    providerLabel: string;
    recipient: 'company' | 'provider';
    reason: string;
    projectUrl: string;
  };
  /** To the agency: a provider reports a problem with a finished project. */
  'project-reported': ProjectFacts & {
    providerLabel: string;
    reason: string;
    /** The agency's page of this report. */
    reportUrl: string;
  };
  /** To the provider: the agency closed its report about a finished project, with a closing note. */
  'project-report-closed': ProjectFacts & {
    providerLabel: string;
    reason: string;
    reportedOn: IsoDate;
    closingNote: string;
    projectUrl: string;
  };
  /** To the provider: the company cancelled its application. */
  'project-cancelled-by-company': ProjectFacts & {
    providerLabel: string;
    /** Empty when the company gave none. */
    reason: string;
    projectUrl: string;
  };
  /** To the provider: the company paid it from the wallet. */
  'provider-paid': ProjectFacts & {
    providerLabel: string;
    amountCents: number;
    invoiceNumber: string;
    invoiceDate: IsoDate;
    balanceCents: number;
    /** The payment emptied the wallet: the project is Afgewerkt. */
    completed: boolean;
    paymentInstitutionName: string;
    providerIban: string;
    projectUrl: string;
  };
  /** To the company: its application is approved; how to deposit the own contribution. */
  'application-approved': ProjectFacts & {
    providerLabel: string;
    registrationNumber: string;
    projectAmountCents: number;
    subsidyCents: number;
    ownContributionCents: number;
    depositDeadline: IsoDate;
    completionDeadline: IsoDate;
    institution: PaymentInstitutionFacts;
    /** 12 digits. */
    structuredCommunication: string;
    depositInstructionsUrl: string;
  };
  /** To the provider: a company applied with its registration. */
  'application-received': ProjectFacts & {
    registrationNumber: string;
    serviceLabel: string;
    subthemeLabel: string;
    projectAmountCents: number;
    subsidyCents: number;
    ownContributionCents: number;
    depositDeadline: IsoDate;
    projectUrl: string;
  };
  /** To the company, before the deposit deadline. */
  'deposit-reminder-to-company': Omit<ProjectFacts, 'companyEnterpriseNumber'> & {
    providerLabel: string;
    ownContributionCents: number;
    subsidyCents: number;
    depositDeadline: IsoDate;
    /** Calendar days from today to the deadline (0 or less: today). */
    daysLeft: number;
    institution: PaymentInstitutionFacts;
    /** 12 digits. */
    structuredCommunication: string;
    depositInstructionsUrl: string;
  };
  /** To the provider, before its client's deposit deadline. */
  'deposit-reminder-to-provider': ProjectFacts & {
    providerLabel: string;
    ownContributionCents: number;
    subsidyCents: number;
    depositDeadline: IsoDate;
    daysLeft: number;
    projectUrl: string;
  };
  /** To the company, before the completion deadline: the balance still to pay out. */
  'payment-reminder-to-company': Omit<ProjectFacts, 'companyEnterpriseNumber'> & {
    providerLabel: string;
    balanceCents: number;
    completionDeadline: IsoDate;
    daysLeft: number;
    payProviderUrl: string;
  };
  /** To the provider, before the completion deadline. */
  'payment-reminder-to-provider': ProjectFacts & {
    providerLabel: string;
    balanceCents: number;
    completionDeadline: IsoDate;
    daysLeft: number;
    projectUrl: string;
  };
  /** To the company: its project lapsed for want of the own contribution. */
  'lapse-notice-to-company': Omit<ProjectFacts, 'companyEnterpriseNumber'> & {
    providerLabel: string;
    ownContributionCents: number;
    subsidyCents: number;
    depositDeadline: IsoDate;
    projectUrl: string;
  };
  /** To the company: its own contribution arrived (bank statement), the subsidy is added, the project runs. */
  'deposit-received-to-company': ProjectFacts & {
    providerLabel: string;
    depositCents: number;
    subsidyCents: number;
    receivedOn: IsoDate;
    projectUrl: string;
  };
  /** To the provider: its client's own contribution arrived, the project runs. */
  'deposit-received-to-provider': ProjectFacts & {
    providerLabel: string;
    depositCents: number;
    subsidyCents: number;
    receivedOn: IsoDate;
    projectUrl: string;
  };
  /** To the provider: its client's project lapsed. */
  'lapse-notice-to-provider': ProjectFacts & {
    providerLabel: string;
    depositDeadline: IsoDate;
    projectUrl: string;
  };
  /** To the person filling in the application wizard, before the last application day. */
  'application-reminder': {
    firstName: string;
    companyName: string;
    /** The project title typed so far; empty when none. */
    title: string;
    startDate: IsoDate;
    lastApplicationDate: IsoDate;
    /** Calendar days from the start of the service to the last application day. */
    applicationDays: number;
    /** Calendar days from today to the last application day (0 or less: today). */
    daysLeft: number;
    applicationUrl: string;
  };
}

export type MailName = keyof MailData;

/**
 * Every template, and whether the shared signature closes it. The two mails
 * of an approved application never carried one; they stay as they were.
 */
export const mailTemplates: { readonly [Name in MailName]: { readonly signed: boolean } } = {
  'department-invitation': { signed: true },
  'forgotten-login': { signed: true },
  'provider-signup': { signed: true },
  'registration-approved': { signed: true },
  'registration-decided': { signed: true },
  'registration-requested': { signed: true },
  'project-annulled-by-provider': { signed: true },
  'stop-requested': { signed: true },
  'stop-confirmed': { signed: true },
  'stop-refused': { signed: true },
  'project-settled': { signed: true },
  'project-reported': { signed: true },
  'project-report-closed': { signed: true },
  'project-cancelled-by-company': { signed: true },
  'provider-paid': { signed: true },
  'application-approved': { signed: false },
  'application-received': { signed: false },
  'deposit-reminder-to-company': { signed: true },
  'deposit-reminder-to-provider': { signed: true },
  'payment-reminder-to-company': { signed: true },
  'payment-reminder-to-provider': { signed: true },
  'deposit-received-to-company': { signed: true },
  'deposit-received-to-provider': { signed: true },
  'lapse-notice-to-company': { signed: true },
  'lapse-notice-to-provider': { signed: true },
  'application-reminder': { signed: true },
  'registration-renewal-reminder': { signed: true },
};
