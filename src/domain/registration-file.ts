import { parseTypedDate, type IsoDate } from './dates.js';
import { openRequestStatuses, type RegistrationStatus } from './registration-status.js';
import type { RegistrationBasis } from './subsidy-terms.js';

/**
 * The registration file (registratiedossier): what the agency needs before it
 * approves a registration. The declaration on honour counts as received when
 * staff recorded the date the paper one arrived, or when the provider uploaded
 * the signed PDF. The audit report is the audit bureau's PDF; a public
 * provider (basis `publiek`) is exempt from the audit.
 */
export interface RegistrationFileFacts {
  basis: RegistrationBasis;
  declarationReceivedOn: IsoDate | null;
  hasDeclarationDocument: boolean;
  hasAuditReport: boolean;
}

export type DeclarationState = 'received_on_paper' | 'uploaded' | 'missing';
export type AuditReportState = 'present' | 'exempt' | 'missing';

export interface RegistrationFileState {
  declaration: DeclarationState;
  auditReport: AuditReportState;
  /** The declaration is received and the audit report is there or not needed. */
  complete: boolean;
  /** What is still missing, as a Dutch phrase each, in the order of the checklist. */
  missing: string[];
}

/** A public provider (schools and the like) needs no audit. */
export function isExemptFromAudit(basis: RegistrationBasis): boolean {
  return basis === 'publiek';
}

export function registrationFileState(facts: RegistrationFileFacts): RegistrationFileState {
  // An uploaded signed PDF says more than a date: it is named first when both are there.
  const declaration: DeclarationState = facts.hasDeclarationDocument
    ? 'uploaded'
    : facts.declarationReceivedOn !== null
      ? 'received_on_paper'
      : 'missing';
  const auditReport: AuditReportState = isExemptFromAudit(facts.basis)
    ? 'exempt'
    : facts.hasAuditReport
      ? 'present'
      : 'missing';
  const missing = [
    ...(declaration === 'missing' ? ['de ondertekende verklaring op eer is nog niet ontvangen'] : []),
    ...(auditReport === 'missing' ? ['het auditrapport ontbreekt'] : []),
  ];
  return { declaration, auditReport, complete: missing.length === 0, missing };
}

/**
 * Why the agency cannot approve this registration yet (a Dutch sentence), or
 * undefined when the file is complete. Every approval asks it: a first
 * request, a renewal and a re-registration.
 */
export function approvalRefusal(facts: RegistrationFileFacts): string | undefined {
  const { missing } = registrationFileState(facts);
  if (missing.length === 0) return undefined;
  return `Goedkeuren kan nog niet: ${joinDutch(missing)}.`;
}

/** `a`, `a en b`, `a, b en c`. */
function joinDutch(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/**
 * A renewal (G → G/V) and a re-registration (L → L/H) are judged on a new
 * file: a declaration signed for this request and a new audit. The file of
 * the earlier approval stays in the history and the audit log, not on the request.
 */
export function startsNewFile(action: string): boolean {
  return action === 'request_renewal' || action === 'request_reregistration';
}

/** The statuses in which the file can still be completed: while a request awaits the agency (A, G/V, L/H). */
export function mayCompleteFile(status: RegistrationStatus): boolean {
  return openRequestStatuses.includes(status);
}

/** Why the file of a registration in this status cannot be changed, or undefined. */
export function fileChangeRefusal(status: RegistrationStatus): string | undefined {
  return mayCompleteFile(status)
    ? undefined
    : 'Het dossier kan alleen aangevuld worden zolang een aanvraag op een beslissing wacht (status A, G/V of L/H).';
}

/** Why no audit report is asked of this registration, or undefined. */
export function auditReportRefusal(basis: RegistrationBasis): string | undefined {
  return isExemptFromAudit(basis)
    ? 'Een publieke dienstverlener is vrijgesteld van de audit: er is geen auditrapport nodig.'
    : undefined;
}

/**
 * Reads the date on which staff received the paper declaration: a real date
 * (dd/mm/jjjj), not after today. Returns the date or a Dutch message.
 */
export function parseDeclarationReceivedOn(
  input: string,
  today: IsoDate,
): { date: IsoDate } | { error: string } {
  if (input.trim() === '') return { error: 'Vul de datum in waarop de verklaring op eer ontvangen is.' };
  const date = parseTypedDate(input);
  if (date === undefined)
    return { error: 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.' };
  if (date > today) return { error: 'De datum van ontvangst mag niet in de toekomst liggen.' };
  return { date };
}
