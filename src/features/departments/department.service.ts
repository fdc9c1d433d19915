import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { NotFoundError, ForbiddenError } from '../../domain/errors.js';
import { actorOf } from '../../auth/principal.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Clock } from '../../clock.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { paths } from '../../paths.js';
import { fieldChanges } from '../audit/field-changes.js';
import type {
  Department,
  DepartmentMember,
  DepartmentRepository,
  DepartmentScope,
  InvitationRow,
  PendingInvitation,
} from './department.repository.js';
import { departmentMessages, type DepartmentForm } from './department.schemas.js';

type HeadOffice = Extract<Principal, { kind: 'provider' }>;

/** How long an invitation's link works. */
export const INVITATION_VALID_DAYS = 7;

export type AddOutcome =
  | { outcome: 'added'; id: number }
  | { outcome: 'invalid'; errors: Partial<Record<keyof DepartmentForm, string>> };

export type UpdateOutcome =
  { outcome: 'updated' } | { outcome: 'invalid'; errors: Partial<Record<keyof DepartmentForm, string>> };

export type RefusableOutcome<Done extends string> =
  { outcome: Done } | { outcome: 'refused'; message: string };

/** Where an invitation stands for the person who opens its link. */
export type InvitationState =
  | { state: 'unknown' }
  | { state: 'accepted' | 'revoked' | 'expired' | 'no-right'; invitation: InvitationRow }
  | { state: 'open'; invitation: InvitationRow };

/** A person signed in through SAML, with the providers the IdP grants them. */
export interface InvitedPerson {
  personId: number;
  displayName: string;
  providerIds: readonly number[];
}

/** The unique indexes of departments, and the form field each one guards. */
const uniqueIndexes: Record<string, { field: keyof DepartmentForm; message: string }> = {
  departments_contact_email_key: { field: 'contactEmail', message: departmentMessages.emailTaken },
  departments_provider_id_name_unique: { field: 'name', message: departmentMessages.nameTaken },
};

export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Departments: the head office (login or local administrator) adds, changes
 * and removes them, invites people and removes members; a department user sees
 * the departments it accepted an invitation to. Joining a department is only
 * ever the acceptance of an invitation by a person with the provider's right.
 */
export class DepartmentService {
  constructor(
    private readonly db: Knex,
    private readonly departments: DepartmentRepository,
    private readonly clock: Clock,
    private readonly options: { publicUrl: string },
  ) {}

  async list(principal: Principal): Promise<Department[]> {
    return this.departments.list(scopeOf(principal));
  }

  /** The head office's view of who is in its departments and who is invited. */
  async people(
    principal: HeadOffice,
  ): Promise<{ members: DepartmentMember[]; invitations: PendingInvitation[] }> {
    const [members, invitations] = await Promise.all([
      this.departments.members(principal.providerId),
      this.departments.pendingInvitations(principal.providerId, this.clock.now()),
    ]);
    return { members, invitations };
  }

  async department(principal: HeadOffice, id: number) {
    const [department] = await this.departments.list({
      providerId: principal.providerId,
      departmentIds: [id],
    });
    if (!department) throw new NotFoundError(departmentMessages.departmentGone);
    return department;
  }

  /** Adds a department with an audit row; a name or e-mail address in use is refused per field. */
  async add(principal: HeadOffice, form: DepartmentForm, requestId?: string): Promise<AddOutcome> {
    return this.catchTaken(() =>
      this.db.transaction(async (trx): Promise<AddOutcome> => {
        const errors = await this.takenErrors(trx, principal.providerId, form);
        if (errors) return { outcome: 'invalid', errors };
        const id = await this.departments.insert(trx, principal.providerId, form);
        await recordAudit(trx, {
          actor: actorOf(principal),
          action: 'department.create',
          entityType: 'department',
          entityId: id,
          details: fieldChanges(null, { name: form.name, contactEmail: form.contactEmail }),
          requestId,
        });
        return { outcome: 'added', id };
      }),
    );
  }

