import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';

/**
 * A department user's departments are read on every request, not kept from
 * the sign-in: a person the head office removes from a department loses it
 * at their next click, and a renamed department shows its new name at once —
 * never "after signing in again". One indexed query, for department users
 * only; the session changes (and is saved) only when the membership did.
 */
export function currentDepartments(db: Knex): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const principal = req.session?.principal;
    if (principal?.kind !== 'department') return next();
    const rows: { id: number; name: string }[] = await db('department_users as du')
      .join('departments as d', 'd.id', 'du.department_id')
      .where({ 'du.person_id': principal.personId, 'd.provider_id': principal.providerId })
      .orderBy('d.name')
      .select({ id: 'd.id', name: 'd.name' });
    const ids = rows.map((row) => row.id);
    const names = rows.map((row) => row.name);
    if (!sameList(ids, principal.departmentIds)) {
      req.session.principal = { ...principal, departmentIds: ids };
    }
    const person = req.session.samlPerson;
    if (person) {
      const stale = person.capacities.some(
        (capacity) =>
          capacity.kind === 'department' &&
          capacity.providerId === principal.providerId &&
          (!sameList(capacity.departmentIds, ids) || !sameList(capacity.departmentNames, names)),
      );
      if (stale) {
        req.session.samlPerson = {
          ...person,
          capacities: person.capacities.map((capacity) =>
            capacity.kind === 'department' && capacity.providerId === principal.providerId
              ? { ...capacity, departmentIds: ids, departmentNames: names }
              : capacity,
          ),
        };
      }
    }
    next();
  };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
