import type { Principal } from './principal.js';
import type { ProviderGrants, RepresentedCompany } from './person.repository.js';

/**
 * One way a person signed in through SAML can use the portal: for one of the
 * enterprises they represent, for the departments of one provider (the
 * provider right, with the departments they were invited to), as a provider's
 * local administrator (its head office), or as agency staff. The key is what
 * the choice form posts back.
 */
export type Capacity =
  | { key: string; kind: 'entrepreneur'; companyId: number; companyName: string; enterpriseNumber: string }
  | {
      key: string;
      kind: 'department';
      providerId: number;
      providerName: string;
      departmentIds: number[];
      departmentNames: string[];
    }
  | { key: string; kind: 'headOffice'; providerId: number; providerName: string }
  | { key: string; kind: 'agency' };

export const capacityKeys = {
  entrepreneur: (companyId: number) => `onderneming-${companyId}`,
  department: (providerId: number) => `dienstverlener-${providerId}`,
  headOffice: (providerId: number) => `maatschappelijke-zetel-${providerId}`,
  agency: () => 'beheer',
};

export function capacitiesOf(options: {
  companies: RepresentedCompany[];
  providers: ProviderGrants;
  agencyStaff: boolean;
}): Capacity[] {
  const capacities: Capacity[] = options.companies.map((company) => ({
    key: capacityKeys.entrepreneur(company.companyId),
    kind: 'entrepreneur',
    companyId: company.companyId,
    companyName: company.name,
    enterpriseNumber: company.enterpriseNumber,
  }));
  for (const provider of options.providers.headOffices) {
    capacities.push({
      key: capacityKeys.headOffice(provider.providerId),
      kind: 'headOffice',
      providerId: provider.providerId,
      providerName: provider.providerName,
    });
  }
  for (const provider of options.providers.departments) {
    capacities.push({
      key: capacityKeys.department(provider.providerId),
      kind: 'department',
      providerId: provider.providerId,
      providerName: provider.providerName,
      departmentIds: provider.grants.map((grant) => grant.departmentId),
      departmentNames: provider.grants.map((grant) => grant.departmentName),
    });
  }
  if (options.agencyStaff) capacities.push({ key: capacityKeys.agency(), kind: 'agency' });
  return capacities;
}

/** The providers a person may act for through SAML (the IdP's right, or local administrator). */
export function providerRightsOf(capacities: readonly Capacity[]): number[] {
  return capacities.flatMap((capacity) =>
    capacity.kind === 'department' || capacity.kind === 'headOffice' ? [capacity.providerId] : [],
  );
}

/** The choice key of the capacity a principal signed in through SAML uses. */
export function capacityKeyOf(principal: Principal): string | undefined {
  switch (principal.kind) {
    case 'entrepreneur':
      return capacityKeys.entrepreneur(principal.companyId);
    case 'department':
      return capacityKeys.department(principal.providerId);
    case 'provider':
      return principal.personId === undefined ? undefined : capacityKeys.headOffice(principal.providerId);
    case 'agency':
      return capacityKeys.agency();
  }
}

export function principalFor(
  person: { personId: number; displayName: string },
  capacity: Capacity,
): Principal {
  switch (capacity.kind) {
    case 'entrepreneur':
      return {
        kind: 'entrepreneur',
        personId: person.personId,
        companyId: capacity.companyId,
        companyName: capacity.companyName,
        displayName: person.displayName,
      };
    case 'department':
      return {
        kind: 'department',
        personId: person.personId,
        providerId: capacity.providerId,
        departmentIds: capacity.departmentIds,
        displayName: person.displayName,
      };
    case 'headOffice':
      return {
        kind: 'provider',
        personId: person.personId,
        providerId: capacity.providerId,
        displayName: `${person.displayName} (${capacity.providerName})`,
        mustChangePassword: false,
      };
    case 'agency':
      return { kind: 'agency', personId: person.personId, displayName: person.displayName };
  }
}
