import type { ApiCaller } from '../api-tokens/api-token.service.js';
import type { ProjectScope } from '../projects/project-scope.js';
import type { ProviderRegistrationScope } from '../registrations/registration.repository.js';

/**
 * What a token sees: a token of the whole organisation sees the provider's
 * objects; a department's token only that department's, as a department user
 * does. Registrations belong to a unit too (the head office or one department),
 * so a department's token sees that department's registrations only.
 */
export function projectScopeOfCaller(caller: ApiCaller): ProjectScope {
  return caller.departmentId === null
    ? { kind: 'provider', providerId: caller.providerId }
    : { kind: 'department', providerId: caller.providerId, departmentIds: [caller.departmentId] };
}

export function registrationScopeOfCaller(caller: ApiCaller): ProviderRegistrationScope {
  return caller.departmentId === null
    ? { kind: 'provider', providerId: caller.providerId }
    : { kind: 'department', providerId: caller.providerId, departmentIds: [caller.departmentId] };
}
