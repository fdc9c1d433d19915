/**
 * Project statuses, by their official names (users and staff know them so).
 * The transitions between them are added with the reactions (issue 5).
 */
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
