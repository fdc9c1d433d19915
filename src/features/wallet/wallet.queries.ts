import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';
import type { CompanySize } from '../../domain/subsidy-terms.js';
import { loadRuleParameters, subsidyUsedInYear } from '../applications/ceiling.queries.js';
import type { LedgerKind } from '../../domain/ledger.js';
import { pageWindow } from '../../domain/pagination.js';

/** One project of the company's wallet, with what its ledger holds. */
export interface WalletRow {
  id: number;
  projectNumber: string;
  title: string;
  providerName: string;
  departmentName: string | null;
  applicationDate: IsoDate;
  depositDeadline: IsoDate;
  status: ProjectStatus;
  projectAmountCents: number;
  ownContributionCents: number;
  subsidyCents: number;
  depositedCents: number;
  lastDepositOn: IsoDate | null;
  paidCents: number;
  balanceCents: number;
}

export interface WalletPage {
  rows: WalletRow[];
  /** Projects that match, over all pages. */
  total: number;
  /** The page shown (1-based): the last one when the page asked for lies beyond it. */
  page: number;
  pageCount: number;
}

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  amountCents: number;
  bookedOn: IsoDate;
  reference: string | null;
  invoiceNumber: string | null;
  invoiceDate: IsoDate | null;
  /** The bank transfer of this entry, when it is one (a payment to the provider, a refund). */
  payout: LedgerPayout | null;
}

/** Where a ledger entry's transfer stands: waiting for a batch, in a batch, executed. */
export interface LedgerPayout {
  batchId: number | null;
  executedOn: IsoDate | null;
}

/** What the project sheet shows beyond ProjectQueries.findDetail. */
export interface ProjectSheetExtras {
  subsidyRateBp: number;
  providerEnterpriseNumber: string;
}

export const WALLET_ROWS_PER_PAGE = 20;

/**
 * The ledger of each project summed once: own contribution deposited (and
 * when last), paid to the provider, and the balance. A lateral join, so only
 * the ledgers of the projects asked for are read.
 */
const LEDGER_TOTALS = `left join lateral (
  select
    coalesce(sum(le.amount_cents) filter (where le.kind = 'eigen_bijdrage'), 0)::bigint as deposited,
    max(le.booked_on) filter (where le.kind = 'eigen_bijdrage') as last_deposit_on,
    coalesce(-sum(le.amount_cents) filter (where le.kind = 'betaling_dienstverlener'), 0)::bigint as paid,
    coalesce(sum(le.amount_cents), 0)::bigint as balance
  from ledger_entries le
  where le.project_id = pr.id
) lt on true`;

/** Where the company has something to do: deposit the own contribution, or pay the provider. */
const NEEDS_ACTION = `((pr.status = 'Bevestigd' and lt.deposited = 0) or (pr.status = 'Lopend' and lt.balance > 0))`;

const rowSelection = {
  id: 'pr.id',
  projectNumber: 'pr.project_number',
  title: 'pr.title',
  providerName: 'p.legal_name',
  departmentName: 'd.name',
  applicationDate: 'pr.application_date',
  depositDeadline: 'pr.deposit_deadline',
  status: 'pr.status',
  projectAmountCents: 'pr.project_amount_cents',
  ownContributionCents: 'pr.own_contribution_cents',
  subsidyCents: 'pr.subsidy_cents',
  depositedCents: 'lt.deposited',
  lastDepositOn: 'lt.last_deposit_on',
  paidCents: 'lt.paid',
  balanceCents: 'lt.balance',
};

/** Read models of the company's wallet; every query is scoped by the company. */
export class WalletQueries {
  constructor(private readonly db: Knex) {}

  /** Every dated rule parameter (ceilings, completion deadline). */
  rules(): Promise<RuleParameterRow[]> {
    return loadRuleParameters(this.db);
  }

  /** The subsidy the company took in a calendar year, against its yearly ceiling. */
  subsidyUsedInYear(companyId: number, year: number): Promise<number> {
    return subsidyUsedInYear(this.db, companyId, year);
  }

