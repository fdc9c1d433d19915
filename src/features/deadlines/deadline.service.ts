import type { Knex } from 'knex';
import { applyStatusTransition } from '../../db/status-transition.js';
import { completionDeadline } from '../../domain/application-rules.js';
import { addDays, isIsoDate, parseDateInput, type IsoDate } from '../../domain/dates.js';
import { projectMachine } from '../../domain/project-status.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import type { Logger } from '../../logger.js';
import { APPLICATION_WIZARD } from '../applications/application.wizard.js';
import { loadRuleParameters } from '../applications/ceiling.queries.js';
import { systemActor } from '../../domain/actor.js';
import { projectStore } from '../projects/project.repository.js';
import {
  applicationDatesWithCompletionBetween,
  applicationDeadlineOf,
  applicationDraftOwner,
  dueRenewalReminder,
  dueReminders,
  lapseReason,
  longestLeadDays,
  RENEWAL_LEAD_MONTHS,
  type DueReminder,
} from './deadline-schedule.js';
import {
  applicationReminderToPerson,
  depositReminderToCompany,
  depositReminderToProvider,
  lapseNoticeToCompany,
  lapseNoticeToProvider,
  paymentReminderToCompany,
  paymentReminderToProvider,
  renewalReminderToProvider,
  type ComposedMail,
  type PaymentInstitution,
} from './deadline.mails.js';
import type { DeadlineRepository, ProjectDeadlineFacts, ReminderClaim } from './deadline.repository.js';

/** What one run did. */
export interface DeadlineRunResult {
  /** Projects that went Bevestigd → Vervallen. */
  lapsed: number;
  /** Reminder mails queued, one per recipient. */
  depositReminders: number;
  paymentReminders: number;
  applicationReminders: number;
  /** Renewal reminders to providers, one per recipient. */
  renewalReminders: number;
  /** Projects or drafts whose handling failed (logged); the next run tries them again. */
  failed: number;
}

/**
 * The nightly deadline run (DOMAIN.md §6: deadlines never lapse silently).
 * `run(today)`:
 * 1. lapses every Bevestigd project without an own contribution whose deposit
 *    deadline passed (Bevestigd → Vervallen, actor system), mailing company and provider;
 * 2. reminds company and provider of the deposit deadline;
 * 3. reminds company and provider to pay the provider before the completion deadline;
 * 4. reminds the person whose application draft is still open of the last application day;
 * 5. reminds the provider (head office, and the department) of an approved
 *    registration 3 months and 1 month before it expires, to ask the renewal.
 *
 * Every project or draft is handled in a transaction of its own (one failure
 * never blocks the rest), under its row lock, rechecking its facts there. A
 * reminder is registered in deadline_reminders in the transaction that queues
 * its mail, under a unique key: a second run on the same day, or two app
 * processes at once, send nothing twice and change nothing twice.
 */
export class DeadlineService {
  constructor(
    private readonly db: Knex,
    private readonly repository: DeadlineRepository,
    private readonly options: {
      publicUrl: string;
      paymentInstitution: PaymentInstitution;
      logger: Logger;
      onMailQueued: () => void;
    },
  ) {}

