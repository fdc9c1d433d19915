import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { formatEuro } from '../../domain/money.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import { singleFileUpload } from '../../web/uploads.js';
import { pageHref, queryText } from '../../web/url-values.js';
import { parsePageNumber } from '../../domain/pagination.js';
import {
  exceptionColumns,
  exceptionDecisionOfSlug,
  importRefusalText,
  presentException,
  presentExceptionRows,
  presentImport,
  presentStatement,
  presentStatementRows,
  statementColumns,
} from './deposit.admin.presenter.js';
import { BookAnywayRefused, type DepositExceptionService } from './deposit-exception.service.js';
import type { DepositImportService } from './deposit-import.service.js';
import type { DepositQueries } from './deposit.queries.js';

const FILE_FIELD = 'uittreksel';

const bookAnywaySchema = z.object({
  projectNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9]{4}KMO[0-9]{6}$/, 'Geef een projectnummer zoals 2026KMO000123.'),
  reason: z
    .string()
    .trim()
    .min(1, 'Geef een reden op waarom u de storting toch boekt.')
    .max(2000, 'Houd de reden korter dan 2000 tekens.'),
});

const manualSchema = z.object({
  note: z
    .string()
    .trim()
    .min(1, 'Schrijf op hoe de storting buiten het portaal afgehandeld is.')
    .max(2000, 'Houd de notitie korter dan 2000 tekens.'),
});

/** Keeps what was typed and the messages for the decision form, and sends it back there. */
function refuseDecisionForm(req: Request, res: Response, self: string, errors: Record<string, string>) {
  keepFormState(req, self, { values: req.body as Record<string, unknown>, errors });
  res.redirect(303, self);
}

