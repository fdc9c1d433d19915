import type { Actor } from '../domain/actor.js';

/**
 * Who is signed in. Stored in the session as this plain object; every route
 * group checks its kind, every repository scopes its queries by it.
 */
export type Principal =
  | {
      /** The head office, signed in with its login and password. */
      kind: 'provider';
      accountId: number;
      personId?: undefined;
      providerId: number;
      displayName: string;
      mustChangePassword: boolean;
    }
  | {
      /** The head office, as a person the IdP names the provider's local administrator (lokale beheerder). */
      kind: 'provider';
      accountId?: undefined;
      personId: number;
      providerId: number;
      displayName: string;
      mustChangePassword: false;
    }
  | { kind: 'department'; personId: number; providerId: number; departmentIds: number[]; displayName: string }
  | { kind: 'entrepreneur'; personId: number; companyId: number; companyName: string; displayName: string }
  | { kind: 'agency'; personId: number; displayName: string };

export type PrincipalKind = Principal['kind'];

/** The actor that history and audit rows record for a signed-in principal. */
export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'provider':
      // A local administrator has no account: the person's name is in the label.
      return principal.personId === undefined
        ? { type: 'provider', id: principal.accountId, label: principal.displayName }
        : { type: 'provider', id: null, label: `${principal.displayName}, lokale beheerder` };
    case 'department':
    case 'entrepreneur':
    case 'agency':
      return { type: principal.kind, id: principal.personId, label: principal.displayName };
  }
}
