import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { openapiDocument } from '../../src/features/api/openapi.js';
import { csrfTokenOf, type Agent } from './session.js';

/*
 * The API's test client: every answer a test gets goes through checkAgainstContract,
 * which finds the operation and status in the OpenAPI document (src/features/api/openapi.ts)
 * and validates the body (JSON Schema 2020-12, ajv's Ajv2020) and the declared headers.
 * An answer the document does not describe fails the test: code and contract cannot drift.
 */

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = 'https://kmo-portefeuille.be/api/v1/openapi.json';
const ajv = addFormats(new Ajv2020({ strict: false, validateSchema: false, allErrors: true }));
ajv.addSchema({ ...openapiDocument, $id: DOCUMENT_ID });

const pointer = (...segments: string[]) =>
  segments.map((segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

const compiled = new Map<string, ValidateFunction>();
function validatorFor(jsonPointer: string): ValidateFunction {
  let validate = compiled.get(jsonPointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/${jsonPointer}` });
    compiled.set(jsonPointer, validate);
  }
  return validate;
}

type JsonObject = Record<string, unknown>;

/** Follows a `$ref` within the document. */
function resolve(node: unknown): JsonObject {
  let current = node as JsonObject;
  while (typeof current.$ref === 'string') {
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce<JsonObject>(
      (inner, key) => inner[key] as JsonObject,
      openapiDocument as JsonObject,
    );
  }
  return current;
}

/** The document's path template that matches a concrete path below /api/v1, e.g. `/registrations/{id}`. */
function templateOf(apiPath: string): string | undefined {
  return Object.keys(openapiDocument.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`).test(apiPath),
  );
}

/** Validates one answer against the document; throws with what is wrong. */
export function checkAgainstContract(method: 'get', url: string, response: request.Response): void {
  const root = openapiDocument.servers[0].url;
  const apiPath = new URL(url, 'http://api.test').pathname.slice(root.length);
  const template = templateOf(apiPath);
  if (!template) throw new Error(`${method.toUpperCase()} ${url}: no path of the OpenAPI document matches`);
  const operation = (openapiDocument.paths as Record<string, Record<string, JsonObject>>)[template]?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${template}: no such operation in the document`);
  const status = String(response.status);
  const responses = operation.responses as JsonObject;
  if (!(status in responses))
    throw new Error(
      `${method.toUpperCase()} ${template} answered ${status}, which the document does not describe`,
    );
  const described = resolve(responses[status]);
  const problems: string[] = [];

  for (const [name, header] of Object.entries((described.headers ?? {}) as JsonObject)) {
    const headerSpec = resolve(header);
    const value: unknown = response.headers[name.toLowerCase()];
    if (value === undefined) {
      if (headerSpec.required) problems.push(`header ${name} is missing`);
      continue;
    }
    const validate = ajv.compile({ ...(headerSpec.schema as JsonObject) });
    if (!validate(value))
      problems.push(`header ${name}: ${String(value)} — ${ajv.errorsText(validate.errors)}`);
  }

  const content = described.content as Record<string, { schema: unknown }> | undefined;
  if (content) {
    const mediaType =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    if (!(mediaType in content))
      problems.push(`content type ${mediaType} is not one of ${Object.keys(content).join(', ')}`);
    else {
      const responsePointer =
        typeof (responses[status] as JsonObject).$ref === 'string'
          ? ((responses[status] as JsonObject).$ref as string).replace(/^#\//, '')
          : pointer('paths', template, method, 'responses', status);
      const validate = validatorFor(`${responsePointer}/${pointer('content', mediaType, 'schema')}`);
      const body: unknown = JSON.parse(response.text);
      if (!validate(body)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
    }
  } else if (response.text) {
    problems.push(`a body where the document describes none: ${response.text.slice(0, 200)}`);
  }
  if (problems.length > 0)
    throw new Error(
      `${method.toUpperCase()} ${url} ${status} breaks the contract:\n  ${problems.join('\n  ')}`,
    );
}

/** A GET of the API, checked against the contract before the test sees it. */
export async function apiGet(
  app: Express,
  url: string,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<request.Response> {
  let call = request(app).get(url);
  if (options.token !== undefined) call = call.set('Authorization', `Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) call = call.set(name, value);
  const response = await call;
  checkAgainstContract('get', url, response);
  return response;
}

/** Creates a token on the head office's page and reads it from the answer (shown once). */
export async function createApiToken(
  agent: Agent,
  form: { name: string; departmentId?: string; expiresOn?: string },
): Promise<{ token: string; html: string }> {
  const csrf = await csrfTokenOf(agent, '/dienstverlener/api-toegang');
  const response = await agent
    .post('/dienstverlener/api-toegang')
    .type('form')
    .send({ _csrf: csrf, departmentId: '', expiresOn: '18/11/2027', ...form });
  expect(response.status).toBe(201);
  const token = /id="token"[^>]*value="(kmo_[A-Za-z0-9_-]{43})"/.exec(response.text)?.[1];
  if (!token) throw new Error('no token on the result page');
  return { token, html: response.text };
}
