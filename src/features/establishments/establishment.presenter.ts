import { formatMunicipalityLine, formatStreetLine, type Address } from '../../domain/address.js';
import { paths } from '../../paths.js';
import type { Establishment } from './establishment.repository.js';
import type { EstablishmentForm } from './establishment.schemas.js';

/** The list: the head office's address first, then every establishment with a link to its page. */
export function presentEstablishmentList(headOffice: Address, establishments: Establishment[]) {
  return {
    columns: [
      { key: 'address', label: 'Straat en nummer', rowHeader: true },
      { key: 'municipality', label: 'Postcode en gemeente' },
      { key: 'kind', label: 'Soort' },
    ],
    rows: [
      {
        cells: {
          address: formatStreetLine(headOffice),
          municipality: formatMunicipalityLine(headOffice),
          kind: 'Maatschappelijke zetel',
        },
        links: { address: paths.provider.providerOrganisation() },
      },
      ...establishments.map((establishment) => ({
        cells: {
          address: formatStreetLine(establishment),
          municipality: formatMunicipalityLine(establishment),
          kind: 'Vestiging',
        },
        links: { address: paths.provider.establishment(establishment.id) },
      })),
    ],
    hasEstablishments: establishments.length > 0,
  };
}

/** The establishment's page: its address as label and value. */
export function presentEstablishment(establishment: Establishment) {
  return {
    id: establishment.id,
    title: `Vestiging ${formatStreetLine(establishment)}, ${formatMunicipalityLine(establishment)}`,
    rows: [
      { key: 'Straat', value: establishment.street },
      { key: 'Huisnummer', value: establishment.houseNumber },
      { key: 'Bus', value: establishment.box ?? '–' },
      { key: 'Postcode', value: establishment.postcode },
      { key: 'Gemeente', value: establishment.municipality },
    ],
  };
}

/** The values the change form starts from. */
export function establishmentFormValues(
  establishment: Establishment,
): Record<keyof EstablishmentForm, string> {
  return {
    street: establishment.street,
    houseNumber: establishment.houseNumber,
    box: establishment.box ?? '',
    postcode: establishment.postcode,
    municipality: establishment.municipality,
  };
}
