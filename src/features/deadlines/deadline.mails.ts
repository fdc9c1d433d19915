import {
  formatEnterpriseNumber,
  formatIban,
  formatStructuredCommunication,
  normaliseBic,
} from '../../domain/belgian-identifiers.js';
import { daysBetween, formatDate, type IsoDate } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { paths } from '../../paths.js';
import type { Config } from '../../config.js';
import { deadlinePhrase } from './deadline-schedule.js';
import { providerLabel } from '../../domain/provider-label.js';

/**
 * The texts of the deadline mails (plain text, Dutch), as pure functions of
 * what the nightly run read: the reminders before each deadline and the
 * notice that a project lapsed.
 */

export interface ComposedMail {
  subject: string;
  text: string;
}

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

const SIGNATURE = ['', 'Met vriendelijke groeten,', 'Het team kmo-portefeuille'];

function companyOf(project: ProjectMailFacts): string {
  return `${project.companyName} (${formatEnterpriseNumber(project.companyEnterpriseNumber)})`;
}

function mail(subject: string, lines: string[]): ComposedMail {
  return { subject, text: [...lines, ...SIGNATURE].join('\n') };
}

/** To the company, 7 and 2 days before the deposit deadline: what to transfer, where, with which communication. */
export function depositReminderToCompany(
  project: ProjectMailFacts,
  institution: PaymentInstitution,
  settings: MailSettings,
): ComposedMail {
  const amount = formatEuro(project.ownContributionCents);
  return mail(
    `Herinnering: stort uw eigen bijdrage voor project ${project.projectNumber} uiterlijk op ${formatDate(project.depositDeadline)}`,
    [
      `Beste ${project.companyName},`,
      '',
      'We hebben uw eigen bijdrage voor het volgende project in de kmo-portefeuille nog niet ontvangen.',
      '',
      `Project: ${project.projectNumber} – ${project.title}`,
      `Dienstverlener: ${providerLabel(project)}`,
      '',
      `Stort ${amount} ${deadlinePhrase(project.depositDeadline, settings.today)}. Komt uw eigen bijdrage niet op tijd binnen, dan vervalt het project en verliest u de subsidie van ${formatEuro(project.subsidyCents)}.`,
      '',
      `Begunstigde: ${institution.name}, ${institution.address}`,
      `Rekeningnummer (IBAN): ${formatIban(institution.iban)}`,
      `BIC: ${normaliseBic(institution.bic)}`,
      `Bedrag: ${amount}`,
      `Gestructureerde mededeling: ${formatStructuredCommunication(project.structuredCommunication)}`,
      '',
      'Vermeld de gestructureerde mededeling exact zoals hierboven en stort exact het vermelde bedrag. Zonder deze mededeling of met een ander bedrag wordt uw storting geweigerd en teruggestort. Houd rekening met de tijd die een overschrijving nodig heeft.',
      '',
      `Bekijk de stortingsinstructies: ${settings.publicUrl}${paths.company.depositInstructions(project.projectNumber)}`,
      '',
      'Hebt u de eigen bijdrage intussen gestort? Dan hoeft u niets meer te doen.',
    ],
  );
}

/** To the provider, 7 days before the deposit deadline, so it can remind its client. */
export function depositReminderToProvider(project: ProjectMailFacts, settings: MailSettings): ComposedMail {
  return mail(
    `Eigen bijdrage nog niet gestort voor project ${project.projectNumber} (uiterste stortingsdatum ${formatDate(project.depositDeadline)})`,
    [
      `Beste ${providerLabel(project)},`,
      '',
      `${project.companyName} heeft de eigen bijdrage voor het volgende project nog niet gestort.`,
      '',
      `Project: ${project.projectNumber} – ${project.title}`,
      `Onderneming: ${companyOf(project)}`,
      `Eigen bijdrage: ${formatEuro(project.ownContributionCents)}`,
      `Uiterste stortingsdatum: ${formatDate(project.depositDeadline)}`,
      '',
      `De eigen bijdrage moet ${deadlinePhrase(project.depositDeadline, settings.today)} binnen zijn. Anders vervalt het project en verliest uw klant de subsidie van ${formatEuro(project.subsidyCents)}. De onderneming kreeg zelf een herinnering met de stortingsinstructies; herinner uw klant er gerust ook aan.`,
      '',
      `Bekijk het project: ${settings.publicUrl}${paths.provider.project(project.projectNumber)}`,
    ],
  );
}

