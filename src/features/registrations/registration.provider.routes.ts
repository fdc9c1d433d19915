import { Router, type Request } from 'express';
import { z } from 'zod';
import { principalOf } from '../../auth/guards.js';
import type { Clock } from '../../clock.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import {
  activeRegistrationStatuses,
  registrationMachine,
  registrationStatuses,
} from '../../domain/registration-status.js';
import type { RegistrationBasis, Service } from '../../domain/subsidy-terms.js';
import { findTransition } from '../../domain/status-machine.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { wizardRoutes } from '../../wizard/wizard.routes.js';
import type { DraftRepository } from '../../wizard/draft.repository.js';
import { firstIncompletePage } from '../../wizard/wizard.js';
import { actorOf } from '../../auth/principal.js';
import { presentRegistrationFile } from './registration-file.presenter.js';
import { declarationOnHonourPdf } from './registration.pdf.js';
import {
  actionOfSlug,
  parseSort,
  presentRegistrationDetail,
  presentRegistrationRows,
  registrationColumns,
  registrationSortKeys,
  statusLegend,
} from './registration.presenter.js';
import {
  registrationScopeOf,
  type ProviderRegistrationScope,
  type RegistrationRepository,
} from './registration.repository.js';
import type { RegistrationService } from './registration.service.js';
import { levelLabel, registrationWizard, type RegistrationWizardContext } from './registration.wizard.js';
import { requestIdOf } from '../../web/request-logging.js';

const actionSchema = z.object({
  expectedFrom: z.enum(registrationStatuses),
  reason: z.string().trim().max(2000, 'Houd de reden korter dan 2000 tekens.').optional(),
});

