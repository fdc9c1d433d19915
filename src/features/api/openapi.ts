import { projectStatuses } from '../../domain/project-status.js';
import { registrationStatuses } from '../../domain/registration-status.js';
import { registrationBases, services, trainingKinds } from '../../domain/subsidy-terms.js';
import { projectSortKeys } from '../projects/project-filters.js';
import { paths } from '../../paths.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pagination.js';
import { apiLedgerKinds } from './project.api.js';
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

/** A 200 answer of a list: as `ok`, with the next page also in a Link header. */
const okList = (description: string, schema: object) => {
  const answer = ok(description, schema);
  return { ...answer, headers: { ...answer.headers, Link: ref('headers', 'Link') } };
};

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

const amount = (description: string) => ({ ...ref('schemas', 'Amount'), description });

/** The fields of a project, in the list and on its own. */
const projectRequired = [
  'projectNumber',
  'company',
  'applicationDate',
  'service',
  'serviceLabel',
  'status',
  'statusLabel',
  'verified',
  'department',
  'projectAmount',
  'subsidy',
  'ownContribution',
  'links',
] as const;

const projectProperties = {
  projectNumber: { type: 'string', pattern: '^[0-9]{4}KMO[0-9]{6}$' },
  company: {
    type: 'object',
    required: ['name', 'enterpriseNumber'],
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      enterpriseNumber: { type: 'string', pattern: '^[0-9]{10}$', description: '10 digits, no dots.' },
    },
  },
  applicationDate: { type: 'string', format: 'date', description: 'ISO 8601 date.' },
  service: { type: 'string', enum: [...services] },
  serviceLabel: { type: 'string' },
  status: { type: 'string', enum: [...projectStatuses], description: 'The status code (DOMAIN.md).' },
  statusLabel: { type: 'string', description: 'The Dutch label of the status.' },
  verified: { type: 'boolean' },
  department: {
    description: 'The department it belongs to; null for the head office.',
    oneOf: [ref('schemas', 'Department'), { type: 'null' }],
  },
  projectAmount: amount('Eligible costs excluding VAT.'),
  subsidy: amount('The subsidy.'),
  ownContribution: amount("The company's own contribution (project amount − subsidy)."),
  links: {
    type: 'object',
    required: ['self'],
    additionalProperties: false,
    properties: { self: { type: 'string' } },
  },
};

/** A query parameter of the projects list, with the overview's name. */
const filter = (name: string, description: string, schema: object) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

