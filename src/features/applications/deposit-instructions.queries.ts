import type { Knex } from 'knex';
import { todayInBrussels, type IsoDate } from '../../domain/dates.js';
import { completionDeadlineInForce } from '../../domain/application-rules.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';

/** Money that reached (or left) the project's ledger: the total and the last day it was booked. */
export interface Booking {
  amountCents: number;
  bookedOn: IsoDate;
}

/**
 * What steps 5 and 6 of the application need to know about one project of the
 * signed-in company: the figures to deposit, and how far the money has come.
 */
export interface DepositFacts {
  projectNumber: string;
  title: string;
  status: ProjectStatus;
  companyName: string;
  providerName: string;
  departmentName: string | null;
  applicationDate: IsoDate;
  depositDeadline: IsoDate;
  projectAmountCents: number;
  ownContributionCents: number;
  subsidyCents: number;
  /** 12 digits; formatted `+++123/4567/89012+++` for the user. */
  structuredCommunication: string;
  /** The own contribution received (ledger `eigen_bijdrage`), or null before the deposit. */
  deposit: Booking | null;
  /** The subsidy added by the government (ledger `subsidie`), or null. */
  subsidy: Booking | null;
  /** Paid to the provider from the wallet (a positive total), or null when nothing was paid. */
  payments: Booking | null;
  /** Own contribution paid back to the company (a positive total), or null. */
  refund: Booking | null;
  /** What is left in the project's wallet. */
  balanceCents: number;
  /** The day (in Brussels) the project reached its current status; null when the history has no row for it. */
  statusSince: IsoDate | null;
  /** The last day to finish and pay the services (undefined when no rule applied on the application date). */
  completionDeadline: IsoDate | undefined;
}

interface ProjectRow {
  id: number;
  projectNumber: string;
  title: string;
  status: ProjectStatus;
  companyName: string;
  providerName: string;
  departmentName: string | null;
  applicationDate: IsoDate;
  depositDeadline: IsoDate;
  projectAmountCents: number;
  ownContributionCents: number;
  subsidyCents: number;
  structuredCommunication: string;
}

interface LedgerTotal {
  kind: string;
  total: number;
  lastBookedOn: IsoDate;
}

/** Read model of the deposit instructions and next steps, always scoped to one company. */
export class DepositInstructionsQueries {
  constructor(private readonly db: Knex) {}

  /** The project with this number of this company; undefined for an unknown or another company's project. */
  async find(companyId: number, projectNumber: string): Promise<DepositFacts | undefined> {
    const project: ProjectRow | undefined = await this.db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .where({ 'pr.project_number': projectNumber, 'pr.company_id': companyId })
      .first({
        id: 'pr.id',
        projectNumber: 'pr.project_number',
        title: 'pr.title',
        status: 'pr.status',
        companyName: 'c.name',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        applicationDate: 'pr.application_date',
        depositDeadline: 'pr.deposit_deadline',
        projectAmountCents: 'pr.project_amount_cents',
        ownContributionCents: 'pr.own_contribution_cents',
        subsidyCents: 'pr.subsidy_cents',
        structuredCommunication: 'pr.structured_communication',
      });
    if (!project) return undefined;

    const [ledger, statusChange, completionRules] = await Promise.all([
      this.db('ledger_entries')
        .where({ project_id: project.id })
        .groupBy('kind')
        .select(
          'kind',
          this.db.raw('sum(amount_cents)::bigint as total'),
          this.db.raw('max(booked_on) as "lastBookedOn"'),
        ) as Promise<LedgerTotal[]>,
      this.db('project_history')
        .where({ project_id: project.id, to_status: project.status })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first<{ createdAt: Date } | undefined>({ createdAt: 'created_at' }),
      this.db('rule_parameters')
        .where({ key: 'completion_deadline_years' })
        .where('valid_from', '<=', project.applicationDate)
        .select<RuleParameterRow[]>('key', 'valid_from', 'value'),
    ]);

    const booking = (kind: string, sign: 1 | -1): Booking | null => {
      const entry = ledger.find((row) => row.kind === kind);
      return entry ? { amountCents: sign * entry.total, bookedOn: entry.lastBookedOn } : null;
    };
    const { id: _id, ...facts } = project;
    return {
      ...facts,
      deposit: booking('eigen_bijdrage', 1),
      subsidy: booking('subsidie', 1),
      payments: booking('betaling_dienstverlener', -1),
      refund: booking('terugbetaling', -1),
      balanceCents: ledger.reduce((sum, row) => sum + row.total, 0),
      statusSince: statusChange ? todayInBrussels(statusChange.createdAt) : null,
      completionDeadline: completionDeadlineInForce(completionRules, project.applicationDate),
    };
  }
}
