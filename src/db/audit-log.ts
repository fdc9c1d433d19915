import type { Knex } from 'knex';
import type { Actor } from '../domain/actor.js';

/**
 * The kinds of thing the audit log speaks of. An action is always
 * `<entity type>.<verb>`, in English snake_case: `project.annul`,
 * `establishment.create`, `provider_account.change_login`. The status
 * machines' rows follow it by construction (`registration.approve`).
 */
export type AuditEntityType =
  | 'api_token'
  | 'bank_movement'
  | 'bank_statement'
  | 'bank_statement_import'
  | 'company'
  | 'department'
  | 'establishment'
  | 'mail'
  | 'payout_batch'
  | 'person'
  | 'project'
  | 'project_report'
  | 'provider_account'
  | 'provider_organisation'
  | 'registration'
  | 'rule_parameter';

export type AuditAction<E extends AuditEntityType = AuditEntityType> = `${E}.${string}`;

export interface AuditEntry<E extends AuditEntityType = AuditEntityType> {
  actor: Actor;
  action: AuditAction<E>;
  entityType: E;
  entityId: string | number;
  details?: Record<string, unknown>;
  requestId?: string;
}

const ACTION_SHAPE = /^([a-z]+(?:_[a-z]+)*)\.([a-z]+(?:_[a-z]+)*)$/;

/** Whether an action name follows the convention for its entity type. */
export function isConventionalAuditAction(action: string, entityType: string): boolean {
  const match = ACTION_SHAPE.exec(action);
  return match !== null && match[1] === entityType;
}

/** Writes one audit row; call it with the transaction of the change it records. */
export async function recordAudit<E extends AuditEntityType>(
  db: Knex | Knex.Transaction,
  entry: AuditEntry<E>,
): Promise<void> {
  if (!isConventionalAuditAction(entry.action, entry.entityType)) {
    throw new Error(`audit action "${entry.action}" is not "${entry.entityType}.<verb>" in snake_case`);
  }
  await db('audit_log').insert({
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    actor_label: entry.actor.label,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: String(entry.entityId),
    details: JSON.stringify(entry.details ?? {}),
    request_id: entry.requestId ?? null,
  });
}
