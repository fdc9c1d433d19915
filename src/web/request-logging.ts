import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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
    // A single-use link's token (forgotten login, department invitation) opens an account or a
    // department to whoever holds it: never written to the log.
    serializers: {
      req: (req: { url?: string }) => {
        if (typeof req.url === 'string') req.url = withoutSecrets(req.url);
        return req;
      },
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
