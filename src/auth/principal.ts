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
