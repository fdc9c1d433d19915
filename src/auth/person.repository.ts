import type { Knex } from 'knex';
import type { SamlIdentity } from './saml-identity.js';

export interface DepartmentGrant {
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
}

export interface ProviderGrants {
  headOffices: { providerId: number; providerName: string }[];
  departments: { providerId: number; providerName: string; grants: DepartmentGrant[] }[];
}

export interface RepresentedCompany {
  companyId: number;
  name: string;
  enterpriseNumber: string;
}

/** People known through SAML, and the rights the IdP's attributes give them. */
export class PersonRepository {
  /** Creates or refreshes the person from the IdP's attributes. */
  async upsert(trx: Knex.Transaction, identity: SamlIdentity): Promise<number> {
    const [row] = await trx('persons')
      .insert({
        national_register_number: identity.nationalRegisterNumber,
        first_name: identity.firstName,
        last_name: identity.lastName,
        email: identity.email,
      })
      .onConflict('national_register_number')
      .merge({
        first_name: identity.firstName,
        last_name: identity.lastName,
        email: identity.email,
        updated_at: trx.fn.now(),
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('person upsert returned no row');
    return row.id;
  }

  /**
   * The providers the IdP grants this person, as far as the portal knows them:
   * those it is local administrator of (it acts as their head office), and
   * those it holds the provider right of, each with the departments the person
   * is a member of (by accepting the head office's invitation). Membership
   * without the right gives nothing; the right without membership gives the
   * provider with no department. Nothing here joins a department.
   */
  async providerGrants(
    trx: Knex.Transaction,
    personId: number,
    rights: { providerRights: string[]; providerAdministrations: string[] },
  ): Promise<ProviderGrants> {
    const numbers = [...new Set([...rights.providerRights, ...rights.providerAdministrations])];
    if (numbers.length === 0) return { headOffices: [], departments: [] };
    const providers: { providerId: number; providerName: string; enterpriseNumber: string }[] = await trx(
      'provider_organisations',
    )
      .whereIn('enterprise_number', numbers)
      .orderBy('legal_name')
      .select({ providerId: 'id', providerName: 'legal_name', enterpriseNumber: 'enterprise_number' });
    const headOffices = providers
      .filter((provider) => rights.providerAdministrations.includes(provider.enterpriseNumber))
      .map(({ providerId, providerName }) => ({ providerId, providerName }));
    const userProviders = providers.filter(
      (provider) =>
        rights.providerRights.includes(provider.enterpriseNumber) &&
        !rights.providerAdministrations.includes(provider.enterpriseNumber),
    );
    const grants: DepartmentGrant[] =
      userProviders.length === 0
        ? []
        : await trx('department_users as du')
            .join('departments as d', 'd.id', 'du.department_id')
            .join('provider_organisations as p', 'p.id', 'd.provider_id')
            .where('du.person_id', personId)
            .whereIn(
              'd.provider_id',
              userProviders.map((provider) => provider.providerId),
            )
            .orderBy(['p.legal_name', 'd.name'])
            .select({
              departmentId: 'd.id',
              departmentName: 'd.name',
              providerId: 'p.id',
              providerName: 'p.legal_name',
            });
    return {
      headOffices,
      departments: userProviders.map(({ providerId, providerName }) => ({
        providerId,
        providerName,
        grants: grants.filter((grant) => grant.providerId === providerId),
      })),
    };
  }

  /** The enterprises the IdP says this person represents, as far as the portal knows them. */
  async representedCompanies(
    trx: Knex.Transaction,
    personId: number,
    enterpriseNumbers: string[],
  ): Promise<RepresentedCompany[]> {
    const companies: RepresentedCompany[] =
      enterpriseNumbers.length === 0
        ? []
        : await trx('companies')
            .whereIn('enterprise_number', enterpriseNumbers)
            .orderBy('name')
            .select({ companyId: 'id', name: 'name', enterpriseNumber: 'enterprise_number' });
    await trx('company_representatives')
      .where('person_id', personId)
      .whereNotIn(
        'company_id',
        companies.map((company) => company.companyId),
      )
      .delete();
    if (companies.length > 0) {
      await trx('company_representatives')
        .insert(companies.map((company) => ({ person_id: personId, company_id: company.companyId })))
        .onConflict(['person_id', 'company_id'])
        .ignore();
    }
    return companies;
  }

  /** Agency rights follow the IdP: granted when the attribute is there, withdrawn when not. */
  async syncAgencyStaff(trx: Knex.Transaction, personId: number, agencyStaff: boolean): Promise<void> {
    if (agencyStaff) {
      await trx('agency_staff').insert({ person_id: personId }).onConflict('person_id').ignore();
    } else {
      await trx('agency_staff').where({ person_id: personId }).delete();
    }
  }
}
