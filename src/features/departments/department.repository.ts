import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { RegistrationStatus } from '../../domain/registration-status.js';
import type { Service } from '../../domain/subsidy-terms.js';

export interface DepartmentRegistration {
  id: number;
  service: Service;
  number: string | null;
  status: RegistrationStatus;
  validUntil: IsoDate | null;
}

export interface Department {
  id: number;
  name: string;
  contactEmail: string;
  registrations: DepartmentRegistration[];
}

/** A person who accepted an invitation to a department. */
export interface DepartmentMember {
  departmentId: number;
  personId: number;
  name: string;
  email: string | null;
  grantedAt: Date;
}

/** An invitation not yet accepted, revoked or expired. */
export interface PendingInvitation {
  id: number;
  departmentId: number;
  email: string;
  createdAt: Date;
  expiresAt: Date;
}

/** An invitation as the link's page needs it, locked for the acceptance. */
export interface InvitationRow {
  id: number;
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
  email: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Whose departments a query may see: all of a provider's (head office), or
 * only the granted ones of that provider (department user).
 */
export type DepartmentScope = { providerId: number; departmentIds?: readonly number[] };

/** A provider's departments with their registrations; every query is scoped by the provider. */
export class DepartmentRepository {
  constructor(private readonly db: Knex) {}

  async list(scope: DepartmentScope): Promise<Department[]> {
    const query = this.db('departments')
      .where({ provider_id: scope.providerId })
      .orderByRaw('lower(name), id')
      .select<Omit<Department, 'registrations'>[]>('id', 'name', 'contact_email as contactEmail');
    if (scope.departmentIds) query.whereIn('id', [...scope.departmentIds]);
    const departments: Omit<Department, 'registrations'>[] = await query;
    if (departments.length === 0) return [];

    const registrations: (DepartmentRegistration & { departmentId: number })[] = await this.db(
      'registrations',
    )
      .where({ provider_id: scope.providerId })
      .whereIn(
        'department_id',
        departments.map((department) => department.id),
      )
      .orderBy([{ column: 'service' }, { column: 'requested_at' }, { column: 'id' }])
      .select({
        id: 'id',
        departmentId: 'department_id',
        service: 'service',
        number: 'number',
        status: 'status',
        validUntil: 'valid_until',
      });
    return departments.map((department) => ({
      ...department,
      registrations: registrations
        .filter((registration) => registration.departmentId === department.id)
        .map(({ departmentId: _departmentId, ...registration }) => registration),
    }));
  }

  /** The members of the provider's departments, by department. */
  async members(providerId: number): Promise<DepartmentMember[]> {
    return this.db('department_users as du')
      .join('departments as d', 'd.id', 'du.department_id')
      .join('persons as p', 'p.id', 'du.person_id')
      .where('d.provider_id', providerId)
      .orderBy([{ column: 'p.last_name' }, { column: 'p.first_name' }, { column: 'p.id' }])
      .select({
        departmentId: 'd.id',
        personId: 'p.id',
        name: this.db.raw("p.first_name || ' ' || p.last_name"),
        email: 'p.email',
        grantedAt: 'du.granted_at',
      });
  }

  /** The provider's invitations still open at `now`. */
  async pendingInvitations(providerId: number, now: Date): Promise<PendingInvitation[]> {
    return this.db('department_invitations')
      .where({ provider_id: providerId })
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .where('expires_at', '>', now)
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select({
        id: 'id',
        departmentId: 'department_id',
        email: 'email',
        createdAt: 'created_at',
        expiresAt: 'expires_at',
      });
  }

  /** One of the provider's departments, locked; undefined when it is not the provider's. */
  async findForUpdate(
    trx: Knex.Transaction,
    providerId: number,
    id: number,
  ): Promise<{ id: number; name: string; contactEmail: string } | undefined> {
    return trx('departments')
      .where({ provider_id: providerId, id })
      .forUpdate()
      .first<{ id: number; name: string; contactEmail: string } | undefined>(
        'id',
        'name',
        'contact_email as contactEmail',
      );
  }

  async nameTaken(
    trx: Knex.Transaction,
    providerId: number,
    name: string,
    exceptId?: number,
  ): Promise<boolean> {
    const query = trx('departments')
      .where({ provider_id: providerId })
      .whereRaw('lower(name) = lower(?)', [name]);
    if (exceptId !== undefined) query.whereNot('id', exceptId);
    return (await query.first<{ id: number } | undefined>('id')) !== undefined;
  }

  /** Any department, of any provider: one department per contact address (unique index). */
  async emailTaken(trx: Knex.Transaction, email: string, exceptId?: number): Promise<boolean> {
    const query = trx('departments').whereRaw('lower(contact_email) = lower(?)', [email]);
    if (exceptId !== undefined) query.whereNot('id', exceptId);
    return (await query.first<{ id: number } | undefined>('id')) !== undefined;
  }

