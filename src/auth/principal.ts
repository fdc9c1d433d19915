import type { Actor } from '../domain/actor.js';

/**
 * Who is signed in. Stored in the session as this plain object; every route
 * group checks its kind, every repository scopes its queries by it.
 */
export type Principal =
  | {
      kind: 'provider';
      accountId: number;
      providerId: number;
      displayName: string;
      mustChangePassword: boolean;
    }
  | { kind: 'department'; personId: number; providerId: number; departmentIds: number[]; displayName: string }
  | { kind: 'entrepreneur'; personId: number; companyId: number; companyName: string; displayName: string }
  | { kind: 'agency'; personId: number; displayName: string };

export type PrincipalKind = Principal['kind'];

/** The actor that history and audit rows record for a signed-in principal. */
export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'provider':
      return { type: 'provider', id: principal.accountId, label: principal.displayName };
    case 'department':
    case 'entrepreneur':
    case 'agency':
      return { type: principal.kind, id: principal.personId, label: principal.displayName };
  }
}
