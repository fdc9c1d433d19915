import type { Knex } from 'knex';
import type { CompanySize } from '../../domain/subsidy-terms.js';

/** The parties of a row of the agency's project search, beyond what the overview's row holds. */
export interface ProjectParties {
  companyEnterpriseNumber: string;
  providerName: string;
  departmentName: string | null;
}

/** What the agency's project sheet shows beyond ProjectQueries.findDetail. */
export interface ProjectAdminFacts {
  companyId: number;
  providerId: number;
  providerEnterpriseNumber: string;
  registrationId: number;
  structuredCommunication: string;
  naceCode: string;
  companySize: CompanySize;
  subsidyRateBp: number;
  registrationCostCents: number;
  /** The report the agency has not closed yet (one at most). */
  openReportId: number | null;
}

/**
 * The agency's read models of projects that ProjectQueries does not give: the
 * agency sees every project, so nothing here is scoped. The list, its filters,
 * count and pages, and the sheet itself are ProjectQueries' (agency scope).
 */
export class ProjectAdminQueries {
  constructor(private readonly db: Knex) {}

  /** The parties of these projects, by project id. */
  async parties(projectIds: readonly number[]): Promise<Map<number, ProjectParties>> {
    if (projectIds.length === 0) return new Map();
    const rows: (ProjectParties & { id: number })[] = await this.db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .whereIn('pr.id', [...projectIds])
      .select({
        id: 'pr.id',
        companyEnterpriseNumber: 'c.enterprise_number',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
      });
    return new Map(rows.map(({ id, ...parties }) => [id, parties]));
  }

  async facts(projectId: number): Promise<ProjectAdminFacts> {
    const row = await this.db('projects as pr')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where('pr.id', projectId)
      .select({
        companyId: 'pr.company_id',
        providerId: 'pr.provider_id',
        providerEnterpriseNumber: 'p.enterprise_number',
        registrationId: 'pr.registration_id',
        structuredCommunication: 'pr.structured_communication',
        naceCode: 'pr.nace_code',
        companySize: 'pr.company_size',
        subsidyRateBp: 'pr.subsidy_rate_bp',
        registrationCostCents: 'pr.registration_cost_cents',
      })
      .select(
        this.db.raw(
          `(select r.id from project_reports r
             where r.project_id = pr.id and r.handled_at is null) as "openReportId"`,
        ),
      )
      .first<ProjectAdminFacts | undefined>();
    if (!row) throw new Error(`project ${projectId} vanished`);
    return row;
  }
}
