import { formatAddress } from '../../domain/address.js';
import { formatEnterpriseNumber, formatIban } from '../../domain/belgian-identifiers.js';
import { formatDate } from '../../domain/dates.js';
import { serviceLabels } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import {
  presentAdminSearchPage,
  type AdminSearchPage,
  type AdminSearchQuery,
} from '../admin/admin-search.js';
import type { Department } from '../departments/department.repository.js';
import type { Establishment } from '../establishments/establishment.repository.js';
import { projectSearchHref } from '../projects/project.admin.presenter.js';
import { registrationStatusColour, registrationStatusText } from '../registrations/registration.presenter.js';
import type { RegistrationRow } from '../registrations/registration.repository.js';
import type { ProviderOrganisation } from './provider-organisation.repository.js';
import type { ProviderSearchRow } from './provider-organisation.admin.queries.js';

export const providerSearchColumns = [
  { key: 'naam', label: 'Naam', rowHeader: true },
  { key: 'ondernemingsnummer', label: 'Ondernemingsnummer' },
  { key: 'gemeente', label: 'Gemeente' },
  { key: 'registraties', label: 'Registratienummers' },
] as const;

/** The view-model of /beheer/dienstverleners. */
export function presentProviderSearch(query: AdminSearchQuery, result: AdminSearchPage<ProviderSearchRow>) {
  const { emptyText, ...page } = presentAdminSearchPage(
    paths.admin.providers(),
    { one: 'dienstverlener', many: 'dienstverleners' },
    query,
    result,
  );
  return {
    title: 'Dienstverleners zoeken',
    ...page,
    table: {
      caption: 'Gevonden dienstverleners, op naam',
      columns: providerSearchColumns,
      rows: result.rows.map((row) => ({
        cells: {
          naam: row.legalName,
          ondernemingsnummer: formatEnterpriseNumber(row.enterpriseNumber),
          gemeente: `${row.postcode} ${row.municipality}`,
          registraties: row.registrationNumbers.join(', '),
        },
        links: { naam: paths.admin.provider(row.id) },
      })),
      emptyText,
    },
  };
}

export const providerRegistrationColumns = [
  { key: 'nummer', label: 'Registratienummer', rowHeader: true },
  { key: 'dienst', label: 'Dienst' },
  { key: 'niveau', label: 'Niveau' },
  { key: 'geldig', label: 'Geldig tot en met' },
  { key: 'status', label: 'Status' },
] as const;

/** The view-model of /beheer/dienstverleners/:id: read only, never the login or its password. */
export function presentAdminProvider(input: {
  id: number;
  organisation: ProviderOrganisation;
  registrations: RegistrationRow[];
  establishments: Establishment[];
  departments: Department[];
}) {
  const { organisation } = input;
  return {
    title: organisation.legalName,
    data: [
      { key: 'Naam', value: organisation.legalName },
      { key: 'Ondernemingsnummer', value: formatEnterpriseNumber(organisation.enterpriseNumber) },
      { key: 'Rechtsvorm', value: organisation.legalForm },
      { key: 'Adres', value: formatAddress(organisation) },
      {
        key: 'Contactpersoon',
        value: [organisation.contactName, organisation.contactEmail, organisation.contactPhone],
      },
      { key: 'IBAN', value: `${formatIban(organisation.iban)} (BIC ${organisation.bic})` },
    ],
    projectsHref: projectSearchHref(organisation.enterpriseNumber),
    registrations: {
      columns: providerRegistrationColumns,
      rows: input.registrations.map((row) => ({
        cells: {
          nummer: row.number ?? 'Zonder nummer',
          dienst: serviceLabels[row.service],
          niveau: row.departmentName ? `Departement ${row.departmentName}` : 'Maatschappelijke zetel',
          geldig: row.validUntil ? formatDate(row.validUntil) : '–',
          status: registrationStatusText(row.status),
        },
        links: { nummer: paths.admin.registration(row.id) },
        tags: { status: registrationStatusColour(row.status) },
      })),
    },
    establishments: input.establishments.map((establishment) => formatAddress(establishment)),
    departments: input.departments.map((department) => ({
      name: department.name,
      contactEmail: department.contactEmail,
      registrations: department.registrations.map((registration) => ({
        text: `${serviceLabels[registration.service]}: ${registration.number ?? 'zonder nummer'} (${registrationStatusText(registration.status)})`,
        href: paths.admin.registration(registration.id),
      })),
    })),
  };
}
