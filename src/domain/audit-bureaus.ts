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
