import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { todayInBrussels } from '../../domain/dates.js';
import { InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { closeRefusal, noteRefusal, reportState } from '../../domain/project-report-state.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { projectMailFacts } from '../../infra/mail/mail-templates.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import type { LockedReport, ProjectReportRepository } from './project-report.repository.js';

interface FollowUpInput {
  actor: Actor;
  text: string;
  requestId?: string;
}

const notFoundMessage = 'Deze melding bestaat niet.';

/**
 * The agency's follow-up of a provider's report on a finished project: notes
 * while it is open, and the close with a closing note that is mailed to the
 * provider. Each runs in one transaction with its audit row (and mail); the
 * report's row lock makes a concurrent second close wait, then find it closed.
 */
export class ProjectReportService {
  constructor(
    private readonly db: Knex,
    private readonly reports: ProjectReportRepository,
    private readonly options: { publicUrl: string; onMailQueued: () => void },
  ) {}

  /** Adds a follow-up note; refused (nothing saved) when the report is closed. */
  async addNote(reportId: number, input: FollowUpInput): Promise<number> {
    return this.db.transaction(async (trx) => {
      const report = await this.lockOpen(trx, reportId, noteRefusal);
      const noteId = await this.reports.insertNote(trx, report.id, input.text, input.actor);
      await recordAudit(trx, {
        actor: input.actor,
        action: 'project_report.add_note',
        entityType: 'project_report',
        entityId: report.id,
        details: { projectId: report.projectId, noteId, text: input.text },
        requestId: input.requestId,
      });
      return noteId;
    });
  }

  /**
   * Closes the report with the closing note (handled_at, handled_by) and mails
   * the provider; refused (nothing changed) when it is closed already.
   */
  async close(reportId: number, input: FollowUpInput): Promise<void> {
    await this.db.transaction(async (trx) => {
      const report = await this.lockOpen(trx, reportId, closeRefusal);
      if (!(await this.reports.close(trx, report.id, input.text, input.actor))) {
        throw new InvalidTransitionError(closeRefusal('closed') ?? '');
      }
      await recordAudit(trx, {
        actor: input.actor,
        action: 'project_report.close',
        entityType: 'project_report',
        entityId: report.id,
        details: { projectId: report.projectId, closingNote: input.text },
        requestId: input.requestId,
      });
      const context = await this.reports.mailContext(trx, report.id);
      for (const address of context.providerEmails) {
        await enqueueMail(trx, {
          to: address,
          ...composeMail('project-report-closed', {
            ...projectMailFacts(context),
            reason: context.reason,
            reportedOn: todayInBrussels(context.reportedAt),
            closingNote: input.text,
            projectUrl: `${this.options.publicUrl}${paths.provider.project(context.projectNumber)}`,
          }),
        });
      }
    });
    this.options.onMailQueued();
  }

  private async lockOpen(
    trx: Knex.Transaction,
    reportId: number,
    refusalOf: typeof noteRefusal,
  ): Promise<LockedReport> {
    const report = await this.reports.lock(trx, reportId);
    if (!report) throw new NotFoundError(notFoundMessage);
    const refusal = refusalOf(reportState(report));
    if (refusal) throw new InvalidTransitionError(refusal);
    return report;
  }
}
