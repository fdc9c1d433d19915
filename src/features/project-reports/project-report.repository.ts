import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import { providerRecipients } from '../projects/provider-recipients.js';

/** A report as its follow-up sees it, read under a row lock. */
export interface LockedReport {
  id: number;
  projectId: number;
  handledAt: Date | null;
  noteCount: number;
}

/** What the mail to the provider about its closed report names. */
export interface ReportMailContext {
  projectNumber: string;
  projectStatus: ProjectStatus;
  title: string;
  companyName: string;
  companyEnterpriseNumber: string;
  providerName: string;
  departmentName: string | null;
  reason: string;
  reportedAt: Date;
  /** The head office's address, and the department's when the project is a department's; no duplicates. */
  providerEmails: string[];
}

/**
 * The writes of the agency's follow-up of a report: the row lock, follow-up
 * notes and the close (handled_at, handled_by and the closing note).
 */
export class ProjectReportRepository {
  /** Locks the report for the rest of the transaction; undefined when there is no such report. */
  async lock(trx: Knex.Transaction, reportId: number): Promise<LockedReport | undefined> {
    if (!Number.isSafeInteger(reportId) || reportId <= 0) return undefined;
    const row = await trx('project_reports')
      .where({ id: reportId })
      .forUpdate()
      .first<{ id: number; projectId: number; handledAt: Date | null } | undefined>({
        id: 'id',
        projectId: 'project_id',
        handledAt: 'handled_at',
      });
    if (!row) return undefined;
    const counted = await trx('project_report_notes')
      .where({ report_id: reportId })
      .first<{ count: number }>(trx.raw('count(*)::int as count'));
    return { ...row, noteCount: counted?.count ?? 0 };
  }

  async insertNote(trx: Knex.Transaction, reportId: number, text: string, author: Actor): Promise<number> {
    const [row] = await trx('project_report_notes')
      .insert({ report_id: reportId, text, author_id: author.id, author_label: author.label })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('project report note insert returned no row');
    return row.id;
  }

  /**
   * Closes an open report. False (nothing written) when it is closed already:
   * the guard on handled_at makes a concurrent second close change nothing.
   */
  async close(trx: Knex.Transaction, reportId: number, closingNote: string, by: Actor): Promise<boolean> {
    const rows = await trx('project_reports')
      .where({ id: reportId })
      .whereNull('handled_at')
      .update({
        handled_at: trx.fn.now(),
        handled_by_id: by.id,
        handled_by_label: by.label,
        closing_note: closingNote,
      })
      .returning('id');
    return rows.length === 1;
  }

  async mailContext(trx: Knex.Transaction, reportId: number): Promise<ReportMailContext> {
    const row = await trx('project_reports as rep')
      .join('projects as pr', 'pr.id', 'rep.project_id')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .where('rep.id', reportId)
      .first<
        | (Omit<ReportMailContext, 'providerEmails'> & {
            providerEmail: string;
            departmentEmail: string | null;
          })
        | undefined
      >({
        projectNumber: 'pr.project_number',
        projectStatus: 'pr.status',
        title: 'pr.title',
        companyName: 'c.name',
        companyEnterpriseNumber: 'c.enterprise_number',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        reason: 'rep.reason',
        reportedAt: 'rep.created_at',
        providerEmail: 'p.contact_email',
        departmentEmail: 'd.contact_email',
      });
    if (!row) throw new Error(`project report ${reportId} vanished`);
    const { providerEmail, departmentEmail, ...context } = row;
    return { ...context, providerEmails: providerRecipients(providerEmail, departmentEmail) };
  }
}
