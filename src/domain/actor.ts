/** Who did something, as history and audit rows record it. */
export interface Actor {
  type: 'provider' | 'department' | 'entrepreneur' | 'agency' | 'system' | 'anonymous';
  id: number | null;
  label: string;
}

/** The nightly runs and other work nobody signed in for. */
export const systemActor: Actor = { type: 'system', id: null, label: 'Systeem' };