/** /dienstverlener/registraties: overview, the request wizard, detail and the provider's actions. */
export function registrationProviderRoutes(deps: {
  clock: Clock;
  registrations: RegistrationService;
  registrationRepository: RegistrationRepository;
  drafts: DraftRepository;
}): Router {
  const router = Router();
  const { clock, registrations: service, registrationRepository: registrations, drafts } = deps;

  const providerScopeOf = (req: Request): ProviderRegistrationScope => {
    const scope = registrationScopeOf(principalOf(req, 'provider', 'department'));
    if (scope.kind === 'agency') throw new NotFoundError();
    return scope;
  };
  const wizardContext = (req: Request): Promise<RegistrationWizardContext> =>
    registrations.wizardContext(providerScopeOf(req), clock.today());

  const ownerOf = (req: Request) => {
    const principal = principalOf(req, 'provider', 'department');
    if (principal.kind === 'provider')
      return principal.accountId === undefined
        ? `person:${principal.personId}/provider:${principal.providerId}/head-office`
        : `provider-account:${principal.accountId}`;
    if (principal.kind === 'department')
      return `person:${principal.personId}/provider:${principal.providerId}`;
    throw new NotFoundError();
  };

  router.get(paths.provider.registrations(), async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const onlyActive = req.query.weergave === 'actief';
    const sort = parseSort(req.query.sorteer);
    const direction = req.query.richting === 'desc' ? 'desc' : 'asc';
    const rows = await registrations.list(registrationScopeOf(principal), {
      onlyActive,
      activeStatuses: activeRegistrationStatuses,
      sort: registrationSortKeys[sort],
      direction,
    });
    const query = (changes: Record<string, string | undefined>) => {
      const params = new URLSearchParams();
      const merged = {
        weergave: onlyActive ? 'actief' : undefined,
        sorteer: sort,
        richting: direction,
        ...changes,
      };
      for (const [key, value] of Object.entries(merged)) if (value) params.set(key, value);
      return `${paths.provider.registrations()}?${params.toString()}`;
    };
    res.render('provider/registrations/list', {
      title: 'Registraties',
      columns: registrationColumns,
      rows: presentRegistrationRows(rows),
      sort: { key: sort, direction },
      sortHref: (key: string, sortDirection: string) => query({ sorteer: key, richting: sortDirection }),
      onlyActive,
      allHref: query({ weergave: undefined }),
      activeHref: query({ weergave: 'actief' }),
      legend: statusLegend,
    });
  });

  // Before the wizard's pages, whose :slug pattern would take the file name.
  router.get(paths.provider.registrationDraftDeclaration(':draftId'), async (req, res) => {
    const draft = await drafts.find(registrationWizard.name, ownerOf(req), String(req.params.draftId));
    if (!draft) throw new NotFoundError('Deze aanvraag in opbouw bestaat niet (meer).');
    const context = await wizardContext(req);
    const incomplete = firstIncompletePage(registrationWizard, draft.answers, context);
    if (incomplete && incomplete.slug !== 'verklaring-op-eer') {
      return res.redirect(paths.provider.registrationDraftPage(draft.id, incomplete.slug));
    }
    const basis = draft.answers.basis as RegistrationBasis;
    const pdf = await declarationOnHonourPdf({
      provider: context.provider,
      levelLabel: levelLabel(draft.answers.level, context),
      service: draft.answers.service as Service,
      basis,
      auditBureau: basis === 'publiek' ? null : String(draft.answers.auditBureau),
      date: clock.today(),
    });
    res.type('application/pdf').attachment('verklaring-op-eer.pdf').send(pdf);
  });

  router.use(
    wizardRoutes({
      wizard: registrationWizard,
      drafts,
      paths: {
        start: paths.provider.newRegistration,
        page: paths.provider.registrationDraftPage,
        summary: paths.provider.registrationDraftSummary,
      },
      owner: ownerOf,
      context: wizardContext,
      summary: {
        view: 'provider/registrations/wizard/summary',
        title: 'Overzicht van uw aanvraag',
      },
      submit: async (trx, answers, context, req) => {
        const principal = principalOf(req, 'provider', 'department');
        const id = await service.submitRequest(trx, answers, context, actorOf(principal), requestIdOf(req));
        flash(req, {
          type: 'success',
          text: 'Uw aanvraag is ingediend (status A – Aangevraagd). Laad hieronder de ondertekende verklaring op eer en het auditrapport op (of stuur ze naar het agentschap); de beslissing volgt meestal binnen 4 tot 6 weken.',
        });
        return paths.provider.registration(id);
      },
      afterSubmit: () => service.mailQueued(),
    }),
  );

  router.get(paths.provider.registration(':id'), async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const registration = await registrations.find(registrationScopeOf(principal), Number(req.params.id));
    if (!registration) throw new NotFoundError('Deze registratie bestaat niet of hoort niet bij u.');
    const detail = presentRegistrationDetail(registration, await registrations.history(registration.id));
    const { values, errors } = takeFormState(req, paths.provider.registration(registration.id));
    res.render('provider/registrations/detail', {
      title: detail.title,
      registration: detail,
      file: presentRegistrationFile(registration, 'provider'),
      values,
      errors,
    });
  });

  router.get(paths.provider.registrationAction(':id', ':action'), async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const action = actionOfSlug(String(req.params.action));
    const registration = await registrations.find(registrationScopeOf(principal), Number(req.params.id));
    if (!registration || !action) throw new NotFoundError();
    const transition = findTransition(registrationMachine, registration.status, action, 'provider');
    if (!transition) {
      flash(req, {
        type: 'warning',
        text: `Deze registratie heeft de status "${registration.status}"; "${registrationMachine.actionLabels[action]}" kan niet.`,
      });
      return res.redirect(paths.provider.registration(registration.id));
    }
    const self = paths.provider.registrationAction(registration.id, String(req.params.action));
    const { values, errors } = takeFormState(req, self);
    res.render('provider/registrations/confirm', {
      title: registrationMachine.actionLabels[action],
      registration: presentRegistrationDetail(registration, []),
      action: {
        label: registrationMachine.actionLabels[action],
        reasonRequired: Boolean(transition.reasonRequired),
        slug: req.params.action,
      },
      expectedFrom: registration.status,
      formAction: self,
      backHref: paths.provider.registration(registration.id),
      values,
      errors,
    });
  });

  router.post(paths.provider.registrationAction(':id', ':action'), async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const action = actionOfSlug(String(req.params.action));
    const id = Number(req.params.id);
    if (!action) throw new NotFoundError();
    const self = paths.provider.registrationAction(id, String(req.params.action));
    const parsed = actionSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, self, {
        values: req.body as Record<string, unknown>,
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, self);
    }
    if (
      findTransition(registrationMachine, parsed.data.expectedFrom, action, 'provider')?.reasonRequired &&
      !parsed.data.reason
    ) {
      keepFormState(req, self, {
        values: req.body as Record<string, unknown>,
        errors: { reason: 'Geef een reden op.' },
      });
      return res.redirect(303, self);
    }
    try {
      const to = await service.providerAction(registrationScopeOf(principal), id, action, {
        actor: actorOf(principal),
        expectedFrom: parsed.data.expectedFrom,
        reason: parsed.data.reason,
        requestId: requestIdOf(req),
      });
      flash(req, {
        type: 'success',
        text: `De registratie heeft nu de status "${to} – ${registrationMachine.labels[to]}".`,
      });
      res.redirect(303, paths.provider.registration(id));
    } catch (error) {
      if (error instanceof ConflictError || error instanceof InvalidTransitionError) {
        flash(req, { type: 'warning', text: error.message });
        return res.redirect(303, paths.provider.registration(id));
      }
      throw error;
    }
  });

  return router;
}
