import type { Knex } from 'knex';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { Service, TrainingKind } from '../../domain/services.js';
import { applyProjectScope, type ProjectScope } from './project-scope.js';

export interface ProjectDetail {
  id: number;
  projectNumber: string;
  status: ProjectStatus;
  verified: boolean;
  service: Service;
  title: string;
  trainingKind: TrainingKind | null;
  subtheme: string;
  hours: number;
  applicationDate: string;
  agreementDate: string;
  startDate: string;
  depositDeadline: string;
  projectAmountCents: number;
  ownContributionCents: number;
  subsidyCents: number;
  companyName: string;
  companyEnterpriseNumber: string;
  providerName: string;
  departmentName: string | null;
  registrationNumber: string | null;
  participants: { firstName: string; lastName: string }[];
  ledger: {
    depositedCents: number;
    subsidyCents: number;
    paidCents: number;
    refundedCents: number;
    balanceCents: number;
  };
  history: {
    at: Date;
    fromStatus: ProjectStatus | null;
    toStatus: ProjectStatus;
    actorLabel: string;
    reason: string | null;
  }[];
}

/** Read models of projects, always within a scope. */
export class ProjectQueries {
  constructor(private readonly db: Knex) {}

  async findDetail(scope: ProjectScope, projectNumber: string): Promise<ProjectDetail | undefined> {
    const query = this.db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .join('registrations as r', 'r.id', 'pr.registration_id')
      .where('pr.project_number', projectNumber)
      .first({
        id: 'pr.id',
        projectNumber: 'pr.project_number',
        status: 'pr.status',
        verified: 'pr.verified',
        service: 'pr.service',
        title: 'pr.title',
        trainingKind: 'pr.training_kind',
        subtheme: 'pr.subtheme',
        hours: this.db.raw('pr.hours::float8'),
        applicationDate: 'pr.application_date',
        agreementDate: 'pr.agreement_date',
        startDate: 'pr.start_date',
        depositDeadline: 'pr.deposit_deadline',
        projectAmountCents: 'pr.project_amount_cents',
        ownContributionCents: 'pr.own_contribution_cents',
        subsidyCents: 'pr.subsidy_cents',
        companyName: 'c.name',
        companyEnterpriseNumber: 'c.enterprise_number',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        registrationNumber: 'r.number',
      });
    const row = (await applyProjectScope(query, scope)) as
      Omit<ProjectDetail, 'participants' | 'ledger' | 'history'> | undefined;
    if (!row) return undefined;

    const [participants, ledgerRows, history] = await Promise.all([
      this.db('project_participants')
        .where({ project_id: row.id })
        .orderBy('position')
        .select({ firstName: 'first_name', lastName: 'last_name' }),
      this.db('ledger_entries')
        .where({ project_id: row.id })
        .groupBy('kind')
        .select<{ kind: string; total: number }[]>('kind', this.db.raw('sum(amount_cents)::bigint as total')),
      this.db('project_history')
        .where({ project_id: row.id })
        .orderBy([{ column: 'created_at' }, { column: 'id' }])
        .select({
          at: 'created_at',
          fromStatus: 'from_status',
          toStatus: 'to_status',
          actorLabel: 'actor_label',
          reason: 'reason',
        }),
    ]);
    const total = (kind: string) => ledgerRows.find((entry) => entry.kind === kind)?.total ?? 0;
    const ledger = {
      depositedCents: total('eigen_bijdrage'),
      subsidyCents: total('subsidie'),
      paidCents: -total('betaling_dienstverlener'),
      refundedCents: -(total('terugbetaling') + total('subsidie_terug')),
      balanceCents: ledgerRows.reduce((sum, entry) => sum + entry.total, 0),
    };
    return { ...row, participants, ledger, history };
  }
}
