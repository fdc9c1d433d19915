import { Router, type Request } from 'express';
import { principalOf } from '../../auth/guards.js';
import type { Clock } from '../../clock.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { depositInstructionsPdf } from './deposit-instructions.pdf.js';
import { presentDepositInstructions, presentNextSteps } from './deposit-instructions.presenter.js';
import type { DepositInstructionsQueries } from './deposit-instructions.queries.js';
import { paymentQrDataUrl } from './payment-qr.js';
import type { PaymentInstitution } from './application.service.js';

/**
 * Steps 5 and 6 of the company's application, for any project of the signed-in
 * company: the deposit instructions (page and PDF) and the next steps. Another
 * company's project number answers 404. "Today" is the clock's.
 */
export function depositInstructionsRoutes(deps: {
  clock: Clock;
  depositInstructionsQueries: DepositInstructionsQueries;
  paymentInstitution: PaymentInstitution;
}): Router {
  const router = Router();
  const { clock, depositInstructionsQueries: queries, paymentInstitution } = deps;
  const context = () => ({ today: clock.today(), paymentInstitution });

  const findProject = async (req: Request) => {
    const principal = principalOf(req, 'entrepreneur');
    const facts = await queries.find(principal.companyId, String(req.params.projectNumber));
    if (!facts) throw new NotFoundError('Dit project bestaat niet of hoort niet bij uw onderneming.');
    return facts;
  };

  router.get(paths.company.depositInstructions(':projectNumber'), async (req, res) => {
    const page = presentDepositInstructions(await findProject(req), context());
    // The QR code is a PNG inside the page (a data URL: no second request, allowed by the CSP's img-src).
    const paymentQrSrc = page.paymentQr ? await paymentQrDataUrl(page.paymentQr.payload) : null;
    res.set('Cache-Control', 'private, no-store');
    res.render('company/applications/deposit-instructions', {
      title: page.title,
      page,
      paymentQrSrc,
      scripts: ['/js/copy-button.js'],
    });
  });

  router.get(paths.company.depositInstructionsPdf(':projectNumber'), async (req, res) => {
    const facts = await findProject(req);
    const settings = context();
    // Only a project that still waits for its deposit has instructions; the page says why not.
    if (!presentDepositInstructions(facts, settings).payable) {
      flash(req, {
        type: 'warning',
        text: `Voor project ${facts.projectNumber} zijn er geen stortingsinstructies (meer) om te downloaden.`,
      });
      return res.redirect(303, paths.company.depositInstructions(facts.projectNumber));
    }
    const pdf = await depositInstructionsPdf(facts, settings);
    // The project number is letters and digits only (a check constraint): safe inside the quotes.
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="stortingsinstructies-${facts.projectNumber}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
    res.send(pdf);
  });

  router.get(paths.company.nextSteps(':projectNumber'), async (req, res) => {
    const page = presentNextSteps(await findProject(req), context());
    res.set('Cache-Control', 'private, no-store');
    res.render('company/applications/next-steps', { title: page.title, page });
  });

  return router;
}
