import type { Knex } from 'knex';
import { checkLedger, type LedgerEntryFacts } from '../../domain/ledger.js';
import type { ProjectStatus } from '../../domain/project-status.js';

/** A project whose ledger does not balance, with the reasons in Dutch. */
export interface UnbalancedProject {
  projectNumber: string;
  status: ProjectStatus;
  balanceCents: number;
  reasons: string[];
}

export interface LedgerVerificationResult {
  checked: number;
  unbalanced: UnbalancedProject[];
}

const BATCH = 500;

/**
 * Checks every project's ledger with checkLedger (domain/ledger.ts), in
 * batches of projects by id with their entries, so that memory holds one
 * batch whatever the number of projects. `npm run ledger:verify` prints what
 * it finds; the agency's home counts it and /beheer/projecten/niet-in-evenwicht
 * lists it.
 */
export class LedgerVerification {
  constructor(private readonly db: Knex) {}

  /** The projects whose ledger does not balance, in project id order, one batch at a time. */
  async *unbalanced(onChecked?: (count: number) => void): AsyncGenerator<UnbalancedProject> {
    let after = 0;
    for (;;) {
      const projects: {
        id: number;
        projectNumber: string;
        status: ProjectStatus;
        ownContributionCents: number;
        subsidyCents: number;
      }[] = await this.db('projects').where('id', '>', after).orderBy('id').limit(BATCH).select({
        id: 'id',
        projectNumber: 'project_number',
        status: 'status',
        ownContributionCents: 'own_contribution_cents',
        subsidyCents: 'subsidy_cents',
      });
      if (projects.length === 0) return;
      const entries: (LedgerEntryFacts & { projectId: number })[] = await this.db('ledger_entries')
        .whereIn(
          'project_id',
          projects.map((project) => project.id),
        )
        .orderBy('id')
        .select({ projectId: 'project_id', kind: 'kind', amountCents: 'amount_cents' });
      const byProject = new Map<number, LedgerEntryFacts[]>();
      for (const entry of entries) {
        const list = byProject.get(entry.projectId) ?? [];
        list.push({ kind: entry.kind, amountCents: entry.amountCents });
        byProject.set(entry.projectId, list);
      }
      for (const project of projects) {
        const check = checkLedger(project, byProject.get(project.id) ?? []);
        if (!check.balanced) {
          yield {
            projectNumber: project.projectNumber,
            status: project.status,
            balanceCents: check.sums.balanceCents,
            reasons: check.reasons,
          };
        }
      }
      onChecked?.(projects.length);
      after = projects[projects.length - 1]!.id;
      if (projects.length < BATCH) return;
    }
  }

  /** Every project checked: how many, and those that do not balance. */
  async verify(): Promise<LedgerVerificationResult> {
    let checked = 0;
    const unbalanced: UnbalancedProject[] = [];
    for await (const project of this.unbalanced((count) => (checked += count))) unbalanced.push(project);
    return { checked, unbalanced };
  }
}
