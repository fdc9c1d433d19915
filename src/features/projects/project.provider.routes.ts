import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../../auth/guards.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { actorOf } from '../../auth/principal.js';
import { parseProjectListQuery, projectListSearch } from './project-filters.js';
import { BACK_PARAMETER, projectListHrefFrom } from './project-detail-back.js';
import { presentProjectList, projectCsvHeader, projectCsvOptions } from './project-list.presenter.js';
import type { ProjectQueries } from './project.queries.js';
import { projectScopeOf } from './project-scope.js';
import type { ProjectVerificationService } from './project-verification.service.js';
import { requestIdOf } from '../../web/request-logging.js';

declare module 'express-session' {
  interface SessionData {
    /** The query string of the overview last shown, for the detail page's way back to it. */
    projectListSearch?: string;
  }
}

const verifiedSchema = z.object({ geverifieerd: z.enum(['ja', 'nee']) });

/** The export's byte order mark and header line; ProjectQueries.streamCsv writes the lines below it. */
const csvHeader = Buffer.from(
  stringify([], { ...projectCsvOptions, header: true, columns: projectCsvHeader }),
);

/**
 * /dienstverlener/projecten: the provider's overview (filters, sort and page
 * in the query string), its CSV export and the verified mark of a project.
 * Head office and department users alike; the scope comes from the principal.
 * Mounted before projectDetailRoutes.
 */
export function projectProviderRoutes(deps: {
  projectQueries: ProjectQueries;
  projectVerification: ProjectVerificationService;
}): Router {
  const router = Router();
  const { projectQueries: queries, projectVerification: verification } = deps;

  router.get(paths.provider.projects(), async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const query = parseProjectListQuery(req.query);
    const result = await queries.page(projectScopeOf(principal), query.criteria, query.page);
    const list = presentProjectList(query, result, queries.defaultPeriod());
    const search = projectListSearch({ ...query.criteria, values: query.values, page: result.page });
    if (req.session.projectListSearch !== search) req.session.projectListSearch = search;
    // Always fresh, also through the back button: a verified mark or a reaction shows at once.
    res.set('Cache-Control', 'private, no-store');
    res.render('provider/projects/list', { title: list.title, errors: query.errors, list });
  });

  router.get(paths.provider.projectsCsv(), async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    // The same query string as the page: exactly its list, all pages; refused filters are left out there too.
    const { criteria } = parseProjectListQuery(req.query);
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Cache-Control': 'private, no-store' });
    res.attachment(`projecten-${queries.today()}.csv`);
    // A HEAD request (Express answers it with this GET route) gets the headers, without running the export.
    if (req.method === 'HEAD') return res.end();
    try {
      // The lines come from PostgreSQL as the export writes them (see streamCsv); the byte order mark
      // and the header line from csv-stringify, with the options the lines follow.
      await queries.streamCsv(projectScopeOf(principal), criteria, (lines) =>
        pipeline(async function* () {
          yield csvHeader;
          yield* lines;
        }, res),
      );
    } catch (error) {
      // The response is destroyed with the pipeline: the download fails rather than look complete.
      if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') {
        req.log?.info('CSV export stopped: the client went away');
        return;
      }
      req.log?.error({ err: error }, 'CSV export failed');
    }
  });

  // The detail page itself is projectDetailRoutes'. Its way back leads to the overview the link came
  // from (`terug`, checked to be a view of the overview), else to the overview as last shown.
  router.get(paths.provider.project(':projectNumber'), (req, res, next) => {
    res.locals.projectListHref =
      projectListHrefFrom(req.query[BACK_PARAMETER]) ??
      `${paths.provider.projects()}${req.session.projectListSearch ?? ''}`;
    next();
  });

  router.post(paths.provider.projectVerified(':projectNumber'), async (req, res) => {
    const principal = principalOf(req, 'provider', 'department');
    const projectNumber = String(req.params.projectNumber);
    const parsed = verifiedSchema.safeParse(req.body);
    if (!parsed.success) {
      flash(req, { type: 'warning', text: 'Kies of het project geverifieerd is of niet.' });
      return res.redirect(303, paths.provider.project(projectNumber));
    }
    const verified = parsed.data.geverifieerd === 'ja';
    const outcome = await verification.setVerified(projectScopeOf(principal), projectNumber, verified, {
      actor: actorOf(principal),
      requestId: requestIdOf(req),
    });
    if (outcome === 'not-found') throw new NotFoundError('Dit project bestaat niet of hoort niet bij u.');
    flash(req, {
      type: 'success',
      text: verified
        ? 'Het project is gemarkeerd als geverifieerd.'
        : 'Het project is niet meer gemarkeerd als geverifieerd.',
    });
    res.redirect(303, paths.provider.project(projectNumber));
  });

  return router;
}
