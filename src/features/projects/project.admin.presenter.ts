import { formatEnterpriseNumber, formatStructuredCommunication } from '../../domain/belgian-identifiers.js';
import { formatDate } from '../../domain/dates.js';
import { formatBasisPoints, formatEuro } from '../../domain/money.js';
import { projectStatuses, projectStatusLabels } from '../../domain/project-status.js';
import { providerLabel } from '../../domain/provider-label.js';
import { companySizeLabels, serviceLabels, services } from '../../domain/subsidy-terms.js';
import { paths } from '../../paths.js';
import type { LedgerEntry } from '../wallet/wallet.queries.js';
import { agencyPayoutText, ledgerKindLabels, statusColours } from '../wallet/wallet.presenter.js';
import { adminProjectSearch, type AdminProjectQuery } from './project-admin-filters.js';
import { formatCount, foundText } from './project-list.presenter.js';
import type { ProjectAdminFacts, ProjectParties } from './project.admin.queries.js';
import { presentProjectDetail } from './project.presenter.js';
import type { ProjectDetail, ProjectListPage, ProjectListRow } from './project.queries.js';

export const adminProjectColumns = [
  { key: 'projectnummer', label: 'Projectnummer', rowHeader: true },
  { key: 'onderneming', label: 'Onderneming' },
  { key: 'dienstverlener', label: 'Dienstverlener' },
  { key: 'aanvraagdatum', label: 'Aanvraagdatum' },
  { key: 'bedrag', label: 'Projectbedrag', numeric: true },
  { key: 'status', label: 'Status' },
] as const;

/** The agency's search link for a company's or provider's projects: by its enterprise number. */
export function projectSearchHref(enterpriseNumber: string): string {
  const values = { zoek: formatEnterpriseNumber(enterpriseNumber), status: '', dienst: '', van: '', tot: '' };
  return `${paths.admin.projects()}${adminProjectSearch(values)}`;
}

/** Rows of the agency's project table: number (a link to the sheet), company, provider, date, amount, status. */
export function presentAdminProjectRows(rows: ProjectListRow[], parties: Map<number, ProjectParties>) {
  return rows.map((row) => {
    const party = parties.get(row.id);
    return {
      cells: {
        projectnummer: row.projectNumber,
        onderneming: party
          ? `${row.companyName} (${formatEnterpriseNumber(party.companyEnterpriseNumber)})`
          : row.companyName,
        dienstverlener: party ? providerLabel(party) : '',
        aanvraagdatum: formatDate(row.applicationDate),
        bedrag: formatEuro(row.projectAmountCents),
        status: projectStatusLabels[row.status],
      },
      links: { projectnummer: paths.admin.project(row.projectNumber) },
      tags: { status: statusColours[row.status] },
    };
  });
}

/** The view-model of /beheer/projecten. */
export function presentAdminProjectList(
  query: AdminProjectQuery,
  result: ProjectListPage,
  parties: Map<number, ProjectParties>,
) {
  const { values, errors } = query;
  const listHref = (page?: number) => `${paths.admin.projects()}${adminProjectSearch(values, page)}`;
  const searched = Object.values(values).some((value) => value !== '');
  return {
    title: 'Projecten zoeken',
    foundText: foundText(result.total),
    form: {
      action: paths.admin.projects(),
      values,
      errors,
      statusItems: projectStatuses.map((status) => ({ value: status, label: projectStatusLabels[status] })),
      serviceItems: services.map((service) => ({ value: service, label: serviceLabels[service] })),
    },
    clearHref: searched ? paths.admin.projects() : null,
    pageNotice:
      result.pageBeyond && result.pageCount > 0
        ? `Pagina ${formatCount(result.pageBeyond)} bestaat niet: er ${result.pageCount === 1 ? 'is maar 1 pagina' : `zijn maar ${formatCount(result.pageCount)} pagina's`}. U ziet de laatste pagina.`
        : null,
    table: {
      caption: 'Gevonden projecten, de nieuwste aanvraag eerst',
      columns: adminProjectColumns,
      rows: presentAdminProjectRows(result.rows, parties),
      emptyText: searched
        ? 'Er zijn geen projecten die aan uw zoekopdracht voldoen.'
        : 'Er zijn nog geen projecten.',
    },
    pagination: { page: result.page, pageCount: result.pageCount, hrefFor: (page: number) => listHref(page) },
  };
}

