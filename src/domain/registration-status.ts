/** Registration statuses with the codes and meanings of the status legend. */
export const registrationStatuses = ['A', 'G', 'G/V', 'N', 'L', 'L/H', 'S', 'U', 'T'] as const;

export type RegistrationStatus = (typeof registrationStatuses)[number];

export const registrationStatusLabels: Record<RegistrationStatus, string> = {
  A: 'Aangevraagd',
  G: 'Goedgekeurd',
  'G/V': 'Goedgekeurd, verlenging aangevraagd',
  N: 'Geweigerd',
  L: 'Verlopen',
  'L/H': 'Verlopen, herregistratie aangevraagd',
  S: 'Geschorst',
  U: 'Uitgesloten',
  T: 'Gestopt',
};

/** Only these registrations can be chosen in a new project application. */
export const selectableRegistrationStatuses: readonly RegistrationStatus[] = ['G', 'G/V'];
