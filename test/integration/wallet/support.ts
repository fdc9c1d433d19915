import type { Knex } from 'knex';
import type { ProjectStatus } from '../../../src/domain/project-status.js';
import type { TestApp } from '../../support/app.js';
import { newAgent, signInWithSaml, type Agent } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';
import type { DemoProject } from '../../support/projects.js';

/**
 * Shared helpers of the wallet tests: the demo companies, signing in as their
 * entrepreneur, and demo projects found by SQL (never a hard-coded number).
 */

export const SMALL_COMPANY = 'Testonderneming_A en B';
export const MEDIUM_COMPANY = 'Testonderneming_C';

export const walletPath = '/onderneming';
export const projectPath = (projectNumber: string) => `/onderneming/projecten/${projectNumber}`;
export const sheetPath = (projectNumber: string) => `${projectPath(projectNumber)}/projectfiche.pdf`;
export const cancelPath = (projectNumber: string) => `${projectPath(projectNumber)}/annuleren`;
export const payPath = (projectNumber: string) => `${projectPath(projectNumber)}/betalen`;

/** Today in Brussels by the test app's clock, as the app reads it. */
export function todayIso(): string {
  return TEST_TODAY;
}

export async function companyId(db: Knex, name: string): Promise<number> {
  const row: { id: number } | undefined = await db('companies').where({ name }).first('id');
  if (!row) throw new Error(`no demo company ${name}`);
  return row.id;
}

/** An agent signed in through SAML as Jan Peeters, for this company. */
export async function entrepreneurFor(testApp: TestApp, companyName: string): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const id = await companyId(testApp.database.db, companyName);
  await signInWithSaml(agent, testApp.container, 'entrepreneur', `onderneming-${id}`);
  return agent;
}

export interface ProjectCriteria {
  company: string;
  status: ProjectStatus;
  /** The sum of the project's ledger. */
  balance?: 'positive' | 'zero';
  /** Whether an own contribution was booked. */
  deposited?: boolean;
  /** Only projects whose deposit deadline is today or later. */
  deadlineOpen?: boolean;
  /** Only projects with participants. */
  withParticipants?: boolean;
}

/** Finds unused demo projects; each test takes its own so none depends on another's changes. */
export class ProjectPicker {
  private readonly taken = new Set<number>();

  constructor(private readonly db: () => Knex) {}

  async take(criteria: ProjectCriteria): Promise<DemoProject> {
    const project = await this.peek(criteria);
    this.taken.add(project.id);
    return project;
  }

  async peek(criteria: ProjectCriteria): Promise<DemoProject> {
    const db = this.db();
    const query = db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .where({ 'pr.status': criteria.status, 'c.name': criteria.company })
      .whereNotIn('pr.id', [...this.taken])
      .orderBy('pr.id')
      .first({ id: 'pr.id', projectNumber: 'pr.project_number' });
    const balance =
      'coalesce((select sum(l.amount_cents) from ledger_entries l where l.project_id = pr.id), 0)';
    if (criteria.balance === 'positive') query.whereRaw(`${balance} > 0`);
    if (criteria.balance === 'zero') query.whereRaw(`${balance} = 0`);
    const deposit =
      "exists (select 1 from ledger_entries l where l.project_id = pr.id and l.kind = 'eigen_bijdrage')";
    if (criteria.deposited === true) query.whereRaw(deposit);
    if (criteria.deposited === false) query.whereRaw(`not ${deposit}`);
    if (criteria.deadlineOpen) query.where('pr.deposit_deadline', '>=', todayIso());
    if (criteria.withParticipants) {
      query.whereExists(
        db('project_participants as pp').whereRaw('pp.project_id = pr.id').select(db.raw('1')),
      );
    }
    const row = (await query) as DemoProject | undefined;
    if (!row) throw new Error(`the demo data has no unused project for ${JSON.stringify(criteria)}`);
    return row;
  }
}

export async function balanceOf(db: Knex, project: DemoProject): Promise<number> {
  const row: { balance: number } = await db('ledger_entries')
    .where({ project_id: project.id })
    .first(db.raw('coalesce(sum(amount_cents), 0)::bigint as balance'));
  return Number(row.balance);
}

/** The addresses the provider of a project is mailed at: the head office, and the department if any. */
export async function providerAddressesOf(db: Knex, project: DemoProject): Promise<string[]> {
  const row: {
    head: string;
    department: string | null;
  } = await db('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .leftJoin('departments as d', 'd.id', 'pr.department_id')
    .where('pr.id', project.id)
    .first({ head: 'p.contact_email', department: 'd.contact_email' });
  return [row.head, ...(row.department ? [row.department] : [])];
}
