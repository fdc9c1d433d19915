import { Router } from 'express';
import { paths } from '../../paths.js';

export interface LegalDeps {
  /** Who holds the wallets' money and receives the data a payment needs (config PAYMENT_INSTITUTION_*). */
  paymentInstitution: { name: string };
}

/** The pages every footer links to: the accessibility statement and the privacy notice (DESIGN.md URLs). */
export function legalRoutes(deps: LegalDeps): Router {
  const router = Router();
  router.get(paths.public.accessibility(), (_req, res) => {
    res.render('public/accessibility', { title: 'Toegankelijkheidsverklaring' });
  });
  router.get(paths.public.privacy(), (_req, res) => {
    res.render('public/privacy', {
      title: 'Privacyverklaring',
      paymentInstitution: deps.paymentInstitution.name,
    });
  });
  return router;
}
