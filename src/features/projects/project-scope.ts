import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { ForbiddenError } from '../../domain/errors.js';

/**
 * Whose projects a query may see. Built from the signed-in principal and
 * applied by every project query, so a foreign project number is simply not found.
 */
export type ProjectScope =
  | { kind: 'provider'; providerId: number }
  | { kind: 'department'; providerId: number; departmentIds: number[] }
  | { kind: 'company'; companyId: number }
  | { kind: 'agency' };

export function projectScopeOf(principal: Principal): ProjectScope {
  switch (principal.kind) {
    case 'provider':
      return { kind: 'provider', providerId: principal.providerId };
    case 'department':
      return { kind: 'department', providerId: principal.providerId, departmentIds: principal.departmentIds };
    case 'entrepreneur':
      return { kind: 'company', companyId: principal.companyId };
    case 'agency':
      return { kind: 'agency' };
  }
  throw new ForbiddenError();
}

/** Narrows a query on `projects as <alias>` to the scope. */
export function applyProjectScope(
  query: Knex.QueryBuilder,
  scope: ProjectScope,
  alias = 'pr',
): Knex.QueryBuilder {
  switch (scope.kind) {
    case 'provider':
      return query.where(`${alias}.provider_id`, scope.providerId);
    case 'department':
      return query
        .where(`${alias}.provider_id`, scope.providerId)
        .whereIn(`${alias}.department_id`, scope.departmentIds);
    case 'company':
      return query.where(`${alias}.company_id`, scope.companyId);
    case 'agency':
      return query;
  }
}
