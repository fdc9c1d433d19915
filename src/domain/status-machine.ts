/**
 * A status machine as data: every allowed change is one row. Services apply a
 * row inside a transaction; presenters ask the same table which actions to
 * offer, so a page never shows a button the server would refuse.
 */
export type ActorKind = 'provider' | 'agency' | 'company' | 'system';

export interface Transition<S extends string, A extends string> {
  action: A;
  from: S;
  to: S;
  actor: ActorKind;
  /** The user must give a reason (stored in the history). */
  reasonRequired?: boolean;
  /** The user must add a proof document. */
  documentRequired?: boolean;
}

export interface StatusMachine<S extends string, A extends string> {
  statuses: readonly S[];
  labels: Record<S, string>;
  actionLabels: Record<A, string>;
  transitions: readonly Transition<S, A>[];
}

export function findTransition<S extends string, A extends string>(
  machine: StatusMachine<S, A>,
  from: S,
  action: A,
  actor: ActorKind,
): Transition<S, A> | undefined {
  return machine.transitions.find(
    (transition) => transition.from === from && transition.action === action && transition.actor === actor,
  );
}

/** The actions this actor may take on something in this status, in table order. */
export function availableTransitions<S extends string, A extends string>(
  machine: StatusMachine<S, A>,
  from: S,
  actor: ActorKind,
): Transition<S, A>[] {
  return machine.transitions.filter((transition) => transition.from === from && transition.actor === actor);
}
