import type { Knex } from 'knex';
import { completionDeadline, depositDeadline } from '../../domain/application-rules.js';
import {
  formatEnterpriseNumber,
  formatIban,
  formatStructuredCommunication,
} from '../../domain/belgian-identifiers.js';
import { formatDate, yearOf } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import {
  formatProjectNumber,
  MAX_PROJECTS_PER_YEAR,
  structuredCommunicationOfProject,
} from '../../domain/project-number.js';
import { serviceLabels } from '../../domain/subsidy-terms.js';
import { calculateSubsidy } from '../../domain/subsidy.js';
import { findSubtheme } from '../../domain/themes.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import { firstIncompletePage, SubmitRefusedError, type Answers } from '../../wizard/wizard.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { companyMailAddresses } from '../projects/company-recipients.js';
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
    private readonly options: { publicUrl: string; paymentInstitution: PaymentInstitution },
  ) {}

  async submit(
    trx: Knex.Transaction,
    answers: Answers,
    context: ApplicationContext,
    actor: Actor,
    requestId: string,
  ): Promise<SubmittedApplication> {
    await trx('companies').where({ id: context.companyId }).forUpdate().first('id');
    const current = await loadApplicationContext(trx, context.companyId, answers, context.today);
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
    const projectNumber = formatProjectNumber(year, await nextProjectCounter(trx, year));
    const communication = structuredCommunicationOfProject(projectNumber);
    const deadline = depositDeadline(current.rules, current.today);
    const participantCount =
      service === 'opleiding' ? (participantCountOf(answers.participantCount) ?? null) : null;

    const [project] = await trx('projects')
      .insert({
        project_number: projectNumber,
        company_id: current.companyId,
        provider_id: registration.providerId,
        department_id: registration.departmentId,
        registration_id: registration.id,
        service,
        title: String(answers.title).trim(),
        training_kind: service === 'opleiding' ? (trainingKindOf(answers) ?? null) : null,
        subtheme,
        nace_code: normaliseNaceCode(answers.naceCode),
        company_size: current.size,
        hours,
        participant_count: participantCount,
        agreement_date: agreementDate,
        start_date: startDate,
        application_date: current.today,
        deposit_deadline: deadline,
        registration_cost_cents: registrationCostCents,
        project_amount_cents: projectAmountCents,
        subsidy_cents: calculation.subsidyCents,
        own_contribution_cents: calculation.ownContributionCents,
        subsidy_rate_bp: calculation.rateBp,
        structured_communication: communication,
        status: 'Bevestigd',
      })
      .returning<{ id: number }[]>('id');
    if (!project) throw new Error('project insert returned no row');

    if (participantCount) {
      const firstNames = listOf(answers.firstName);
      const lastNames = listOf(answers.lastName);
      await trx('project_participants').insert(
        Array.from({ length: participantCount }, (_value, index) => ({
          project_id: project.id,
          position: index + 1,
          first_name: (firstNames[index] ?? '').trim(),
          last_name: (lastNames[index] ?? '').trim(),
        })),
      );
    }
    await trx('project_history').insert({
      project_id: project.id,
      from_status: null,
      to_status: 'Bevestigd',
      action: 'apply',
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
      reason: null,
    });
    await trx('expected_ledger_entries').insert([
      {
        project_id: project.id,
        kind: 'eigen_bijdrage',
        amount_cents: calculation.ownContributionCents,
        due_on: deadline,
      },
      { project_id: project.id, kind: 'subsidie', amount_cents: calculation.subsidyCents, due_on: null },
    ]);
    // The size is locked at the company's first successful application of the year.
    await trx('company_size_confirmations')
      .where({ company_id: current.companyId, year })
      .whereNull('locked_at')
      .update({ locked_at: trx.fn.now() });
    await recordAudit(trx, {
      actor,
      action: 'project.apply',
      entityType: 'project',
      entityId: project.id,
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
    await this.queueMails(trx, current, {
      projectNumber,
      title: String(answers.title).trim(),
      serviceLabel: serviceLabels[service],
      subthemeLabel: findSubtheme(subtheme)?.label ?? subtheme,
      providerLabel: registrationLabel(registration),
      registrationNumber: registration.number,
      providerId: registration.providerId,
      departmentId: registration.departmentId,
      projectAmountCents,
      ownContributionCents: calculation.ownContributionCents,
      subsidyCents: calculation.subsidyCents,
      deadline,
      completion: completionDeadline(current.rules, current.today),
      communication,
    });
    return { projectId: project.id, projectNumber };
  }

  private async queueMails(
    trx: Knex.Transaction,
    context: ApplicationContext,
    project: {
      projectNumber: string;
      title: string;
      serviceLabel: string;
      subthemeLabel: string;
      providerLabel: string;
      registrationNumber: string;
      providerId: number;
      departmentId: number | null;
      projectAmountCents: number;
      ownContributionCents: number;
      subsidyCents: number;
      deadline: string;
      completion: string;
      communication: string;
    },
  ): Promise<void> {
    const institution = this.options.paymentInstitution;
    const url = (path: string) => new URL(path, this.options.publicUrl).toString();
    const company = `${context.companyName} (${formatEnterpriseNumber(context.enterpriseNumber)})`;
    for (const to of await companyMailAddresses(trx, context.companyId)) {
      await enqueueMail(trx, {
        to,
        subject: `Uw aanvraag ${project.projectNumber} is goedgekeurd: stort uw eigen bijdrage vóór ${formatDate(project.deadline)}`,
        text: [
          'Beste ondernemer,',
          '',
          `Uw aanvraag voor de kmo-portefeuille is goedgekeurd.`,
          '',
          `Project: ${project.projectNumber} – ${project.title}`,
          `Onderneming: ${company}`,
          `Dienstverlener: ${project.providerLabel} (${project.registrationNumber})`,
          `Projectbedrag: ${formatEuro(project.projectAmountCents)}`,
          `Steun van de Vlaamse overheid: ${formatEuro(project.subsidyCents)}`,
          `Uw eigen bijdrage: ${formatEuro(project.ownContributionCents)}`,
          '',
          `Stort uw eigen bijdrage uiterlijk op ${formatDate(project.deadline)}:`,
          `  Begunstigde: ${institution.name}, ${institution.address}`,
          `  Rekening: ${formatIban(institution.iban)} (BIC ${institution.bic})`,
          `  Bedrag: ${formatEuro(project.ownContributionCents)}`,
          `  Gestructureerde mededeling: ${formatStructuredCommunication(project.communication)}`,
          '',
          'Zonder deze mededeling en dit exacte bedrag wordt de storting geweigerd en teruggestort.',
          `Stort u niet op tijd, dan vervalt het project en verliest u de steun.`,
          `Betaal uw dienstverlener daarna vanuit uw portefeuille, uiterlijk op ${formatDate(project.completion)}.`,
          '',
          `Stortingsinstructies: ${url(paths.company.depositInstructions(project.projectNumber))}`,
        ].join('\n'),
      });
    }
    const provider = await trx('provider_organisations')
      .where({ id: project.providerId })
      .first<{ email: string }>({ email: 'contact_email' });
    const department = project.departmentId
      ? await trx('departments')
          .where({ id: project.departmentId })
          .first<{ email: string }>({ email: 'contact_email' })
      : undefined;
    const providerAddress = department?.email ?? provider?.email;
    if (providerAddress) {
      await enqueueMail(trx, {
        to: providerAddress,
        subject: `Nieuwe aanvraag kmo-portefeuille ${project.projectNumber} voor ${context.companyName}`,
        text: [
          'Beste dienstverlener,',
          '',
          `${company} diende een aanvraag in voor de kmo-portefeuille met uw registratie ${project.registrationNumber}.`,
          '',
          `Project: ${project.projectNumber} – ${project.title}`,
          `Dienst: ${project.serviceLabel}, subthema ${project.subthemeLabel}`,
          `Projectbedrag: ${formatEuro(project.projectAmountCents)} (steun ${formatEuro(project.subsidyCents)}, eigen bijdrage ${formatEuro(project.ownContributionCents)})`,
          `De onderneming stort haar eigen bijdrage uiterlijk op ${formatDate(project.deadline)}.`,
          '',
          'Klopt deze aanvraag niet (te laat ingediend, verkeerd bedrag, diensten die niet in aanmerking komen), annuleer ze dan zolang de eigen bijdrage niet gestort is:',
          url(paths.provider.project(project.projectNumber)),
        ].join('\n'),
      });
    }
  }
}

/** The national counter of the year, one higher; starts above any number already present. */
async function nextProjectCounter(trx: Knex.Transaction, year: number): Promise<number> {
  const result = await trx.raw<{ rows: { last_number: number }[] }>(
    `insert into project_number_counters (year, last_number)
     values (?, coalesce((select max(substring(project_number from 8)::int)
                            from projects where project_number like ?), 0) + 1)
     on conflict (year) do update set last_number = project_number_counters.last_number + 1
     returning last_number`,
    [year, `${year}KMO%`],
  );
  const counter = result.rows[0]?.last_number;
  if (counter === undefined) throw new Error('project counter returned no row');
  if (counter > MAX_PROJECTS_PER_YEAR) throw new Error(`project numbers of ${year} are used up`);
  return counter;
}
