import type { NextFunction, Request, Response } from 'express';
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
};

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
    if (res.headersSent) return next(error);

    const status = statusOf(error);
    const reference = requestIdOf(req);
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

function statusOf(error: unknown): number {
  if (error instanceof DomainError) return error.status;
  const candidate =
    (error as HttpLikeError | undefined)?.status ?? (error as HttpLikeError | undefined)?.statusCode;
  if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) return candidate;
  return 500;
}
