import type { Knex } from 'knex';
import { completionDeadline, depositDeadline } from '../../domain/application-rules.js';
import type { Clock } from '../../clock.js';
import { yearOf, type IsoDate } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { formatProjectNumber, structuredCommunicationOfProject } from '../../domain/project-number.js';
import { serviceLabels, type Service } from '../../domain/subsidy-terms.js';
import { calculateSubsidy } from '../../domain/subsidy.js';
import { findSubtheme } from '../../domain/themes.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import { firstIncompletePage, SubmitRefusedError, type Answers } from '../../wizard/wizard.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { companyMailAddresses } from '../projects/company-recipients.js';
import { providerMailAddresses } from '../projects/provider-recipients.js';
import type { ProjectRepository } from '../projects/project.repository.js';
import {
  centsOf,
  dateOf,
  hoursOf,
  listOf,
  normaliseNaceCode,
  participantCountOf,
  serviceOf,
  trainingKindOf,
} from './application.answers.js';
import { loadApplicationContext } from './application.context.js';
import type { ApplicationRepository } from './application.repository.js';
import { applicationWizard, registrationLabel, type ApplicationContext } from './application.wizard.js';

export interface PaymentInstitution {
  name: string;
  address: string;
  iban: string;
  bic: string;
}

export interface SubmittedApplication {
  projectId: number;
  projectNumber: string;
}

/**
 * Files an application: in the wizard's transaction, with the company row
 * locked so two submissions of one enterprise take the yearly ceiling one
 * after the other. Everything is checked again against the database as it is
 * now; what no longer holds is refused with the page's own message.
 */
export class ApplicationService {
  constructor(
    private readonly db: Knex,
    private readonly applications: ApplicationRepository,
    private readonly projects: ProjectRepository,
    private readonly options: { publicUrl: string; paymentInstitution: PaymentInstitution; clock: Clock },
  ) {}

  /** What the wizard's pages check against today (the clock's), read from the pool. */
  context(companyId: number, answers: Answers): Promise<ApplicationContext> {
    return loadApplicationContext(this.applications, this.db, companyId, answers, this.options.clock.today());
  }

  /** Registered providers for a service on a date whose name contains the text (step 3's search). */
  searchRegistrations(service: Service, text: string, date: IsoDate) {
    return this.applications.searchRegistrations(service, text, date);
  }

