/**
 * The state of a provider's report (melding) about a finished project, as the
 * agency follows it up. It is derived, never stored: a report is new until
 * staff write a first follow-up note, in follow-up after that, and closed once
 * staff close it with a closing note (handled_at set). A closed report takes
 * no notes and cannot be closed again.
 */
export const reportStates = ['new', 'following_up', 'closed'] as const;
export type ReportState = (typeof reportStates)[number];

export const reportStateLabels: Record<ReportState, string> = {
  new: 'Nieuw',
  following_up: 'In opvolging',
  closed: 'Afgesloten',
};

/** The longest follow-up or closing note staff can write. */
export const MAX_REPORT_NOTE_LENGTH = 2000;

export interface ReportStateFacts {
  handledAt: Date | null;
  noteCount: number;
}

export function reportState(facts: ReportStateFacts): ReportState {
  if (facts.handledAt !== null) return 'closed';
  return facts.noteCount > 0 ? 'following_up' : 'new';
}

/** Why a follow-up note cannot be added now, or undefined when it can. */
export function noteRefusal(state: ReportState): string | undefined {
  return state === 'closed'
    ? 'Deze melding is afgesloten: er kunnen geen notities meer bij. Er is niets bewaard.'
    : undefined;
}

/** Why the report cannot be closed now, or undefined when it can. */
export function closeRefusal(state: ReportState): string | undefined {
  return state === 'closed' ? 'Deze melding is al afgesloten. Er is niets gewijzigd.' : undefined;
}

/** The list's filter: the open reports (new or in follow-up), the closed ones, or all. */
export const reportFilters = ['open', 'closed', 'all'] as const;
export type ReportFilter = (typeof reportFilters)[number];

/** The states each filter shows. */
export const reportFilterStates: Record<ReportFilter, readonly ReportState[]> = {
  open: ['new', 'following_up'],
  closed: ['closed'],
  all: reportStates,
};
