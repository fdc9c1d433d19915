import { Router } from 'express';
import { paths } from '../../paths.js';

/** The provider menu: the blocks of the provider's administration. */
export function providerMenuRoutes(): Router {
  const router = Router();
  router.get(paths.provider.menu(), (req, res) => {
    const headOffice = req.session.principal?.kind === 'provider';
    res.render('provider/menu', { title: 'Menu dienstverlener', headOffice });
  });
  return router;
}
