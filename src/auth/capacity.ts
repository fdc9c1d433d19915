import type { Principal } from './principal.js';
import type { DepartmentGrant, RepresentedCompany } from './person.repository.js';

/**
 * One way a person signed in through SAML can use the portal: for one of the
 * enterprises they represent, for the departments of one provider, or as
 * agency staff. The key is what the choice form posts back.
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
  | { key: string; kind: 'agency' };

export function capacitiesOf(options: {
  companies: RepresentedCompany[];
  departments: DepartmentGrant[];
  departmentUser: boolean;
  agencyStaff: boolean;
}): Capacity[] {
  const capacities: Capacity[] = options.companies.map((company) => ({
    key: `onderneming-${company.companyId}`,
    kind: 'entrepreneur',
    companyId: company.companyId,
    companyName: company.name,
    enterpriseNumber: company.enterpriseNumber,
  }));
  if (options.departmentUser) {
    const byProvider = new Map<number, DepartmentGrant[]>();
    for (const grant of options.departments) {
      byProvider.set(grant.providerId, [...(byProvider.get(grant.providerId) ?? []), grant]);
    }
    for (const [providerId, grants] of byProvider) {
      capacities.push({
        key: `dienstverlener-${providerId}`,
        kind: 'department',
        providerId,
        providerName: grants[0]?.providerName ?? '',
        departmentIds: grants.map((grant) => grant.departmentId),
        departmentNames: grants.map((grant) => grant.departmentName),
      });
    }
  }
  if (options.agencyStaff) capacities.push({ key: 'beheer', kind: 'agency' });
  return capacities;
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
    case 'agency':
      return { kind: 'agency', personId: person.personId, displayName: person.displayName };
  }
}
