import type { StatusMachine } from './status-machine.js';

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

/** Statuses of a request still waiting for the agency: one at a time per service and level. */
export const openRequestStatuses: readonly RegistrationStatus[] = ['A', 'G/V', 'L/H'];

/**
 * A conditional registration (2 years) is for a starting provider's first
 * request only; a renewal or a re-registration is approved for the full term.
 */
export function mayApproveConditionally(status: RegistrationStatus): boolean {
  return status === 'A';
}

/** Statuses that count as an active service on the overview ("alleen actieve diensten"). */
export const activeRegistrationStatuses: readonly RegistrationStatus[] = ['A', 'G', 'G/V', 'L/H', 'S'];

export const registrationActions = [
  'approve',
  'refuse',
  'withdraw',
  'request_renewal',
  'renew',
  'expire',
  'request_reregistration',
  'suspend',
  'lift_suspension',
  'exclude',
  'stop',
] as const;

export type RegistrationAction = (typeof registrationActions)[number];

/**
 * DESIGN.md: A → G | N | T; G → G/V → G (renewed, same number); G → L (expiry
 * date passed) → L/H → G | N; G ↔ S; G | S → U; G → T.
 */
export const registrationMachine: StatusMachine<RegistrationStatus, RegistrationAction> = {
  statuses: registrationStatuses,
  labels: registrationStatusLabels,
  actionLabels: {
    approve: 'Goedkeuren',
    refuse: 'Weigeren',
    withdraw: 'Aanvraag intrekken',
    request_renewal: 'Verlenging aanvragen',
    renew: 'Verlenging goedkeuren',
    expire: 'Laten verlopen',
    request_reregistration: 'Herregistratie aanvragen',
    suspend: 'Schorsen',
    lift_suspension: 'Schorsing opheffen',
    exclude: 'Uitsluiten',
    stop: 'Registratie stopzetten',
  },
  transitions: [
    { action: 'approve', from: 'A', to: 'G', actor: 'agency' },
    { action: 'refuse', from: 'A', to: 'N', actor: 'agency', reasonRequired: true },
    { action: 'withdraw', from: 'A', to: 'T', actor: 'provider' },
    { action: 'request_renewal', from: 'G', to: 'G/V', actor: 'provider' },
    { action: 'renew', from: 'G/V', to: 'G', actor: 'agency' },
    { action: 'expire', from: 'G', to: 'L', actor: 'system' },
    { action: 'request_reregistration', from: 'L', to: 'L/H', actor: 'provider' },
    { action: 'approve', from: 'L/H', to: 'G', actor: 'agency' },
    { action: 'refuse', from: 'L/H', to: 'N', actor: 'agency', reasonRequired: true },
    { action: 'suspend', from: 'G', to: 'S', actor: 'agency', reasonRequired: true },
    { action: 'lift_suspension', from: 'S', to: 'G', actor: 'agency' },
    { action: 'exclude', from: 'G', to: 'U', actor: 'agency', reasonRequired: true },
    { action: 'exclude', from: 'S', to: 'U', actor: 'agency', reasonRequired: true },
    { action: 'stop', from: 'G', to: 'T', actor: 'provider', reasonRequired: true },
  ],
};
