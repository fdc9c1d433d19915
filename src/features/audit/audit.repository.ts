import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';

export interface Actor {
  type: 'provider' | 'department' | 'entrepreneur' | 'agency' | 'system' | 'anonymous';
  id: number | null;
  label: string;
}

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'provider':
      return { type: 'provider', id: principal.accountId, label: principal.displayName };
    case 'department':
    case 'entrepreneur':
    case 'agency':
      return { type: principal.kind, id: principal.personId, label: principal.displayName };
  }
}

export const systemActor: Actor = { type: 'system', id: null, label: 'Systeem' };

export interface AuditEntry {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string | number;
  details?: Record<string, unknown>;
  requestId?: string;
}

/** Writes one audit row; call it with the transaction of the change it records. */
export async function recordAudit(db: Knex | Knex.Transaction, entry: AuditEntry): Promise<void> {
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
