import type { Knex } from 'knex';
import { applyStatusTransition } from '../../db/status-transition.js';
import { systemActor } from '../../domain/actor.js';
import { completionDeadlineInForce } from '../../domain/application-rules.js';
import { formatDate, isIsoDate, yearOf, type IsoDate } from '../../domain/dates.js';
import { checkLedger, ledgerSums } from '../../domain/ledger.js';
import { projectMachine } from '../../domain/project-status.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';
import { settleProject, settlementFactsOf } from '../../domain/settlement.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { projectMailFacts } from '../../infra/mail/mail-templates.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import type { Logger } from '../../logger.js';
import { paths } from '../../paths.js';
import { loadRuleParameters } from '../applications/ceiling.queries.js';
import { enqueueLedgerPayouts } from '../payouts/payout-instruction.repository.js';
import type { ProjectReactionRepository } from '../projects/project-reaction.repository.js';
import { projectStore } from '../projects/project.repository.js';
import {
  bookSettlement,
  type SettlementProject,
  type SettlementRepository,
} from './settlement.repository.js';

/** What one settlement run did. */
export interface SettlementRunResult {
  /** Projects that went Lopend → Afgewerkt, their wallet emptied. */
  settled: number;
  /** Projects whose settlement failed (logged); the next run tries them again. */
  failed: number;
}

/** The first application date whose payment period could still be running on `today`. */
function earliestOpenApplication(rules: readonly RuleParameterRow[], today: IsoDate): IsoDate | undefined {
  const years = rules.filter((row) => row.key === 'completion_deadline_years').map((row) => row.value);
  if (years.length === 0) return undefined;
  // A deadline of 31/12/(year + n) has passed on `today` when year < yearOf(today) − n.
  return `${yearOf(today) - Math.min(...years)}-01-01`;
}

/**
 * The nightly settlement at the end of the payment period (DOMAIN.md §6: the
 * services are finished and paid by 31 December of the year
 * `completion_deadline_years` after the application year). `run(today)`
 * settles every Lopend project whose deadline lies before `today`: what is
 * left of the own contribution is refunded to the company (ledger
 * `terugbetaling` and a payout instruction to the company's account), the
 * unused subsidy returns (`subsidie_terug`), the project becomes Afgewerkt
 * (action complete, actor system, with its audit row) and company and
 * provider are mailed. The split is the one of a confirmed stop
 * (settleProject).
 *
 * Each project is settled in a transaction of its own under its row lock,
 * rechecking its status there: a run killed halfway leaves the rest Lopend for
 * the next run, a run after days of downtime settles whatever passed its
 * deadline meanwhile, and concurrent runs settle each project once (the second
 * waits for the lock and finds it Afgewerkt). A project whose ledger does not
 * balance (ledger.ts) is not touched: it is logged and left for staff
 * (`npm run ledger:verify` names it).
 */
export class SettlementService {
  constructor(
    private readonly db: Knex,
    private readonly repository: SettlementRepository,
    private readonly projects: Pick<ProjectReactionRepository, 'mailContext'>,
    private readonly options: { publicUrl: string; logger: Logger; onMailQueued: () => void },
  ) {}

  async run(today: IsoDate): Promise<SettlementRunResult> {
    if (!isIsoDate(today)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${today}"`);
    const rules = await loadRuleParameters(this.db);
    const result: SettlementRunResult = { settled: 0, failed: 0 };
    const appliedBefore = earliestOpenApplication(rules, today);
    if (!appliedBefore) return result;
    try {
      for (const id of await this.repository.candidates(appliedBefore)) {
        try {
          if (await this.settle(id, today, rules)) result.settled += 1;
        } catch (error) {
          result.failed += 1;
          this.options.logger.error(
            { err: error, projectId: id },
            'settlement run: settling failed; next run retries',
          );
        }
      }
    } finally {
      if (result.settled > 0) this.options.onMailQueued();
    }
    return result;
  }

  /** Settles one project when it is still Lopend past its deadline; false when there is nothing to do. */
  private async settle(id: number, today: IsoDate, rules: readonly RuleParameterRow[]): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const project = await this.repository.lockProject(trx, id);
      // Another run, the company's last payment or a stop request came first: nothing to do.
      if (!project || project.status !== 'Lopend') return false;
      const deadline = completionDeadlineInForce(rules, project.applicationDate);
      if (deadline === undefined || !(deadline < today)) return false;
      const check = checkLedger(project, project.entries);
      if (!check.balanced) {
        throw new Error(`project ${project.projectNumber} does not balance: ${check.reasons.join(' ')}`);
      }
      const settlement = settleProject(settlementFactsOf(project, ledgerSums(project.entries)));
      if (settlement.refundCents > 0 && !project.companyIban) {
        throw new Error(`project ${project.projectNumber}: the company has no account to refund to`);
      }
      // Booked on the run's day: the day the project was settled.
      await applyStatusTransition(trx, projectMachine, projectStore, {
        id: project.id,
        action: 'complete',
        actorKind: 'system',
        actor: systemActor,
        expectedFrom: 'Lopend',
        reason: `De betalingstermijn liep af op ${formatDate(deadline)}: het project is afgerekend.`,
        requestId: `settlement-${today}`,
        auditDetails: {
          completionDeadline: deadline,
          paidCents: settlement.ownSpentCents + settlement.subsidySpentCents,
          refundCents: settlement.refundCents,
          subsidyReturnCents: settlement.subsidyReturnCents,
          settledOn: today,
        },
      });
      const entryIds = await bookSettlement(trx, project.id, settlement, 'period_end', today);
      // The company's refund becomes a payout instruction (as a stop's does); the subsidy's return is no transfer.
      await enqueueLedgerPayouts(trx, entryIds);
      await this.mail(trx, project, {
        completionDeadline: deadline,
        paidCents: settlement.ownSpentCents + settlement.subsidySpentCents,
        refundCents: settlement.refundCents,
        subsidyReturnCents: settlement.subsidyReturnCents,
      });
      return true;
    });
  }

  private async mail(
    trx: Knex.Transaction,
    project: SettlementProject,
    figures: {
      completionDeadline: IsoDate;
      paidCents: number;
      refundCents: number;
      subsidyReturnCents: number;
    },
  ): Promise<void> {
    const context = await this.projects.mailContext(trx, project.id);
    const facts = { ...projectMailFacts(context), ...figures };
    for (const address of context.companyEmails) {
      await enqueueMail(trx, {
        to: address,
        ...composeMail('project-settled', {
          ...facts,
          recipient: 'company',
          refundIban: project.companyIban,
          projectUrl: this.url(paths.company.project(context.projectNumber)),
        }),
      });
    }
    for (const address of context.providerEmails) {
      await enqueueMail(trx, {
        to: address,
        ...composeMail('project-settled', {
          ...facts,
          recipient: 'provider',
          refundIban: null,
          projectUrl: this.url(paths.provider.project(context.projectNumber)),
        }),
      });
    }
  }

  private url(path: string): string {
    return `${this.options.publicUrl}${path}`;
  }
}
