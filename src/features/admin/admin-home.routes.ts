import { Router } from 'express';
import { paths } from '../../paths.js';

/** The agency's start page. */
export function adminHomeRoutes(): Router {
  const router = Router();
  router.get(paths.admin.home(), (req, res) => {
    res.render('admin/home', {
      title: 'Beheer kmo-portefeuille',
      canSwitch: (req.session.samlPerson?.capacities.length ?? 0) > 1,
    });
  });
  return router;
}
