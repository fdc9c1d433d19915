import { Router, type Request } from 'express';
import { principalOf } from '../../auth/guards.js';
import type { Principal } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { formatDate, yearOf, type IsoDate } from '../../domain/dates.js';
import { completionDeadlineInForce } from '../../domain/application-rules.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { formatEuro } from '../../domain/money.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';
import { yearlyCeilingCents } from '../../domain/subsidy.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { postedValues } from '../../web/form-values.js';
import type { CompanyOnboardingService } from '../company-onboarding/company-onboarding.service.js';
import { actorOf } from '../../auth/principal.js';
import type { Actor } from '../../domain/actor.js';
import { presentProjectDetail } from '../projects/project.presenter.js';
import type { ProjectDetail, ProjectQueries } from '../projects/project.queries.js';
import { projectSheetFilename, projectSheetPdf } from './project-sheet.pdf.js';
import {
  factsOfDetail,
  parseWalletQuery,
  presentActions,
  presentCeiling,
  presentProjectSummary,
  presentWalletList,
  presentWalletProject,
  type CeilingFacts,
} from './wallet.presenter.js';
import type { WalletQueries } from './wallet.queries.js';
import type { WalletRepository } from './wallet.repository.js';
import {
  cancelFormSchema,
  expectedBalanceSchema,
  MAX_CANCEL_REASON_LENGTH,
  MAX_INVOICE_NUMBER_LENGTH,
  paymentFields,
  paymentFormSchema,
} from './wallet.schemas.js';
import { NOT_FOUND_MESSAGE, staleBalanceMessage, type WalletService } from './wallet.service.js';
import { cancelRefusal, paymentRefusal } from './wallet-rules.js';
import { requestIdOf } from '../../web/request-logging.js';

/** The entrepreneur as the history shows who acted: "Jan Peeters (Testonderneming_C)". */
function companyActorOf(principal: Extract<Principal, { kind: 'entrepreneur' }>): Actor {
  return { ...actorOf(principal), label: `${principal.displayName} (${principal.companyName})` };
}

const STALE_FORM =
  'Dit formulier is onvolledig of verouderd. Bekijk de actuele gegevens van het project en probeer opnieuw.';

/**
 * /onderneming: the company's wallet — the yearly ceiling, what to do now and
 * every project — and per project its detail, its sheet as PDF, cancelling
 * (while Bevestigd) and paying the provider (while Lopend). Every query is
 * scoped by the signed-in company: another company's project number answers
 * 404. "Today" is the clock's.
 */
