import type { NextFunction, Request, Response } from 'express';
import { principalOf } from '../../auth/guards.js';
import { companyEligibilityProblems, type CompanyFacts } from '../../domain/company-eligibility.js';
import { sizeNeedsReconfirmation } from '../../domain/company-size.js';
import { yearOf, type IsoDate } from '../../domain/dates.js';
import type { CompanySize } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { detailsToComplete, type StoredDetails } from './company-details.js';
import type { CompanyOnboardingRepository } from './company-onboarding.repository.js';
import { onboardingReturnPath, withReturnPath } from './return-path.js';

/**
 * Whether a company may start an application (DOMAIN.md §5): it confirmed its
 * size for the calendar year, that size is not large, and its company data is
 * complete. Used by the application wizard (through requireCompanyReady) and
 * by the wallet (onboardingNotice).
 */

/**
 * The page the company has to pass first: why it is not eligible at all (seat
 * outside Flanders, a non-profit), size, the size again when the company's figures
 * contradict it (domain/company-size.ts), details, or why large is refused.
 */
export type OnboardingStep = 'ineligible' | 'size' | 'reconfirm-size' | 'details' | 'large';

/**
 * The step for what is stored: eligibility from the official data first, then
 * the size (a large company need not complete anything), then the data.
 */
export function onboardingStepFor(
  details: StoredDetails & CompanyFacts & { balanceTotalCents?: number | undefined },
  confirmation:
    { size: CompanySize; lockedAt?: Date | null; acknowledgedFigures?: string | null } | undefined,
): OnboardingStep | undefined {
  if (companyEligibilityProblems(details).length > 0) return 'ineligible';
  if (!confirmation) return 'size';
  if (confirmation.size === 'groot') return 'large';
  if (
    sizeNeedsReconfirmation(
      { lockedAt: null, acknowledgedFigures: null, ...confirmation },
      {
        employeesFteTenths: details.employeesFteTenths,
        turnoverCents: details.turnoverCents,
        balanceTotalCents: details.balanceTotalCents,
      },
    )
  )
    return 'reconfirm-size';
  if (detailsToComplete(details).length > 0) return 'details';
  return undefined;
}

/** What the readiness check reads: the company's data and its size confirmation of a year. */
export type ReadinessFacts = Pick<CompanyOnboardingRepository, 'company' | 'confirmation'>;

/**
 * The first onboarding step the company still has to take in the calendar year
 * of `today` (Brussels), or undefined when it is ready to apply.
 */
export async function nextOnboardingStep(
  repository: ReadinessFacts,
  companyId: number,
  today: IsoDate,
): Promise<OnboardingStep | undefined> {
  const company = await repository.company(companyId);
  const confirmation = await repository.confirmation(companyId, yearOf(today));
  return onboardingStepFor(company, confirmation);
}

/** The page of a step, keeping where the company was going; when ready, that place (or the application start). */
export function onboardingPathFor(step: OnboardingStep | undefined, returnPath: string | undefined): string {
  switch (step) {
    case 'ineligible':
      return paths.company.eligibility();
    case 'size':
    case 'reconfirm-size':
    case 'large':
      return withReturnPath(paths.company.size(), returnPath);
    case 'details':
      return withReturnPath(paths.company.details(), returnPath);
    case undefined:
      return returnPath ?? paths.company.application();
  }
}

/**
 * Middleware for the application wizard: a company that is not ready goes to
 * the page of its next step (302 for a GET, 303 otherwise), which brings it
 * back here afterwards. Mount it behind the entrepreneur gate.
 */
