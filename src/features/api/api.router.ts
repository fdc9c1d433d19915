import { createHash } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { recordAudit } from '../../db/audit-log.js';
import type { Logger } from '../../logger.js';
import { requestIdOf } from '../../web/request-logging.js';
import type { ApiCaller, ApiTokenRefusal, ApiTokenService } from '../api-tokens/api-token.service.js';
import { ApiProblem, sendProblem } from './problem.js';

/**
 * One endpoint of the API: a GET whose handler returns the JSON body (200) or
 * throws an ApiProblem. To add one: write it beside the others (e.g.
 * registration.api.ts), list it in apiEndpoints (api.endpoints.ts), describe it
 * in openapi.ts and test it with test/support/api.ts (which checks every answer
 * against the OpenAPI document).
 */
export interface ApiEndpoint {
  /** The Express pattern below /api/v1, e.g. `/registrations/:id`. */
  path: string;
  /** The query parameters it reads; any other is refused with 400. */
  query: readonly string[];
  handle(request: ApiRequest): Promise<unknown>;
}

export interface ApiRequest {
  caller: ApiCaller;
  params: Record<string, string>;
  /** The query parameters, each given once at most. */
  query: Record<string, string | undefined>;
  /** The request's path and query below the host, to build `next` links from. */
  path: string;
}

export interface ApiRateLimit {
  /** Requests per token per window. */
  points: number;
  windowSeconds: number;
}

const refusalDetails: Record<ApiTokenRefusal, string> = {
  missing: 'Stuur een token mee in de kop Authorization: Bearer <token>.',
  malformed: 'De kop Authorization is geen Bearer-token van de kmo-portefeuille (kmo_…).',
  unknown: 'Dit token bestaat niet.',
  expired: 'Dit token is verlopen. Maak een nieuw token aan.',
  revoked: 'Dit token is ingetrokken. Maak een nieuw token aan.',
};

const BAD_BYTES = 'Uw aanvraag bevat een ongeldig teken (een nulbyte).';

