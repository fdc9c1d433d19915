import { demoPeople } from '../../seeds/demo-people.js';
import { samlRoles } from '../auth/saml-identity.js';

/** A person the development IdP can sign in, with the SAML role values the IdP would send. */
export interface DevPerson {
  key: string;
  description: string;
  nationalRegisterNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  roles: string[];
}

export const devPersons: readonly DevPerson[] = demoPeople.map((person) => ({
  key: person.key,
  description: person.description,
  nationalRegisterNumber: person.nationalRegisterNumber,
  firstName: person.firstName,
  lastName: person.lastName,
  email: person.email,
  roles: [
    ...person.enterpriseNumbers.map((number) => `${samlRoles.entrepreneurPrefix}${number}`),
    ...person.providerRights.map((number) => `${samlRoles.providerUserPrefix}${number}`),
    ...person.providerAdministrations.map((number) => `${samlRoles.providerAdministratorPrefix}${number}`),
    ...(person.agencyStaff ? [samlRoles.agencyStaff] : []),
  ],
}));
