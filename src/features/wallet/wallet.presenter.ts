import { daysBetween, formatDate, type IsoDate } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { projectStatusLabels, type ProjectStatus } from '../../domain/project-status.js';
import type { EligibleCompanySize } from '../../domain/rule-parameters.js';
import { companySizeLabels } from '../../domain/subsidy-terms.js';
import type { ProjectDetail } from '../projects/project.queries.js';
import { paths } from '../../paths.js';
import type { LedgerKind } from '../../domain/ledger.js';
import type { LedgerEntry, LedgerPayout, WalletPage, WalletRow } from './wallet.queries.js';
import {
  awaitsDeposit,
  cancelRefusal,
  daysLeftText,
  depositState,
  paymentRefusal,
  type WalletProjectFacts,
} from './wallet-rules.js';
import { providerLabel } from '../../domain/provider-label.js';
import { parsePageNumber } from '../../domain/pagination.js';

/** The colour of each status's tag (views/components/tag.ejs). */
export const statusColours: Record<ProjectStatus, string> = {
  Bevestigd: 'blue',
  Lopend: 'green',
  Afgewerkt: 'grey',
  ProjectGeannuleerd: 'red',
  Vervallen: 'orange',
  StopzettingAangevraagd: 'yellow',
  Stopgezet: 'purple',
};

/** How each kind of ledger entry reads in the list of movements. */
export const ledgerKindLabels: Record<LedgerKind, string> = {
  eigen_bijdrage: 'Storting eigen bijdrage',
  subsidie: 'Subsidie Vlaamse overheid',
  betaling_dienstverlener: 'Betaling aan de dienstverlener',
  terugbetaling: 'Terugbetaling aan de onderneming',
  subsidie_terug: 'Subsidie terug naar de Vlaamse overheid',
};

/** Fewer than this many actions of a kind are all listed; more are cut, with a link to the full list. */
export const ACTIONS_SHOWN = 5;

/** The wallet overview's link to a page of the list, all projects or only those needing action. */
export function walletHref(options: { page?: number; onlyActions?: boolean } = {}): string {
  const search = new URLSearchParams();
  if (options.onlyActions) search.set('toon', 'actie');
  if (options.page !== undefined && options.page > 1) search.set('pagina', String(options.page));
  const query = search.toString();
  return `${paths.company.wallet()}${query ? `?${query}` : ''}#projecten`;
}

/** `?pagina=3&toon=actie` → page 3, only projects needing action; anything odd → page 1, all projects. */
export function parseWalletQuery(query: Record<string, unknown>): { page: number; onlyActions: boolean } {
  const page = parsePageNumber(typeof query.pagina === 'string' ? query.pagina : '');
  return { page, onlyActions: query.toon === 'actie' };
}

function factsOf(row: WalletRow): WalletProjectFacts {
  return {
    status: row.status,
    applicationDate: row.applicationDate,
    depositDeadline: row.depositDeadline,
    ownContributionCents: row.ownContributionCents,
    depositedCents: row.depositedCents,
    lastDepositOn: row.lastDepositOn,
    balanceCents: row.balanceCents,
  };
}

export interface CeilingFacts {
  year: number;
  size: EligibleCompanySize;
  /** The company confirmed the size for this year (else it is the proposed size). */
  confirmed: boolean;
  /** The yearly ceiling in force today for that size. */
  ceilingCents: number;
  /** The subsidy already granted in the year (subsidyUsedInYear). */
  usedCents: number;
}

