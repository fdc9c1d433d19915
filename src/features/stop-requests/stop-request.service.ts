import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { applyStatusTransition } from '../../db/status-transition.js';
import type { Actor } from '../../domain/actor.js';
import { yearOf } from '../../domain/dates.js';
import { InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { projectMachine, projectStatusLabels, type ProjectStatus } from '../../domain/project-status.js';
import { enqueueLedgerPayouts } from '../payouts/payout-instruction.repository.js';
import { settleProject, stopFreesCeiling, type Settlement } from '../../domain/settlement.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { projectMailFacts } from '../../infra/mail/mail-templates.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import type { ProjectReactionRepository } from '../projects/project-reaction.repository.js';
import { projectStore } from '../projects/project.repository.js';
import { settlementFacts } from './stop-request.queries.js';
import type { LockedProject, StopRequestRepository } from './stop-request.repository.js';

interface DecisionInput {
  actor: Actor;
  /** The status the agency saw on the confirmation page. */
  expectedFrom: ProjectStatus;
  requestId?: string;
}

/** Why a decision on a stop cannot be taken in this status (nothing awaits one). */
export function noStopAwaitsDecision(status: ProjectStatus): string {
  return `Dit project heeft de status "${projectStatusLabels[status]}": er wacht geen stopzetting op een beslissing.`;
}

export interface ConfirmedStop extends Settlement {
  ceilingFreed: boolean;
}

/**
 * The agency's decision on a provider's stop request (DOMAIN.md §4): confirm
 * (→ Stopgezet, the wallet emptied by a refund to the company and the unused
 * subsidy back) or refuse with a reason (→ Lopend). Each decision is one
 * transaction — lock the project, apply the machine's row with its history
 * and audit, book the money, queue the mails to the company and the provider —
 * and kicks the mail sender after the commit. A second click or a stale page
 * finds another status and changes nothing.
 */
export class StopRequestService {
  constructor(
    private readonly db: Knex,
    private readonly stops: StopRequestRepository,
    private readonly projects: Pick<ProjectReactionRepository, 'mailContext'>,
    private readonly options: { publicUrl: string; clock: Clock; onMailQueued: () => void },
  ) {}

  async confirm(projectNumber: string, input: DecisionInput): Promise<ConfirmedStop> {
    const result = await this.db.transaction(async (trx) => {
      const project = await this.lock(trx, projectNumber, input);
      const stoppedOn = this.options.clock.today();
      const ceilingFreed = stopFreesCeiling(project.applicationDate, stoppedOn);
      // Settled only when the status allows the stop; otherwise the transition below refuses.
      const settlement =
        project.status === 'StopzettingAangevraagd'
          ? settleProject(settlementFacts(project, await this.stops.ledgerTotals(trx, project.id)))
          : undefined;
      await applyStatusTransition(trx, projectMachine, projectStore, {
        id: project.id,
        action: 'confirm_stop',
        actorKind: 'agency',
        actor: input.actor,
        expectedFrom: input.expectedFrom,
        requestId: input.requestId,
        auditDetails: settlement && {
          refundCents: settlement.refundCents,
          subsidyReturnCents: settlement.subsidyReturnCents,
          stoppedOn,
          ceilingFreed,
        },
      });
      if (!settlement) throw new Error('a stop was confirmed without a settlement');
      const entryIds = await this.stops.bookSettlement(trx, project.id, settlement, stoppedOn);
      // The company's refund becomes a payout instruction; the subsidy's return is no transfer.
      await enqueueLedgerPayouts(trx, entryIds);
      const after = await this.stops.ledgerTotals(trx, project.id);
      if (after.balanceCents !== 0) {
        throw new Error(`project ${project.id} does not balance after its stop: ${after.balanceCents}`);
      }

      const context = await this.projects.mailContext(trx, project.id);
      const facts = {
        ...projectMailFacts(context),
        paidCents: settlement.ownSpentCents + settlement.subsidySpentCents,
        refundCents: settlement.refundCents,
        subsidyReturnCents: settlement.subsidyReturnCents,
        ceilingFreed,
        applicationYear: yearOf(project.applicationDate),
      };
      for (const address of context.companyEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('stop-confirmed', {
            ...facts,
            recipient: 'company',
            projectUrl: this.url(paths.company.project(context.projectNumber)),
          }),
        });
      }
      for (const address of context.providerEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('stop-confirmed', {
            ...facts,
            recipient: 'provider',
            projectUrl: this.url(paths.provider.project(context.projectNumber)),
          }),
        });
      }
      return { ...settlement, ceilingFreed };
    });
    this.options.onMailQueued();
    return result;
  }

  async refuse(projectNumber: string, input: DecisionInput & { reason: string }): Promise<void> {
    await this.db.transaction(async (trx) => {
      const project = await this.lock(trx, projectNumber, input);
      await applyStatusTransition(trx, projectMachine, projectStore, {
        id: project.id,
        action: 'refuse_stop',
        actorKind: 'agency',
        actor: input.actor,
        expectedFrom: input.expectedFrom,
        reason: input.reason,
        requestId: input.requestId,
      });
      const context = await this.projects.mailContext(trx, project.id);
      const facts = { ...projectMailFacts(context), reason: input.reason.trim() };
      for (const address of context.companyEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('stop-refused', {
            ...facts,
            recipient: 'company',
            projectUrl: this.url(paths.company.project(context.projectNumber)),
          }),
        });
      }
      for (const address of context.providerEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('stop-refused', {
            ...facts,
            recipient: 'provider',
            projectUrl: this.url(paths.provider.project(context.projectNumber)),
          }),
        });
      }
    });
    this.options.onMailQueued();
  }

  private async lock(
    trx: Knex.Transaction,
    projectNumber: string,
    input: DecisionInput,
  ): Promise<LockedProject> {
    const project = await this.stops.lockByNumber(trx, projectNumber);
    if (!project) throw new NotFoundError('Dit project bestaat niet.');
    // The page showed this very status, and no stop awaits a decision in it: say so plainly.
    // (Another status than the page showed is a stale page: the transition says that.)
    if (project.status === input.expectedFrom && project.status !== 'StopzettingAangevraagd') {
      throw new InvalidTransitionError(noStopAwaitsDecision(project.status));
    }
    return project;
  }

  private url(path: string): string {
    return `${this.options.publicUrl}${path}`;
  }
}
