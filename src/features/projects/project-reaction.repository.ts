import type { Knex } from 'knex';
import { insertDocument, type StoredDocument } from '../../db/documents.js';
import { companyMailAddresses } from './company-recipients.js';
import { providerRecipients } from './provider-recipients.js';
import type { ProjectReactionFacts } from '../../domain/project-reactions.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { UploadedDocument } from '../../domain/documents.js';
import type { Actor } from '../../domain/actor.js';
import { applyProjectScope, type ProjectScope } from './project-scope.js';

export interface ProjectInScope {
  id: number;
  projectNumber: string;
  status: ProjectStatus;
}

/** What the mails about a project name: the project, the company and the provider with their addresses. */
export interface ProjectMailContext {
  projectNumber: string;
  title: string;
  companyName: string;
  companyEnterpriseNumber: string;
  companyEmails: string[];
  providerName: string;
  departmentName: string | null;
  /** The provider's recipients: `providerRecipients` (head office, and the department if any). */
  providerEmails: string[];
}

/**
 * Reads and writes of the provider's reactions to a project: the project in
 * scope, the facts its guards need, proof documents and reports.
 */
export class ProjectReactionRepository {
  constructor(private readonly db: Knex) {}

  /** The project with this number, if the scope may see it. */
  async findInScope(
    scope: ProjectScope,
    projectNumber: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<ProjectInScope | undefined> {
    const query = db('projects as pr')
      .where('pr.project_number', projectNumber)
      .first({ id: 'pr.id', projectNumber: 'pr.project_number', status: 'pr.status' });
    return (await applyProjectScope(query, scope)) as ProjectInScope | undefined;
  }

  /** Locks the project row for the rest of the transaction and returns its status. */
  async lock(trx: Knex.Transaction, projectId: number): Promise<ProjectStatus> {
    const row = await trx('projects')
      .where({ id: projectId })
      .forUpdate()
      .first<{ status: ProjectStatus }>('status');
    if (!row) throw new Error(`project ${projectId} vanished`);
    return row.status;
  }

  /** The ledger and report facts the reaction guards look at. */
  async facts(
    projectId: number,
    status: ProjectStatus,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<ProjectReactionFacts> {
    // One after another: `db` may be a transaction, whose one connection runs one query at a time.
    const ledger = await db('ledger_entries')
      .where({ project_id: projectId })
      .first<{ deposits: number; balance: number | null }>(
        db.raw("count(*) filter (where kind = 'eigen_bijdrage')::int as deposits"),
        db.raw('sum(amount_cents)::bigint as balance'),
      );
    const openReport = await db('project_reports')
      .where({ project_id: projectId })
      .whereNull('handled_at')
      .first<{ id: number } | undefined>('id');
    return {
      status,
      ownContributionDeposited: (ledger?.deposits ?? 0) > 0,
      balanceCents: ledger?.balance ?? 0,
      hasOpenReport: openReport !== undefined,
    };
  }

  async insertDocument(trx: Knex.Transaction, document: UploadedDocument, actor: Actor): Promise<number> {
    return insertDocument(trx, document, actor);
  }

  async insertReport(
    trx: Knex.Transaction,
    projectId: number,
    reason: string,
    actor: Actor,
  ): Promise<number> {
    const [row] = await trx('project_reports')
      .insert({
        project_id: projectId,
        reason,
        reported_by_type: actor.type,
        reported_by_id: actor.id,
        reported_by_label: actor.label,
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('project report insert returned no row');
    return row.id;
  }

  /**
   * A document that one of the project's history rows refers to, if the scope
   * may see the project: the provider's download, and the agency's (scope agency).
   */
  async findHistoryDocument(
    scope: ProjectScope,
    projectNumber: string,
    documentId: number,
  ): Promise<StoredDocument | undefined> {
    const query = this.db('documents as doc')
      .join('project_history as ph', 'ph.document_id', 'doc.id')
      .join('projects as pr', 'pr.id', 'ph.project_id')
      .where({ 'pr.project_number': projectNumber, 'doc.id': documentId })
      .first({
        id: 'doc.id',
        filename: 'doc.filename',
        contentType: 'doc.content_type',
        content: 'doc.content',
      });
    return (await applyProjectScope(query, scope)) as StoredDocument | undefined;
  }

  async mailContext(trx: Knex.Transaction, projectId: number): Promise<ProjectMailContext> {
    const row = await trx('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .where('pr.id', projectId)
      .first<{
        projectNumber: string;
        title: string;
        companyId: number;
        companyName: string;
        companyEnterpriseNumber: string;
        companyEmail: string | null;
        providerName: string;
        providerEmail: string;
        departmentName: string | null;
        departmentEmail: string | null;
      }>({
        projectNumber: 'pr.project_number',
        title: 'pr.title',
        companyId: 'c.id',
        companyName: 'c.name',
        companyEnterpriseNumber: 'c.enterprise_number',
        companyEmail: 'c.email',
        providerName: 'p.legal_name',
        providerEmail: 'p.contact_email',
        departmentName: 'd.name',
        departmentEmail: 'd.contact_email',
      });
    if (!row) throw new Error(`project ${projectId} vanished`);
    const companyEmails = await companyMailAddresses(trx, row.companyId, row.companyEmail);
    return {
      projectNumber: row.projectNumber,
      title: row.title,
      companyName: row.companyName,
      companyEnterpriseNumber: row.companyEnterpriseNumber,
      companyEmails,
      providerName: row.providerName,
      departmentName: row.departmentName,
      providerEmails: providerRecipients(row.providerEmail, row.departmentEmail),
    };
  }
}