/** The yearly ceiling block: used, left and the ceiling, for the current calendar year. */
export function presentCeiling(facts: CeilingFacts) {
  const sizeLabel = companySizeLabels[facts.size].toLowerCase();
  const leftCents = Math.max(facts.ceilingCents - facts.usedCents, 0);
  return {
    year: facts.year,
    ceilingCents: facts.ceilingCents,
    usedCents: Math.min(facts.usedCents, facts.ceilingCents),
    rows: [
      { key: 'Al toegekend', value: formatEuro(facts.usedCents) },
      { key: 'Nog beschikbaar', value: formatEuro(leftCents) },
      { key: 'Steunplafond', value: formatEuro(facts.ceilingCents) },
    ],
    summary: `U kreeg in ${facts.year} al ${formatEuro(facts.usedCents)} subsidie toegekend. Er blijft nog ${formatEuro(leftCents)} over van het plafond van ${formatEuro(facts.ceilingCents)} voor een ${sizeLabel}.`,
    sizeNote: facts.confirmed
      ? undefined
      : `U bevestigde de grootte van uw onderneming voor ${facts.year} nog niet: dit plafond geldt voor de voorgestelde grootte (${sizeLabel}).`,
  };
}

/** A deposit the company still has to make, for the "Wat moet u nog doen?" block. */
function presentDepositAction(row: WalletRow, today: IsoDate) {
  const daysLeft = daysBetween(today, row.depositDeadline);
  return {
    projectNumber: row.projectNumber,
    title: row.title,
    href: paths.company.project(row.projectNumber),
    instructionsHref: paths.company.depositInstructions(row.projectNumber),
    overdue: daysLeft < 0,
    text:
      daysLeft < 0
        ? `De termijn om ${formatEuro(row.ownContributionCents)} te storten liep af op ${formatDate(row.depositDeadline)}.`
        : `Stort ${formatEuro(row.ownContributionCents)} uiterlijk op ${formatDate(row.depositDeadline)} (${daysLeftText(daysLeft)}).`,
  };
}

/** A balance the company still has to pay out to its provider. */
function presentPaymentAction(row: WalletRow, completionDeadlineOf: (row: WalletRow) => IsoDate | undefined) {
  const deadline = completionDeadlineOf(row);
  return {
    projectNumber: row.projectNumber,
    title: row.title,
    href: paths.company.project(row.projectNumber),
    payHref: paths.company.payProvider(row.projectNumber),
    text: `Nog ${formatEuro(row.balanceCents)} te betalen aan ${providerLabel(row)}${deadline ? ` (uiterlijk op ${formatDate(deadline)})` : ''}.`,
  };
}

/** What the company has to do now: deposits due and balances left to pay the provider. */
export function presentActions(
  rows: WalletRow[],
  today: IsoDate,
  completionDeadlineOf: (row: WalletRow) => IsoDate | undefined,
) {
  const deposits = rows.filter((row) => awaitsDeposit(row));
  const payments = rows.filter((row) => paymentRefusal(row) === undefined);
  return {
    any: deposits.length + payments.length > 0,
    deposits: deposits.slice(0, ACTIONS_SHOWN).map((row) => presentDepositAction(row, today)),
    moreDeposits: Math.max(deposits.length - ACTIONS_SHOWN, 0),
    depositCount: deposits.length,
    payments: payments.slice(0, ACTIONS_SHOWN).map((row) => presentPaymentAction(row, completionDeadlineOf)),
    morePayments: Math.max(payments.length - ACTIONS_SHOWN, 0),
    paymentCount: payments.length,
    allHref: walletHref({ onlyActions: true }),
  };
}

export const walletColumns = [
  { key: 'projectnummer', label: 'Projectnummer', rowHeader: true },
  { key: 'dienstverlener', label: 'Dienstverlener' },
  { key: 'aanvraagdatum', label: 'Aangevraagd op' },
  { key: 'status', label: 'Status' },
  { key: 'projectbedrag', label: 'Projectbedrag', numeric: true },
  { key: 'eigenBijdrage', label: 'Eigen bijdrage', numeric: true },
  { key: 'subsidie', label: 'Subsidie', numeric: true },
  { key: 'storting', label: 'Storting' },
  { key: 'saldo', label: 'Saldo', numeric: true },
  { key: 'volgendeStap', label: 'Volgende stap' },
] as const;

