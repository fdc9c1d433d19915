import { projectMailFacts } from '../../infra/mail/mail-templates.js';
import type { Knex } from 'knex';
import { applyStatusTransition } from '../../db/status-transition.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { reactionLabels, reactionRefusal, type ProjectReaction } from '../../domain/project-reactions.js';
import { projectMachine, projectStatusLabels, type ProjectStatus } from '../../domain/project-status.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import { providerLabel } from '../../domain/provider-label.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import type { UploadedDocument } from '../../domain/documents.js';
import type { ProjectReactionRepository } from './project-reaction.repository.js';
import type { ProjectScope } from './project-scope.js';
import { projectStore } from './project.repository.js';

interface ReactionInput {
  actor: Actor;
  /** The status the provider saw on the confirmation page. */
  expectedFrom: ProjectStatus;
  reason: string;
  requestId?: string;
}

/**
 * The provider's reactions to a project (DOMAIN.md §4): annul, request a stop,
 * report. Each runs in one transaction — lock the project, check the status
 * the user saw and the guards, apply the change, queue the mails — and kicks
 * the mail sender after the commit. A second click or a stale page finds
 * another status (or an open report) and changes nothing.
 */
export class ProjectReactionService {
  constructor(
    private readonly db: Knex,
    private readonly projects: ProjectReactionRepository,
    private readonly options: { publicUrl: string; agencyAddress: string; onMailQueued: () => void },
  ) {}

  /** Bevestigd → ProjectGeannuleerd; the company is mailed the reason. */
  async annul(scope: ProjectScope, projectNumber: string, input: ReactionInput): Promise<ProjectStatus> {
    const to = await this.db.transaction(async (trx) => {
      const projectId = await this.lockAndCheck(trx, scope, projectNumber, 'annul', input.expectedFrom);
      const { to } = await applyStatusTransition(trx, projectMachine, projectStore, {
        id: projectId,
        action: 'annul',
        actorKind: 'provider',
        actor: input.actor,
        expectedFrom: input.expectedFrom,
        reason: input.reason,
        requestId: input.requestId,
      });
      const project = await this.projects.mailContext(trx, projectId);
      for (const address of project.companyEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('project-annulled-by-provider', {
            companyName: project.companyName,
            providerLabel: providerLabel(project),
            projectNumber: project.projectNumber,
            title: project.title,
            reason: input.reason,
            projectUrl: `${this.options.publicUrl}${paths.company.project(project.projectNumber)}`,
          }),
        });
      }
      return to;
    });
    this.options.onMailQueued();
    return to;
  }

  /**
   * Lopend → StopzettingAangevraagd, with the reason and the proof document
   * (stored in the same transaction); the agency is mailed to confirm or refuse.
   */
  async requestStop(
    scope: ProjectScope,
    projectNumber: string,
    input: ReactionInput & { document: UploadedDocument },
  ): Promise<ProjectStatus> {
    const to = await this.db.transaction(async (trx) => {
      const projectId = await this.lockAndCheck(
        trx,
        scope,
        projectNumber,
        'request_stop',
        input.expectedFrom,
      );
      const documentId = await this.projects.insertDocument(trx, input.document, input.actor);
      const { to } = await applyStatusTransition(trx, projectMachine, projectStore, {
        id: projectId,
        action: 'request_stop',
        actorKind: 'provider',
        actor: input.actor,
        expectedFrom: input.expectedFrom,
        reason: input.reason,
        documentId,
        requestId: input.requestId,
      });
      const project = await this.projects.mailContext(trx, projectId);
      await enqueueMail(trx, {
        to: this.options.agencyAddress,
        ...composeMail('stop-requested', {
          ...projectMailFacts(project),
          reason: input.reason,
          documentFilename: input.document.filename,
          stopRequestUrl: `${this.options.publicUrl}${paths.admin.stopRequest(project.projectNumber)}`,
        }),
        attachments: [
          { filename: input.document.filename, contentType: input.document.contentType, documentId },
        ],
      });
      return to;
    });
    this.options.onMailQueued();
    return to;
  }

  /** A report about a finished project: a project_reports row for the agency; the status stays. */
  async report(scope: ProjectScope, projectNumber: string, input: ReactionInput): Promise<number> {
    const reportId = await this.db.transaction(async (trx) => {
      const projectId = await this.lockAndCheck(trx, scope, projectNumber, 'report', input.expectedFrom);
      const id = await this.projects.insertReport(trx, projectId, input.reason, input.actor);
      await recordAudit(trx, {
        actor: input.actor,
        action: 'project.report',
        entityType: 'project',
        entityId: projectId,
        details: { reportId: id, reason: input.reason },
        requestId: input.requestId,
      });
      const project = await this.projects.mailContext(trx, projectId);
      await enqueueMail(trx, {
        to: this.options.agencyAddress,
        ...composeMail('project-reported', {
          ...projectMailFacts(project),
          reason: input.reason,
          reportUrl: `${this.options.publicUrl}${paths.admin.report(id)}`,
        }),
      });
      return id;
    });
    this.options.onMailQueued();
    return reportId;
  }

  /**
   * Finds the project in the scope (404 otherwise), locks it, and refuses when
   * its status is no longer the one the user saw or a guard says no. The row
   * lock makes a concurrent second request wait and then find the new status.
   */
  private async lockAndCheck(
    trx: Knex.Transaction,
    scope: ProjectScope,
    projectNumber: string,
    reaction: ProjectReaction,
    expectedFrom: ProjectStatus,
  ): Promise<number> {
    const project = await this.projects.findInScope(scope, projectNumber, trx);
    if (!project) throw new NotFoundError('Dit project bestaat niet of hoort niet bij u.');
    const status = await this.projects.lock(trx, project.id);
    if (status !== expectedFrom) {
      throw new ConflictError(
        `Dit project heeft intussen de status "${projectStatusLabels[status]}". "${reactionLabels[reaction]}" kan daardoor niet meer. Bekijk de actuele gegevens.`,
      );
    }
    const refusal = reactionRefusal(reaction, await this.projects.facts(project.id, status, trx));
    if (refusal) throw new InvalidTransitionError(refusal);
    return project.id;
  }
}
