import type { Knex } from 'knex';
import type { SamlIdentity } from './saml-identity.js';
import { recordAudit } from '../db/audit-log.js';
import { capacitiesOf, type Capacity } from './capacity.js';
import type { PersonRepository } from './person.repository.js';

export interface SignedInPerson {
  personId: number;
  displayName: string;
  capacities: Capacity[];
}

/** Turns a verified SAML identity into a person with the capacities the IdP grants, in one transaction. */
export class SamlSignInService {
  constructor(
    private readonly db: Knex,
    private readonly persons: PersonRepository,
  ) {}

  async signIn(identity: SamlIdentity, requestId?: string): Promise<SignedInPerson> {
    return this.db.transaction(async (trx) => {
      const personId = await this.persons.upsert(trx, identity);
      const companies = await this.persons.representedCompanies(trx, personId, identity.enterpriseNumbers);
      // The provider rights come from the IdP only; departments from accepted invitations only.
      const providers = await this.persons.providerGrants(trx, personId, identity);
      await this.persons.syncAgencyStaff(trx, personId, identity.agencyStaff);
      const displayName = `${identity.firstName} ${identity.lastName}`;
      const capacities = capacitiesOf({
        companies,
        providers,
        agencyStaff: identity.agencyStaff,
      });
      await recordAudit(trx, {
        actor: { type: 'anonymous', id: personId, label: displayName },
        action: 'person.sign_in',
        entityType: 'person',
        entityId: personId,
        details: { capacities: capacities.map((capacity) => capacity.key) },
        requestId,
      });
      return { personId, displayName, capacities };
    });
  }
}
