import { Router } from 'express';
import { paths } from '../../paths.js';

/** The public pages that need no sign-in. */
export function publicRoutes(): Router {
  const router = Router();
  router.get(paths.home(), (_req, res) => {
    res.render('public/home', { title: 'Kmo-portefeuille' });
  });
  return router;
}