  private projects(companyId: number, onlyActions: boolean) {
    const query = this.db('projects as pr')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .joinRaw(LEDGER_TOTALS)
      .where('pr.company_id', companyId);
    if (onlyActions) query.whereRaw(NEEDS_ACTION);
    return query;
  }

  /** One page of the company's projects, newest application first; a page beyond the last gives the last. */
  async page(companyId: number, options: { page: number; onlyActions: boolean }): Promise<WalletPage> {
    // Without the filter the count needs no ledger.
    const counting = this.db('projects as pr').where('pr.company_id', companyId);
    if (options.onlyActions) counting.joinRaw(LEDGER_TOTALS).whereRaw(NEEDS_ACTION);
    const counted: { total: number } | undefined = await counting.first(
      this.db.raw('count(*)::int as total'),
    );
    const total = counted?.total ?? 0;
    const { page, pageCount, offset } = pageWindow(total, options.page, WALLET_ROWS_PER_PAGE);
    const rows = (await this.projects(companyId, options.onlyActions)
      .select(rowSelection)
      .orderBy([
        { column: 'pr.application_date', order: 'desc' },
        { column: 'pr.id', order: 'desc' },
      ])
      .limit(WALLET_ROWS_PER_PAGE)
      .offset(offset)) as WalletRow[];
    return { rows, total, page, pageCount };
  }

  /**
   * Every project where the company has something to do now: deposits still
   * due (soonest deadline first), then balances left to pay (oldest first).
   */
  async actionRows(companyId: number): Promise<WalletRow[]> {
    return await this.projects(companyId, true)
      .select(rowSelection)
      .orderByRaw(
        "case when pr.status = 'Bevestigd' then 0 else 1 end, case when pr.status = 'Bevestigd' then pr.deposit_deadline else pr.application_date end, pr.id",
      );
  }

  /** The entries of one project's ledger in booking order (the project is already scoped by its caller). */
  async ledgerEntries(projectId: number): Promise<LedgerEntry[]> {
    const rows: (Omit<LedgerEntry, 'payout'> & {
      payoutId: number | null;
      batchId: number | null;
      executedOn: IsoDate | null;
    })[] = await this.db('ledger_entries as le')
      .leftJoin('payout_instructions as pi', 'pi.ledger_entry_id', 'le.id')
      .leftJoin('payout_batches as b', 'b.id', 'pi.batch_id')
      .where('le.project_id', projectId)
      .orderBy([{ column: 'le.booked_on' }, { column: 'le.id' }])
      .select({
        id: 'le.id',
        kind: 'le.kind',
        amountCents: 'le.amount_cents',
        bookedOn: 'le.booked_on',
        reference: 'le.reference',
        invoiceNumber: 'le.invoice_number',
        invoiceDate: 'le.invoice_date',
        payoutId: 'pi.id',
        batchId: 'b.id',
        executedOn: 'b.executed_on',
      });
    return rows.map(({ payoutId, batchId, executedOn, ...entry }) => ({
      ...entry,
      payout: payoutId === null ? null : { batchId, executedOn },
    }));
  }

  /** The sheet's figures that ProjectQueries.findDetail leaves out. */
  async sheetExtras(projectId: number): Promise<ProjectSheetExtras> {
    const row: ProjectSheetExtras | undefined = await this.db('projects as pr')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where('pr.id', projectId)
      .first({
        subsidyRateBp: 'pr.subsidy_rate_bp',
        providerEnterpriseNumber: 'p.enterprise_number',
      });
    if (!row) throw new Error(`project ${projectId} vanished`);
    return row;
  }

  /** The size the company confirmed for this calendar year, else the size proposed from official data. */
  async companySize(
    companyId: number,
    year: number,
  ): Promise<{ size: CompanySize; confirmed: boolean } | undefined> {
    const confirmation: { size: CompanySize } | undefined = await this.db('company_size_confirmations')
      .where({ company_id: companyId, year })
      .first('size');
    if (confirmation) return { size: confirmation.size, confirmed: true };
    const company: { proposed_size: CompanySize | null } | undefined = await this.db('companies')
      .where({ id: companyId })
      .first('proposed_size');
    return company?.proposed_size ? { size: company.proposed_size, confirmed: false } : undefined;
  }
}
