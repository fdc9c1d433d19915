import { Router, type Request, type Response } from 'express';
import { principalFor, providerRightsOf } from '../../auth/capacity.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { saveSession } from '../../web/session-timeout.js';
import { requestIdOf } from '../../web/request-logging.js';
import type { DepartmentService, InvitationState, InvitedPerson } from './department.service.js';
import { invitationTokenPattern } from './department.schemas.js';

/** The answer's status per state of the invitation: refusals say why, nothing changes. */
const statusOf: Record<InvitationState['state'], number> = {
  open: 200,
  unknown: 404,
  accepted: 410,
  revoked: 410,
  expired: 410,
  'no-right': 403,
};

/**
 * /dienstverlener/uitnodiging/:token: the invitation's single-use link. It is
 * opened signed in through SAML (otherwise: to the SAML sign-in and back here);
 * the person must hold the provider's right the IdP grants; accepting makes
 * them a member of the department. Mounted before the provider gate, because
 * the invitee may not be signed in for the provider yet.
 */
export function departmentInvitationRoutes(deps: { departments: DepartmentService }): Router {
  const router = Router();
  const { departments } = deps;
  const pattern = paths.provider.invitation(':token');

  router.get(pattern, async (req, res) => {
    const token = tokenOf(req.params.token);
    if (!invitationTokenPattern.test(token)) return render(res, token, { state: 'unknown' });
    const person = invitedPersonOf(req);
    if (!person) return toSamlSignIn(req, res, token);
    return render(res, token, await departments.invitationFor(token, person));
  });

  router.post(pattern, async (req, res) => {
    const token = tokenOf(req.params.token);
    if (!invitationTokenPattern.test(token)) return render(res, token, { state: 'unknown' });
    const person = invitedPersonOf(req);
    const samlPerson = req.session.samlPerson;
    if (!person || !samlPerson) return toSamlSignIn(req, res, token);
    const state = await departments.accept(token, person, requestIdOf(req));
    if (state.state !== 'open') return render(res, token, state);

    // Act for that provider from now on; which departments is read on every request
    // (auth/current-departments.ts), so the new one counts from the next page on.
    const { invitation } = state;
    const capacity = samlPerson.capacities.find(
      (candidate) =>
        (candidate.kind === 'department' || candidate.kind === 'headOffice') &&
        candidate.providerId === invitation.providerId,
    );
    if (capacity) req.session.principal = principalFor(samlPerson, capacity);
    flash(req, {
      type: 'success',
      text: `U bent nu lid van ${invitation.departmentName} van ${invitation.providerName}.`,
    });
    await saveSession(req);
    res.redirect(303, paths.provider.departments());
  });

  return router;
}

function tokenOf(raw: unknown): string {
  return typeof raw === 'string' ? raw : '';
}

function invitedPersonOf(req: Request): InvitedPerson | undefined {
  const person = req.session?.samlPerson;
  if (!person) return undefined;
  return {
    personId: person.personId,
    displayName: person.displayName,
    providerIds: providerRightsOf(person.capacities),
  };
}

function toSamlSignIn(req: Request, res: Response, token: string) {
  const back = paths.provider.invitation(token);
  req.session.returnTo = back;
  res.redirect(303, `${paths.auth.samlLogin()}?RelayState=${encodeURIComponent(back)}`);
}

function render(res: Response, token: string, state: InvitationState) {
  res.status(statusOf[state.state]);
  res.render('provider/departments/invitation', {
    title:
      state.state === 'open' ? 'Uitnodiging voor een departement' : 'Deze uitnodiging kunt u niet aanvaarden',
    state,
    action: paths.provider.invitation(token),
    signInAgain: `${paths.auth.samlLogin()}?RelayState=${encodeURIComponent(paths.provider.invitation(token))}`,
  });
}
