import { Router, type Request } from 'express';
import { principalOf, requireHeadOffice } from '../../auth/guards.js';
import type { DepartmentService, RefusableOutcome } from './department.service.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import { presentDepartments, registrationColumns } from './department.presenter.js';
import { departmentFieldNames, departmentSchema, invitationSchema } from './department.schemas.js';
import { requestIdOf } from '../../web/request-logging.js';

/** An id from the URL; anything but a positive whole number is not found. */
function idOf(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,8}$/.test(raw)) throw new NotFoundError();
  return Number(raw);
}

/** The id of a department's invitation field on the list page (one form per department). */
export const invitationFieldId = (departmentId: number) => `uitnodiging-${departmentId}`;

/**
 * /dienstverlener/departementen: the head office (its login, or its local
 * administrator through SAML) sees its departments with their registrations,
 * members and open invitations; adds, changes and removes departments;
 * invites a person by e-mail and withdraws an invitation; removes a member.
 * A department user sees only the departments it joined, read-only
 * (DOMAIN.md §3). Another provider's department answers 404.
 */
export function departmentRoutes(deps: { departments: DepartmentService }): Router {
  const router = Router();
  const { departments } = deps;
  const path = paths.provider.departments();

  router.get(path, async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const headOffice = principal.kind === 'provider';
    const { values, errors } = headOffice ? takeFormState(req, path) : { values: {}, errors: {} };
    const people = headOffice ? await departments.people(principal) : { members: [], invitations: [] };
    res.render('provider/departments/list', {
      title: 'Departementen',
      headOffice,
      departments: presentDepartments(await departments.list(principal), people),
      registrationColumns,
      invitationFieldId,
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

  router.get(paths.provider.editDepartment(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const id = idOf(req.params.id);
    const department = await departments.department(principal, id);
    const editPath = paths.provider.editDepartment(id);
    const { values, errors } = takeFormState(req, editPath);
    res.render('provider/departments/edit', {
      title: `${department.name} wijzigen`,
      action: editPath,
      department,
      values: { name: department.name, contactEmail: department.contactEmail, ...values },
      errors,
    });
  });

  router.post(paths.provider.editDepartment(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const id = idOf(req.params.id);
    // Another provider's department is not found before the form is even read.
    await departments.department(principal, id);
    const editPath = paths.provider.editDepartment(id);
    const values = postedValues(req.body, departmentFieldNames);
    const parsed = departmentSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, editPath, { values, errors: fieldErrors(parsed.error) });
      return res.redirect(303, editPath);
    }
    const result = await departments.update(principal, id, parsed.data, requestIdOf(req));
    if (result.outcome === 'invalid') {
      keepFormState(req, editPath, { values, errors: result.errors });
      return res.redirect(303, editPath);
    }
    flash(req, { type: 'success', text: `Het departement ${parsed.data.name} is gewijzigd.` });
    res.redirect(303, `${path}#departement-${id}`);
  });

  router.post(paths.provider.removeDepartment(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const result = await departments.remove(principal, idOf(req.params.id), requestIdOf(req));
    flashOutcome(req, result, 'Het departement is verwijderd.');
    res.redirect(303, path);
  });

  router.post(paths.provider.departmentInvitations(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const id = idOf(req.params.id);
    const fieldId = invitationFieldId(id);
    const parsed = invitationSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, path, {
        values: { [fieldId]: postedValues(req.body, ['email']).email },
        errors: { [fieldId]: fieldErrors(parsed.error).email ?? 'Vul een geldig e-mailadres in.' },
      });
      return res.redirect(303, `${path}#departement-${id}`);
    }
    const result = await departments.invite(principal, id, parsed.data.email, requestIdOf(req));
    flashOutcome(
      req,
      result,
      `We hebben een uitnodiging gestuurd naar ${parsed.data.email}. De link is 7 dagen geldig en werkt één keer.`,
    );
    res.redirect(303, `${path}#departement-${id}`);
  });

  router.post(paths.provider.revokeDepartmentInvitation(':id'), requireHeadOffice, async (req, res) => {
    const principal = principalOf(req, 'provider');
    const result = await departments.revoke(principal, idOf(req.params.id), requestIdOf(req));
    flashOutcome(req, result, 'De uitnodiging is ingetrokken: de link werkt niet meer.');
    res.redirect(303, path);
  });

  router.post(
    paths.provider.removeDepartmentMember(':id', ':personId'),
    requireHeadOffice,
    async (req, res) => {
      const principal = principalOf(req, 'provider');
      const id = idOf(req.params.id);
      const result = await departments.removeMember(
        principal,
        id,
        idOf(req.params.personId),
        requestIdOf(req),
      );
      flashOutcome(req, result, 'De persoon is geen lid meer van het departement.');
      res.redirect(303, `${path}#departement-${id}`);
    },
  );

  return router;
}

function flashOutcome<Done extends string>(req: Request, result: RefusableOutcome<Done>, done: string) {
  flash(
    req,
    'message' in result ? { type: 'warning', text: result.message } : { type: 'success', text: done },
  );
}
