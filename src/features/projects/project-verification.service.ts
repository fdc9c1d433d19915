import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { applyProjectScope, type ProjectScope } from './project-scope.js';

export type VerificationOutcome = 'changed' | 'unchanged' | 'not-found';

/**
 * The provider's "verified" (geverifieerd) mark on a project. The request
 * carries the value wanted, not a toggle: a second click or a stale page sets
 * what is already set and changes nothing.
 */
export class ProjectVerificationService {
  constructor(private readonly db: Knex) {}

  async setVerified(
    scope: ProjectScope,
    projectNumber: string,
    verified: boolean,
    context: { actor: Actor; requestId?: string },
  ): Promise<VerificationOutcome> {
    return this.db.transaction(async (trx) => {
      const query = trx('projects as pr').where('pr.project_number', projectNumber).forUpdate();
      const project = (await applyProjectScope(query, scope).first('pr.id', 'pr.verified')) as
        { id: number; verified: boolean } | undefined;
      if (!project) return 'not-found';
      if (project.verified === verified) return 'unchanged';
      await trx('projects')
        .where({ id: project.id })
        .update({ verified, verified_at: verified ? trx.fn.now() : null, updated_at: trx.fn.now() });
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
