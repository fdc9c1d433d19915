import type { Knex } from 'knex';
import { companyMailAddresses } from '../projects/company-recipients.js';
import { providerRecipients } from '../projects/provider-recipients.js';
import type { IsoDate } from '../../domain/dates.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { RegistrationStatus } from '../../domain/registration-status.js';
import type { Service } from '../../domain/subsidy-terms.js';
import type { ReminderKind } from './deadline-schedule.js';
import type { ProjectMailFacts } from './deadline.mails.js';

/** A project as the nightly run sees it, read under its row lock. */
export interface ProjectDeadlineFacts extends ProjectMailFacts {
  id: number;
  status: ProjectStatus;
  applicationDate: IsoDate;
  /** An own contribution (ledger `eigen_bijdrage`) was booked. */
  deposited: boolean;
  /** The company's own address; without one, each representative's (none when nobody left one). */
  companyEmails: string[];
  /** The provider's recipients: `providerRecipients` (head office, and the department if any). */
  providerEmails: string[];
}

/** An open application draft as the nightly run sees it. */
export interface ApplicationDraftFacts {
  id: string;
  owner: string;
  /** What the user typed as the start of the services (dd/mm/jjjj), if anything. */
  startDateInput: string | null;
  title: string;
}

/** The person behind a draft, and the company the draft is for. */
export interface DraftPerson {
  firstName: string;
  email: string | null;
  companyName: string;
}

/** An approved registration as the nightly run sees it, read under its row lock. */
export interface RegistrationDeadlineFacts {
  id: number;
  status: RegistrationStatus;
  service: Service;
  number: string | null;
  /** The last valid day. */
  validUntil: IsoDate | null;
  providerName: string;
  departmentName: string | null;
  /** `providerRecipients`: the head office, and the department when the registration is a department's. */
  providerEmails: string[];
}

export interface ReminderClaim {
  kind: ReminderKind;
  subjectType: 'project' | 'application_draft' | 'registration';
  subjectId: string | number;
  recipient: string;
  dueOn: IsoDate;
  deadline: IsoDate;
  sentOn: IsoDate;
}

/**
 * Reads and writes of the nightly deadline run: the projects and drafts whose
 * deadline is near or passed, each one's facts under a row lock, and the
 * register of reminders sent (deadline_reminders), whose unique key makes a
 * reminder go out once however often or concurrently the run happens.
 */
export class DeadlineRepository {
  constructor(private readonly db: Knex) {}

  /** Bevestigd projects without an own contribution whose deposit deadline lies before `today`. */
  async lapseCandidates(today: IsoDate): Promise<number[]> {
    return this.undeposited()
      .where('pr.status', 'Bevestigd')
      .where('pr.deposit_deadline', '<', today)
      .orderBy('pr.id')
      .pluck('pr.id');
  }

  /** Bevestigd projects without an own contribution whose deposit deadline lies from `from` to `to`. */
  async depositCandidates(from: IsoDate, to: IsoDate): Promise<number[]> {
    return this.undeposited()
      .where('pr.status', 'Bevestigd')
      .whereBetween('pr.deposit_deadline', [from, to])
      .orderBy('pr.id')
      .pluck('pr.id');
  }

  /** Approved registrations (G: no renewal asked yet) whose last valid day lies from `from` to `to`. */
  async renewalCandidates(from: IsoDate, to: IsoDate): Promise<number[]> {
    return this.db('registrations')
      .where('status', 'G' satisfies RegistrationStatus)
      .whereBetween('valid_until', [from, to])
      .orderBy('id')
      .pluck('id');
  }

