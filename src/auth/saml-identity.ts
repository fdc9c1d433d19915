import type { Profile } from '@node-saml/node-saml';

/** The attributes our SP reads from the government IdP (and the development IdP sends). */
export const samlAttributes = {
  nationalRegisterNumber: 'urn:be:fedict:iam:attr:rrn',
  firstName: 'urn:oid:2.5.4.42',
  lastName: 'urn:oid:2.5.4.4',
  email: 'urn:oid:0.9.2342.19200300.100.1.3',
  roles: 'urn:vlaanderen:kmo-portefeuille:rol',
} as const;

/**
 * Role values, as the government's user management (Gebruikersbeheer) grants
 * them per organisation: an entrepreneur per enterprise; the right "Dienstverlener
 * kmo-portefeuille, departementen" per provider (its enterprise number after the
 * colon); the provider's local administrator (lokale beheerder), who acts as its
 * head office; agency staff. A bare `KMO-Dienstverlener` without an enterprise
 * number grants nothing (docs/adr/0003).
 */
export const samlRoles = {
  entrepreneurPrefix: 'KMO-Ondernemer:',
  providerUserPrefix: 'KMO-Dienstverlener:',
  providerAdministratorPrefix: 'KMO-Dienstverlener-Beheerder:',
  agencyStaff: 'KMO-Beheerder',
} as const;

export interface SamlIdentity {
  nationalRegisterNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  enterpriseNumbers: string[];
  /** Enterprise numbers of the providers whose right "Dienstverlener kmo-portefeuille" the person holds. */
  providerRights: string[];
  /** Enterprise numbers of the providers the person is local administrator of (acts as head office). */
  providerAdministrations: string[];
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
  const numbersAfter = (prefix: string) => [
    ...new Set(
      roles
        .filter((role) => role.startsWith(prefix))
        .map((role) => role.slice(prefix.length).replace(/[.\s]/g, ''))
        .filter((number) => /^[01][0-9]{9}$/.test(number)),
    ),
  ];
  return {
    nationalRegisterNumber,
    firstName,
    lastName,
    email: values(profile, samlAttributes.email)[0]?.toLowerCase() ?? null,
    enterpriseNumbers: numbersAfter(samlRoles.entrepreneurPrefix),
    providerRights: numbersAfter(samlRoles.providerUserPrefix),
    providerAdministrations: numbersAfter(samlRoles.providerAdministratorPrefix),
    agencyStaff: roles.includes(samlRoles.agencyStaff),
  };
}
