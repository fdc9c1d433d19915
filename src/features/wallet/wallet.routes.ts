import { Router } from 'express';
import { paths } from '../../paths.js';

/** The company's start page after signing in, for the enterprise it chose. */
export function walletRoutes(): Router {
  const router = Router();
  router.get(paths.company.wallet(), (req, res) => {
    res.render('company/wallet', {
      title: 'Mijn kmo-portefeuille',
      canSwitch: (req.session.samlPerson?.capacities.length ?? 0) > 1,
    });
  });
  return router;
}
