import type { Knex } from 'knex';
import type { ProjectQueries } from '../projects/project.queries.js';
import type { RegistrationRepository } from '../registrations/registration.repository.js';
import type { WalletQueries } from '../wallet/wallet.queries.js';
import type { ApiEndpoint } from './api.router.js';
import { projectEndpoints } from './project.api.js';
import { RegistrationApiQueries, registrationEndpoints } from './registration.api.js';

/**
 * Every endpoint of /api/v1, in one list: add a new one here (and to
 * openapi.ts, and a test through test/support/api.ts).
 */
export function apiEndpoints(deps: {
  db: Knex;
  projects: ProjectQueries;
  wallet: WalletQueries;
  registrations: Pick<RegistrationRepository, 'history'>;
}): ApiEndpoint[] {
  return [
    ...registrationEndpoints({
      queries: new RegistrationApiQueries(deps.db),
      registrations: deps.registrations,
    }),
    ...projectEndpoints({ projects: deps.projects, wallet: deps.wallet }),
  ];
}
