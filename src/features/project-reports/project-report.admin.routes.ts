import { Router, type Request } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import { InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { closeRefusal, noteRefusal, reportState } from '../../domain/project-report-state.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import {
  openReportsText,
  presentAdminReport,
  presentReportRows,
  reportColumns,
  reportEmptyTexts,
  reportFilterItems,
  reportFilterOfSlug,
  reportFilterValue,
} from './project-report.admin.presenter.js';
import type { ProjectReportQueries } from './project-report.queries.js';
import { reportCloseSchema, reportNoteSchema } from './project-report.schemas.js';
import type { ProjectReportService } from './project-report.service.js';

const notFoundMessage = 'Deze melding bestaat niet.';

/**
 * /beheer/meldingen: the providers' reports about finished projects, open
 * ones first; a report's detail with its follow-up notes, a form to add a
 * note and one to close it with a closing note (mailed to the provider).
 */
export function projectReportAdminRoutes(deps: {
  projectReportQueries: ProjectReportQueries;
  projectReports: ProjectReportService;
}): Router {
  const router = Router();
  const { projectReportQueries: queries, projectReports: service } = deps;

  router.get(paths.admin.reports(), async (req, res) => {
    principalOf(req, 'agency');
    const filter = reportFilterOfSlug(req.query.status);
    const [rows, open] = await Promise.all([queries.list(filter), queries.openCount()]);
    res.render('admin/reports/list', {
      title: 'Meldingen',
      openText: openReportsText(open),
      form: {
        action: paths.admin.reports(),
        values: { status: reportFilterValue(filter) },
        statusItems: reportFilterItems,
      },
      table: {
        columns: reportColumns,
        rows: presentReportRows(rows),
        emptyText: reportEmptyTexts[filter],
      },
    });
  });

  /** The report of the URL, or 404. */
  const loadReport = async (req: Request) => {
    const report = await queries.find(Number(req.params.id));
    if (!report) throw new NotFoundError(notFoundMessage);
    return report;
  };

  router.get(paths.admin.report(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const report = await loadReport(req);
    const detail = presentAdminReport(report);
    const { values, errors } = takeFormState(req, paths.admin.report(report.id));
    res.set('Cache-Control', 'private, no-store');
    res.render('admin/reports/detail', { title: detail.title, report: detail, values, errors });
  });

  router.post(paths.admin.reportNotes(':id'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const report = await loadReport(req);
    const detailHref = paths.admin.report(report.id);
    // A closed report shows no form: a stale one is refused before its text is looked at.
    const refusal = noteRefusal(reportState(report));
    if (refusal) {
      flash(req, { type: 'warning', text: refusal });
      return res.redirect(303, detailHref);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = reportNoteSchema.safeParse(body);
    if (!parsed.success) {
      keepFormState(req, detailHref, { values: { note: body.note }, errors: fieldErrors(parsed.error) });
      return res.redirect(303, detailHref);
    }
    try {
      await service.addNote(report.id, {
        actor: actorOf(principal),
        text: parsed.data.note,
        requestId: requestIdOf(req),
      });
      flash(req, { type: 'success', text: 'De notitie is bewaard.' });
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
      flash(req, { type: 'warning', text: error.message });
    }
    res.redirect(303, detailHref);
  });

  router.post(paths.admin.reportClose(':id'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const report = await loadReport(req);
    const detailHref = paths.admin.report(report.id);
    const refusal = closeRefusal(reportState(report));
    if (refusal) {
      flash(req, { type: 'warning', text: refusal });
      return res.redirect(303, detailHref);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = reportCloseSchema.safeParse(body);
    if (!parsed.success) {
      keepFormState(req, detailHref, {
        values: { closingNote: body.closingNote },
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, detailHref);
    }
    try {
      await service.close(report.id, {
        actor: actorOf(principal),
        text: parsed.data.closingNote,
        requestId: requestIdOf(req),
      });
      flash(req, {
        type: 'success',
        text: 'De melding is afgesloten. De dienstverlener krijgt de slotnotitie per mail.',
      });
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
      flash(req, { type: 'warning', text: error.message });
    }
    res.redirect(303, detailHref);
  });

  return router;
}
