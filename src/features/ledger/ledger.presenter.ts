import { formatEuro } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { paths } from '../../paths.js';
import type { LedgerVerificationResult, UnbalancedProject } from './ledger-verification.js';

/*
 * The ledger check's result in Dutch: the line on /beheer, the agency's list
 * of projects whose ledger does not balance, and what `npm run ledger:verify`
 * prints.
 */

/** The line of the agency's home page. */
export function unbalancedText(count: number): string {
  if (count === 0) return 'Alle projectrekeningen kloppen';
  return count === 1
    ? '1 project met een rekening die niet klopt'
    : `${count} projecten met een rekening die niet klopt`;
}

/** What `npm run ledger:verify` prints: one line per project that does not balance, then the total. */
export function describeLedgerVerification(result: LedgerVerificationResult): string {
  const lines = result.unbalanced.map(
    (project) =>
      `${project.projectNumber} (${projectStatusLabels[project.status]}): ${project.reasons.join(' ')}`,
  );
  const total =
    result.unbalanced.length === 0
      ? `${result.checked} projecten gecontroleerd: alle projectrekeningen kloppen.`
      : `${result.checked} projecten gecontroleerd: ${unbalancedText(result.unbalanced.length)}.`;
  return [...lines, total].join('\n');
}

export const unbalancedColumns = [
  { key: 'project', label: 'Project', rowHeader: true },
  { key: 'status', label: 'Status' },
  { key: 'balance', label: 'Saldo', numeric: true },
  { key: 'reasons', label: 'Wat niet klopt' },
] as const;

export function presentUnbalancedRows(projects: UnbalancedProject[]) {
  return projects.map((project) => ({
    cells: {
      project: project.projectNumber,
      status: projectStatusLabels[project.status],
      balance: formatEuro(project.balanceCents),
      reasons: project.reasons,
    },
    links: { project: paths.admin.project(project.projectNumber) },
  }));
}

/** The agency's list page: how many were checked, and the table of those that do not balance. */
export function presentLedgerCheck(result: LedgerVerificationResult) {
  return {
    summary: `${result.checked} projecten gecontroleerd. ${unbalancedText(result.unbalanced.length)}.`,
    table: {
      columns: unbalancedColumns,
      rows: presentUnbalancedRows(result.unbalanced),
      emptyText: 'De rekening van elk project klopt met zijn status.',
    },
  };
}