export function walletRoutes(deps: {
  clock: Clock;
  wallet: WalletService;
  walletQueries: WalletQueries;
  walletRepository: WalletRepository;
  projectQueries: ProjectQueries;
  companyOnboarding: CompanyOnboardingService;
}): Router {
  const router = Router();
  const {
    clock,
    wallet: service,
    walletQueries: queries,
    walletRepository: repository,
    projectQueries: projects,
    companyOnboarding,
  } = deps;
  const today = (): IsoDate => clock.today();

  const companyIdOf = (req: Request) => principalOf(req, 'entrepreneur').companyId;
  const projectNumberOf = (req: Request) => String(req.params.projectNumber);

  /** The company's project with its detail, or 404. */
  const findProject = async (req: Request): Promise<ProjectDetail> => {
    const detail = await projects.findDetail(
      { kind: 'company', companyId: companyIdOf(req) },
      projectNumberOf(req),
    );
    if (!detail) throw new NotFoundError(NOT_FOUND_MESSAGE);
    return detail;
  };

  const ceilingOf = async (companyId: number, rules: readonly RuleParameterRow[], date: IsoDate) => {
    const year = yearOf(date);
    const size = await queries.companySize(companyId, year);
    // Unknown or large (not eligible): the onboarding notice says what to do; there is no ceiling to show.
    if (!size || size.size === 'groot') return undefined;
    const facts: CeilingFacts = {
      year,
      size: size.size,
      confirmed: size.confirmed,
      ceilingCents: yearlyCeilingCents(rules, size.size, date),
      usedCents: await queries.subsidyUsedInYear(companyId, year),
    };
    return presentCeiling(facts);
  };

  router.get(paths.company.wallet(), async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const query = parseWalletQuery(req.query);
    const date = today();
    const rules = await queries.rules();
    const [onboarding, ceiling, actionRows, page] = await Promise.all([
      companyOnboarding.notice(principal.companyId),
      ceilingOf(principal.companyId, rules, date),
      queries.actionRows(principal.companyId),
      queries.page(principal.companyId, query),
    ]);
    res.render('company/wallet', {
      title: 'Mijn kmo-portefeuille',
      companyName: principal.companyName,
      canSwitch: (req.session.samlPerson?.capacities.length ?? 0) > 1,
      onboarding,
      ceiling,
      actions: presentActions(actionRows, date, (row) =>
        completionDeadlineInForce(rules, row.applicationDate),
      ),
      list: presentWalletList(page, query.onlyActions, date),
    });
  });

  router.get(paths.company.project(':projectNumber'), async (req, res) => {
    const detail = await findProject(req);
    const [entries, rules] = await Promise.all([queries.ledgerEntries(detail.id), queries.rules()]);
    const project = presentProjectDetail(detail);
    res.render('company/projects/detail', {
      title: project.title,
      project,
      wallet: presentWalletProject(
        detail,
        entries,
        today(),
        completionDeadlineInForce(rules, detail.applicationDate),
      ),
    });
  });

  router.get(paths.company.projectSheetPdf(':projectNumber'), async (req, res) => {
    const detail = await findProject(req);
    const pdf = await projectSheetPdf({
      project: detail,
      extras: await queries.sheetExtras(detail.id),
      printedOn: today(),
    });
    res.set('Cache-Control', 'private, no-store');
    res.type('application/pdf').attachment(projectSheetFilename(detail.projectNumber)).send(pdf);
  });

  // --- Cancelling -------------------------------------------------------------

  router.get(paths.company.cancelProject(':projectNumber'), async (req, res) => {
    const detail = await findProject(req);
    const facts = factsOfDetail(detail, await queries.ledgerEntries(detail.id));
    const refusal = cancelRefusal(facts);
    if (refusal) {
      flash(req, { type: 'warning', text: refusal });
      return res.redirect(paths.company.project(detail.projectNumber));
    }
    const self = paths.company.cancelProject(detail.projectNumber);
    const { values, errors } = takeFormState(req, self);
    res.render('company/projects/cancel', {
      title: `Project ${detail.projectNumber} annuleren`,
      projectNumber: detail.projectNumber,
      rows: presentProjectSummary(detail, facts),
      expectedFrom: detail.status,
      formAction: self,
      backHref: paths.company.project(detail.projectNumber),
      maxReasonLength: MAX_CANCEL_REASON_LENGTH,
      values,
      errors,
    });
  });

  router.post(paths.company.cancelProject(':projectNumber'), async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const project = await repository.findInCompany(principal.companyId, projectNumberOf(req));
    if (!project) throw new NotFoundError(NOT_FOUND_MESSAGE);
    const self = paths.company.cancelProject(project.projectNumber);
    const detailHref = paths.company.project(project.projectNumber);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = cancelFormSchema.safeParse(body);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      if (errors.expectedFrom) {
        flash(req, { type: 'warning', text: STALE_FORM });
        return res.redirect(303, detailHref);
      }
      // The reason is kept whole (postedValues cuts at 1000 characters; the field takes 2000).
      const reason =
        typeof body.reason === 'string' ? body.reason.slice(0, 4 * MAX_CANCEL_REASON_LENGTH) : '';
      keepFormState(req, self, { values: { reason }, errors });
      return res.redirect(303, self);
    }
    try {
      await service.cancel(principal.companyId, project.projectNumber, {
        actor: companyActorOf(principal),
        expectedFrom: parsed.data.expectedFrom,
        reason: parsed.data.reason,
        requestId: requestIdOf(req),
      });
      flash(req, {
        type: 'success',
        text: 'Het project is geannuleerd. U hoeft er geen eigen bijdrage voor te storten; uw dienstverlener krijgt een e-mail.',
      });
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof InvalidTransitionError)) throw error;
      flash(req, { type: 'warning', text: error.message });
    }
    res.redirect(303, detailHref);
  });

  // --- Paying the provider -------------------------------------------------------

  router.get(paths.company.payProvider(':projectNumber'), async (req, res) => {
    const detail = await findProject(req);
    const facts = factsOfDetail(detail, await queries.ledgerEntries(detail.id));
    const refusal = paymentRefusal(facts);
    if (refusal) {
      flash(req, { type: 'warning', text: refusal });
      return res.redirect(paths.company.project(detail.projectNumber));
    }
    const self = paths.company.payProvider(detail.projectNumber);
    const { values, errors } = takeFormState(req, self);
    res.render('company/projects/pay', {
      title: `Dienstverlener betalen: project ${detail.projectNumber}`,
      projectNumber: detail.projectNumber,
      rows: presentProjectSummary(detail, facts),
      balanceText: formatEuro(facts.balanceCents),
      expectedBalance: facts.balanceCents,
      agreementDateText: formatDate(detail.agreementDate),
      formAction: self,
      backHref: paths.company.project(detail.projectNumber),
      maxInvoiceNumberLength: MAX_INVOICE_NUMBER_LENGTH,
      values,
      errors,
    });
  });

  router.post(paths.company.payProvider(':projectNumber'), async (req, res) => {
    const principal = principalOf(req, 'entrepreneur');
    const project = await repository.findInCompany(principal.companyId, projectNumberOf(req));
    if (!project) throw new NotFoundError(NOT_FOUND_MESSAGE);
    const self = paths.company.payProvider(project.projectNumber);
    const detailHref = paths.company.project(project.projectNumber);
    const body = (req.body ?? {}) as Record<string, unknown>;

    const expected = expectedBalanceSchema.safeParse(body);
    if (!expected.success) {
      flash(req, { type: 'warning', text: STALE_FORM });
      return res.redirect(303, detailHref);
    }
    const facts = await repository.facts(project.id);
    // The page was for another balance (a second click, another tab): nothing is booked.
    if (facts.balanceCents !== expected.data.expectedBalance) {
      flash(req, { type: 'warning', text: staleBalanceMessage(facts.balanceCents) });
      return res.redirect(303, detailHref);
    }
    const refusal = paymentRefusal(facts);
    if (refusal) {
      flash(req, { type: 'warning', text: refusal });
      return res.redirect(303, detailHref);
    }
    const parsed = paymentFormSchema({
      today: today(),
      agreementDate: project.agreementDate,
      balanceCents: facts.balanceCents,
    }).safeParse(body);
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success) {
      const paidOn = await repository.invoicePaidOn(project.id, parsed.data.factuurnummer);
      if (paidOn) {
        errors.factuurnummer = `U betaalde factuur ${parsed.data.factuurnummer} al op ${formatDate(paidOn)} voor dit project. Betaal een factuur maar één keer.`;
      }
    }
    if (!parsed.success || Object.keys(errors).length > 0) {
      keepFormState(req, self, { values: postedValues(body, paymentFields), errors });
      return res.redirect(303, self);
    }
    try {
      const result = await service.pay(principal.companyId, project.projectNumber, {
        actor: companyActorOf(principal),
        expectedBalanceCents: expected.data.expectedBalance,
        amountCents: parsed.data.bedrag,
        invoiceNumber: parsed.data.factuurnummer,
        invoiceDate: parsed.data.factuurdatum,
        requestId: requestIdOf(req),
      });
      flash(req, {
        type: 'success',
        text: result.completed
          ? 'De betaling is geboekt. Het saldo is volledig betaald: het project is afgewerkt. Uw dienstverlener krijgt een e-mail.'
          : 'De betaling is geboekt. Uw dienstverlener krijgt een e-mail.',
      });
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof InvalidTransitionError)) throw error;
      flash(req, { type: 'warning', text: error.message });
    }
    res.redirect(303, detailHref);
  });

  return router;
}
