import type { Knex } from 'knex';
import type { Address } from '../../domain/address.js';

/** What the head office may change about its organisation. */
export interface EditableProviderOrganisation extends Address {
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  iban: string;
  /** Empty when the (foreign SEPA) account goes without one. */
  bic: string;
}

export interface ProviderOrganisation extends EditableProviderOrganisation {
  legalName: string;
  legalForm: string;
  enterpriseNumber: string;
}

const editableColumns = {
  street: 'street',
  houseNumber: 'house_number',
  box: 'box',
  postcode: 'postcode',
  municipality: 'municipality',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  iban: 'iban',
  bic: 'bic',
};

const columns = {
  ...editableColumns,
  legalName: 'legal_name',
  legalForm: 'legal_form',
  enterpriseNumber: 'enterprise_number',
};

/** The signed-in provider's own organisation row (provider_organisations). */
export class ProviderOrganisationRepository {
  constructor(private readonly db: Knex) {}

  async find(providerId: number): Promise<ProviderOrganisation | undefined> {
    return this.db('provider_organisations').where({ id: providerId }).first(columns);
  }

  async findForUpdate(trx: Knex.Transaction, providerId: number): Promise<ProviderOrganisation | undefined> {
    return trx('provider_organisations').where({ id: providerId }).forUpdate().first(columns);
  }

  async update(trx: Knex.Transaction, providerId: number, data: EditableProviderOrganisation): Promise<void> {
    await trx('provider_organisations').where({ id: providerId }).update({
      street: data.street,
      house_number: data.houseNumber,
      box: data.box,
      postcode: data.postcode,
      municipality: data.municipality,
      contact_name: data.contactName,
      contact_email: data.contactEmail,
      contact_phone: data.contactPhone,
      iban: data.iban,
      bic: data.bic,
      updated_at: trx.fn.now(),
    });
  }
}
