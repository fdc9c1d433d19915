import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import { actorOf, recordAudit } from '../audit/audit.repository.js';
import { fieldChanges, type FieldChanges } from '../audit/field-changes.js';
import type { CompanyData, CompanyDataRepository, EditableCompanyData } from './company-data.repository.js';

type HeadOffice = Extract<Principal, { kind: 'provider' }>;

export type CompanyDataChange = { outcome: 'changed'; changes: FieldChanges } | { outcome: 'unchanged' };

/** The head office's own address, contact and bank details (2.2). */
export class CompanyDataService {
  constructor(
    private readonly db: Knex,
    private readonly companyData: CompanyDataRepository,
  ) {}

  async get(principal: HeadOffice): Promise<CompanyData> {
    const data = await this.companyData.find(principal.providerId);
    if (!data) throw new Error(`provider ${principal.providerId} vanished`);
    return data;
  }

  /**
   * Saves the changed fields in one transaction with one audit row holding
   * `{ field: { old, new } }` for those fields only; nothing when nothing changed.
   */
  async change(
    principal: HeadOffice,
    data: EditableCompanyData,
    requestId?: string,
  ): Promise<CompanyDataChange> {
    return this.db.transaction(async (trx) => {
      const current = await this.companyData.findForUpdate(trx, principal.providerId);
      if (!current) throw new Error(`provider ${principal.providerId} vanished`);
      const next: EditableCompanyData = {
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
      await this.companyData.update(trx, principal.providerId, next);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'gegevens-wijzigen',
        entityType: 'provider_organisation',
        entityId: principal.providerId,
        details: changes,
        requestId,
      });
      return { outcome: 'changed', changes };
    });
  }
}

function editableOf(data: CompanyData): EditableCompanyData {
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
