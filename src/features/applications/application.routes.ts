import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { formatDate } from '../../domain/dates.js';
import { NotFoundError } from '../../domain/errors.js';
import { formatBasisPoints, formatEuro } from '../../domain/money.js';
import { paths } from '../../paths.js';
import type { DraftRepository } from '../../wizard/draft.repository.js';
import { wizardRoutes } from '../../wizard/wizard.routes.js';
import { actorOf } from '../../auth/principal.js';
import type { ApplicationService } from './application.service.js';
import {
  APPLICATION_WIZARD,
  calculationFor,
  createApplicationWizard,
  presentCalculation,
  registrationLabel,
  type ApplicationContext,
} from './application.wizard.js';
import { requestIdOf } from '../../web/request-logging.js';
import { titleOf } from './application.answers.js';

type Entrepreneur = Extract<Principal, { kind: 'entrepreneur' }>;

function entrepreneurOf(req: Request): Entrepreneur {
  const principal = req.session.principal;
  if (principal?.kind !== 'entrepreneur') throw new Error('the company gate let another principal through');
  return principal;
}

/** Drafts belong to one person acting for one enterprise. */
const ownerOf = (req: Request) => {
  const principal = entrepreneurOf(req);
  return `onderneming-${principal.companyId}-persoon-${principal.personId}`;
};

/**
 * The company's application wizard (DOMAIN.md §5, steps 1–4) on the shared
 * wizard engine, the live calculation behind the project page, and the
 * provider search of step 3. Submitting creates the project and goes on to
 * its deposit instructions (step 5).
 */
export function applicationRoutes(deps: {
  applications: ApplicationService;
  drafts: DraftRepository;
  /** Wakes the mail sender after a submit committed. */
  kickMail: () => void;
}): Router {
  const router = Router();
  const { applications: service, drafts } = deps;
  const context = (req: Request, answers: Record<string, unknown>) =>
    service.context(entrepreneurOf(req).companyId, answers);

  // The live calculation: what the project page would show for the values typed so far.
  router.get(paths.company.applicationCalculation(':draftId'), async (req, res) => {
    const draft = await drafts.find(APPLICATION_WIZARD, ownerOf(req), String(req.params.draftId));
    if (!draft || draft.submittedAt) throw new NotFoundError();
    const query = z
      .object({
        service: z.string().optional(),
        subtheme: z.string().optional(),
        eligibleCosts: z.string().optional(),
      })
      .parse(req.query);
    res.set('Cache-Control', 'no-store');
    res.json(presentCalculation(await context(req, draft.answers), query));
  });

  router.use(
    wizardRoutes<ApplicationContext>({
      wizard: createApplicationWizard((serviceKind, text, date) =>
        service.searchRegistrations(serviceKind, text, date),
      ),
      drafts,
      paths: {
        start: paths.company.application,
        page: paths.company.applicationDraftPage,
        summary: paths.company.applicationDraftSummary,
      },
      owner: ownerOf,
      context,
      summary: {
        view: 'company/applications/wizard/summary',
        title: 'Controleer uw aanvraag',
        viewModel: (answers, current) => {
          const calculation = calculationFor(current, answers);
          const registration = current.registration;
          return {
            step: { number: 4, count: 6 },
            overview: [
              { key: 'Project', value: titleOf(answers) },
              { key: 'Aanvraagdatum', value: formatDate(current.today) },
              { key: 'Dienstverlener', value: registration ? registrationLabel(registration) : '–' },
              { key: 'Registratienummer', value: registration?.number ?? '–' },
              { key: 'Projectbedrag', value: calculation ? formatEuro(calculation.projectAmountCents) : '–' },
              {
                key: 'Steun van de Vlaamse overheid',
                value: calculation
                  ? `${formatEuro(calculation.subsidyCents)} (${formatBasisPoints(calculation.rateBp)}${calculation.cappedByCeiling ? ', beperkt door uw steunplafond' : ''})`
                  : '–',
              },
              {
                key: 'Uw eigen bijdrage',
                value: calculation ? formatEuro(calculation.ownContributionCents) : '–',
              },
            ],
            capped: calculation?.cappedByCeiling ?? false,
            ceilingLeftAfter: calculation ? formatEuro(calculation.ceilingLeftAfterCents) : '–',
            shownSubsidyCents: calculation?.subsidyCents,
            companyName: current.companyName,
          };
        },
      },
      summaryFields: ['declaration', 'shownSubsidyCents'],
      summarySchema: z.object({
        declaration: z.literal('ja', {
          error: 'Vink de verklaring op eer aan om uw aanvraag in te dienen.',
        }),
        shownSubsidyCents: z.string().optional(),
      }),
      submit: async (trx, answers, current, req) => {
        const { projectNumber } = await service.submit(
          trx,
          answers,
          current,
          actorOf(entrepreneurOf(req)),
          requestIdOf(req),
        );
        return paths.company.depositInstructions(projectNumber);
      },
      afterSubmit: deps.kickMail,
    }),
  );

  return router;
}
