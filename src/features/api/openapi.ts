import { registrationStatuses } from '../../domain/registration-status.js';
import { registrationBases, services } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pagination.js';
import { problemKinds, problemTypeBase } from './problem.js';

/**
 * The API's contract: an OpenAPI 3.1 document, served at /api/v1/openapi.json.
 * Every endpoint, parameter, response and header is described here, and the
 * tests check every answer the suite gets against it (test/support/api.ts),
 * so code and contract cannot drift. Adding an endpoint: its path below, its
 * schemas under components, its problems from `problemResponses`.
 */

const ref = (kind: 'schemas' | 'parameters' | 'responses' | 'headers', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

const isoDate = { type: ['string', 'null'], format: 'date' } as const;

/** The headers of every authenticated answer. */
const rateLimitHeaders = {
  RateLimit: ref('headers', 'RateLimit'),
  'RateLimit-Policy': ref('headers', 'RateLimit-Policy'),
  'Cache-Control': ref('headers', 'Cache-Control'),
};

/** A 200 answer of a GET: JSON, with its ETag and the rate limit's headers. */
const ok = (description: string, schema: object) => ({
  description,
  headers: { ...rateLimitHeaders, ETag: ref('headers', 'ETag') },
  content: { 'application/json': { schema } },
});

/** The problems every authenticated GET can answer. */
const problemResponses = {
  '304': ref('responses', 'NotModified'),
  '400': ref('responses', 'BadRequest'),
  '401': ref('responses', 'Unauthorized'),
  '404': ref('responses', 'NotFound'),
  '406': ref('responses', 'NotAcceptable'),
  '429': ref('responses', 'TooManyRequests'),
  '500': ref('responses', 'ServerError'),
};

const problem = (description: string, headers: Record<string, object> = {}) => ({
  description,
  headers: { 'Cache-Control': ref('headers', 'Cache-Control'), ...headers },
  content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
});

/** The fields of a registration, in the list and on its own. */
const registrationRequired = [
  'id',
  'number',
  'service',
  'serviceLabel',
  'basis',
  'status',
  'statusLabel',
  'conditional',
  'department',
  'validFrom',
  'validUntil',
  'requestedAt',
  'links',
] as const;

const registrationProperties = {
  id: { type: 'integer' },
  number: { type: ['string', 'null'], description: 'The registration number, once approved.' },
  service: { type: 'string', enum: [...services] },
  serviceLabel: { type: 'string' },
  basis: { type: 'string', enum: [...registrationBases] },
  status: { type: 'string', enum: [...registrationStatuses], description: 'The status code (DOMAIN.md).' },
  statusLabel: { type: 'string' },
  conditional: { type: 'boolean' },
  department: {
    description: 'The department it belongs to; null for the head office.',
    oneOf: [ref('schemas', 'Department'), { type: 'null' }],
  },
  validFrom: { ...isoDate, description: 'First day of validity (ISO 8601 date).' },
  validUntil: { ...isoDate, description: 'Last day of validity (ISO 8601 date).' },
  requestedAt: { type: 'string', format: 'date-time' },
  links: {
    type: 'object',
    required: ['self'],
    additionalProperties: false,
    properties: { self: { type: 'string' } },
  },
};

export const openapiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'kmo-portefeuille API voor dienstverleners',
    version: '1.0.0',
    description:
      'Read-only JSON API for providers of the kmo-portefeuille: their registrations (and, soon, projects). ' +
      'Authenticate with a personal access token created by the head office at /dienstverlener/api-toegang ' +
      "(`Authorization: Bearer kmo_…`). A token of one department sees only that department's objects. " +
      'Errors are RFC 9457 problem documents. Every GET carries an ETag (If-None-Match → 304) and the ' +
      'RateLimit / RateLimit-Policy headers of draft-ietf-httpapi-ratelimit-headers.',
    license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
  },
  servers: [{ url: paths.api.root() }],
  security: [{ bearerToken: [] }],
  paths: {
    '/registrations': {
      get: {
        operationId: 'listRegistrations',
        summary: 'The registrations the token sees, oldest first',
        description:
          'Cursor pagination: follow `links.next` until it is null. Registrations added meanwhile appear at ' +
          'the end; none is sent twice or skipped.',
        parameters: [ref('parameters', 'Limit'), ref('parameters', 'Cursor')],
        responses: {
          '200': ok('A page of registrations', ref('schemas', 'RegistrationPage')),
          ...problemResponses,
        },
      },
    },
    '/registrations/{id}': {
      get: {
        operationId: 'getRegistration',
        summary: 'One registration with its status history',
        parameters: [ref('parameters', 'RegistrationId')],
        responses: {
          '200': ok('The registration', ref('schemas', 'RegistrationDetail')),
          ...problemResponses,
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document (no token needed)',
        security: [],
        responses: {
          '200': {
            description: 'The OpenAPI document',
            headers: { ETag: ref('headers', 'ETag'), 'Cache-Control': ref('headers', 'Cache-Control') },
            content: { 'application/json': { schema: { type: 'object', required: ['openapi', 'paths'] } } },
          },
          '304': ref('responses', 'NotModified'),
          '406': ref('responses', 'NotAcceptable'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'A personal access token: `kmo_` and 43 base64url characters.',
      },
    },
    parameters: {
      Limit: {
        name: 'limit',
        in: 'query',
        required: false,
        description: `Items per page, ${DEFAULT_PAGE_LIMIT} by default.`,
        schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT },
      },
      Cursor: {
        name: 'cursor',
        in: 'query',
        required: false,
        description: "Opaque: taken from the previous page's `links.next`.",
        schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,400}$' },
      },
      RegistrationId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'integer', minimum: 1 },
      },
    },
    headers: {
      ETag: {
        description: 'A strong validator of the body; send it back in If-None-Match.',
        required: true,
        schema: { type: 'string', pattern: '^"[A-Za-z0-9_-]{43}"$' },
      },
      'Cache-Control': {
        description: 'Answers are personal and revalidated every time.',
        required: true,
        schema: { type: 'string', const: 'private, no-cache' },
      },
      RateLimit: {
        description:
          'What is left of the token\'s quota: `"per-token";r=<remaining>;t=<seconds until reset>`.',
        required: true,
        schema: { type: 'string', pattern: '^"per-token";r=[0-9]+;t=[0-9]+$' },
      },
      'RateLimit-Policy': {
        description: 'The quota per token: `"per-token";q=<requests>;w=<window in seconds>`.',
        required: true,
        schema: { type: 'string', pattern: '^"per-token";q=[0-9]+;w=[0-9]+$' },
      },
      'Retry-After': {
        description: 'Seconds to wait before the next request.',
        required: true,
        schema: { type: 'string', pattern: '^[0-9]+$' },
      },
      'WWW-Authenticate': {
        description: 'The Bearer challenge (RFC 6750).',
        required: true,
        schema: { type: 'string', pattern: '^Bearer ' },
      },
    },
    responses: {
      NotModified: {
        description: 'The body has not changed since the ETag sent in If-None-Match.',
        headers: { ETag: ref('headers', 'ETag'), 'Cache-Control': ref('headers', 'Cache-Control') },
      },
      BadRequest: problem(
        `A parameter is refused (type ${problemTypeBase}ongeldige-parameter, naming it in \`parameter\`) or the request holds a NUL byte (${problemTypeBase}ongeldige-aanvraag).`,
      ),
      Unauthorized: problem(
        `No valid token: missing, malformed, unknown, expired or revoked (type ${problemTypeBase}token-ongeldig).`,
        { 'WWW-Authenticate': ref('headers', 'WWW-Authenticate') },
      ),
      NotFound: problem(
        `Not found, or not within the token's scope (type ${problemTypeBase}niet-gevonden).`,
        rateLimitHeaders,
      ),
      NotAcceptable: problem(`The client does not accept JSON (type ${problemTypeBase}niet-aanvaardbaar).`),
      TooManyRequests: problem(`The token's quota is used up (type ${problemTypeBase}te-veel-aanvragen).`, {
        ...rateLimitHeaders,
        'Retry-After': ref('headers', 'Retry-After'),
      }),
      ServerError: problem(`An unexpected error (type ${problemTypeBase}serverfout).`),
    },
    schemas: {
      Problem: {
        type: 'object',
        description: 'RFC 9457 problem details.',
        required: ['type', 'title', 'status', 'detail'],
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            format: 'uri',
            enum: Object.keys(problemKinds).map((kind) => `${problemTypeBase}${kind}`),
          },
          title: { type: 'string' },
          status: {
            type: 'integer',
            enum: [...new Set(Object.values(problemKinds).map((kind) => kind.status))],
          },
          detail: { type: 'string', description: 'In Dutch, for a person.' },
          parameter: { type: 'string', description: 'The refused parameter (400 ongeldige-parameter).' },
        },
      },
      Department: {
        type: 'object',
        required: ['id', 'name'],
        additionalProperties: false,
        properties: { id: { type: 'integer' }, name: { type: 'string' } },
      },
      Registration: {
        type: 'object',
        required: [...registrationRequired],
        additionalProperties: false,
        properties: registrationProperties,
      },
      RegistrationDetail: {
        type: 'object',
        required: [...registrationRequired, 'history'],
        additionalProperties: false,
        properties: {
          ...registrationProperties,
          history: {
            type: 'array',
            description: 'Every status change, oldest first: the request, the decisions, renewals.',
            items: {
              type: 'object',
              required: ['at', 'fromStatus', 'toStatus', 'action', 'reason'],
              additionalProperties: false,
              properties: {
                at: { type: 'string', format: 'date-time' },
                fromStatus: { type: ['string', 'null'], enum: [...registrationStatuses, null] },
                toStatus: { type: 'string', enum: [...registrationStatuses] },
                action: { type: 'string' },
                reason: { type: ['string', 'null'] },
              },
            },
          },
        },
      },
      RegistrationPage: {
        type: 'object',
        required: ['data', 'links'],
        additionalProperties: false,
        properties: {
          data: { type: 'array', items: ref('schemas', 'Registration') },
          links: {
            type: 'object',
            required: ['next'],
            additionalProperties: false,
            properties: {
              next: { type: ['string', 'null'], description: 'The next page, or null on the last.' },
            },
          },
        },
      },
    },
  },
} as const;
