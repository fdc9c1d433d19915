import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One log line per request; req.log carries the request id on every line. */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    // What a request's line says: its id, method, URL, the client's address, and the status. No
    // headers: pino-http's own serialisers copied the request's and the response's headers into every
    // line (and the cookies into a redacted copy), a few percent of a page's CPU, to log nothing used.
    // A single-use link's token (forgotten login, department invitation) opens an account or a
    // department to whoever holds it: never written to the log.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({
        id: req.id,
        method: req.method,
        url: withoutSecrets(req.originalUrl ?? req.url ?? ''),
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: stdSerializers.err,
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}

/**
 * The request's id as text, for audit rows and the error page's reference:
 * genReqId above always makes a string; before that middleware ran there is none ('').
 */
export function requestIdOf(req: IncomingMessage): string {
  return typeof req.id === 'string' ? req.id : '';
}

/** The URL as logged: the token of a forgotten-login or an invitation link replaced. */
export function withoutSecrets(url: string): string {
  return url.replace(/^(\/dienstverlener\/(?:login-herstellen|uitnodiging)\/)[^/?#]+/, '$1[verborgen]');
}