  /** Changes a department's name and contact address; another provider's department is not found. */
  async update(
    principal: HeadOffice,
    id: number,
    form: DepartmentForm,
    requestId?: string,
  ): Promise<UpdateOutcome> {
    return this.catchTaken(() =>
      this.db.transaction(async (trx): Promise<UpdateOutcome> => {
        const before = await this.departments.findForUpdate(trx, principal.providerId, id);
        if (!before) throw new NotFoundError(departmentMessages.departmentGone);
        const errors = await this.takenErrors(trx, principal.providerId, form, id);
        if (errors) return { outcome: 'invalid', errors };
        const changes = fieldChanges(
          { name: before.name, contactEmail: before.contactEmail },
          { name: form.name, contactEmail: form.contactEmail },
        );
        if (Object.keys(changes).length === 0) return { outcome: 'updated' };
        await this.departments.update(trx, id, form);
        await recordAudit(trx, {
          actor: actorOf(principal),
          action: 'department.update',
          entityType: 'department',
          entityId: id,
          details: changes,
          requestId,
        });
        return { outcome: 'updated' };
      }),
    );
  }

  /** Removes a department nothing refers to, with its memberships and open invitations. */
  async remove(principal: HeadOffice, id: number, requestId?: string): Promise<RefusableOutcome<'removed'>> {
    return this.db.transaction(async (trx) => {
      const department = await this.departments.findForUpdate(trx, principal.providerId, id);
      if (!department) return { outcome: 'refused', message: departmentMessages.departmentGone };
      if (await this.departments.inUse(trx, id))
        return { outcome: 'refused', message: departmentMessages.departmentInUse };
      await this.departments.delete(trx, id);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'department.delete',
        entityType: 'department',
        entityId: id,
        details: fieldChanges(
          { name: department.name, contactEmail: department.contactEmail },
          { name: null, contactEmail: null },
        ),
        requestId,
      });
      return { outcome: 'removed' };
    });
  }

  /** Ends a person's membership of one of the provider's departments. */
  async removeMember(
    principal: HeadOffice,
    departmentId: number,
    personId: number,
    requestId?: string,
  ): Promise<RefusableOutcome<'removed'>> {
    return this.db.transaction(async (trx) => {
      const department = await this.departments.findForUpdate(trx, principal.providerId, departmentId);
      if (!department) return { outcome: 'refused', message: departmentMessages.departmentGone };
      if (!(await this.departments.removeMember(trx, departmentId, personId)))
        return { outcome: 'refused', message: departmentMessages.memberGone };
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'department.member_remove',
        entityType: 'department',
        entityId: departmentId,
        details: { personId, name: (await this.departments.memberName(trx, personId)) ?? null },
        requestId,
      });
      return { outcome: 'removed' };
    });
  }

  /**
   * Invites a person to one of the provider's departments: a random token,
   * stored only as its hash, mailed as a link to the address given, valid
   * INVITATION_VALID_DAYS days.
   */
  async invite(
    principal: HeadOffice,
    departmentId: number,
    email: string,
    requestId?: string,
  ): Promise<RefusableOutcome<'invited'>> {
    return this.db.transaction(async (trx) => {
      const department = await this.departments.findForUpdate(trx, principal.providerId, departmentId);
      if (!department) return { outcome: 'refused', message: departmentMessages.departmentGone };
      const now = this.clock.now();
      // A second click, or a second invitation while the first is open: one link, one mail.
      // (The department's row lock above makes two at the same moment wait for each other.)
      if (await this.departments.hasOpenInvitation(trx, departmentId, email, now)) {
        return { outcome: 'refused', message: departmentMessages.alreadyInvited(email) };
      }
      const provider = await trx('provider_organisations')
        .where({ id: principal.providerId })
        .first<{ legal_name: string }>('legal_name');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + INVITATION_VALID_DAYS * 24 * 60 * 60 * 1000);
      const id = await this.departments.insertInvitation(trx, {
        departmentId,
        providerId: principal.providerId,
        email,
        tokenHash: hashInvitationToken(token),
        invitedBy: principal.displayName,
        createdAt: now,
        expiresAt,
      });
      await enqueueMail(trx, {
        to: email,
        ...composeMail('department-invitation', {
          providerName: provider.legal_name,
          departmentName: department.name,
          invitedBy: principal.displayName,
          invitationUrl: `${this.options.publicUrl}${paths.provider.invitation(token)}`,
          expiresAt,
        }),
      });
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'department.invite',
        entityType: 'department',
        entityId: departmentId,
        details: { invitationId: id, email, expiresAt: expiresAt.toISOString() },
        requestId,
      });
      return { outcome: 'invited' };
    });
  }

  /** Withdraws an open invitation of the provider; its link no longer works. */
  async revoke(
    principal: HeadOffice,
    invitationId: number,
    requestId?: string,
  ): Promise<RefusableOutcome<'revoked'>> {
    return this.db.transaction(async (trx) => {
      const invitation = await this.departments.invitationForUpdate(trx, principal.providerId, invitationId);
      if (!invitation) throw new NotFoundError('Deze uitnodiging bestaat niet.');
      const now = this.clock.now();
      if (invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now)
        return { outcome: 'refused', message: departmentMessages.invitationClosed };
      await this.departments.revokeInvitation(trx, invitation.id, now);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'department.invitation_revoke',
        entityType: 'department',
        entityId: invitation.departmentId,
        details: { invitationId: invitation.id, email: invitation.email },
        requestId,
      });
      return { outcome: 'revoked' };
    });
  }

  /** What the link's page says to this person (nothing changes). */
  async invitationFor(token: string, person: InvitedPerson): Promise<InvitationState> {
    const invitation = await this.departments.invitationByTokenHash(this.db, hashInvitationToken(token));
    return stateOf(invitation, person, this.clock.now());
  }

  /**
   * Accepts the invitation: once, before it expires, by a person the IdP
   * grants the provider's right. Anything else changes nothing.
   */
  async accept(token: string, person: InvitedPerson, requestId?: string): Promise<InvitationState> {
    return this.db.transaction(async (trx) => {
      const invitation = await this.departments.invitationByTokenHash(trx, hashInvitationToken(token), true);
      const now = this.clock.now();
      const state = stateOf(invitation, person, now);
      if (state.state !== 'open') return state;
      await this.departments.acceptInvitation(trx, state.invitation, person.personId, now);
      await recordAudit(trx, {
        actor: { type: 'department', id: person.personId, label: person.displayName },
        action: 'department.invitation_accept',
        entityType: 'department',
        entityId: state.invitation.departmentId,
        details: { invitationId: state.invitation.id, personId: person.personId },
        requestId,
      });
      return state;
    });
  }

  private async takenErrors(
    trx: Knex.Transaction,
    providerId: number,
    form: DepartmentForm,
    exceptId?: number,
  ): Promise<Partial<Record<keyof DepartmentForm, string>> | undefined> {
    const errors: Partial<Record<keyof DepartmentForm, string>> = {};
    if (await this.departments.nameTaken(trx, providerId, form.name, exceptId))
      errors.name = departmentMessages.nameTaken;
    if (await this.departments.emailTaken(trx, form.contactEmail, exceptId))
      errors.contactEmail = departmentMessages.emailTaken;
    return Object.keys(errors).length > 0 ? errors : undefined;
  }

  /** Someone else took the name or address between our check and our write (unique index). */
  private async catchTaken<T>(
    work: () => Promise<T>,
  ): Promise<T | { outcome: 'invalid'; errors: Partial<Record<keyof DepartmentForm, string>> }> {
    try {
      return await work();
    } catch (error) {
      const taken = uniqueIndexOf(error);
      if (taken) return { outcome: 'invalid', errors: { [taken.field]: taken.message } };
      throw error;
    }
  }
}

function stateOf(invitation: InvitationRow | undefined, person: InvitedPerson, now: Date): InvitationState {
  if (!invitation) return { state: 'unknown' };
  if (invitation.acceptedAt) return { state: 'accepted', invitation };
  if (invitation.revokedAt) return { state: 'revoked', invitation };
  if (invitation.expiresAt <= now) return { state: 'expired', invitation };
  if (!person.providerIds.includes(invitation.providerId)) return { state: 'no-right', invitation };
  return { state: 'open', invitation };
}

function scopeOf(principal: Principal): DepartmentScope {
  if (principal.kind === 'provider') return { providerId: principal.providerId };
  if (principal.kind === 'department')
    return { providerId: principal.providerId, departmentIds: principal.departmentIds };
  throw new ForbiddenError();
}

function uniqueIndexOf(error: unknown) {
  const candidate = error as { code?: unknown; constraint?: unknown } | undefined;
  if (candidate?.code !== '23505' || typeof candidate.constraint !== 'string') return undefined;
  return uniqueIndexes[candidate.constraint];
}
