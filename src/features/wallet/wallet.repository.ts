import type { Knex } from 'knex';
import type { IsoDate } from '../../domain/dates.js';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { WalletProjectFacts } from './wallet-rules.js';
import { providerRecipients } from '../projects/provider-recipients.js';

export interface CompanyProject {
  id: number;
  projectNumber: string;
  status: ProjectStatus;
  /** The date of the agreement with the provider (it never changes). */
  agreementDate: IsoDate;
}

/** What the mails to the provider about a project name, with the provider's addresses. */
export interface ProviderMailContext {
  projectNumber: string;
  title: string;
  companyName: string;
  companyEnterpriseNumber: string;
  providerName: string;
  departmentName: string | null;
  providerIban: string;
  /** The head office's contact address, and the department's when the project is the department's. */
  providerEmails: string[];
}

export interface NewPayment {
  amountCents: number;
  bookedOn: IsoDate;
  invoiceNumber: string;
  invoiceDate: IsoDate;
}

/** Reads and writes of the company's actions on a project: cancelling, paying the provider. */
export class WalletRepository {
  constructor(private readonly db: Knex) {}

  /** The company's project with this number; another company's number is not found. */
  async findInCompany(
    companyId: number,
    projectNumber: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<CompanyProject | undefined> {
    return await db('projects').where({ company_id: companyId, project_number: projectNumber }).first({
      id: 'id',
      projectNumber: 'project_number',
      status: 'status',
      agreementDate: 'agreement_date',
    });
  }

  /**
   * The project's facts. Inside a transaction with `lock`, the project row is
   * locked first (SELECT … FOR UPDATE): every change to its status or ledger
   * takes that lock, so the facts stay true until the transaction ends and a
   * concurrent second request waits, then reads what the first one wrote.
   */
  async facts(
    projectId: number,
    options: { trx?: Knex.Transaction; lock?: boolean } = {},
  ): Promise<WalletProjectFacts> {
    const db = options.trx ?? this.db;
    const projectQuery = db('projects').where({ id: projectId });
    if (options.lock) {
      if (!options.trx) throw new Error('a lock needs a transaction');
      projectQuery.forUpdate();
    }
    const project:
      | Pick<WalletProjectFacts, 'status' | 'applicationDate' | 'depositDeadline' | 'ownContributionCents'>
      | undefined = await projectQuery.first({
      status: 'status',
      applicationDate: 'application_date',
      depositDeadline: 'deposit_deadline',
      ownContributionCents: 'own_contribution_cents',
    });
    if (!project) throw new Error(`project ${projectId} vanished`);
    const ledger: { deposited: number; last_deposit_on: IsoDate | null; balance: number } | undefined =
      await db('ledger_entries')
        .where({ project_id: projectId })
        .first(
          db.raw(
            "coalesce(sum(amount_cents) filter (where kind = 'eigen_bijdrage'), 0)::bigint as deposited",
          ),
          db.raw("max(booked_on) filter (where kind = 'eigen_bijdrage') as last_deposit_on"),
          db.raw('coalesce(sum(amount_cents), 0)::bigint as balance'),
        );
    return {
      ...project,
      depositedCents: ledger?.deposited ?? 0,
      lastDepositOn: ledger?.last_deposit_on ?? null,
      balanceCents: ledger?.balance ?? 0,
    };
  }

  /** When an earlier payment of this project named the same invoice number (case and spaces ignored). */
  async invoicePaidOn(projectId: number, invoiceNumber: string): Promise<IsoDate | undefined> {
    const row: { booked_on: IsoDate } | undefined = await this.db('ledger_entries')
      .where({ project_id: projectId, kind: 'betaling_dienstverlener' })
      .whereRaw('lower(btrim(invoice_number)) = lower(?)', [invoiceNumber.trim()])
      .orderBy('booked_on')
      .first('booked_on');
    return row?.booked_on;
  }

  /** Books a payment to the provider: money out of the wallet, so a negative amount. */
  async insertPayment(trx: Knex.Transaction, projectId: number, payment: NewPayment): Promise<number> {
    const [row] = await trx('ledger_entries')
      .insert({
        project_id: projectId,
        kind: 'betaling_dienstverlener',
        amount_cents: -payment.amountCents,
        booked_on: payment.bookedOn,
        reference: 'Betaling aan de dienstverlener',
        invoice_number: payment.invoiceNumber,
        invoice_date: payment.invoiceDate,
      })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('ledger entry insert returned no row');
    return row.id;
  }

  async providerMailContext(trx: Knex.Transaction, projectId: number): Promise<ProviderMailContext> {
    const row:
      | (Omit<ProviderMailContext, 'providerEmails'> & {
          providerEmail: string;
          departmentEmail: string | null;
        })
      | undefined = await trx('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .where('pr.id', projectId)
      .first({
        projectNumber: 'pr.project_number',
        title: 'pr.title',
        companyName: 'c.name',
        companyEnterpriseNumber: 'c.enterprise_number',
        providerName: 'p.legal_name',
        providerIban: 'p.iban',
        providerEmail: 'p.contact_email',
        departmentName: 'd.name',
        departmentEmail: 'd.contact_email',
      });
    if (!row) throw new Error(`project ${projectId} vanished`);
    const { providerEmail, departmentEmail, ...context } = row;
    return { ...context, providerEmails: providerRecipients(providerEmail, departmentEmail) };
  }
}