export function requireCompanyReady(deps: {
  /** The onboarding service: the company's next step and the year it confirms a size for. */
  companyOnboarding: {
    nextStep(companyId: number): Promise<OnboardingStep | undefined>;
    today(): IsoDate;
  };
}) {
  const onboarding = deps.companyOnboarding;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const principal = principalOf(req, 'entrepreneur');
    const step = await onboarding.nextStep(principal.companyId);
    if (step === undefined) return next();
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    // A posted wizard page cannot be returned to by a GET: continue at the application start instead.
    const returnPath = isRead ? onboardingReturnPath(req.originalUrl) : undefined;
    if (step === 'size' || step === 'details') {
      flash(req, {
        type: 'info',
        text:
          step === 'size'
            ? `Voor u subsidie aanvraagt, bevestigt u de grootte van uw onderneming voor ${yearOf(onboarding.today())}.`
            : 'Voor u subsidie aanvraagt, vult u de ontbrekende gegevens van uw onderneming aan.',
      });
    }
    if (step === 'reconfirm-size') {
      flash(req, {
        type: 'warning',
        text: 'De cijfers van uw onderneming passen niet bij de grootte die u bevestigde. Kijk de grootte na en bevestig ze opnieuw voor u verder aanvraagt.',
      });
    }
    res.redirect(isRead ? 302 : 303, onboardingPathFor(step, returnPath));
  };
}

/** What the wallet shows while the company is not ready to apply (views/company/onboarding/_notice.ejs). */
export interface OnboardingNotice {
  step: OnboardingStep;
  title: string;
  text: string;
  href: string;
  linkText: string;
}

export function onboardingNoticeFor(step: OnboardingStep, year: number): OnboardingNotice {
  switch (step) {
    case 'ineligible':
      return {
        step,
        title: 'Uw onderneming komt niet in aanmerking voor de kmo-portefeuille',
        text: 'Volgens de officiële gegevens voldoet uw onderneming niet aan de voorwaarden (een vestiging in Vlaanderen, geen vereniging of stichting zonder winstoogmerk).',
        href: paths.company.eligibility(),
        linkText: 'Waarom niet?',
      };
    case 'size':
      return {
        step,
        title: `Bevestig de grootte van uw onderneming voor ${year}`,
        text: 'Voor u subsidie kunt aanvragen, bevestigt u of uw onderneming een kleine, middelgrote of grote onderneming is.',
        href: paths.company.size(),
        linkText: 'Grootte bevestigen',
      };
    case 'reconfirm-size':
      return {
        step,
        title: `Bevestig de grootte van uw onderneming voor ${year} opnieuw`,
        text: 'De cijfers van uw onderneming (werknemers, jaaromzet, balanstotaal) passen niet bij de grootte die u bevestigde. Voor u subsidie kunt aanvragen, kijkt u ze na en bevestigt u de grootte opnieuw.',
        href: paths.company.size(),
        linkText: 'Grootte nakijken',
      };
    case 'details':
      return {
        step,
        title: 'Vul de gegevens van uw onderneming aan',
        text: 'Voor u subsidie kunt aanvragen, hebben we uw rekeningnummer, jaaromzet, aantal werknemers en hoofdactiviteit (NACE-BEL-code) nodig.',
        href: paths.company.details(),
        linkText: 'Gegevens aanvullen',
      };
    case 'large':
      return {
        step,
        title: 'Een grote onderneming kan geen kmo-portefeuille gebruiken',
        text: `U hebt bevestigd dat uw onderneming in ${year} een grote onderneming is. De kmo-portefeuille is er alleen voor kleine en middelgrote ondernemingen.`,
        href: paths.company.size(),
        linkText: 'Grootte bekijken of wijzigen',
      };
  }
}

/**
 * For the wallet start page: the notice to show while the company cannot
 * apply yet, or undefined when it is ready.
 * `const notice = await onboardingNotice(repository, principal.companyId, clock.today())`,
 * then `include('company/onboarding/_notice', { notice })`.
 */
export async function onboardingNotice(
  repository: ReadinessFacts,
  companyId: number,
  today: IsoDate,
): Promise<OnboardingNotice | undefined> {
  const step = await nextOnboardingStep(repository, companyId, today);
  return step === undefined ? undefined : onboardingNoticeFor(step, yearOf(today));
}
