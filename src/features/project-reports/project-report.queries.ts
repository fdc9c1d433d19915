import type { Knex } from 'knex';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { ReportFilter } from '../../domain/project-report-state.js';
import type { Service } from '../../domain/subsidy-terms.js';
import { applyProjectScope, type ProjectScope } from '../projects/project-scope.js';

/** One row of the agency's list of reports. */
export interface ReportListRow {
  id: number;
  projectNumber: string;
  companyName: string;
  providerName: string;
  departmentName: string | null;
  reason: string;
  createdAt: Date;
  handledAt: Date | null;
  noteCount: number;
}

export interface ReportNote {
  text: string;
  authorLabel: string;
  createdAt: Date;
}

/** One report as the agency's detail page shows it, with its project's key facts. */
export interface ReportDetail extends ReportListRow {
  reportedByLabel: string;
  handledByLabel: string | null;
  closingNote: string | null;
  project: {
    status: ProjectStatus;
    title: string;
    service: Service;
    companyEnterpriseNumber: string;
    applicationDate: string;
    projectAmountCents: number;
    subsidyCents: number;
  };
  /** Oldest first: the newest note is the last. */
  notes: ReportNote[];
}

/** A report as the provider sees it on its project's page. */
export interface ProviderReport {
  reason: string;
  createdAt: Date;
  handledAt: Date | null;
  closingNote: string | null;
  noteCount: number;
}

/** The detail's row before its project facts are grouped. */
type DetailRow = ReportListRow &
  Pick<ReportDetail, 'reportedByLabel' | 'handledByLabel' | 'closingNote'> &
  Omit<ReportDetail['project'], 'status'> & { projectStatus: ProjectStatus };

const noteCount = (db: Knex) =>
  db.raw('(select count(*)::int from project_report_notes n where n.report_id = rep.id) as "noteCount"');

/** The read models of the providers' reports: the agency's list and detail, the provider's project page. */
export class ProjectReportQueries {
  constructor(private readonly db: Knex) {}

  private listQuery() {
    return this.db('project_reports as rep')
      .join('projects as pr', 'pr.id', 'rep.project_id')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .select({
        id: 'rep.id',
        projectNumber: 'pr.project_number',
        companyName: 'c.name',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        reason: 'rep.reason',
        createdAt: 'rep.created_at',
        handledAt: 'rep.handled_at',
      })
      .select(noteCount(this.db));
  }

  /** The reports of the filter: the open ones first, each part oldest first. */
  async list(filter: ReportFilter): Promise<ReportListRow[]> {
    const query = this.listQuery().orderByRaw('rep.handled_at is null desc, rep.created_at asc, rep.id asc');
    if (filter === 'open') query.whereNull('rep.handled_at');
    if (filter === 'closed') query.whereNotNull('rep.handled_at');
    return (await query) as ReportListRow[];
  }

  /** How many reports are not closed yet. */
  async openCount(): Promise<number> {
    const row = await this.db('project_reports')
      .whereNull('handled_at')
      .first<{ count: number }>(this.db.raw('count(*)::int as count'));
    return row?.count ?? 0;
  }

  async find(id: number): Promise<ReportDetail | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const row = await this.listQuery().where('rep.id', id).first<DetailRow | undefined>({
      reportedByLabel: 'rep.reported_by_label',
      handledByLabel: 'rep.handled_by_label',
      closingNote: 'rep.closing_note',
      projectStatus: 'pr.status',
      title: 'pr.title',
      service: 'pr.service',
      companyEnterpriseNumber: 'c.enterprise_number',
      applicationDate: 'pr.application_date',
      projectAmountCents: 'pr.project_amount_cents',
      subsidyCents: 'pr.subsidy_cents',
    });
    if (!row) return undefined;
    const notes = await this.db('project_report_notes')
      .where({ report_id: id })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select<ReportNote[]>({ text: 'text', authorLabel: 'author_label', createdAt: 'created_at' });
    return {
      id: row.id,
      projectNumber: row.projectNumber,
      companyName: row.companyName,
      providerName: row.providerName,
      departmentName: row.departmentName,
      reason: row.reason,
      createdAt: row.createdAt,
      handledAt: row.handledAt,
      noteCount: row.noteCount,
      reportedByLabel: row.reportedByLabel,
      handledByLabel: row.handledByLabel,
      closingNote: row.closingNote,
      project: {
        status: row.projectStatus,
        title: row.title,
        service: row.service,
        companyEnterpriseNumber: row.companyEnterpriseNumber,
        applicationDate: row.applicationDate,
        projectAmountCents: row.projectAmountCents,
        subsidyCents: row.subsidyCents,
      },
      notes,
    };
  }

  /**
   * The reports of one project, oldest first, if the scope may see the
   * project: another provider's (or department's) project gives none.
   */
  async forProject(scope: ProjectScope, projectNumber: string): Promise<ProviderReport[]> {
    const query = this.db('project_reports as rep')
      .join('projects as pr', 'pr.id', 'rep.project_id')
      .where('pr.project_number', projectNumber)
      .orderBy([{ column: 'rep.created_at' }, { column: 'rep.id' }])
      .select({
        reason: 'rep.reason',
        createdAt: 'rep.created_at',
        handledAt: 'rep.handled_at',
        closingNote: 'rep.closing_note',
      })
      .select(noteCount(this.db));
    return (await applyProjectScope(query, scope)) as ProviderReport[];
  }
}