export const openapiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'kmo-portefeuille API voor dienstverleners',
    version: '1.0.0',
    description:
      'Read-only JSON API for providers of the kmo-portefeuille: their projects and registrations. ' +
      'Amounts are objects of integer cents and a decimal string; dates are ISO 8601. ' +
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
          '200': okList('A page of registrations', ref('schemas', 'RegistrationPage')),
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
    '/projects': {
      get: {
        operationId: 'listProjects',
        summary: 'The projects the token sees, with the filters and sorts of the overview',
        description:
          "The filters and sorts of the providers' projects overview, under the same names, in machine formats: " +
          'dates `YYYY-MM-DD`, amounts in integer euro cents. Without `jaren=alle` only the projects applied for ' +
          'in the current and the previous calendar year (Brussels time) are listed, as on the overview. ' +
          'A bad, empty or repeated value is refused with a 400 problem naming the parameter. ' +
          'Keyset pagination on (sort column, id): follow `links.next` (also sent as `Link: <…>; rel="next"`) until ' +
          'it is null. The cursor belongs to the filters and sort it was made with; used with others it is a 400. ' +
          'Projects added while paging appear only when they sort after the cursor; none is sent twice or skipped.',
        parameters: [
          ref('parameters', 'ProjectNumberFilter'),
          ref('parameters', 'CompanyFilter'),
          ref('parameters', 'From'),
          ref('parameters', 'To'),
          ref('parameters', 'AmountFrom'),
          ref('parameters', 'AmountTo'),
          ref('parameters', 'ServiceFilter'),
          ref('parameters', 'StatusFilter'),
          ref('parameters', 'VerifiedFilter'),
          ref('parameters', 'Years'),
          ref('parameters', 'Sort'),
          ref('parameters', 'Direction'),
          ref('parameters', 'Limit'),
          ref('parameters', 'ProjectCursor'),
        ],
        responses: {
          '200': okList('A page of projects', ref('schemas', 'ProjectPage')),
          ...problemResponses,
        },
      },
    },
    '/projects/{number}': {
      get: {
        operationId: 'getProject',
        summary: 'One project with its participants, status history and ledger',
        description:
          "Another provider's or (for a department's token) another department's project is a 404, as is a " +
          'malformed number (not `YYYYKMO` and six digits).',
        parameters: [ref('parameters', 'ProjectNumber')],
        responses: {
          '200': ok('The project', ref('schemas', 'ProjectDetail')),
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
      ProjectNumberFilter: filter(
        'nummer',
        'Projects whose number contains this text (1 to 13 letters and digits, case-insensitive).',
        { type: 'string', pattern: '^[0-9A-Za-z]{1,13}$' },
      ),
      CompanyFilter: filter(
        'onderneming',
        "Projects whose company's name contains this text (accents and case ignored).",
        { type: 'string', minLength: 1, maxLength: 200 },
      ),
      From: filter('van', 'Applied for on or after this day (ISO 8601 date, `YYYY-MM-DD`).', {
        type: 'string',
        format: 'date',
      }),
      To: filter(
        'tot',
        'Applied for on or before this day (ISO 8601 date, `YYYY-MM-DD`); not before `van` (400 on `tot`).',
        { type: 'string', format: 'date' },
      ),
      AmountFrom: filter(
        'bedragVan',
        'Project amount at least this, in euro cents (an integer: 119835 is € 1.198,35).',
        { type: 'integer', minimum: 0 },
      ),
      AmountTo: filter(
        'bedragTot',
        'Project amount at most this, in euro cents (an integer); not below `bedragVan` (400 on `bedragTot`).',
        { type: 'integer', minimum: 0 },
      ),
      ServiceFilter: filter('dienst', 'Only this service.', { type: 'string', enum: [...services] }),
      StatusFilter: filter('status', 'Only this status (the code).', {
        type: 'string',
        enum: [...projectStatuses],
      }),
      VerifiedFilter: filter('geverifieerd', 'Only verified (`ja`) or unverified (`nee`) projects.', {
        type: 'string',
        enum: ['ja', 'nee'],
      }),
      Years: filter(
        'jaren',
        '`alle`: every year. Absent: the current and the previous calendar year only (by application date).',
        { type: 'string', enum: ['alle'] },
      ),
      Sort: filter(
        'sorteer',
        'The sort column: projectnummer, onderneming (the folded company name), aanvraagdatum (the default), ' +
          'bedrag, dienst, status or geverifieerd. Ties are ordered by an internal id in the same direction.',
        { type: 'string', enum: [...projectSortKeys], default: 'aanvraagdatum' },
      ),
      Direction: filter(
        'richting',
        '`asc` or `desc`; by default `desc` for aanvraagdatum (newest first), `asc` for every other column.',
        { type: 'string', enum: ['asc', 'desc'] },
      ),
      ProjectCursor: {
        name: 'cursor',
        in: 'query',
        required: false,
        description:
          "Opaque: taken from the previous page's `links.next`; only valid with the same filters and sort.",
        schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,1000}$' },
      },
      ProjectNumber: {
        name: 'number',
        in: 'path',
        required: true,
        description: 'The project number, e.g. 2026KMO044855 (anything else is a 404).',
        schema: { type: 'string', pattern: '^[0-9]{4}KMO[0-9]{6}$' },
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
      Link: {
        description: 'The next page of a list (RFC 8288), as in `links.next`; absent on the last page.',
        required: false,
        schema: { type: 'string', pattern: '^</api/v1/[^>]+>; rel="next"$' },
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
      Amount: {
        type: 'object',
        description:
          'An amount in euro: `cents` (an integer, exact) and `euro`, the same as a decimal string with a point and ' +
          'two decimals (`{ "cents": 119835, "euro": "1198.35" }`). Ledger entries out of the wallet are negative.',
        required: ['cents', 'euro'],
        additionalProperties: false,
        properties: {
          cents: { type: 'integer' },
          euro: { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' },
        },
      },
      Project: {
        type: 'object',
        required: [...projectRequired],
        additionalProperties: false,
        properties: projectProperties,
      },
      ProjectDetail: {
        type: 'object',
        required: [
          ...projectRequired,
          'title',
          'trainingKind',
          'subtheme',
          'hours',
          'agreementDate',
          'startDate',
          'depositDeadline',
          'registrationNumber',
          'participants',
          'history',
          'ledger',
        ],
        additionalProperties: false,
        properties: {
          ...projectProperties,
          title: { type: 'string' },
          trainingKind: { type: ['string', 'null'], enum: [...trainingKinds, null] },
          subtheme: { type: 'string' },
          hours: { type: 'number' },
          agreementDate: { type: 'string', format: 'date' },
          startDate: { type: 'string', format: 'date' },
          depositDeadline: {
            type: 'string',
            format: 'date',
            description: 'The last day to deposit the own contribution.',
          },
          registrationNumber: { type: ['string', 'null'] },
          participants: {
            type: 'array',
            items: {
              type: 'object',
              required: ['firstName', 'lastName'],
              additionalProperties: false,
              properties: { firstName: { type: 'string' }, lastName: { type: 'string' } },
            },
          },
          history: {
            type: 'array',
            description: 'Every status change, oldest first.',
            items: {
              type: 'object',
              required: ['at', 'fromStatus', 'fromStatusLabel', 'toStatus', 'toStatusLabel', 'reason'],
              additionalProperties: false,
              properties: {
                at: { type: 'string', format: 'date-time' },
                fromStatus: { type: ['string', 'null'], enum: [...projectStatuses, null] },
                fromStatusLabel: { type: ['string', 'null'] },
                toStatus: { type: 'string', enum: [...projectStatuses] },
                toStatusLabel: { type: 'string' },
                reason: { type: ['string', 'null'] },
              },
            },
          },
          ledger: {
            type: 'object',
            description:
              "The money between the company and the provider: the project's small ledger (DOMAIN.md §6). " +
              'The totals are positive; the balance is what is left in the wallet.',
            required: ['deposited', 'subsidy', 'paidToProvider', 'refunded', 'balance', 'entries'],
            additionalProperties: false,
            properties: {
              deposited: amount('Own contribution deposited by the company.'),
              subsidy: amount('Subsidy added.'),
              paidToProvider: amount('Paid to the provider.'),
              refunded: amount('Refunded to the company or returned to the government.'),
              balance: amount('Left in the wallet.'),
              entries: {
                type: 'array',
                description: 'Every entry in booking order: positive into the wallet, negative out of it.',
                items: {
                  type: 'object',
                  required: ['kind', 'bookedOn', 'amount', 'invoiceNumber', 'invoiceDate'],
                  additionalProperties: false,
                  properties: {
                    kind: {
                      type: 'string',
                      enum: apiLedgerKinds,
                      description:
                        "ownContributionDeposit (the company's deposit), subsidy, paymentToProvider, " +
                        'refundToCompany, subsidyReturned.',
                    },
                    bookedOn: { type: 'string', format: 'date' },
                    amount: ref('schemas', 'Amount'),
                    invoiceNumber: {
                      type: ['string', 'null'],
                      description: "The provider's invoice a payment settles.",
                    },
                    invoiceDate: { type: ['string', 'null'], format: 'date' },
                  },
                },
              },
            },
          },
        },
      },
      ProjectPage: {
        type: 'object',
        required: ['data', 'links'],
        additionalProperties: false,
        properties: {
          data: { type: 'array', items: ref('schemas', 'Project') },
          links: {
            type: 'object',
            required: ['next'],
            additionalProperties: false,
            properties: {
              next: {
                type: ['string', 'null'],
                description:
                  'The next page (same filters, sort and limit, with a cursor), or null on the last.',
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
