import type { Knex } from 'knex';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../domain/errors.js';
import {
  findTransition,
  type ActorKind,
  type StatusMachine,
  type Transition,
} from '../domain/status-machine.js';
import { recordAudit, type AuditEntityType } from './audit-log.js';
import type { Actor } from '../domain/actor.js';

/** Where a machine's rows and their history live. */
export interface StatusStore {
  table: string;
  historyTable: string;
  historyForeignKey: string;
  entityType: AuditEntityType;
  /** Dutch noun for messages: "deze registratie", "dit project". */
  noun: string;
}

export interface TransitionRequest<S extends string, A extends string> {
  id: number;
  action: A;
  actorKind: ActorKind;
  actor: Actor;
  /** The status the user saw; a different current status means the page was stale. */
  expectedFrom?: S;
  reason?: string;
  documentId?: number;
  /** Other columns to set with the status (e.g. number and validity on approval). */
  changes?: (transition: Transition<S, A>, row: Record<string, unknown>) => Record<string, unknown>;
  requestId?: string;
  /** More facts for the audit row, beside the status change (e.g. the amounts a stop books). */
  auditDetails?: Record<string, unknown>;
}

/**
 * Applies one row of a status machine inside the caller's transaction: locks
 * the row, checks the table, writes the new status guarded by the old one, a
 * history row and an audit row. Refuses anything not in the table with a
 * Dutch message; of two concurrent requests only the first succeeds.
 */
export async function applyStatusTransition<S extends string, A extends string>(
  trx: Knex.Transaction,
  machine: StatusMachine<S, A>,
  store: StatusStore,
  request: TransitionRequest<S, A>,
): Promise<{ from: S; to: S; row: Record<string, unknown> }> {
  const row = (await trx(store.table).where({ id: request.id }).forUpdate().first()) as
    (Record<string, unknown> & { status: S }) | undefined;
  if (!row) throw new NotFoundError();
  const from = row.status;
  const actionLabel = machine.actionLabels[request.action].toLowerCase();

  if (request.expectedFrom !== undefined && request.expectedFrom !== from) {
    throw new ConflictError(
      `${capitalise(store.noun)} heeft intussen de status "${machine.labels[from]}". "${machine.actionLabels[request.action]}" kan daardoor niet meer. Bekijk de actuele gegevens.`,
    );
  }
  const transition = findTransition(machine, from, request.action, request.actorKind);
  if (!transition) {
    throw new InvalidTransitionError(
      `U kunt ${store.noun} met de status "${machine.labels[from]}" niet ${actionLabel}.`,
    );
  }
  const reason = request.reason?.trim() ?? '';
  if (transition.reasonRequired && reason === '') {
    throw new InvalidTransitionError(`Geef een reden op om ${store.noun} te ${actionLabel}.`);
  }
  if (transition.documentRequired && request.documentId === undefined) {
    throw new InvalidTransitionError(`Voeg een bewijsstuk toe om ${store.noun} te ${actionLabel}.`);
  }

  const updated = await trx(store.table)
    .where({ id: request.id, status: from })
    .update({
      status: transition.to,
      updated_at: trx.fn.now(),
      ...(request.changes?.(transition, row) ?? {}),
    });
  if (updated !== 1) throw new ConflictError();

  await trx(store.historyTable).insert({
    [store.historyForeignKey]: request.id,
    from_status: from,
    to_status: transition.to,
    action: request.action,
    actor_type: request.actor.type,
    actor_id: request.actor.id,
    actor_label: request.actor.label,
    reason: reason === '' ? null : reason,
    document_id: request.documentId ?? null,
  });
  await recordAudit(trx, {
    actor: request.actor,
    action: `${store.entityType}.${request.action}` as const,
    entityType: store.entityType,
    entityId: request.id,
    details: {
      status: { old: from, new: transition.to },
      ...(reason ? { reason } : {}),
      ...(request.documentId !== undefined ? { documentId: request.documentId } : {}),
      ...request.auditDetails,
    },
    requestId: request.requestId,
  });
  return { from, to: transition.to, row };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