export const adminLedgerColumns = [
  { key: 'datum', label: 'Datum' },
  { key: 'soort', label: 'Soort' },
  { key: 'referentie', label: 'Referentie' },
  { key: 'factuur', label: 'Factuur' },
  { key: 'bedrag', label: 'Bedrag', numeric: true },
  { key: 'uitbetaling', label: 'Uitbetaling' },
] as const;

/** The agency's read-only project sheet: the shared sheet, the parties, every ledger entry and what to follow up. */
export function presentAdminProject(detail: ProjectDetail, facts: ProjectAdminFacts, ledger: LedgerEntry[]) {
  const project = presentProjectDetail(detail, {
    documentHref: (documentId) => paths.admin.projectDocument(detail.projectNumber, documentId),
  });
  const balanceCents = ledger.reduce((sum, entry) => sum + entry.amountCents, 0);
  return {
    project,
    statusColour: statusColours[detail.status],
    parties: [
      {
        key: 'Onderneming',
        value: [detail.companyName, formatEnterpriseNumber(detail.companyEnterpriseNumber)],
        href: paths.admin.company(facts.companyId),
        hrefLabel: 'Bekijk',
      },
      {
        key: 'Dienstverlener',
        value: [detail.providerName, formatEnterpriseNumber(facts.providerEnterpriseNumber)],
        href: paths.admin.provider(facts.providerId),
        hrefLabel: 'Bekijk',
      },
      { key: 'Departement', value: detail.departmentName ?? 'Maatschappelijke zetel' },
      {
        key: 'Registratie',
        value: detail.registrationNumber ?? 'Zonder nummer',
        href: paths.admin.registration(facts.registrationId),
        hrefLabel: 'Bekijk',
      },
    ],
    application: [
      { key: 'Grootte van de onderneming', value: companySizeLabels[facts.companySize] },
      { key: 'Hoofdactiviteit (NACE-BEL)', value: facts.naceCode },
      { key: 'Inschrijvingskost', value: formatEuro(facts.registrationCostCents) },
      { key: 'Subsidiepercentage', value: formatBasisPoints(facts.subsidyRateBp) },
      {
        key: 'Gestructureerde mededeling',
        value: formatStructuredCommunication(facts.structuredCommunication),
      },
    ],
    ledger: {
      columns: adminLedgerColumns,
      rows: ledger.map((entry) => ({
        cells: {
          datum: formatDate(entry.bookedOn),
          soort: ledgerKindLabels[entry.kind],
          referentie: entry.reference ?? '',
          factuur:
            entry.invoiceNumber !== null
              ? `${entry.invoiceNumber}${entry.invoiceDate ? ` van ${formatDate(entry.invoiceDate)}` : ''}`
              : '',
          bedrag: formatEuro(entry.amountCents),
          uitbetaling: agencyPayoutText(entry.payout),
        },
        links:
          entry.payout && entry.payout.batchId !== null
            ? { uitbetaling: paths.admin.payoutBatch(entry.payout.batchId) }
            : {},
      })),
      balance: formatEuro(balanceCents),
    },
    followUp: [
      ...(detail.status === 'StopzettingAangevraagd'
        ? [
            {
              text: 'Deze aanvraag tot stopzetting wacht op een beslissing',
              href: paths.admin.stopRequest(detail.projectNumber),
            },
          ]
        : []),
      ...(facts.openReportId !== null
        ? [{ text: 'Er is een open melding over dit project', href: paths.admin.report(facts.openReportId) }]
        : []),
    ],
  };
}