  async submit(
    trx: Knex.Transaction,
    answers: Answers,
    context: ApplicationContext,
    actor: Actor,
    requestId: string,
  ): Promise<SubmittedApplication> {
    await this.applications.lockCompany(trx, context.companyId);
    const current = await loadApplicationContext(
      this.applications,
      trx,
      context.companyId,
      answers,
      context.today,
    );
    const stale = firstIncompletePage(applicationWizard, answers, current);
    if (stale) {
      const parsed = stale
        .schema(answers, current)
        .safeParse(Object.fromEntries(stale.fields.map((field) => [field, answers[field]])));
      const message = parsed.success
        ? 'Een antwoord is niet meer geldig.'
        : (parsed.error.issues[0]?.message ?? 'Een antwoord is niet meer geldig.');
      throw new SubmitRefusedError({
        formulier: `Uw aanvraag kan zo niet worden ingediend: ${message} Pas "${stale.title}" aan.`,
      });
    }

    const service = serviceOf(answers);
    const registration = current.registration;
    const projectAmountCents = centsOf(answers.eligibleCosts);
    const registrationCostCents = centsOf(answers.registrationCost);
    const agreementDate = dateOf(answers.agreementDate);
    const startDate = dateOf(answers.startDate);
    const hours = hoursOf(answers.hours);
    const subtheme = String(answers.subtheme);
    if (
      !service ||
      !registration ||
      projectAmountCents === undefined ||
      registrationCostCents === undefined ||
      !agreementDate ||
      !startDate ||
      hours === undefined
    ) {
      throw new Error('complete answers did not read back');
    }
    const calculation = calculateSubsidy(current.rules, {
      size: current.size,
      service,
      subtheme,
      projectAmountCents,
      applicationDate: current.today,
      ceilingUsedCents: current.ceilingUsedCents,
    });
    // The summary showed a subsidy; if the ceiling moved since, say so rather than file other figures.
    const shown = Number(answers.shownSubsidyCents);
    if (Number.isSafeInteger(shown) && shown !== calculation.subsidyCents) {
      throw new SubmitRefusedError({
        formulier: `De steun is intussen gewijzigd: ${formatEuro(calculation.subsidyCents)} in plaats van ${formatEuro(shown)}, omdat uw steunplafond voor ${calculation.year} ondertussen verder gebruikt werd. Controleer de nieuwe bedragen en dien opnieuw in.`,
      });
    }

    const year = yearOf(current.today);
    // The size is locked at the company's first successful application of the year.
    await this.applications.lockSizeConfirmation(trx, current.companyId, year);
    const recipients = {
      company: await companyMailAddresses(trx, current.companyId),
      provider: await providerMailAddresses(trx, registration.providerId, registration.departmentId),
    };
    // The year's project number counter is one row that every submit of the year locks until it
    // commits: taken after every read and every write that needs no number, so that only the
    // inserts of the project, its audit row and its mails queue on it (gap-free numbers: DOMAIN.md).
    const projectNumber = formatProjectNumber(year, await this.projects.nextCounter(trx, year));
    const communication = structuredCommunicationOfProject(projectNumber);
    const deadline = depositDeadline(current.rules, current.today);
    const participantCount =
      service === 'opleiding' ? (participantCountOf(answers.participantCount) ?? null) : null;
    const firstNames = listOf(answers.firstName);
    const lastNames = listOf(answers.lastName);

    const projectId = await this.projects.insertApplied(
      trx,
      {
        projectNumber,
        companyId: current.companyId,
        providerId: registration.providerId,
        departmentId: registration.departmentId,
        registrationId: registration.id,
        service,
        title: String(answers.title).trim(),
        trainingKind: service === 'opleiding' ? (trainingKindOf(answers) ?? null) : null,
        subtheme,
        naceCode: normaliseNaceCode(answers.naceCode),
        companySize: current.size,
        hours,
        participantCount,
        agreementDate,
        startDate,
        applicationDate: current.today,
        depositDeadline: deadline,
        registrationCostCents,
        projectAmountCents,
        subsidyCents: calculation.subsidyCents,
        ownContributionCents: calculation.ownContributionCents,
        subsidyRateBp: calculation.rateBp,
        structuredCommunication: communication,
      },
      {
        actor,
        participants: Array.from({ length: participantCount ?? 0 }, (_value, index) => ({
          firstName: (firstNames[index] ?? '').trim(),
          lastName: (lastNames[index] ?? '').trim(),
        })),
      },
    );
    await recordAudit(trx, {
      actor,
      action: 'project.apply',
      entityType: 'project',
      entityId: projectId,
      requestId,
      details: {
        projectNumber,
        registration: registration.number,
        projectAmountCents,
        subsidyCents: calculation.subsidyCents,
        ownContributionCents: calculation.ownContributionCents,
        rateBp: calculation.rateBp,
        ceilingUsedBeforeCents: current.ceilingUsedCents,
      },
    });
    await this.queueMails(trx, current, recipients, {
      projectNumber,
      title: String(answers.title).trim(),
      serviceLabel: serviceLabels[service],
      subthemeLabel: findSubtheme(subtheme)?.label ?? subtheme,
      providerLabel: registrationLabel(registration),
      registrationNumber: registration.number,
      projectAmountCents,
      ownContributionCents: calculation.ownContributionCents,
      subsidyCents: calculation.subsidyCents,
      deadline,
      completion: completionDeadline(current.rules, current.today),
      communication,
    });
    return { projectId, projectNumber };
  }

  private async queueMails(
    trx: Knex.Transaction,
    context: ApplicationContext,
    recipients: { company: string[]; provider: string[] },
    project: {
      projectNumber: string;
      title: string;
      serviceLabel: string;
      subthemeLabel: string;
      providerLabel: string;
      registrationNumber: string;
      projectAmountCents: number;
      ownContributionCents: number;
      subsidyCents: number;
      deadline: string;
      completion: string;
      communication: string;
    },
  ): Promise<void> {
    const url = (path: string) => new URL(path, this.options.publicUrl).toString();
    for (const to of recipients.company) {
      await enqueueMail(trx, {
        to,
        ...composeMail('application-approved', {
          projectNumber: project.projectNumber,
          title: project.title,
          companyName: context.companyName,
          companyEnterpriseNumber: context.enterpriseNumber,
          providerLabel: project.providerLabel,
          registrationNumber: project.registrationNumber,
          projectAmountCents: project.projectAmountCents,
          subsidyCents: project.subsidyCents,
          ownContributionCents: project.ownContributionCents,
          depositDeadline: project.deadline,
          completionDeadline: project.completion,
          institution: this.options.paymentInstitution,
          structuredCommunication: project.communication,
          depositInstructionsUrl: url(paths.company.depositInstructions(project.projectNumber)),
        }),
      });
    }
    for (const address of recipients.provider) {
      await enqueueMail(trx, {
        to: address,
        ...composeMail('application-received', {
          projectNumber: project.projectNumber,
          title: project.title,
          companyName: context.companyName,
          companyEnterpriseNumber: context.enterpriseNumber,
          registrationNumber: project.registrationNumber,
          serviceLabel: project.serviceLabel,
          subthemeLabel: project.subthemeLabel,
          projectAmountCents: project.projectAmountCents,
          subsidyCents: project.subsidyCents,
          ownContributionCents: project.ownContributionCents,
          depositDeadline: project.deadline,
          projectUrl: url(paths.provider.project(project.projectNumber)),
        }),
      });
    }
  }
}
