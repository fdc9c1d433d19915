/**
 * Audit bureaus approved for audits against the kmo-portefeuille norm. Public
 * providers (schools and the like) need no audit.
 */
export const auditBureaus = [
  'AIB-Vinçotte Belgium',
  'Bureau Veritas Certification Belgium',
  'Kiwa Belgium',
  'SGS Belgium',
  'TÜV Rheinland Belgium',
] as const;

export type AuditBureau = (typeof auditBureaus)[number];

/**
 * How a registration names its audit: the bureau chosen; none needed for a
 * public provider; otherwise not chosen yet (older requests can lack one).
 */
export function auditBureauLabel(basis: string, auditBureau: string | null | undefined): string {
  if (basis === 'publiek') return 'Niet nodig (publieke dienstverlener)';
  return auditBureau ?? 'Nog niet gekozen';
}
