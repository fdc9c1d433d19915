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

  async nameTaken(trx: Knex.Transaction, providerId: number, name: string): Promise<boolean> {
    const row = await trx('departments')
      .where({ provider_id: providerId })
      .whereRaw('lower(name) = lower(?)', [name])
      .first<{ id: number } | undefined>('id');
    return row !== undefined;
  }

  /** Any department, of any provider: the address is the department's login. */
  async emailTaken(trx: Knex.Transaction, email: string): Promise<boolean> {
    const row = await trx('departments')
      .whereRaw('lower(contact_email) = lower(?)', [email])
      .first<{ id: number } | undefined>('id');
    return row !== undefined;
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