  async run(today: IsoDate): Promise<DeadlineRunResult> {
    if (!isIsoDate(today)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${today}"`);
    const rules = await loadRuleParameters(this.db);
    const result: DeadlineRunResult = {
      lapsed: 0,
      depositReminders: 0,
      paymentReminders: 0,
      applicationReminders: 0,
      renewalReminders: 0,
      failed: 0,
    };
    try {
      for (const id of await this.repository.lapseCandidates(today)) {
        if (await this.attempt(result, { projectId: id, step: 'lapse' }, () => this.lapse(id, today))) {
          result.lapsed += 1;
        }
      }
      const depositUntil = addDays(today, longestLeadDays('deposit'));
      for (const id of await this.repository.depositCandidates(today, depositUntil)) {
        result.depositReminders += await this.attempt(result, { projectId: id, step: 'deposit' }, () =>
          this.remindDeposit(id, today),
        );
      }
      const applied = applicationDatesWithCompletionBetween(
        rules,
        today,
        addDays(today, longestLeadDays('payment')),
      );
      for (const id of applied ? await this.repository.paymentCandidates(applied.from, applied.to) : []) {
        result.paymentReminders += await this.attempt(result, { projectId: id, step: 'payment' }, () =>
          this.remindPayment(id, today, rules),
        );
      }
      for (const id of await this.repository.openDraftIds(APPLICATION_WIZARD)) {
        result.applicationReminders += await this.attempt(result, { draftId: id, step: 'application' }, () =>
          this.remindApplication(id, today, rules),
        );
      }
      // A month has at most 31 days: 3 months ahead is within 93 days; each is checked exactly.
      for (const id of await this.repository.renewalCandidates(
        today,
        addDays(today, RENEWAL_LEAD_MONTHS * 31),
      )) {
        result.renewalReminders += await this.attempt(result, { registrationId: id, step: 'renewal' }, () =>
          this.remindRenewal(id, today),
        );
      }
    } finally {
      const queued =
        result.lapsed +
        result.depositReminders +
        result.paymentReminders +
        result.applicationReminders +
        result.renewalReminders;
      if (queued > 0) this.options.onMailQueued();
    }
    return result;
  }

  /** Bevestigd → Vervallen with the history reason, the audit row and both mails; false when no longer due. */
  private async lapse(id: number, today: IsoDate): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const project = await this.repository.lockProject(trx, id, 'update');
      // A concurrent run, a deposit or an annulment came first: nothing to do.
      if (!project || project.status !== 'Bevestigd' || project.deposited) return false;
      if (!(project.depositDeadline < today)) return false;
      await applyStatusTransition(trx, projectMachine, projectStore, {
        id,
        action: 'lapse',
        actorKind: 'system',
        actor: systemActor,
        expectedFrom: 'Bevestigd',
        reason: lapseReason(project.depositDeadline),
        requestId: runId(today),
      });
      const settings = this.settings(today);
      for (const address of distinct(project.companyEmails)) {
        await enqueueMail(trx, { to: address, ...lapseNoticeToCompany(project, settings) });
      }
      for (const address of project.providerEmails) {
        await enqueueMail(trx, { to: address, ...lapseNoticeToProvider(project, settings) });
      }
      return true;
    });
  }

  private async remindDeposit(id: number, today: IsoDate): Promise<number> {
    return this.db.transaction(async (trx) => {
      const project = await this.repository.lockProject(trx, id, 'share');
      if (!project || project.status !== 'Bevestigd' || project.deposited) return 0;
      const settings = this.settings(today);
      return this.sendProjectReminders(trx, project, today, {
        deadline: project.depositDeadline,
        due: dueReminders('deposit', project.depositDeadline, today),
        company: () => depositReminderToCompany(project, this.options.paymentInstitution, settings),
        provider: () => depositReminderToProvider(project, settings),
      });
    });
  }

  private async remindPayment(
    id: number,
    today: IsoDate,
    rules: readonly RuleParameterRow[],
  ): Promise<number> {
    return this.db.transaction(async (trx) => {
      const project = await this.repository.lockProject(trx, id, 'share');
      if (!project || project.status !== 'Lopend' || project.balanceCents <= 0) return 0;
      const deadline = completionDeadline(rules, project.applicationDate);
      const settings = this.settings(today);
      return this.sendProjectReminders(trx, project, today, {
        deadline,
        due: dueReminders('payment', deadline, today),
        company: () => paymentReminderToCompany(project, deadline, settings),
        provider: () => paymentReminderToProvider(project, deadline, settings),
      });
    });
  }

  private async remindApplication(
    id: string,
    today: IsoDate,
    rules: readonly RuleParameterRow[],
  ): Promise<number> {
    return this.db.transaction(async (trx) => {
      const draft = await this.repository.lockOpenDraft(trx, APPLICATION_WIZARD, id);
      const owner = draft ? applicationDraftOwner(draft.owner) : undefined;
      const startDate = draft?.startDateInput ? parseDateInput(draft.startDateInput) : undefined;
      // A start date the wizard would not accept (unreadable, or before any rule) is nothing to remind of.
      const deadline = startDate ? applicationDeadlineOf(rules, startDate) : undefined;
      if (!draft || !owner || !startDate || !deadline) return 0;
      const [due] = dueReminders('application', deadline, today);
      if (!due) return 0;
      // No reminder for someone without an address, or who no longer represents the company.
      const person = await this.repository.draftPerson(trx, owner.companyId, owner.personId);
      if (!person?.email?.trim()) return 0;
      const composed = applicationReminderToPerson(
        {
          firstName: person.firstName,
          companyName: person.companyName,
          title: draft.title,
          startDate,
          lastApplicationDate: deadline,
        },
        this.settings(today),
      );
      const sent = await this.sendOnce(
        trx,
        claimOf(due, { subjectType: 'application_draft', subjectId: id, deadline, today }),
        person.email.trim(),
        composed,
      );
      return sent ? 1 : 0;
    });
  }

  /**
   * The renewal reminder due for an approved registration (none once the
   * provider asked the renewal: G/V), to each provider address once. The
   * register's key holds the day the reminder was meant for, derived from the
   * expiry date: a renewed registration (a later expiry date) gets its own
   * reminders for its next period.
   */
  private async remindRenewal(id: number, today: IsoDate): Promise<number> {
    return this.db.transaction(async (trx) => {
      const registration = await this.repository.lockRegistration(trx, id);
      if (!registration || registration.status !== 'G' || !registration.validUntil || !registration.number) {
        return 0;
      }
      const due = dueRenewalReminder(registration.validUntil, today);
      if (!due) return 0;
      const composed = renewalReminderToProvider(
        { ...registration, number: registration.number, validUntil: registration.validUntil },
        this.settings(today),
      );
      let sent = 0;
      for (const recipient of registration.providerEmails) {
        const claim = {
          kind: due.kind,
          subjectType: 'registration' as const,
          subjectId: id,
          dueOn: due.dueOn,
          deadline: registration.validUntil,
          sentOn: today,
        };
        if (await this.sendOnce(trx, claim, recipient, composed)) sent += 1;
      }
      return sent;
    });
  }

  /** The due reminders of a project, to the company's addresses and the provider's, each once. */
  private async sendProjectReminders(
    trx: Knex.Transaction,
    project: ProjectDeadlineFacts,
    today: IsoDate,
    reminder: {
      deadline: IsoDate;
      due: DueReminder[];
      company: () => ComposedMail;
      provider: () => ComposedMail;
    },
  ): Promise<number> {
    let sent = 0;
    for (const due of reminder.due) {
      const claim = claimOf(due, {
        subjectType: 'project',
        subjectId: project.id,
        deadline: reminder.deadline,
        today,
      });
      const [recipients, composed] =
        due.rule.audience === 'company'
          ? [distinct(project.companyEmails), reminder.company()]
          : [project.providerEmails, reminder.provider()];
      for (const recipient of recipients) {
        if (await this.sendOnce(trx, claim, recipient, composed)) sent += 1;
      }
    }
    return sent;
  }

  /** Registers the reminder for this recipient and queues its mail, unless it was registered before. */
  private async sendOnce(
    trx: Knex.Transaction,
    claim: Omit<ReminderClaim, 'recipient'>,
    recipient: string,
    composed: ComposedMail,
  ): Promise<boolean> {
    const reminderId = await this.repository.claimReminder(trx, { ...claim, recipient });
    if (reminderId === undefined) return false;
    const mailId = await enqueueMail(trx, { to: recipient, ...composed });
    await this.repository.attachMail(trx, reminderId, mailId);
    return true;
  }

  /**
   * Runs one project's or draft's step; a failure is logged and counted, and
   * the run goes on with the next (the next run tries again).
   */
  private async attempt<T extends number | boolean>(
    result: DeadlineRunResult,
    subject: Record<string, unknown>,
    work: () => Promise<T>,
  ): Promise<T | 0> {
    try {
      return await work();
    } catch (error) {
      result.failed += 1;
      this.options.logger.error(
        { err: error, ...subject },
        'deadline run: handling failed; next run retries',
      );
      return 0;
    }
  }

  private settings(today: IsoDate) {
    return { publicUrl: this.options.publicUrl, today };
  }
}

function claimOf(
  due: DueReminder,
  subject: {
    subjectType: ReminderClaim['subjectType'];
    subjectId: string | number;
    deadline: IsoDate;
    today: IsoDate;
  },
): Omit<ReminderClaim, 'recipient'> {
  return {
    kind: due.rule.kind,
    subjectType: subject.subjectType,
    subjectId: subject.subjectId,
    dueOn: due.dueOn,
    deadline: subject.deadline,
    sentOn: subject.today,
  };
}

/** Addresses once each (case ignored), in a fixed order so concurrent runs claim them in the same order. */
function distinct(addresses: string[]): string[] {
  const seen = new Map<string, string>();
  for (const address of addresses) {
    const key = address.trim().toLowerCase();
    if (key && !seen.has(key)) seen.set(key, address.trim());
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, address]) => address);
}

/** Marks the history and audit rows of one run (the audit log's request id). */
function runId(today: IsoDate): string {
  return `deadlines-${today}`;
}
