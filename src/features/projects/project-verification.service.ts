import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import type { ProjectScope } from './project-scope.js';
import type { ProjectRepository } from './project.repository.js';

export type VerificationOutcome = 'changed' | 'unchanged' | 'not-found';

/**
 * The provider's "verified" (geverifieerd) mark on a project. The request
 * carries the value wanted, not a toggle: a second click or a stale page sets
 * what is already set and changes nothing.
 */
export class ProjectVerificationService {
  constructor(
    private readonly db: Knex,
    private readonly projects: ProjectRepository,
  ) {}

  async setVerified(
    scope: ProjectScope,
    projectNumber: string,
    verified: boolean,
    context: { actor: Actor; requestId?: string },
  ): Promise<VerificationOutcome> {
    return this.db.transaction(async (trx) => {
      const project = await this.projects.lockVerificationInScope(trx, scope, projectNumber);
      if (!project) return 'not-found';
      if (project.verified === verified) return 'unchanged';
      await this.projects.setVerified(trx, project.id, verified);
      await recordAudit(trx, {
        actor: context.actor,
        action: 'project.verify',
        entityType: 'project',
        entityId: project.id,
        details: { projectNumber, verified: { old: project.verified, new: verified } },
        requestId: context.requestId,
      });
      return 'changed';
    });
  }
}
