import {
  allowedReactions,
  OTHER_REASON,
  reactionLabels,
  reactionReasons,
  type ProjectReaction,
  type ProjectReactionFacts,
} from '../../domain/project-reactions.js';
import { formatEuro } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { paths } from '../../paths.js';
import type { ProjectDetail } from './project.queries.js';

/** URL slugs of the provider's reactions, in Dutch. */
export const reactionSlugs: Record<ProjectReaction, string> = {
  annul: 'annuleren',
  request_stop: 'stopzetten',
  report: 'melden',
};

/** What each reaction does, told on its confirmation page. */
const consequences: Record<ProjectReaction, string> = {
  annul:
    'Het project krijgt de status "Project geannuleerd". De onderneming krijgt de reden per e-mail en ontvangt geen subsidie voor dit project. Dit kunt u niet ongedaan maken.',
  request_stop:
    'Het project krijgt de status "Stopzetting aangevraagd". Het agentschap krijgt uw aanvraag met het bewijsstuk en bevestigt of weigert de stopzetting; bij een bevestiging wordt de ongebruikte eigen bijdrage aan de onderneming teruggestort.',
  report: 'Uw melding gaat naar het agentschap, dat ze opvolgt. De status van het project verandert niet.',
};

/** The reaction buttons of the detail page: only what the table and the guards allow now. */
export function presentReactions(projectNumber: string, facts: ProjectReactionFacts) {
  return allowedReactions(facts).map((reaction) => ({
    label: reactionLabels[reaction],
    href: paths.provider.projectReaction(projectNumber, reactionSlugs[reaction]),
    variant: reaction === 'report' ? 'secondary' : 'warning',
  }));
}

/** The confirmation page of one reaction: what happens, the project in short, the form. */
export function presentReactionConfirmation(reaction: ProjectReaction, project: ProjectDetail) {
  return {
    label: reactionLabels[reaction],
    consequence: consequences[reaction],
    needsDocument: reaction === 'request_stop',
    rows: [
      { key: 'Projectnummer', value: project.projectNumber },
      { key: 'Status', value: projectStatusLabels[project.status] },
      { key: 'Onderneming', value: project.companyName },
      { key: 'Titel', value: project.title },
      { key: 'Projectbedrag', value: formatEuro(project.projectAmountCents) },
      { key: 'Eigen bijdrage', value: formatEuro(project.ownContributionCents) },
      { key: 'Saldo', value: formatEuro(project.ledger.balanceCents) },
    ],
    reasons: [
      ...reactionReasons.map((reason) => ({ value: reason.value, label: reason.text })),
      { value: OTHER_REASON, label: 'Andere reden' },
    ],
  };
}
