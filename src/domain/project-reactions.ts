import { projectMachine, projectStatusLabels, type ProjectStatus } from './project-status.js';
import { findTransition } from './status-machine.js';

/**
 * What a provider can do with a project (DOMAIN.md §4): annul it, request its
 * stop — both rows of the project status machine — or report it to the
 * agency, which changes no status. The table decides by status; the guards
 * below look further, at the project's ledger and its open report.
 */
export const projectReactions = ['annul', 'request_stop', 'report'] as const;

export type ProjectReaction = (typeof projectReactions)[number];

/** The reactions as the provider reads them: buttons, page titles, messages. */
export const reactionLabels: Record<ProjectReaction, string> = {
  annul: 'Project annuleren',
  request_stop: 'Stopzetting aanvragen',
  report: 'Melden aan het agentschap',
};

/** A report leaves the status as it is; it is possible only once everything was paid out. */
export const reportableStatuses: readonly ProjectStatus[] = ['Afgewerkt'];

/** What the guards look at, read inside the transaction that applies the reaction. */
export interface ProjectReactionFacts {
  status: ProjectStatus;
  /** An own contribution (`eigen_bijdrage`) was booked on the project's ledger. */
  ownContributionDeposited: boolean;
  /** The sum of the project's ledger: what is still in the wallet for it. */
  balanceCents: number;
  /** A report the agency has not handled yet. */
  hasOpenReport: boolean;
}

/** The typical reasons (DOMAIN.md §4), offered as choices; "andere" asks for the user's own text. */
export const reactionReasons = [
  {
    value: 'laattijdig',
    text: 'Laattijdig ingediend: de aanvraag kwam meer dan 14 kalenderdagen na de start van de dienstverlening.',
  },
  { value: 'projectbedrag', text: 'Verkeerd projectbedrag.' },
  { value: 'niet-in-aanmerking', text: 'De diensten komen niet in aanmerking voor de kmo-portefeuille.' },
  { value: 'geannuleerd', text: 'De diensten werden geannuleerd of vroegtijdig stopgezet.' },
] as const;

export const OTHER_REASON = 'andere';

export type ReactionReasonChoice = (typeof reactionReasons)[number]['value'] | typeof OTHER_REASON;

export const reactionReasonChoices: readonly ReactionReasonChoice[] = [
  ...reactionReasons.map((reason) => reason.value),
  OTHER_REASON,
];

/** The reason as stored and mailed: the chosen typical reason's text, or the user's own. */
export function reasonText(choice: ReactionReasonChoice, otherText: string): string {
  return reactionReasons.find((reason) => reason.value === choice)?.text ?? otherText.trim();
}

/**
 * Why the provider cannot take this reaction now, in Dutch, or undefined when
 * it can. Presenters offer only what this allows; the service asks it again
 * inside the transaction, so the page and the server never disagree.
 */
export function reactionRefusal(reaction: ProjectReaction, facts: ProjectReactionFacts): string | undefined {
  const statusLabel = projectStatusLabels[facts.status];
  if (reaction === 'report') {
    if (!reportableStatuses.includes(facts.status))
      return `U kunt een project met de status "${statusLabel}" niet melden: dat kan pas als het project is afgewerkt.`;
    if (facts.balanceCents !== 0)
      return 'U kunt dit project nog niet melden: er staat nog geld op de portefeuille voor dit project.';
    if (facts.hasOpenReport) return 'Er is al een melding over dit project die het agentschap nog behandelt.';
    return undefined;
  }
  if (!findTransition(projectMachine, facts.status, reaction, 'provider')) {
    return reaction === 'annul'
      ? `Een project met de status "${statusLabel}" kunt u niet annuleren: dat kan alleen zolang het project bevestigd is.`
      : `Voor een project met de status "${statusLabel}" kunt u geen stopzetting aanvragen: dat kan alleen voor een lopend project.`;
  }
  if (reaction === 'annul' && facts.ownContributionDeposited)
    return 'De eigen bijdrage is al gestort: u kunt dit project niet meer annuleren.';
  if (reaction === 'request_stop' && facts.balanceCents <= 0)
    return 'Er staat geen eigen bijdrage meer op de portefeuille voor dit project: een stopzetting aanvragen kan niet.';
  return undefined;
}

/** The reactions the provider can take now, in the order of projectReactions. */
export function allowedReactions(facts: ProjectReactionFacts): ProjectReaction[] {
  return projectReactions.filter((reaction) => reactionRefusal(reaction, facts) === undefined);
}
