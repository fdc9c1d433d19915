import type { NextFunction, Request, Response } from 'express';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { fieldLabel } from './field-labels.js';
import { DomainError, NotFoundError } from '../domain/errors.js';
import { paths } from '../paths.js';
import { requestIdOf } from './request-logging.js';

const titles: Record<number, string> = {
  400: 'Ongeldige aanvraag',
  403: 'Geen toegang',
  404: 'Pagina niet gevonden',
  409: 'Dit kan niet (meer)',
  413: 'Te groot bestand of formulier',
  500: 'Er ging iets mis',
  503: 'Even niet beschikbaar',
};

/** Seconds after which a client may try again when the database is away. */
const RETRY_AFTER_SECONDS = 5;

/** Anything no router answered. */
export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError());
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  code?: string;
  expose?: boolean;
}

/**
 * Maps every error to a Dutch page with its status. Unexpected errors are
 * logged with the request id, which the page shows as a reference; a stack
 * trace is never shown in production.
 */
export function errorHandler(options: { showDetails: boolean }) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      // Too late for a page (the session's save at the end of a response, a download cut off):
      // Express ends the connection. Logged all the same, so that no failure goes unnamed.
      if (isDatabaseUnavailable(error))
        req.log?.warn({ err: error }, 'database unavailable after the response began');
      else req.log?.error({ err: error }, 'error after the response began');
      return next(error);
    }

    const reference = requestIdOf(req);
    if (isDatabaseUnavailable(error)) return databaseUnavailable(error, req, res, reference);
    const status = statusOf(error);
    if (status >= 500) req.log?.error({ err: error }, 'unhandled error');

    let message: string | undefined;
    if (error instanceof DomainError) message = error.message;
    else if ((error as HttpLikeError).code === 'EBADCSRFTOKEN')
      message =
        'Dit formulier is verlopen of werd niet vanop deze website verstuurd. Ga terug, laad de pagina opnieuw en probeer nog eens.';

    res.status(status);
    // An error raised before the view locals were set (CSRF, session store) still gets a full page.
    res.locals.paths ??= paths;
    res.locals.navigation ??= [];
    const view =
      status === 404
        ? 'errors/404'
        : status === 403
          ? 'errors/403'
          : status >= 500
            ? 'errors/500'
            : 'errors/other';
    res.format({
      html: () =>
        res.render(view, {
          title: titles[status] ?? titles[500],
          status,
          message,
          reference,
          details: options.showDetails && status >= 500 && error instanceof Error ? error.stack : undefined,
        }),
      json: () => res.json({ error: titles[status] ?? titles[500], message, reference }),
      default: () => res.type('text/plain').send(`${titles[status] ?? titles[500]} (${reference})`),
    });
  };
}

/**
 * The database is away (restarting, unreachable, too slow): a 503 that asks to
 * try again. Nothing was saved — every change is one transaction, which did not
 * commit. A posted form comes back on the page, ready to send again: its
 * values as hidden fields (its CSRF token among them) and listed to read. The
 * session store is the database too, so they cannot wait in the session.
 */
function databaseUnavailable(error: unknown, req: Request, res: Response, reference: string): void {
  req.log?.warn({ err: error }, 'database unavailable');
  res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS));
  res.locals.paths ??= paths;
  res.locals.navigation ??= [];
  const form = req.method === 'POST' ? postedForm(req) : undefined;
  res.format({
    html: () =>
      res.render('errors/503', {
        title: 'Even geen verbinding met onze databank',
        reference,
        form,
        action: req.originalUrl,
      }),
    json: () =>
      res.json({ error: titles[503], message: 'Probeer het over enkele ogenblikken opnieuw.', reference }),
    default: () => res.type('text/plain').send(`${titles[503]}: probeer het opnieuw (${reference})`),
  });
}

interface PostedForm {
  /** Every field, to send again unchanged. */
  fields: { name: string; value: string }[];
  /** What the user typed (no tokens), to read, under the field's Dutch label. */
  shown: { label: string; value: string }[];
  /** A password or an upload cannot be sent again from this page: the user goes back. */
  resendable: boolean;
}

function postedForm(req: Request): PostedForm {
  const multipart = req.is('multipart/form-data') === 'multipart/form-data';
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  const fields: { name: string; value: string }[] = [];
  let secret = false;
  for (const [name, raw] of Object.entries(body)) {
    if (/password|wachtwoord/i.test(name)) {
      secret = true;
      continue;
    }
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value === 'string') fields.push({ name, value });
    }
  }
  return {
    fields,
    shown: fields
      .filter((field) => !field.name.startsWith('_') && field.value.trim() !== '')
      .map((field) => ({ label: fieldLabel(field.name), value: field.value })),
    resendable: !multipart && !secret && fields.length > 0,
  };
}

function statusOf(error: unknown): number {
  if (error instanceof DomainError) return error.status;
  const candidate =
    (error as HttpLikeError | undefined)?.status ?? (error as HttpLikeError | undefined)?.statusCode;
  if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) return candidate;
  return 500;
}
