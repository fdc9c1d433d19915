import type { Knex } from 'knex';
import type { SamlIdentity } from './saml-identity.js';

export interface DepartmentGrant {
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
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
   * A department's contact e-mail is its login: the person whose IdP e-mail is
   * that address is granted the department. Grants made earlier are kept.
   */
  async departmentGrants(
    trx: Knex.Transaction,
    personId: number,
    email: string | null,
  ): Promise<DepartmentGrant[]> {
    if (email) {
      const matching = await trx('departments').whereRaw('lower(contact_email) = ?', [email]).pluck('id');
      if (matching.length > 0) {
        await trx('department_users')
          .insert(
            matching.map((departmentId: number) => ({ person_id: personId, department_id: departmentId })),
          )
          .onConflict(['person_id', 'department_id'])
          .ignore();
      }
    }
    return trx('department_users as du')
      .join('departments as d', 'd.id', 'du.department_id')
      .join('provider_organisations as p', 'p.id', 'd.provider_id')
      .where('du.person_id', personId)
      .orderBy(['p.legal_name', 'd.name'])
      .select({
        departmentId: 'd.id',
        departmentName: 'd.name',
        providerId: 'p.id',
        providerName: 'p.legal_name',
      });
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
