import { formatEnterpriseNumber, formatIban, normaliseIban } from '../../domain/belgian-identifiers.js';
import type { ProviderOrganisation } from './provider-organisation.repository.js';
import type { ProviderOrganisationForm } from './provider-organisation.schemas.js';

/** Labels of the fields, for the flash that names what changed. */
export const providerOrganisationFieldLabels: Record<keyof ProviderOrganisationForm, string> = {
  street: 'straat',
  houseNumber: 'huisnummer',
  box: 'bus',
  postcode: 'postcode',
  municipality: 'gemeente',
  contactName: 'contactpersoon',
  contactEmail: 'e-mailadres',
  contactPhone: 'telefoonnummer',
  iban: 'IBAN',
  bic: 'BIC',
};

/** What the head office cannot change here, as label and value. */
export function presentFixedData(data: ProviderOrganisation) {
  return [
    { key: 'Maatschappelijke naam', value: data.legalName },
    { key: 'Ondernemingsnummer', value: formatEnterpriseNumber(data.enterpriseNumber) },
    { key: 'Rechtsvorm', value: data.legalForm },
  ];
}

/** The values the form starts from: the IBAN in groups of four, as on a bank card. */
export function providerOrganisationFormValues(
  data: ProviderOrganisation,
): Record<keyof ProviderOrganisationForm, string> {
  return {
    street: data.street,
    houseNumber: data.houseNumber,
    box: data.box ?? '',
    postcode: data.postcode,
    municipality: data.municipality,
    contactName: data.contactName,
    contactEmail: data.contactEmail,
    contactPhone: data.contactPhone,
    iban: normaliseIban(data.iban) ? formatIban(data.iban) : data.iban,
    bic: data.bic,
  };
}

/** "De gegevens zijn gewijzigd: straat, IBAN." */
export function changedFieldsText(fields: string[]): string {
  const labels = fields.map(
    (field) => providerOrganisationFieldLabels[field as keyof ProviderOrganisationForm] ?? field,
  );
  return `De gegevens van uw organisatie zijn gewijzigd: ${labels.join(', ')}.`;
}
