import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { ForbiddenError } from '../../domain/errors.js';
import { actorOf } from '../../auth/principal.js';
import { recordAudit } from '../../db/audit-log.js';
import { fieldChanges } from '../audit/field-changes.js';
import type { Department, DepartmentRepository, DepartmentScope } from './department.repository.js';
import { departmentMessages, type DepartmentForm } from './department.schemas.js';

type HeadOffice = Extract<Principal, { kind: 'provider' }>;

export type AddOutcome =
  | { outcome: 'added'; id: number }
  | { outcome: 'invalid'; errors: Partial<Record<keyof DepartmentForm, string>> };

/** The unique indexes of departments, and the form field each one guards. */
const uniqueIndexes: Record<string, { field: keyof DepartmentForm; message: string }> = {
  departments_contact_email_key: { field: 'contactEmail', message: departmentMessages.emailTaken },
  departments_provider_id_name_unique: { field: 'name', message: departmentMessages.nameTaken },
};

/** Departments: the head office sees and adds its own; a department user sees the granted ones. */
export class DepartmentService {
  constructor(
    private readonly db: Knex,
    private readonly departments: DepartmentRepository,
  ) {}

  async list(principal: Principal): Promise<Department[]> {
    return this.departments.list(scopeOf(principal));
  }

  /** Adds a department with an audit row; a name or e-mail address in use is refused per field. */
  async add(principal: HeadOffice, form: DepartmentForm, requestId?: string): Promise<AddOutcome> {
    try {
      return await this.db.transaction(async (trx): Promise<AddOutcome> => {
        const errors: Partial<Record<keyof DepartmentForm, string>> = {};
        if (await this.departments.nameTaken(trx, principal.providerId, form.name))
          errors.name = departmentMessages.nameTaken;
        if (await this.departments.emailTaken(trx, form.contactEmail))
          errors.contactEmail = departmentMessages.emailTaken;
        if (Object.keys(errors).length > 0) return { outcome: 'invalid', errors };

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
      });
    } catch (error) {
      // Someone else took the name or address between our check and our insert.
      const taken = uniqueIndexOf(error);
      if (taken) return { outcome: 'invalid', errors: { [taken.field]: taken.message } };
      throw error;
    }
  }
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
