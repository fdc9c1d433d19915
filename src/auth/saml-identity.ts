import type { Profile } from '@node-saml/node-saml';

/** The attributes our SP reads from the government IdP (and the development IdP sends). */
export const samlAttributes = {
  nationalRegisterNumber: 'urn:be:fedict:iam:attr:rrn',
  firstName: 'urn:oid:2.5.4.42',
  lastName: 'urn:oid:2.5.4.4',
  email: 'urn:oid:0.9.2342.19200300.100.1.3',
  roles: 'urn:vlaanderen:kmo-portefeuille:rol',
} as const;

/** Role values: an entrepreneur per enterprise, a provider's department user, agency staff. */
export const samlRoles = {
  entrepreneurPrefix: 'KMO-Ondernemer:',
  departmentUser: 'KMO-Dienstverlener',
  agencyStaff: 'KMO-Beheerder',
} as const;

export interface SamlIdentity {
  nationalRegisterNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  enterpriseNumbers: string[];
  departmentUser: boolean;
  agencyStaff: boolean;
}

function values(profile: Profile, name: string): string[] {
  const raw = (profile as Record<string, unknown>)[name];
  if (raw === undefined || raw === null) return [];
  return (Array.isArray(raw) ? raw : [raw])
    .map((value) => String(value).trim())
    .filter((value) => value !== '');
}

/** Reads the identity from a verified profile; undefined when a required attribute is missing. */
export function identityFromProfile(profile: Profile): SamlIdentity | undefined {
  const nationalRegisterNumber = values(profile, samlAttributes.nationalRegisterNumber)[0];
  const firstName = values(profile, samlAttributes.firstName)[0];
  const lastName = values(profile, samlAttributes.lastName)[0];
  if (!nationalRegisterNumber || !/^[0-9]{11}$/.test(nationalRegisterNumber) || !firstName || !lastName) {
    return undefined;
  }
  const roles = values(profile, samlAttributes.roles);
  return {
    nationalRegisterNumber,
    firstName,
    lastName,
    email: values(profile, samlAttributes.email)[0]?.toLowerCase() ?? null,
    enterpriseNumbers: roles
      .filter((role) => role.startsWith(samlRoles.entrepreneurPrefix))
      .map((role) => role.slice(samlRoles.entrepreneurPrefix.length).replace(/[.\s]/g, ''))
      .filter((number) => /^[01][0-9]{9}$/.test(number)),
    departmentUser: roles.includes(samlRoles.departmentUser),
    agencyStaff: roles.includes(samlRoles.agencyStaff),
  };
}
