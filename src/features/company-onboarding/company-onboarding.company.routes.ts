import { Router, type Request } from 'express';
import { principalOf } from '../../auth/guards.js';
import { companyEligibilityProblems } from '../../domain/company-eligibility.js';
import { sizeNeedsReconfirmation } from '../../domain/company-size.js';
import { companySizes, type CompanySize } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import {
  contradictionMessage,
  detailsFormValues,
  FIGURES_CHECKED,
  presentContradiction,
  inFormOrder,
  presentDetailsPage,
  presentSizePage,
  savedText,
  sizeInSentence,
  sizeItems,
} from './company-onboarding.presenter.js';
import {
  detailsFieldNames,
  detailsSchema,
  sizeFieldNames,
  sizeSchema,
} from './company-onboarding.schemas.js';
import type { CompanyOnboardingService } from './company-onboarding.service.js';
import { onboardingPathFor } from './company-readiness.js';
import { onboardingReturnPath, RETURN_PARAMETER, withReturnPath } from './return-path.js';
import { formatAddress } from '../../domain/address.js';
import { requestIdOf } from '../../web/request-logging.js';

/** Where the company was going before onboarding (`?terug=`), when it is one of its own pages. */
const returnPathOf = (req: Request) => onboardingReturnPath(req.query[RETURN_PARAMETER]);

/**
 * The company's onboarding before its first application (DOMAIN.md §5):
 * /onderneming/grootte confirms the size for the calendar year,
 * /onderneming/gegevens completes the company data. Both lead on to the next
 * step, and finally to where the company was going.
 */
export function companyOnboardingRoutes(deps: { companyOnboarding: CompanyOnboardingService }): Router {
  const router = Router();
  const onboarding = deps.companyOnboarding;
  const sizePath = paths.company.size();
  const detailsPath = paths.company.details();

  // Why the company cannot use the kmo-portefeuille at all, from the official data.
  router.get(paths.company.eligibility(), async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const company = await onboarding.company(principal);
    res.render('company/onboarding/ineligible', {
      title: 'Voorwaarden voor de kmo-portefeuille',
      companyName: company.name,
      enterpriseNumber: company.enterpriseNumber,
      legalForm: company.legalForm,
      address: formatAddress(company),
      problems: companyEligibilityProblems(company),
    });
  });

  router.get(sizePath, async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const returnPath = returnPathOf(req);
    const overview = await onboarding.sizeOverview(principal);
    const page = presentSizePage(overview);
    const { values, errors } = takeFormState(req, sizePath);
    // A confirmed size the company's own figures contradict is flagged and confirmed again.
    const flagged =
      overview.confirmation !== undefined && sizeNeedsReconfirmation(overview.confirmation, overview.company);
    const chosen = (companySizes as readonly unknown[]).includes(values.size)
      ? (values.size as CompanySize)
      : flagged
        ? overview.confirmation?.size
        : undefined;
    const contradiction =
      page.view === 'size'
        ? presentContradiction(overview.company, overview.year, chosen, flagged)
        : undefined;
    // Once a size is confirmed the company may go on (to the data, or where it was going).
    const continueHref =
      page.confirmedSize && page.confirmedSize !== 'groot' && !flagged
        ? onboardingPathFor(await onboarding.nextStep(principal.companyId), returnPath)
        : undefined;
    res.render(`company/onboarding/${page.view}`, {
      ...page,
      sizeItems,
      contradiction,
      values: { size: page.confirmedSize, ...values },
      errors,
      formAction: withReturnPath(sizePath, returnPath),
      continueHref,
    });
  });

  router.post(sizePath, async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const returnPath = returnPathOf(req);
    const self = withReturnPath(sizePath, returnPath);
    const parsed = sizeSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, sizePath, {
        values: postedValues(req.body, sizeFieldNames),
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, self);
    }
    const body = req.body as Record<string, unknown>;
    const figuresChecked = [body[FIGURES_CHECKED]].flat().includes('ja');
    const result = await onboarding.confirmSize(principal, parsed.data.size, {
      figuresChecked,
      requestId: requestIdOf(req),
    });
    if (result.outcome === 'contradicted') {
      keepFormState(req, sizePath, {
        values: postedValues(req.body, [...sizeFieldNames, FIGURES_CHECKED]),
        errors: { [FIGURES_CHECKED]: contradictionMessage(result.contradiction) },
      });
      return res.redirect(303, self);
    }
    if (result.outcome === 'locked') {
      flash(req, {
        type: 'warning',
        text: `De grootte van uw onderneming voor ${result.year} is intussen vastgelegd door uw eerste aanvraag van dat jaar. U kunt ze niet meer wijzigen.`,
      });
      return res.redirect(303, self);
    }
    // A large company needs no congratulation: the page it returns to explains why it cannot apply.
    if (result.outcome !== 'unchanged' && result.size !== 'groot') {
      flash(req, {
        type: 'success',
        text: `U hebt bevestigd dat ${principal.companyName} in ${result.year} een ${sizeInSentence(result.size)} is.`,
      });
    }
    if (result.size === 'groot') return res.redirect(303, self);
    res.redirect(303, onboardingPathFor(await onboarding.nextStep(principal.companyId), returnPath));
  });

  router.get(detailsPath, async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const returnPath = returnPathOf(req);
    const company = await onboarding.company(principal);
    const { values, errors } = takeFormState(req, detailsPath);
    res.render('company/onboarding/details', {
      title: 'Gegevens van uw onderneming',
      ...presentDetailsPage(company),
      values: { ...detailsFormValues(company), ...values },
      errors,
      formAction: withReturnPath(detailsPath, returnPath),
      backHref: withReturnPath(sizePath, returnPath),
    });
  });

  router.post(detailsPath, async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const returnPath = returnPathOf(req);
    const parsed = await detailsSchema((code) => onboarding.naceCode(code)).safeParseAsync(req.body);
    if (!parsed.success) {
      keepFormState(req, detailsPath, {
        values: postedValues(req.body, detailsFieldNames),
        errors: inFormOrder(fieldErrors(parsed.error)),
      });
      return res.redirect(303, withReturnPath(detailsPath, returnPath));
    }
    const result = await onboarding.completeDetails(principal, parsed.data, requestIdOf(req));
    if (result.outcome === 'changed')
      flash(req, { type: 'success', text: savedText(Object.keys(result.changes)) });
    res.redirect(303, onboardingPathFor(await onboarding.nextStep(principal.companyId), returnPath));
  });

  return router;
}
