import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { serviceLabels, trainingKindLabels } from '../../domain/subsidy-terms.js';
import { findSubtheme } from '../../domain/themes.js';
import type { ProjectDetail } from './project.queries.js';
import { providerLabel } from '../../domain/provider-label.js';

export interface SummaryRow {
  key: string;
  value: string;
}

/**
 * The project sheet as rows of label and formatted value, the same for every
 * audience. With `documentHref`, a history row with a document links to it.
 */
export function presentProjectDetail(
  project: ProjectDetail,
  options: { documentHref?: (documentId: number) => string } = {},
) {
  const subtheme = findSubtheme(project.subtheme);
  const general: SummaryRow[] = [
    { key: 'Projectnummer', value: project.projectNumber },
    { key: 'Status', value: projectStatusLabels[project.status] },
    { key: 'Onderneming', value: project.companyName },
    { key: 'Dienstverlener', value: providerLabel(project) },
    { key: 'Registratienummer', value: project.registrationNumber ?? '–' },
    { key: 'Dienst', value: serviceLabels[project.service] },
    { key: 'Titel', value: project.title },
    ...(project.trainingKind
      ? [{ key: 'Soort opleiding', value: trainingKindLabels[project.trainingKind] }]
      : []),
    { key: 'Thema', value: subtheme ? `${subtheme.theme.label} – ${subtheme.label}` : project.subtheme },
    { key: 'Aantal uren', value: project.hours.toLocaleString('nl-BE') },
    { key: 'Datum overeenkomst', value: formatDate(project.agreementDate) },
    { key: 'Start van de dienstverlening', value: formatDate(project.startDate) },
    { key: 'Aanvraagdatum', value: formatDate(project.applicationDate) },
    { key: 'Uiterste stortingsdatum', value: formatDate(project.depositDeadline) },
  ];
  const amounts: SummaryRow[] = [
    { key: 'Projectbedrag', value: formatEuro(project.projectAmountCents) },
    { key: 'Eigen bijdrage', value: formatEuro(project.ownContributionCents) },
    { key: 'Subsidie', value: formatEuro(project.subsidyCents) },
    { key: 'Gestort', value: formatEuro(project.ledger.depositedCents) },
    { key: 'Betaald aan de dienstverlener', value: formatEuro(project.ledger.paidCents) },
    { key: 'Teruggestort', value: formatEuro(project.ledger.refundedCents) },
    { key: 'Saldo', value: formatEuro(project.ledger.balanceCents) },
  ];
  return {
    title: `Project ${project.projectNumber}`,
    projectNumber: project.projectNumber,
    statusLabel: projectStatusLabels[project.status],
    verified: project.verified,
    general,
    amounts,
    participants: project.participants.map((participant, index) => ({
      position: index + 1,
      name: `${participant.firstName} ${participant.lastName}`,
    })),
    history: project.history.map((entry) => ({
      at: formatDateTimeInBrussels(entry.at),
      status: projectStatusLabels[entry.toStatus],
      actor: entry.actorLabel,
      reason: entry.reason ?? '',
      documentHref:
        entry.documentId !== null && options.documentHref ? options.documentHref(entry.documentId) : null,
    })),
  };
}