  /**
   * Locks the registration FOR SHARE (a renewal request or an agency decision,
   * which take it FOR UPDATE, waits until the reminder committed) and reads it
   * with its provider's and department's names and addresses.
   */
  async lockRegistration(trx: Knex.Transaction, id: number): Promise<RegistrationDeadlineFacts | undefined> {
    const locked = await trx('registrations')
      .where({ id })
      .forShare()
      .first<{ id: number } | undefined>('id');
    if (!locked) return undefined;
    const row:
      | (Omit<RegistrationDeadlineFacts, 'providerEmails'> & {
          providerEmail: string;
          departmentEmail: string | null;
        })
      | undefined = await trx('registrations as r')
      .join('provider_organisations as p', 'p.id', 'r.provider_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .where('r.id', id)
      .first({
        id: 'r.id',
        status: 'r.status',
        service: 'r.service',
        number: 'r.number',
        validUntil: 'r.valid_until',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        providerEmail: 'p.contact_email',
        departmentEmail: 'd.contact_email',
      });
    if (!row) return undefined;
    const { providerEmail, departmentEmail, ...facts } = row;
    return { ...facts, providerEmails: providerRecipients(providerEmail, departmentEmail) };
  }

  /** Lopend projects applied for from `from` to `to` with money left in their wallet. */
  async paymentCandidates(from: IsoDate, to: IsoDate): Promise<number[]> {
    return this.db('projects as pr')
      .join('ledger_entries as le', 'le.project_id', 'pr.id')
      .where('pr.status', 'Lopend')
      .whereBetween('pr.application_date', [from, to])
      .groupBy('pr.id')
      .havingRaw('sum(le.amount_cents) > 0')
      .orderBy('pr.id')
      .pluck('pr.id');
  }

  /**
   * Per owner, the draft of this wizard they touched last, when it is still
   * open and has a start date: the one `paths.company.application()` resumes.
   * An older open draft was left for a newer one (perhaps already submitted).
   */
  async openDraftIds(wizard: string): Promise<string[]> {
    const latest = this.db('wizard_drafts')
      .where({ wizard })
      .distinctOn('owner')
      .select('id', 'owner', 'submitted_at', this.db.raw("answers->>'startDate' as start_date"))
      .orderBy([
        { column: 'owner' },
        { column: 'updated_at', order: 'desc' },
        { column: 'created_at', order: 'desc' },
      ]);
    return this.db
      .from(latest.as('latest'))
      .whereNull('submitted_at')
      .whereNotNull('start_date')
      .orderBy('id')
      .pluck('id');
  }

  /**
   * Locks the draft (FOR SHARE: the wizard's submit waits until the reminder
   * committed) and reads it, if it is still its owner's latest and open.
   */
  async lockOpenDraft(
    trx: Knex.Transaction,
    wizard: string,
    id: string,
  ): Promise<ApplicationDraftFacts | undefined> {
    const draft: (ApplicationDraftFacts & { updatedAt: Date; createdAt: Date }) | undefined = await trx(
      'wizard_drafts',
    )
      .where({ id, wizard })
      .whereNull('submitted_at')
      .forShare()
      .first({
        id: 'id',
        owner: 'owner',
        startDateInput: trx.raw("answers->>'startDate'"),
        title: trx.raw("coalesce(btrim(answers->>'title'), '')"),
        updatedAt: 'updated_at',
        createdAt: 'created_at',
      });
    if (!draft) return undefined;
    const newer = await trx('wizard_drafts')
      .where({ wizard, owner: draft.owner })
      .whereNot({ id })
      .where((query) => {
        query.where('updated_at', '>', draft.updatedAt).orWhere((tie) => {
          tie.where('updated_at', draft.updatedAt).andWhere('created_at', '>', draft.createdAt);
        });
      })
      .first<{ id: number } | undefined>('id');
    if (newer) return undefined;
    const { updatedAt: _updatedAt, createdAt: _createdAt, ...facts } = draft;
    return facts;
  }

  /** The person and company of a draft, when the person still represents the company. */
  async draftPerson(
    trx: Knex.Transaction,
    companyId: number,
    personId: number,
  ): Promise<DraftPerson | undefined> {
    return await trx('company_representatives as cr')
      .join('persons as pe', 'pe.id', 'cr.person_id')
      .join('companies as c', 'c.id', 'cr.company_id')
      .where({ 'cr.company_id': companyId, 'cr.person_id': personId })
      .first({ firstName: 'pe.first_name', email: 'pe.email', companyName: 'c.name' });
  }

  /**
   * Locks the project row — FOR UPDATE to change its status, FOR SHARE to
   * remind: either way a deposit, payment or status change (which take the
   * row FOR UPDATE) waits until this transaction ends — and reads its facts.
   */
  async lockProject(
    trx: Knex.Transaction,
    id: number,
    mode: 'update' | 'share',
  ): Promise<ProjectDeadlineFacts | undefined> {
    const lock = trx('projects').where({ id });
    const locked = await (mode === 'update' ? lock.forUpdate() : lock.forShare()).first<
      { id: number } | undefined
    >('id');
    if (!locked) return undefined;
    const row:
      | (Omit<ProjectDeadlineFacts, 'deposited' | 'balanceCents' | 'companyEmails' | 'providerEmails'> & {
          companyId: number;
          companyEmail: string | null;
          providerEmail: string;
          departmentEmail: string | null;
        })
      | undefined = await trx('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .where('pr.id', id)
      .first({
        id: 'pr.id',
        projectNumber: 'pr.project_number',
        title: 'pr.title',
        status: 'pr.status',
        applicationDate: 'pr.application_date',
        depositDeadline: 'pr.deposit_deadline',
        ownContributionCents: 'pr.own_contribution_cents',
        subsidyCents: 'pr.subsidy_cents',
        structuredCommunication: 'pr.structured_communication',
        companyId: 'c.id',
        companyName: 'c.name',
        companyEnterpriseNumber: 'c.enterprise_number',
        companyEmail: 'c.email',
        providerName: 'p.legal_name',
        providerEmail: 'p.contact_email',
        departmentName: 'd.name',
        departmentEmail: 'd.contact_email',
      });
    if (!row) return undefined;
    const ledger: { deposits: number; balance: number } | undefined = await trx('ledger_entries')
      .where({ project_id: id })
      .first(
        trx.raw("count(*) filter (where kind = 'eigen_bijdrage')::int as deposits"),
        trx.raw('coalesce(sum(amount_cents), 0)::bigint as balance'),
      );
    const { companyId, companyEmail, departmentEmail, providerEmail, ...facts } = row;
    return {
      ...facts,
      deposited: (ledger?.deposits ?? 0) > 0,
      balanceCents: ledger?.balance ?? 0,
      companyEmails: await companyMailAddresses(trx, companyId, companyEmail),
      providerEmails: providerRecipients(providerEmail, departmentEmail),
    };
  }

  /**
   * Registers a reminder before its mail is queued. Returns the register row's
   * id, or undefined when this reminder was registered before (by an earlier
   * run, or by a concurrent one: the unique key makes the second insert wait
   * for the first transaction and then find the row).
   */
  async claimReminder(trx: Knex.Transaction, claim: ReminderClaim): Promise<number | undefined> {
    const [row] = await trx('deadline_reminders')
      .insert({
        kind: claim.kind,
        subject_type: claim.subjectType,
        subject_id: String(claim.subjectId),
        recipient: claim.recipient.trim().toLowerCase(),
        due_on: claim.dueOn,
        deadline: claim.deadline,
        sent_on: claim.sentOn,
      })
      .onConflict(['kind', 'subject_type', 'subject_id', 'recipient', 'due_on'])
      .ignore()
      .returning<{ id: number }[]>('id');
    return row?.id;
  }

  async attachMail(trx: Knex.Transaction, reminderId: number, mailId: number): Promise<void> {
    await trx('deadline_reminders')
      .where({ id: reminderId })
      .update({ mail_id: mailId, updated_at: trx.fn.now() });
  }

  private undeposited() {
    return this.db('projects as pr').whereNotExists((query) => {
      query
        .select(this.db.raw('1'))
        .from('ledger_entries as le')
        .whereRaw('le.project_id = pr.id')
        .where('le.kind', 'eigen_bijdrage');
    });
  }
}