/** What the company can do next for a project: deposit, pay the provider, or just look. */
function nextStepOf(row: WalletRow, today: IsoDate): { text: string; href: string } {
  if (awaitsDeposit(row) && daysBetween(today, row.depositDeadline) >= 0)
    return { text: 'Storten', href: paths.company.depositInstructions(row.projectNumber) };
  if (paymentRefusal(row) === undefined)
    return { text: 'Betalen', href: paths.company.payProvider(row.projectNumber) };
  return { text: 'Bekijk', href: paths.company.project(row.projectNumber) };
}

/** One row of the projects table. */
export function presentWalletRow(row: WalletRow, today: IsoDate) {
  const deposit = depositState(factsOf(row), today);
  const next = nextStepOf(row, today);
  return {
    cells: {
      projectnummer: row.projectNumber,
      dienstverlener: providerLabel(row),
      aanvraagdatum: formatDate(row.applicationDate),
      status: projectStatusLabels[row.status],
      projectbedrag: formatEuro(row.projectAmountCents),
      eigenBijdrage: formatEuro(row.ownContributionCents),
      subsidie: formatEuro(row.subsidyCents),
      storting:
        deposit.daysLeft === undefined ? deposit.text : `${deposit.text} (${daysLeftText(deposit.daysLeft)})`,
      saldo: formatEuro(row.balanceCents),
      volgendeStap: next.text,
    },
    // The title under the number: one column less, so the table fits a laptop's screen.
    notes: { projectnummer: row.title },
    links: { projectnummer: paths.company.project(row.projectNumber), volgendeStap: next.href },
    // "Betalen project 2026KMO000123": the link's name starts with what it shows (WCAG 2.5.3).
    linkHints: { volgendeStap: `project ${row.projectNumber}` },
    tags: { status: statusColours[row.status] },
  };
}

/** The projects table with its caption, count and page links. */
export function presentWalletList(result: WalletPage, onlyActions: boolean, today: IsoDate) {
  const countText = result.total === 1 ? '1 project' : `${result.total} projecten`;
  return {
    onlyActions,
    caption: onlyActions ? 'Projecten waarvoor u nog iets moet doen' : 'Al uw projecten, de nieuwste eerst',
    countText: onlyActions ? `${countText} waarvoor u nog iets moet doen` : `${countText} in totaal`,
    emptyText: onlyActions
      ? 'U hoeft voor geen enkel project nog iets te doen.'
      : 'U hebt nog geen projecten. Vraag subsidie aan voor een opleiding of advies.',
    columns: walletColumns,
    cards: true,
    rows: result.rows.map((row) => presentWalletRow(row, today)),
    page: result.page,
    pageCount: result.pageCount,
    hrefFor: (page: number) => walletHref({ page, onlyActions }),
    switchHref: walletHref({ onlyActions: !onlyActions }),
    switchText: onlyActions
      ? 'Toon al uw projecten'
      : 'Toon alleen de projecten waarvoor u nog iets moet doen',
  };
}

/** The movements of a project's ledger as table rows: date, what, invoice, amount (signed). */
export function presentLedger(entries: LedgerEntry[]) {
  return entries.map((entry) => ({
    cells: {
      datum: formatDate(entry.bookedOn),
      omschrijving: ledgerKindLabels[entry.kind],
      factuur:
        entry.invoiceNumber !== null
          ? `${entry.invoiceNumber}${entry.invoiceDate ? ` van ${formatDate(entry.invoiceDate)}` : ''}`
          : '',
      bedrag: formatEuro(entry.amountCents),
      uitbetaling: companyPayoutText(entry.payout),
    },
  }));
}

/** The company's words for where a transfer stands; empty for an entry that is no transfer. */
export function companyPayoutText(payout: LedgerPayout | null): string {
  if (!payout) return '';
  return payout.executedOn
    ? `Uitbetaald op ${formatDate(payout.executedOn)}`
    : 'In afwachting van uitbetaling';
}

