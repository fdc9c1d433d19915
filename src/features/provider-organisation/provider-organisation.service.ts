import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { actorOf } from '../../auth/principal.js';
import { recordAudit } from '../../db/audit-log.js';
import { fieldChanges, type FieldChanges } from '../audit/field-changes.js';
import type {
  ProviderOrganisation,
  ProviderOrganisationRepository,
  EditableProviderOrganisation,
} from './provider-organisation.repository.js';

type HeadOffice = Extract<Principal, { kind: 'provider' }>;

export type ProviderOrganisationChange =
  { outcome: 'changed'; changes: FieldChanges } | { outcome: 'unchanged' };

/** The head office's own address, contact and bank details (2.2). */
export class ProviderOrganisationService {
  constructor(
    private readonly db: Knex,
    private readonly providerOrganisation: ProviderOrganisationRepository,
  ) {}

  async get(principal: HeadOffice): Promise<ProviderOrganisation> {
    const data = await this.providerOrganisation.find(principal.providerId);
    if (!data) throw new Error(`provider ${principal.providerId} vanished`);
    return data;
  }

  /**
   * Saves the changed fields in one transaction with one audit row holding
   * `{ field: { old, new } }` for those fields only; nothing when nothing changed.
   */
  async change(
    principal: HeadOffice,
    data: EditableProviderOrganisation,
    requestId?: string,
  ): Promise<ProviderOrganisationChange> {
    return this.db.transaction(async (trx) => {
      const current = await this.providerOrganisation.findForUpdate(trx, principal.providerId);
      if (!current) throw new Error(`provider ${principal.providerId} vanished`);
      const next: EditableProviderOrganisation = {
        street: data.street,
        houseNumber: data.houseNumber,
        box: data.box,
        postcode: data.postcode,
        municipality: data.municipality,
        contactName: data.contactName,
        contactEmail: data.contactEmail,
        contactPhone: data.contactPhone,
        iban: data.iban,
        bic: data.bic,
      };
      const changes = fieldChanges(editableOf(current), next);
      if (Object.keys(changes).length === 0) return { outcome: 'unchanged' };
      await this.providerOrganisation.update(trx, principal.providerId, next);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'provider_organisation.update',
        entityType: 'provider_organisation',
        entityId: principal.providerId,
        details: changes,
        requestId,
      });
      return { outcome: 'changed', changes };
    });
  }
}

function editableOf(data: ProviderOrganisation): EditableProviderOrganisation {
  return {
    street: data.street,
    houseNumber: data.houseNumber,
    box: data.box,
    postcode: data.postcode,
    municipality: data.municipality,
    contactName: data.contactName,
    contactEmail: data.contactEmail,
    contactPhone: data.contactPhone,
    iban: data.iban,
    bic: data.bic,
  };
}
