import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { formatDate } from '../../domain/dates.js';
import { NotFoundError } from '../../domain/errors.js';
import { registrationStatusLabels, registrationStatuses } from '../../domain/registration-status.js';
import { services } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { decideOrWarn, readDecisionForm } from '../../web/decision-form.js';
import { takeFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import type { ProviderOrganisationRepository } from '../provider-organisation/provider-organisation.repository.js';
import type { RegistrationAdminQueries } from './registration.admin.queries.js';
import {
  agencyDecision,
  approvalBlockedReason,
  decisionOfSlug,
  isApproval,
  otherDecisionActions,
  presentAdminRegistration,
  presentQueueRows,
  queueColumns,
  serviceFilterItems,
  statusFilterItems,
} from './registration.admin.presenter.js';
import type { RegistrationRepository } from './registration.repository.js';
import type { RegistrationService } from './registration.service.js';
import { oneOf } from '../../web/url-values.js';

const agencyScope = { kind: 'agency' } as const;

/** /beheer/registraties: the agency's queue, a registration's detail and the decisions on it. */
export function registrationAdminRoutes(deps: {
  clock: Clock;
  registrations: RegistrationService;
  registrationRepository: RegistrationRepository;
  registrationAdminQueries: RegistrationAdminQueries;
  providerOrganisations: Pick<ProviderOrganisationRepository, 'find'>;
}): Router {
  const router = Router();
  const {
    registrations: service,
    registrationRepository: repository,
    registrationAdminQueries: queries,
  } = deps;

  router.get(paths.admin.registrations(), async (req, res) => {
    principalOf(req, 'agency');
    const status = oneOf(registrationStatuses, req.query.status);
    const serviceFilter = oneOf(services, req.query.dienst);
    const filtered = status !== undefined || serviceFilter !== undefined;
    const rows = await queries.queue({ statuses: status ? [status] : undefined, service: serviceFilter });
    res.render('admin/registrations/list', {
      title: 'Registraties',
      filtered,
      form: {
        action: paths.admin.registrations(),
        values: { status: status ?? '', dienst: serviceFilter ?? '' },
        statusItems: statusFilterItems,
        serviceItems: serviceFilterItems,
      },
      table: {
        columns: queueColumns,
        rows: presentQueueRows(rows),
        emptyText: filtered
          ? 'Er zijn geen registraties die aan deze filter voldoen.'
          : 'Er wachten geen registraties op een beslissing.',
      },
    });
  });

  const loadRegistration = async (rawId: unknown) => {
    const registration = await repository.find(agencyScope, Number(rawId));
    if (!registration) throw new NotFoundError('Deze registratie bestaat niet.');
    return registration;
  };

  router.get(paths.admin.registration(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const registration = await loadRegistration(req.params.id);
    const [organisation, history, validity] = await Promise.all([
      deps.providerOrganisations.find(registration.providerId),
      repository.history(registration.id),
      queries.validityYears(deps.clock.today()),
    ]);
    if (!organisation) throw new NotFoundError();
    const detail = presentAdminRegistration(registration, organisation, history, validity);
    const { values, errors } = takeFormState(req, paths.admin.registration(registration.id));
    res.render('admin/registrations/detail', { title: detail.title, registration: detail, values, errors });
  });

  router.get(paths.admin.registrationDecision(':id', ':decision'), async (req, res) => {
    principalOf(req, 'agency');
    const slug = decisionOfSlug(String(req.params.decision));
    if (!slug) throw new NotFoundError();
    const registration = await loadRegistration(req.params.id);
    const validity = await queries.validityYears(deps.clock.today());
    const decision = agencyDecision(registration.id, registration.status, slug, validity);
    if (!decision) {
      flash(req, {
        type: 'warning',
        text: `Deze registratie heeft de status "${registrationStatusLabels[registration.status]}"; deze beslissing kan daarin niet.`,
      });
      return res.redirect(paths.admin.registration(registration.id));
    }
    const blocked = isApproval(slug) ? approvalBlockedReason(registration) : undefined;
    if (blocked) {
      flash(req, { type: 'warning', text: blocked });
      return res.redirect(paths.admin.registration(registration.id));
    }
    const [organisation, { values, errors }] = [
      await deps.providerOrganisations.find(registration.providerId),
      takeFormState(req, decision.href),
    ];
    if (!organisation) throw new NotFoundError();
    const detail = presentAdminRegistration(registration, organisation, [], validity);
    res.render('admin/registrations/decide', {
      title: `${decision.label}: ${detail.title}`,
      registration: detail,
      decision,
      expectedFrom: registration.status,
      backHref: paths.admin.registration(registration.id),
      values,
      errors,
    });
  });

  router.post(paths.admin.registrationDecision(':id', ':decision'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const slug = decisionOfSlug(String(req.params.decision));
    const id = Number(req.params.id);
    if (!slug || !Number.isSafeInteger(id) || id <= 0) throw new NotFoundError();
    const self = paths.admin.registrationDecision(id, slug);
    const detailHref = paths.admin.registration(id);
    const validity = await queries.validityYears(deps.clock.today());
    const form = readDecisionForm(req, res, {
      statuses: registrationStatuses,
      self,
      detailHref,
      reasonRequired: (expectedFrom) =>
        Boolean(agencyDecision(id, expectedFrom, slug, validity)?.reasonRequired),
      reasonMissing: 'Geef een reden op.',
    });
    if (!form) return;
    const input = { actor: actorOf(principal), expectedFrom: form.expectedFrom, requestId: requestIdOf(req) };
    await decideOrWarn(req, detailHref, async () => {
      if (isApproval(slug)) {
        const result = await service.approve(id, {
          ...input,
          conditional: slug === 'voorwaardelijk-goedkeuren',
        });
        flash(req, {
          type: 'success',
          text: `Goedgekeurd: registratienummer ${result.number}, geldig tot en met ${formatDate(result.validUntil)}. Het attest is gemaild.`,
        });
      } else {
        const action = otherDecisionActions[slug];
        const to = await service.agencyDecision(id, action, { ...input, reason: form.reason });
        flash(req, {
          type: 'success',
          text: `De registratie heeft nu de status "${to} – ${registrationStatusLabels[to]}". De dienstverlener krijgt een mail.`,
        });
      }
    }).catch((error: unknown) => {
      throw error instanceof NotFoundError ? new NotFoundError('Deze registratie bestaat niet.') : error;
    });
    res.redirect(303, detailHref);
  });

  return router;
}
