import type { Knex } from 'knex';
import type { ApiEndpoint } from './api.router.js';
import { RegistrationApiQueries, registrationEndpoints } from './registration.api.js';

/**
 * Every endpoint of /api/v1, in one list: add a new one here (and to
 * openapi.ts, and a test through test/support/api.ts).
 */
export function apiEndpoints(deps: { db: Knex }): ApiEndpoint[] {
  return [...registrationEndpoints(new RegistrationApiQueries(deps.db))];
}
