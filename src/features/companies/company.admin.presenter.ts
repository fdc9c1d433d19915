import { formatAddress } from '../../domain/address.js';
import { formatEnterpriseNumber, formatIban, isValidIban } from '../../domain/belgian-identifiers.js';
import { formatDate, formatDateTimeInBrussels, todayInBrussels } from '../../domain/dates.js';
import { companySizeLabels } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import {
  presentAdminSearchPage,
  type AdminSearchPage,
  type AdminSearchQuery,
} from '../admin/admin-search.js';
import { figureRows } from '../company-onboarding/company-onboarding.presenter.js';
import type { CompanyRecord } from '../company-onboarding/company-onboarding.repository.js';
import {
  adminProjectColumns,
  presentAdminProjectRows,
  projectSearchHref,
} from '../projects/project.admin.presenter.js';
import type { ProjectParties } from '../projects/project.admin.queries.js';
import { foundText } from '../projects/project-list.presenter.js';
import type { ProjectListPage } from '../projects/project.queries.js';
import type { CompanySearchRow, CompanySizeYear } from './company.admin.queries.js';

export const companySearchColumns = [
  { key: 'naam', label: 'Naam', rowHeader: true },
  { key: 'ondernemingsnummer', label: 'Ondernemingsnummer' },
  { key: 'gemeente', label: 'Gemeente' },
  { key: 'projecten', label: 'Projecten', numeric: true },
] as const;

/** The view-model of /beheer/ondernemingen. */
export function presentCompanySearch(query: AdminSearchQuery, result: AdminSearchPage<CompanySearchRow>) {
  const { emptyText, ...page } = presentAdminSearchPage(
    paths.admin.companies(),
    { one: 'onderneming', many: 'ondernemingen' },
    query,
    result,
  );
  return {
    title: 'Ondernemingen zoeken',
    ...page,
    table: {
      caption: 'Gevonden ondernemingen, op naam',
      columns: companySearchColumns,
      rows: result.rows.map((row) => ({
        cells: {
          naam: row.name,
          ondernemingsnummer: formatEnterpriseNumber(row.enterpriseNumber),
          gemeente: `${row.postcode} ${row.municipality}`,
          projecten: String(row.projectCount),
        },
        links: { naam: paths.admin.company(row.id) },
      })),
      emptyText,
    },
  };
}

export const companySizeColumns = [
  { key: 'jaar', label: 'Jaar', rowHeader: true },
  { key: 'grootte', label: 'Grootte' },
  { key: 'bevestigd', label: 'Bevestigd op' },
  { key: 'vastgelegd', label: 'Vastgelegd op' },
] as const;

const unknown = 'Niet bekend';

/** The view-model of /beheer/ondernemingen/:id. */
export function presentAdminCompany(input: {
  company: CompanyRecord;
  sizes: CompanySizeYear[];
  projects: ProjectListPage;
  parties: Map<number, ProjectParties>;
}) {
  const { company, projects } = input;
  return {
    title: company.name,
    data: [
      { key: 'Naam', value: company.name },
      { key: 'Ondernemingsnummer', value: formatEnterpriseNumber(company.enterpriseNumber) },
      { key: 'Rechtsvorm', value: company.legalForm },
      { key: 'Adres', value: formatAddress(company) },
      {
        key: 'IBAN',
        value:
          company.iban === null
            ? unknown
            : `${isValidIban(company.iban) ? formatIban(company.iban) : company.iban}${company.bic ? ` (BIC ${company.bic})` : ''}`,
      },
      {
        key: 'Hoofdactiviteit (NACE-BEL)',
        value:
          company.naceCode === null
            ? unknown
            : company.nace
              ? `${company.nace.code} – ${company.nace.label}`
              : company.naceCode,
      },
      ...figureRows(company),
      {
        key: 'Grootte volgens de officiële gegevens',
        value: company.proposedSize ? companySizeLabels[company.proposedSize] : unknown,
      },
    ],
    sizes: {
      columns: companySizeColumns,
      rows: input.sizes.map((size) => ({
        cells: {
          jaar: String(size.year),
          grootte: companySizeLabels[size.size],
          bevestigd: formatDate(todayInBrussels(size.confirmedAt)),
          vastgelegd: size.lockedAt ? formatDateTimeInBrussels(size.lockedAt) : 'Nog niet',
        },
      })),
    },
    projects: {
      foundText: foundText(projects.total),
      columns: adminProjectColumns,
      rows: presentAdminProjectRows(projects.rows, input.parties),
      /** The list shows the newest page; the search shows them all. */
      more: projects.pageCount > 1,
      searchHref: projectSearchHref(company.enterpriseNumber),
    },
  };
}