function idOf(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

/**
 * /beheer/stortingen: staff upload the payment institution's bank statements
 * (CODA or camt.053; multipart: multer, then the CSRF check), see what the
 * import made of them, the statements imported, and the exceptions queue with
 * the decisions on each: confirm the refund, book it anyway, or (without a
 * payer's account to refund to) mark it handled manually.
 */
export function depositAdminRoutes(deps: {
  depositImport: Pick<DepositImportService, 'upload' | 'retry'>;
  depositExceptions: Pick<DepositExceptionService, 'confirmRefund' | 'bookAnyway' | 'handleManually'>;
  depositQueries: DepositQueries;
}): Router {
  const router = Router();
  const { depositQueries: queries } = deps;

  router.get(paths.admin.deposits(), async (req, res) => {
    principalOf(req, 'agency');
    const page = parsePageNumber(queryText(req.query.pagina));
    const [statements, openExceptions] = await Promise.all([
      queries.statements(page),
      queries.openExceptionCount(),
    ]);
    const { errors } = takeFormState(req, paths.admin.deposits());
    res.render('admin/deposits/index', {
      title: 'Stortingen',
      errors,
      openExceptions,
      table: {
        columns: statementColumns,
        rows: presentStatementRows(statements.rows),
        emptyText: 'Er zijn nog geen rekeninguittreksels ingelezen.',
      },
      pagination: {
        page: statements.page,
        pageCount: statements.pageCount,
        hrefFor: (n: number) => pageHref(paths.admin.deposits(), n),
      },
    });
  });

  router.post(paths.admin.deposits(), singleFileUpload(FILE_FIELD), async (req: Request, res: Response) => {
    const principal = principalOf(req, 'agency');
    const self = paths.admin.deposits();
    const refuse = (message: string) => {
      keepFormState(req, self, { values: {}, errors: { [FILE_FIELD]: message } });
      res.redirect(303, self);
    };
    const uploadError = res.locals.uploadError as string | undefined;
    if (uploadError) return refuse(uploadError);
    const file = req.file;
    if (!file) return refuse('Kies een rekeninguittreksel: een CODA-bestand of een camt.053-bestand (XML).');
    if (file.size === 0 || file.buffer.length === 0) return refuse('Het gekozen bestand is leeg.');
    const filename = (file.originalname.split(/[\\/]/).pop() ?? '').slice(0, 200) || 'uittreksel';
    const result = await deps.depositImport.upload(
      { filename, content: file.buffer },
      actorOf(principal),
      requestIdOf(req),
    );
    if (!result.ok) return refuse(importRefusalText(result));
    // The file is stored; a background job books it. Its page shows how far it got.
    res.redirect(303, paths.admin.depositImport(result.importId));
  });

  router.get(paths.admin.depositImport(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const row = await queries.import(idOf(req));
    if (!row) throw new NotFoundError('Deze inlezing bestaat niet.');
    const view = presentImport(row);
    res.render('admin/deposits/import', {
      title: view.title,
      importView: view,
      scripts: view.done ? [] : ['/js/import-progress.js'],
    });
  });

  router.post(paths.admin.depositImportRetry(':id'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const id = idOf(req);
    try {
      await deps.depositImport.retry(id, { actor: actorOf(principal), requestId: requestIdOf(req) });
      flash(req, {
        type: 'success',
        text: 'Het inlezen is opnieuw gestart: de bewegingen die nog niet verwerkt zijn, worden nu geboekt.',
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, { type: 'warning', text: error.message });
    }
    res.redirect(303, paths.admin.depositImport(id));
  });

  router.get(paths.admin.depositStatement(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const id = idOf(req);
    const statement = await queries.statement(id);
    if (!statement) throw new NotFoundError('Dit rekeninguittreksel bestaat niet.');
    const view = presentStatement(statement, await queries.statementMovements(id));
    res.render('admin/deposits/statement', { title: view.title, statement: view });
  });

  router.get(paths.admin.depositExceptions(), async (req, res) => {
    principalOf(req, 'agency');
    const exceptions = await queries.exceptions(parsePageNumber(queryText(req.query.pagina)));
    res.render('admin/deposits/exceptions', {
      title: 'Stortingen zonder match',
      table: {
        columns: exceptionColumns,
        rows: presentExceptionRows(exceptions.rows),
        emptyText: 'Er zijn geen stortingen zonder match.',
      },
      pagination: {
        page: exceptions.page,
        pageCount: exceptions.pageCount,
        hrefFor: (n: number) => pageHref(paths.admin.depositExceptions(), n),
      },
    });
  });

  const loadException = async (req: Request) => {
    const row = await queries.exception(idOf(req));
    if (!row) throw new NotFoundError('Deze storting staat niet bij de uitzonderingen.');
    return presentException(row);
  };

  router.get(paths.admin.depositException(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const exception = await loadException(req);
    res.render('admin/deposits/exception', { title: exception.title, exception });
  });

  router.get(paths.admin.depositExceptionDecision(':id', ':decision'), async (req, res) => {
    principalOf(req, 'agency');
    const slug = exceptionDecisionOfSlug(String(req.params.decision));
    if (!slug) throw new NotFoundError();
    const exception = await loadException(req);
    const decision = exception.decisions.find((option) => option.slug === slug);
    if (!decision) {
      flash(req, {
        type: 'warning',
        text: exception.open ? exception.refund.text : 'Over deze storting is al beslist.',
      });
      return res.redirect(paths.admin.depositException(exception.id));
    }
    const { values, errors } = takeFormState(req, decision.href);
    res.render('admin/deposits/decide', {
      title: `${decision.label}: ${exception.title}`,
      exception,
      decision,
      backHref: paths.admin.depositException(exception.id),
      values: { projectNumber: exception.project?.projectNumber ?? '', ...values },
      errors,
    });
  });

  router.post(paths.admin.depositExceptionDecision(':id', ':decision'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const slug = exceptionDecisionOfSlug(String(req.params.decision));
    if (!slug) throw new NotFoundError();
    const id = idOf(req);
    const self = paths.admin.depositExceptionDecision(id, slug);
    const detailHref = paths.admin.depositException(id);
    const input = { actor: actorOf(principal), requestId: requestIdOf(req) };
    try {
      if (slug === 'terugstorten') {
        const refund = await deps.depositExceptions.confirmRefund(id, input);
        flash(req, {
          type: 'success',
          text: `De terugstorting van ${formatEuro(refund.amountCents)} is bevestigd: ze staat klaar voor de volgende betaalopdracht.`,
        });
      } else if (slug === 'handmatig') {
        const parsed = manualSchema.safeParse(req.body);
        if (!parsed.success) return refuseDecisionForm(req, res, self, fieldErrors(parsed.error));
        await deps.depositExceptions.handleManually(id, { ...input, ...parsed.data });
        flash(req, {
          type: 'success',
          text: 'De storting is gemarkeerd als handmatig afgehandeld. Uw notitie staat in de audit.',
        });
      } else {
        const parsed = bookAnywaySchema.safeParse(req.body);
        if (!parsed.success) return refuseDecisionForm(req, res, self, fieldErrors(parsed.error));
        const booked = await deps.depositExceptions.bookAnyway(id, { ...input, ...parsed.data });
        flash(req, {
          type: 'success',
          text: `De storting van ${formatEuro(booked.amountCents)} is geboekt op project ${booked.projectNumber}: het project heeft nu de status "Lopend". De onderneming en de dienstverlener krijgen een mail.`,
        });
      }
    } catch (error) {
      if (error instanceof BookAnywayRefused) {
        return refuseDecisionForm(req, res, self, { projectNumber: error.message });
      }
      if (error instanceof ConflictError || error instanceof InvalidTransitionError) {
        flash(req, { type: 'warning', text: error.message });
        return res.redirect(303, detailHref);
      }
      throw error;
    }
    res.redirect(303, detailHref);
  });

  return router;
}
