import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { SettlementFacts } from '../../domain/settlement.js';

/** A project's ledger summed by what the stop settlement needs; amounts in cents. */
export interface LedgerTotals {
  /** Own contribution deposited, net of refunds. */
  depositedCents: number;
  /** Subsidy booked, net of returns. */
  subsidyBookedCents: number;
  /** Paid to the provider (positive). */
  paidCents: number;
  /** The sum of the ledger: what is still in the wallet for the project. */
  balanceCents: number;
}

const ledgerSums = `
  coalesce(sum(amount_cents) filter (where kind in ('eigen_bijdrage', 'terugbetaling')), 0)::bigint as "depositedCents",
  coalesce(sum(amount_cents) filter (where kind in ('subsidie', 'subsidie_terug')), 0)::bigint as "subsidyBookedCents",
  coalesce(-sum(amount_cents) filter (where kind = 'betaling_dienstverlener'), 0)::bigint as "paidCents",
  coalesce(sum(amount_cents), 0)::bigint as "balanceCents"`;

/** The totals of one project's ledger (pass the transaction of a decision to read under its lock). */
export async function ledgerTotalsOf(db: Knex | Knex.Transaction, projectId: number): Promise<LedgerTotals> {
  // Cents are bigint; the database module reads them as numbers.
  const row = await db('ledger_entries')
    .where({ project_id: projectId })
    .first<LedgerTotals>(db.raw(ledgerSums));
  return row;
}

/** What the stop settlement computes from, for a project and its ledger. */
export function settlementFacts(
  project: { projectAmountCents: number; subsidyCents: number },
  ledger: LedgerTotals,
): SettlementFacts {
  return {
    projectAmountCents: project.projectAmountCents,
    grantedSubsidyCents: project.subsidyCents,
    depositedCents: ledger.depositedCents,
    subsidyBookedCents: ledger.subsidyBookedCents,
    paidCents: ledger.paidCents,
  };
}

/** One row of the agency's queue of stop requests. */
export interface StopRequestQueueRow extends LedgerTotals {
  projectNumber: string;
  companyName: string;
  providerName: string;
  departmentName: string | null;
  applicationDate: IsoDate;
  projectAmountCents: number;
  subsidyCents: number;
  requestedAt: Date;
  reason: string | null;
}

/** The provider's stop request as its history row holds it, with the proof document. */
export interface StopRequestFacts {
  requestedAt: Date;
  requestedBy: string;
  reason: string | null;
  documentId: number | null;
  documentFilename: string | null;
}

/** The agency's read models of stop requests: every provider's (the agency sees all). */
export class StopRequestQueries {
  constructor(private readonly db: Knex) {}

  /** The projects whose stop awaits the agency's decision, oldest request first. */
  async queue(): Promise<StopRequestQueueRow[]> {
    return (await this.db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .joinRaw(
        `join lateral (select h.created_at, h.reason from project_history h
                        where h.project_id = pr.id and h.action = 'request_stop'
                        order by h.created_at desc, h.id desc limit 1) req on true`,
      )
      .joinRaw(`cross join lateral (select ${ledgerSums} from ledger_entries where project_id = pr.id) led`)
      .where('pr.status', 'StopzettingAangevraagd')
      .select({
        projectNumber: 'pr.project_number',
        companyName: 'c.name',
        providerName: 'p.legal_name',
        departmentName: 'd.name',
        applicationDate: 'pr.application_date',
        projectAmountCents: 'pr.project_amount_cents',
        subsidyCents: 'pr.subsidy_cents',
        requestedAt: 'req.created_at',
        reason: 'req.reason',
        depositedCents: 'led.depositedCents',
        subsidyBookedCents: 'led.subsidyBookedCents',
        paidCents: 'led.paidCents',
        balanceCents: 'led.balanceCents',
      })
      .orderBy([
        { column: 'req.created_at', order: 'asc' },
        { column: 'pr.id', order: 'asc' },
      ])) as StopRequestQueueRow[];
  }

  /** How many stop requests await the agency's decision. */
  async awaitingDecisionCount(): Promise<number> {
    const row = await this.db('projects')
      .where({ status: 'StopzettingAangevraagd' })
      .first<{ count: number }>(this.db.raw('count(*)::int as count'));
    return row?.count ?? 0;
  }

  /** The project's latest stop request, if it ever had one. */
  async latestRequest(projectId: number): Promise<StopRequestFacts | undefined> {
    const row: StopRequestFacts | undefined = await this.db('project_history as h')
      .leftJoin('documents as doc', 'doc.id', 'h.document_id')
      .where({ 'h.project_id': projectId, 'h.action': 'request_stop' })
      .orderBy([
        { column: 'h.created_at', order: 'desc' },
        { column: 'h.id', order: 'desc' },
      ])
      .first({
        requestedAt: 'h.created_at',
        requestedBy: 'h.actor_label',
        reason: 'h.reason',
        documentId: 'h.document_id',
        documentFilename: 'doc.filename',
      });
    return row;
  }

  ledgerTotals(projectId: number): Promise<LedgerTotals> {
    return ledgerTotalsOf(this.db, projectId);
  }
}