/** The agency's words: the batch the transfer is in, and when it was executed. */
export function agencyPayoutText(payout: LedgerPayout | null): string {
  if (!payout) return '';
  if (payout.batchId === null) return 'In afwachting van uitbetaling';
  return payout.executedOn
    ? `Uitbetaald in batch ${payout.batchId} op ${formatDate(payout.executedOn)}`
    : `In batch ${payout.batchId}, nog niet uitgevoerd`;
}

export const ledgerColumns = [
  { key: 'datum', label: 'Datum' },
  { key: 'omschrijving', label: 'Omschrijving' },
  { key: 'factuur', label: 'Factuur' },
  { key: 'bedrag', label: 'Bedrag', numeric: true },
  { key: 'uitbetaling', label: 'Uitbetaling' },
] as const;

/** The wallet facts of a project on its detail page, from ProjectQueries.findDetail and its ledger. */
export function factsOfDetail(detail: ProjectDetail, entries: LedgerEntry[]): WalletProjectFacts {
  const deposits = entries.filter((entry) => entry.kind === 'eigen_bijdrage');
  return {
    status: detail.status,
    applicationDate: detail.applicationDate,
    depositDeadline: detail.depositDeadline,
    ownContributionCents: detail.ownContributionCents,
    depositedCents: deposits.reduce((sum, entry) => sum + entry.amountCents, 0),
    lastDepositOn: deposits.reduce<IsoDate | null>(
      (latest, entry) => (latest === null || entry.bookedOn > latest ? entry.bookedOn : latest),
      null,
    ),
    balanceCents: entries.reduce((sum, entry) => sum + entry.amountCents, 0),
  };
}

/**
 * The company's part of a project's detail page: what to do now (deposit,
 * pay the provider, cancel), the movements of its ledger and the sheet.
 */
export function presentWalletProject(
  detail: ProjectDetail,
  entries: LedgerEntry[],
  today: IsoDate,
  completionDeadline: IsoDate | undefined,
) {
  const facts = factsOfDetail(detail, entries);
  const deposit = depositState(facts, today);
  const canPay = paymentRefusal(facts) === undefined;
  const canCancel = cancelRefusal(facts) === undefined;
  return {
    depositText: deposit.text,
    deposit:
      deposit.kind === 'due'
        ? {
            text: `Stort ${formatEuro(detail.ownContributionCents)} uiterlijk op ${formatDate(detail.depositDeadline)} (${daysLeftText(deposit.daysLeft ?? 0)}). Zonder tijdige storting vervalt het project en verliest u de subsidie.`,
            instructionsHref: paths.company.depositInstructions(detail.projectNumber),
          }
        : undefined,
    payment: canPay
      ? {
          text: `Er staat nog ${formatEuro(facts.balanceCents)} op de portefeuille voor dit project. Betaal uw dienstverlener zodra u zijn factuur hebt${completionDeadline ? `, uiterlijk op ${formatDate(completionDeadline)}` : ''}.`,
          payHref: paths.company.payProvider(detail.projectNumber),
        }
      : undefined,
    cancelHref: canCancel ? paths.company.cancelProject(detail.projectNumber) : undefined,
    sheetHref: paths.company.projectSheetPdf(detail.projectNumber),
    ledgerColumns,
    ledgerRows: presentLedger(entries),
  };
}

/** The short summary of a project on the cancel and payment pages. */
export function presentProjectSummary(detail: ProjectDetail, facts: WalletProjectFacts) {
  return [
    { key: 'Projectnummer', value: detail.projectNumber },
    { key: 'Titel', value: detail.title },
    { key: 'Dienstverlener', value: providerLabel(detail) },
    { key: 'Status', value: projectStatusLabels[detail.status] },
    { key: 'Projectbedrag', value: formatEuro(detail.projectAmountCents) },
    { key: 'Eigen bijdrage', value: formatEuro(detail.ownContributionCents) },
    { key: 'Subsidie', value: formatEuro(detail.subsidyCents) },
    { key: 'Al betaald aan de dienstverlener', value: formatEuro(detail.ledger.paidCents) },
    { key: 'Saldo', value: formatEuro(facts.balanceCents) },
  ];
}