/** A strong validator of a body: its SHA-256, base64url. */
export const etagOf = (body: string) => `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;

/** Whether If-None-Match names this ETag (weak comparison, RFC 9110 §13.1.2), or is `*`. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .includes(etag);
}

/** The `links.next` of a list's body, when there is a next page. */
function nextLinkOf(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null || !('links' in answer)) return undefined;
  const { links } = answer;
  if (typeof links !== 'object' || links === null || !('next' in links)) return undefined;
  const { next } = links;
  return typeof next === 'string' ? next : undefined;
}

/** Answers every request of the API: common headers, JSON only. */
function common(req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'private, no-cache');
  res.vary('Authorization');
  res.vary('Accept');
  const url = req.originalUrl;
  if (url.includes('\u0000') || /%00/i.test(url))
    return sendProblem(res, new ApiProblem('ongeldige-aanvraag', BAD_BYTES));
  if (!req.accepts(['application/json', 'application/problem+json']))
    return sendProblem(
      res,
      new ApiProblem('niet-aanvaardbaar', 'De API antwoordt alleen in JSON (application/json).'),
    );
  next();
}

/** The query parameters an endpoint reads, each at most once; anything else is a 400. */
function queryOf(req: Request, allowed: readonly string[]): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (!allowed.includes(name))
      throw new ApiProblem('ongeldige-parameter', `De parameter ${name} bestaat niet.`, name);
    if (typeof value !== 'string')
      throw new ApiProblem('ongeldige-parameter', `Geef de parameter ${name} hoogstens één keer.`, name);
    query[name] = value;
  }
  return query;
}

/**
 * The providers' API under /api/v1, outside the HTML stack (no session, no
 * cookies, no CSRF): a Bearer token per request (401 otherwise), a rate limit
 * per token in Postgres (shared by every worker) with the RateLimit headers of
 * draft-ietf-httpapi-ratelimit-headers, an ETag on every GET (304 on a match)
 * and one audit row per authenticated call (not for a 401 — no token to name —
 * nor for a 429, which would make refusing as costly as answering).
 */
export function apiRouter(deps: {
  db: Knex;
  apiTokens: ApiTokenService;
  rateLimit: ApiRateLimit;
  endpoints: readonly ApiEndpoint[];
  /** The OpenAPI document, served at /openapi.json without a token. */
  openapi: object;
  logger: Logger;
}): Router {
  const { apiTokens, rateLimit } = deps;
  const router = Router();
  const limiter = new RateLimiterPostgres({
    storeClient: deps.db,
    storeType: 'knex',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: 'api-token',
    points: rateLimit.points,
    duration: rateLimit.windowSeconds,
  });
  const policy = `"per-token";q=${rateLimit.points};w=${rateLimit.windowSeconds}`;

  router.use(common);

  const openapiBody = JSON.stringify(deps.openapi);
  const openapiEtag = etagOf(openapiBody);
  router.get('/openapi.json', (req, res) => {
    res.set('ETag', openapiEtag);
    if (ifNoneMatchHits(req.get('If-None-Match'), openapiEtag)) return void res.status(304).end();
    res.type('application/json').send(openapiBody);
  });

  for (const endpoint of deps.endpoints) {
    router.get(endpoint.path, async (req, res) => {
      const authenticated = await apiTokens.authenticate(req.get('Authorization'));
      if ('refusal' in authenticated) {
        res.set('WWW-Authenticate', `Bearer realm="kmo-portefeuille", error="invalid_token"`);
        if (authenticated.refusal === 'missing')
          res.set('WWW-Authenticate', 'Bearer realm="kmo-portefeuille"');
        return sendProblem(res, new ApiProblem('token-ongeldig', refusalDetails[authenticated.refusal]));
      }
      const { caller } = authenticated;

      let state: RateLimiterRes;
      try {
        state = await limiter.consume(String(caller.tokenId));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        res.set({
          'RateLimit-Policy': policy,
          RateLimit: `"per-token";r=0;t=${seconds}`,
          'Retry-After': String(seconds),
        });
        return sendProblem(
          res,
          new ApiProblem(
            'te-veel-aanvragen',
            `Dit token heeft zijn limiet van ${rateLimit.points} aanvragen per ${rateLimit.windowSeconds} seconden bereikt. Probeer opnieuw over ${seconds} seconden.`,
          ),
        );
      }
      res.set({
        'RateLimit-Policy': policy,
        RateLimit: `"per-token";r=${Math.max(0, state.remainingPoints)};t=${Math.max(1, Math.ceil(state.msBeforeNext / 1000))}`,
      });
      await apiTokens.touch(caller);

      let status: number;
      let send: () => void;
      try {
        const answer = await endpoint.handle({
          caller,
          params: req.params as Record<string, string>,
          query: queryOf(req, endpoint.query),
          path: req.originalUrl,
        });
        const body = JSON.stringify(answer);
        // A list's next page in the body's links.next, and as a Link header (RFC 8288).
        const next = nextLinkOf(answer);
        if (next !== undefined) res.set('Link', `<${next}>; rel="next"`);
        const etag = etagOf(body);
        res.set('ETag', etag);
        if (ifNoneMatchHits(req.get('If-None-Match'), etag)) {
          status = 304;
          send = () => res.status(304).end();
        } else {
          status = 200;
          send = () => res.status(200).type('application/json').send(body);
        }
      } catch (error) {
        const problem =
          error instanceof ApiProblem
            ? error
            : new ApiProblem('serverfout', 'Er ging iets mis. Probeer later opnieuw.');
        if (!(error instanceof ApiProblem)) deps.logger.error({ err: error }, 'api request failed');
        status = problem.status;
        send = () => sendProblem(res, problem);
      }
      // One insert on its own (no surrounding transaction): the audit chain's lock is held only for it.
      await recordAudit(deps.db, {
        actor: { type: 'provider', id: null, label: `API-token ${caller.tokenName}` },
        action: 'api_token.read',
        entityType: 'api_token',
        entityId: caller.tokenId,
        details: { tokenName: caller.tokenName, method: req.method, path: req.originalUrl, status },
        requestId: requestIdOf(req),
      });
      send();
    });
  }

  router.use((_req, res) =>
    sendProblem(res, new ApiProblem('niet-gevonden', 'Deze URL bestaat niet in de API.')),
  );
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.logger.error({ err: error }, 'api request failed');
    if (res.headersSent) return;
    sendProblem(res, new ApiProblem('serverfout', 'Er ging iets mis. Probeer later opnieuw.'));
  });
  return router;
}