  async update(trx: Knex.Transaction, id: number, department: { name: string; contactEmail: string }) {
    await trx('departments')
      .where({ id })
      .update({ name: department.name, contact_email: department.contactEmail, updated_at: trx.fn.now() });
  }

  /** Whether registrations or projects name the department (they keep it: it cannot be removed). */
  async inUse(trx: Knex.Transaction, id: number): Promise<boolean> {
    const registration = await trx('registrations')
      .where({ department_id: id })
      .first<{ id: number } | undefined>('id');
    const project = await trx('projects')
      .where({ department_id: id })
      .first<{ id: number } | undefined>('id');
    return registration !== undefined || project !== undefined;
  }

  /** Removes the department with its memberships and invitations (cascade). */
  async delete(trx: Knex.Transaction, id: number): Promise<void> {
    await trx('departments').where({ id }).delete();
  }

  /** Ends a membership; false when the person was no member (any more). */
  async removeMember(trx: Knex.Transaction, departmentId: number, personId: number): Promise<boolean> {
    const removed = await trx('department_users')
      .where({ department_id: departmentId, person_id: personId })
      .delete();
    return removed > 0;
  }

  async memberName(trx: Knex.Transaction, personId: number): Promise<string | undefined> {
    const row = await trx('persons')
      .where({ id: personId })
      .first<{ name: string } | undefined>(trx.raw("first_name || ' ' || last_name as name"));
    return row?.name;
  }

  async insertInvitation(
    trx: Knex.Transaction,
    invitation: {
      departmentId: number;
      providerId: number;
      email: string;
      tokenHash: string;
      invitedBy: string;
      createdAt: Date;
      expiresAt: Date;
    },
  ): Promise<number> {
    const [row] = await trx('department_invitations')
      .insert({
        department_id: invitation.departmentId,
        provider_id: invitation.providerId,
        email: invitation.email,
        token_hash: invitation.tokenHash,
        invited_by: invitation.invitedBy,
        created_at: invitation.createdAt,
        expires_at: invitation.expiresAt,
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('insert into department_invitations returned nothing');
    return row.id;
  }

  /** An invitation by its token's hash, with its department and provider; locked when in a transaction. */
  async invitationByTokenHash(db: Knex | Knex.Transaction, tokenHash: string, lock = false) {
    const query = db('department_invitations as i')
      .join('departments as d', 'd.id', 'i.department_id')
      .join('provider_organisations as p', 'p.id', 'i.provider_id')
      .where('i.token_hash', tokenHash)
      .first<InvitationRow | undefined>({
        id: 'i.id',
        departmentId: 'd.id',
        departmentName: 'd.name',
        providerId: 'p.id',
        providerName: 'p.legal_name',
        email: 'i.email',
        expiresAt: 'i.expires_at',
        acceptedAt: 'i.accepted_at',
        revokedAt: 'i.revoked_at',
      });
    if (lock) void query.forUpdate('i');
    return query;
  }

  /** One of the provider's invitations, locked; undefined when it is not the provider's. */
  async invitationForUpdate(trx: Knex.Transaction, providerId: number, id: number) {
    return trx('department_invitations').where({ provider_id: providerId, id }).forUpdate().first<
      | {
          id: number;
          departmentId: number;
          email: string;
          expiresAt: Date;
          acceptedAt: Date | null;
          revokedAt: Date | null;
        }
      | undefined
    >({
      id: 'id',
      departmentId: 'department_id',
      email: 'email',
      expiresAt: 'expires_at',
      acceptedAt: 'accepted_at',
      revokedAt: 'revoked_at',
    });
  }

  async revokeInvitation(trx: Knex.Transaction, id: number, now: Date): Promise<void> {
    await trx('department_invitations').where({ id }).update({ revoked_at: now });
  }

  /** Marks the invitation accepted and makes the person a member (kept if already one). */
  /** Whether the address has an invitation to the department that is neither used, withdrawn nor expired. */
  async hasOpenInvitation(
    trx: Knex.Transaction,
    departmentId: number,
    email: string,
    now: Date,
  ): Promise<boolean> {
    const row = await trx('department_invitations')
      .where({ department_id: departmentId, email })
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .where('expires_at', '>', now)
      .first<{ id: number } | undefined>('id');
    return row !== undefined;
  }

  async acceptInvitation(
    trx: Knex.Transaction,
    invitation: { id: number; departmentId: number },
    personId: number,
    now: Date,
  ): Promise<void> {
    await trx('department_invitations')
      .where({ id: invitation.id })
      .update({ accepted_at: now, accepted_by: personId });
    await trx('department_users')
      .insert({ person_id: personId, department_id: invitation.departmentId, granted_at: now })
      .onConflict(['person_id', 'department_id'])
      .ignore();
  }

  async insert(
    trx: Knex.Transaction,
    providerId: number,
    department: { name: string; contactEmail: string },
  ): Promise<number> {
    const [row] = await trx('departments')
      .insert({ provider_id: providerId, name: department.name, contact_email: department.contactEmail })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('insert into departments returned nothing');
    return row.id;
  }
}
