import type { StatusMachine } from './status-machine.js';

/** Project statuses, by their official names (users and staff know them so). */
export const projectStatuses = [
  'Bevestigd',
  'Lopend',
  'Afgewerkt',
  'ProjectGeannuleerd',
  'Vervallen',
  'StopzettingAangevraagd',
  'Stopgezet',
] as const;

export type ProjectStatus = (typeof projectStatuses)[number];

export const projectStatusLabels: Record<ProjectStatus, string> = {
  Bevestigd: 'Bevestigd',
  Lopend: 'Lopend',
  Afgewerkt: 'Afgewerkt',
  ProjectGeannuleerd: 'Project geannuleerd',
  Vervallen: 'Vervallen',
  StopzettingAangevraagd: 'Stopzetting aangevraagd',
  Stopgezet: 'Stopgezet',
};

/** The actions of the project history, named as in the demo data (seeds/demo-plan.ts). */
export const projectActions = [
  'receive_deposit',
  'complete',
  'annul',
  'cancel',
  'lapse',
  'request_stop',
  'confirm_stop',
  'refuse_stop',
] as const;

export type ProjectAction = (typeof projectActions)[number];

/**
 * DESIGN.md: Bevestigd → Lopend (own contribution received) → Afgewerkt (paid
 * out); Bevestigd → ProjectGeannuleerd (provider annuls, or the company
 * cancels); Bevestigd → Vervallen (deposit deadline passed); Lopend →
 * StopzettingAangevraagd (provider) → Stopgezet (agency confirms) or back to
 * Lopend (agency refuses). The guards that look at the ledger (annul only
 * before the deposit, stop only with a balance left) are in project-reactions.ts.
 */
export const projectMachine: StatusMachine<ProjectStatus, ProjectAction> = {
  statuses: projectStatuses,
  labels: projectStatusLabels,
  actionLabels: {
    receive_deposit: 'Eigen bijdrage ontvangen',
    complete: 'Afwerken',
    annul: 'Annuleren',
    cancel: 'Aanvraag intrekken',
    lapse: 'Laten vervallen',
    request_stop: 'Stopzetting aanvragen',
    confirm_stop: 'Stopzetting bevestigen',
    refuse_stop: 'Stopzetting weigeren',
  },
  transitions: [
    { action: 'receive_deposit', from: 'Bevestigd', to: 'Lopend', actor: 'system' },
    // Paid out: by the nightly run, or at once when the company pays the last invoice.
    { action: 'complete', from: 'Lopend', to: 'Afgewerkt', actor: 'system' },
    { action: 'complete', from: 'Lopend', to: 'Afgewerkt', actor: 'company' },
    { action: 'annul', from: 'Bevestigd', to: 'ProjectGeannuleerd', actor: 'provider', reasonRequired: true },
    { action: 'cancel', from: 'Bevestigd', to: 'ProjectGeannuleerd', actor: 'company' },
    { action: 'lapse', from: 'Bevestigd', to: 'Vervallen', actor: 'system' },
    {
      action: 'request_stop',
      from: 'Lopend',
      to: 'StopzettingAangevraagd',
      actor: 'provider',
      reasonRequired: true,
      documentRequired: true,
    },
    { action: 'confirm_stop', from: 'StopzettingAangevraagd', to: 'Stopgezet', actor: 'agency' },
    {
      action: 'refuse_stop',
      from: 'StopzettingAangevraagd',
      to: 'Lopend',
      actor: 'agency',
      reasonRequired: true,
    },
  ],
};
