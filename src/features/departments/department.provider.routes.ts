import { Router } from 'express';
import { principalOf, requireHeadOffice } from '../../auth/guards.js';
import type { DepartmentService } from './department.service.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import { presentDepartments, registrationColumns } from './department.presenter.js';
import { departmentFieldNames, departmentSchema } from './department.schemas.js';
import { requestIdOf } from '../../web/request-logging.js';

/**
 * /dienstverlener/departementen: the head office sees its departments with
 * their registrations and adds departments; a department user sees only the
 * departments granted to it, read-only (DOMAIN.md §3).
 */
export function departmentRoutes(deps: { departments: DepartmentService }): Router {
  const router = Router();
  const { departments } = deps;
  const path = paths.provider.departments();

  router.get(path, async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const headOffice = principal.kind === 'provider';
    const { values, errors } = headOffice ? takeFormState(req, path) : { values: {}, errors: {} };
    res.render('provider/departments/list', {
      title: 'Departementen',
      headOffice,
      departments: presentDepartments(await departments.list(principal)),
      registrationColumns,
      values,
      errors,
    });
  });

  router.post(path, requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const values = postedValues(req.body, departmentFieldNames);
    const parsed = departmentSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, path, { values, errors: fieldErrors(parsed.error) });
      return res.redirect(303, path);
    }
    const result = await departments.add(principal, parsed.data, requestIdOf(req));
    if (result.outcome === 'invalid') {
      keepFormState(req, path, { values, errors: result.errors });
      return res.redirect(303, path);
    }
    flash(req, { type: 'success', text: `Het departement ${parsed.data.name} is toegevoegd.` });
    res.redirect(303, path);
  });

  return router;
}
