import type { Knex } from 'knex';
import type { StatusStore } from '../../db/status-transition.js';
import type { Actor } from '../../domain/actor.js';
import type { IsoDate } from '../../domain/dates.js';
import { MAX_PROJECTS_PER_YEAR } from '../../domain/project-number.js';
import type { CompanySize, Service } from '../../domain/subsidy-terms.js';
import { applyProjectScope, type ProjectScope } from './project-scope.js';

/** Where projects and their history live, for applyStatusTransition. */
export const projectStore: StatusStore = {
  table: 'projects',
  historyTable: 'project_history',
  historyForeignKey: 'project_id',
  entityType: 'project',
  noun: 'dit project',
};

/** A new project as the application files it (status Bevestigd). */
export interface NewProject {
  projectNumber: string;
  companyId: number;
  providerId: number;
  departmentId: number | null;
  registrationId: number;
  service: Service;
  title: string;
  trainingKind: string | null;
  subtheme: string;
  naceCode: string;
  companySize: CompanySize;
  hours: number;
  participantCount: number | null;
  agreementDate: IsoDate;
  startDate: IsoDate;
  applicationDate: IsoDate;
  depositDeadline: IsoDate;
  registrationCostCents: number;
  projectAmountCents: number;
  subsidyCents: number;
  ownContributionCents: number;
  subsidyRateBp: number;
  structuredCommunication: string;
}

/** Project writes: a new project with everything that comes with it, and the yearly numbering. */
export class ProjectRepository {
  /**
   * The next number of the national counter of `year`; starts above any
   * project number already present. Within the creating transaction. The
   * year's row is counted up in place; only the year's first number looks for
   * the highest number already present (numbers have six digits, so the
   * highest is the last in the unique index), once. Before, every submit
   * computed that highest number before its insert met the conflict: a scan
   * of the year's projects, 100 ms a submit at 1,000,000 projects.
   */
  async nextCounter(trx: Knex.Transaction, year: number): Promise<number> {
    const counted = await trx.raw<{ rows: { last_number: number }[] }>(
      'update project_number_counters set last_number = last_number + 1 where year = ? returning last_number',
      [year],
    );
    const counter =
      counted.rows[0]?.last_number ??
      (
        await trx.raw<{ rows: { last_number: number }[] }>(
          `insert into project_number_counters (year, last_number)
           values (?, coalesce((select substring(max(project_number) from 8)::int
                                  from projects where project_number like ?), 0) + 1)
           on conflict (year) do update set last_number = project_number_counters.last_number + 1
           returning last_number`,
          [year, `${year}KMO%`],
        )
      ).rows[0]?.last_number;
    if (counter === undefined) throw new Error('project counter returned no row');
    if (counter > MAX_PROJECTS_PER_YEAR) throw new Error(`project numbers of ${year} are used up`);
    return counter;
  }

  /**
   * Files a project in status Bevestigd: the project row, its participants (as
   * many rows as participants, names where given), the first history row and
   * the expected ledger entries (the own contribution due on the deposit
   * deadline, the subsidy). Returns the project's id.
   */
  async insertApplied(
    trx: Knex.Transaction,
    project: NewProject,
    extras: { actor: Actor; participants: { firstName: string; lastName: string }[] },
  ): Promise<number> {
    const [row] = await trx('projects')
      .insert({
        project_number: project.projectNumber,
        company_id: project.companyId,
        provider_id: project.providerId,
        department_id: project.departmentId,
        registration_id: project.registrationId,
        service: project.service,
        title: project.title,
        training_kind: project.trainingKind,
        subtheme: project.subtheme,
        nace_code: project.naceCode,
        company_size: project.companySize,
        hours: project.hours,
        participant_count: project.participantCount,
        agreement_date: project.agreementDate,
        start_date: project.startDate,
        application_date: project.applicationDate,
        deposit_deadline: project.depositDeadline,
        registration_cost_cents: project.registrationCostCents,
        project_amount_cents: project.projectAmountCents,
        subsidy_cents: project.subsidyCents,
        own_contribution_cents: project.ownContributionCents,
        subsidy_rate_bp: project.subsidyRateBp,
        structured_communication: project.structuredCommunication,
        status: 'Bevestigd',
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('project insert returned no row');

    if (extras.participants.length > 0) {
      await trx('project_participants').insert(
        extras.participants.map((participant, index) => ({
          project_id: row.id,
          position: index + 1,
          first_name: participant.firstName,
          last_name: participant.lastName,
        })),
      );
    }
    await trx(projectStore.historyTable).insert({
      project_id: row.id,
      from_status: null,
      to_status: 'Bevestigd',
      action: 'apply',
      actor_type: extras.actor.type,
      actor_id: extras.actor.id,
      actor_label: extras.actor.label,
      reason: null,
    });
    await trx('expected_ledger_entries').insert([
      {
        project_id: row.id,
        kind: 'eigen_bijdrage',
        amount_cents: project.ownContributionCents,
        due_on: project.depositDeadline,
      },
      { project_id: row.id, kind: 'subsidie', amount_cents: project.subsidyCents, due_on: null },
    ]);
    return row.id;
  }

  /** The project with this number in the signed-in party's scope, locked for the transaction; undefined when not found. */
  async lockVerificationInScope(
    trx: Knex.Transaction,
    scope: ProjectScope,
    projectNumber: string,
  ): Promise<{ id: number; verified: boolean } | undefined> {
    const query = trx('projects as pr').where('pr.project_number', projectNumber).forUpdate();
    return await applyProjectScope(query, scope).first('pr.id', 'pr.verified');
  }

  /** Sets the provider's "verified" mark, with the moment it was set (cleared when unset). */
  async setVerified(trx: Knex.Transaction, id: number, verified: boolean): Promise<void> {
    await trx('projects')
      .where({ id })
      .update({ verified, verified_at: verified ? trx.fn.now() : null, updated_at: trx.fn.now() });
  }
}
