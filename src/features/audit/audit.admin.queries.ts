import type { Knex } from 'knex';
import { verifyAuditChain, type AuditChainResult } from '../../db/audit-chain.js';
import { addDays } from '../../domain/dates.js';
import { containsPattern } from '../../db/name-search.js';
import type { AuditFilterChoices, AuditFilters } from './audit.admin.filters.js';
import { pageWindow } from '../../domain/pagination.js';

const AUDIT_ROWS_PER_PAGE = 50;

/** One row of the audit log as the agency's page shows it. */
export interface AuditListRow {
  id: number;
  position: number;
  occurredAt: Date;
  actorType: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
  /** The project's number when the row is about a project (its sheet's URL names it). */
  projectNumber: string | null;
}

/** The agency's read models of the audit log. */
export class AuditAdminQueries {
  constructor(private readonly db: Knex) {}

  /** A page of audit rows, newest first; a page beyond the last shows the last. */
  async list(
    filters: AuditFilters,
    requestedPage: number,
  ): Promise<{ rows: AuditListRow[]; total: number; page: number; pageCount: number }> {
    const base = () => {
      const query = this.db('audit_log');
      if (filters.actorContains) query.whereILike('actor_label', containsPattern(filters.actorContains));
      if (filters.entityType) query.where('entity_type', filters.entityType);
      if (filters.entityId) query.where('entity_id', filters.entityId);
      if (filters.action) query.where('action', filters.action);
      // A period is in Brussels days, both ends included.
      if (filters.from) {
        query.where(
          'occurred_at',
          '>=',
          this.db.raw(`?::timestamp at time zone 'Europe/Brussels'`, [filters.from]),
        );
      }
      if (filters.to) {
        query.where(
          'occurred_at',
          '<',
          this.db.raw(`?::timestamp at time zone 'Europe/Brussels'`, [addDays(filters.to, 1)]),
        );
      }
      return query;
    };
    const counted = await base().first<{ count: number }>(this.db.raw('count(*)::int as count'));
    const total = counted?.count ?? 0;
    const { page, pageCount, offset } = pageWindow(total, requestedPage, AUDIT_ROWS_PER_PAGE);
    const rows = (await base()
      .select({
        id: 'id',
        position: 'chain_seq',
        occurredAt: 'occurred_at',
        actorType: 'actor_type',
        actorLabel: 'actor_label',
        action: 'action',
        entityType: 'entity_type',
        entityId: 'entity_id',
        details: 'details',
      })
      .select(
        this.db.raw(
          `(select p.project_number from projects p where audit_log.entity_type = 'project' and p.id::text = audit_log.entity_id) as "projectNumber"`,
        ),
      )
      .orderBy('chain_seq', 'desc')
      .limit(AUDIT_ROWS_PER_PAGE)
      .offset(offset)) as (Omit<AuditListRow, 'id' | 'position'> & {
      id: string;
      position: string;
    })[];
    return {
      rows: rows.map((row) => ({ ...row, id: Number(row.id), position: Number(row.position) })),
      total,
      page,
      pageCount,
    };
  }

  /** The entity types and actions the log holds, for the filter's choices. */
  async choices(): Promise<AuditFilterChoices> {
    const [entityTypes, actions] = await Promise.all([
      this.db('audit_log').distinct('entity_type').orderBy('entity_type').pluck<string[]>('entity_type'),
      this.db('audit_log').distinct('action').orderBy('action').pluck<string[]>('action'),
    ]);
    return { entityTypes, actions };
  }

  /** Walks the whole hash chain (see db/audit-chain.ts). */
  verifyChain(): Promise<AuditChainResult> {
    return verifyAuditChain(this.db);
  }
}