/** To the company, 60 and 14 days before the completion deadline: the balance still to pay out. */
export function paymentReminderToCompany(
  project: ProjectMailFacts,
  completionDeadline: IsoDate,
  settings: MailSettings,
): ComposedMail {
  return mail(
    `Herinnering: betaal uw dienstverlener voor project ${project.projectNumber} uiterlijk op ${formatDate(completionDeadline)}`,
    [
      `Beste ${project.companyName},`,
      '',
      `Voor het volgende project staat nog ${formatEuro(project.balanceCents)} in uw kmo-portefeuille.`,
      '',
      `Project: ${project.projectNumber} – ${project.title}`,
      `Dienstverlener: ${providerLabel(project)}`,
      `Saldo: ${formatEuro(project.balanceCents)}`,
      '',
      `De dienstverlening moet afgewerkt en betaald zijn ${deadlinePhrase(completionDeadline, settings.today)}. Uw dienstverlener wordt niet vanzelf betaald: betaal de factuur zelf vanuit uw portefeuille zodra de dienstverlening geleverd is.`,
      '',
      `Betaal uw dienstverlener: ${settings.publicUrl}${paths.company.payProvider(project.projectNumber)}`,
      '',
      'Is de dienstverlening nog niet volledig geleverd? Spreek dan met uw dienstverlener af dat ze tijdig afgewerkt en gefactureerd wordt.',
    ],
  );
}

/** To the provider, 14 days before the completion deadline: its invoice must reach the company in time. */
export function paymentReminderToProvider(
  project: ProjectMailFacts,
  completionDeadline: IsoDate,
  settings: MailSettings,
): ComposedMail {
  return mail(
    `Herinnering: project ${project.projectNumber} moet betaald zijn uiterlijk op ${formatDate(completionDeadline)}`,
    [
      `Beste ${providerLabel(project)},`,
      '',
      `Voor het volgende project staat nog ${formatEuro(project.balanceCents)} in de kmo-portefeuille van uw klant.`,
      '',
      `Project: ${project.projectNumber} – ${project.title}`,
      `Onderneming: ${companyOf(project)}`,
      `Saldo: ${formatEuro(project.balanceCents)}`,
      '',
      `De dienstverlening moet afgewerkt en betaald zijn ${deadlinePhrase(completionDeadline, settings.today)}. Bezorg uw klant tijdig uw factuur: de onderneming betaalt u vanuit haar portefeuille. Ze kreeg zelf ook een herinnering.`,
      '',
      `Bekijk het project: ${settings.publicUrl}${paths.provider.project(project.projectNumber)}`,
    ],
  );
}

/** To the company, when its project lapsed for want of the own contribution. */
export function lapseNoticeToCompany(project: ProjectMailFacts, settings: MailSettings): ComposedMail {
  return mail(`Uw project ${project.projectNumber} is vervallen`, [
    `Beste ${project.companyName},`,
    '',
    `Uw eigen bijdrage van ${formatEuro(project.ownContributionCents)} was niet binnen op de uiterste stortingsdatum (${formatDate(project.depositDeadline)}). Het project is daarom vervallen en de subsidie van ${formatEuro(project.subsidyCents)} is verloren.`,
    '',
    `Project: ${project.projectNumber} – ${project.title}`,
    `Dienstverlener: ${providerLabel(project)}`,
    '',
    'Stort niets meer. Een storting die toch nog binnenkomt, wordt automatisch teruggestort.',
    '',
    `Bekijk het project: ${settings.publicUrl}${paths.company.project(project.projectNumber)}`,
  ]);
}

/** To the provider, when its client's project lapsed. */
export function lapseNoticeToProvider(project: ProjectMailFacts, settings: MailSettings): ComposedMail {
  return mail(`Project ${project.projectNumber} is vervallen: de eigen bijdrage werd niet gestort`, [
    `Beste ${providerLabel(project)},`,
    '',
    `${project.companyName} heeft de eigen bijdrage voor het volgende project niet gestort op de uiterste stortingsdatum (${formatDate(project.depositDeadline)}). Het project is vervallen: de onderneming ontvangt er geen subsidie voor en betaalt u niet vanuit de kmo-portefeuille.`,
    '',
    `Project: ${project.projectNumber} – ${project.title}`,
    `Onderneming: ${companyOf(project)}`,
    '',
    `Bekijk het project: ${settings.publicUrl}${paths.provider.project(project.projectNumber)}`,
  ]);
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
  const last = formatDate(draft.lastApplicationDate);
  const days = daysBetween(draft.startDate, draft.lastApplicationDate);
  const left = daysBetween(settings.today, draft.lastApplicationDate);
  const when = left <= 0 ? 'vandaag' : left === 1 ? 'morgen' : `over ${left} dagen`;
  return mail('Uw aanvraag voor de kmo-portefeuille is nog niet ingediend', [
    `Beste ${draft.firstName},`,
    '',
    `Uw aanvraag is nog niet ingediend; u kunt ze indienen tot ${last}.`,
    '',
    `Onderneming: ${draft.companyName}`,
    ...(draft.title ? [`Project: ${draft.title}`] : []),
    `Start van de dienstverlening: ${formatDate(draft.startDate)}`,
    '',
    `U kunt steun aanvragen tot ${days} kalenderdagen na de start van de dienstverlening. ${capitalise(when)} (${last}) is de laatste dag; daarna kunt u voor dit project geen steun meer aanvragen.`,
    '',
    `Werk uw aanvraag af en dien ze in: ${settings.publicUrl}${paths.company.application()}`,
  ]);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
