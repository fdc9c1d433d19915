import type { Knex } from 'knex';

/** The prev_hash of the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What is wrong at the first broken link:
 * - `content_changed`: the row's stored hash is not the hash of its content (and its prev_hash);
 * - `link_broken`: the row's prev_hash is not the stored hash of the row before it;
 * - `missing_row`: positions are missing before this row (a row was removed).
 */
export type AuditChainProblem = 'content_changed' | 'link_broken' | 'missing_row';

export type AuditChainResult =
  | { ok: true; count: number; lastHash: string }
  | {
      ok: false;
      /** The rows that verified before the broken link. */
      count: number;
      problem: AuditChainProblem;
      /** The row at which the chain breaks. */
      id: number;
      /** Its place in the chain (chain_seq). */
      position: number;
      /** The position the row should have had (differs from `position` for a missing row). */
      expectedPosition: number;
    };

interface ChainRow {
  id: string;
  chainSeq: string;
  prevHash: string;
  hash: string;
  recomputed: string;
}

/**
 * Walks the audit log's hash chain in order, a batch at a time, and reports
 * the first broken link, or that the chain holds with its length. The hash of
 * a row is recomputed by the same SQL function the insert trigger uses
 * (audit_log_row_hash, migration 20261207140000_chain_audit_log).
 *
 * Rows removed from the end of the chain cannot be seen from the rows that
 * remain; comparing `lastHash` with one noted earlier shows that.
 */
export async function verifyAuditChain(
  db: Knex,
  options: { batchRows?: number } = {},
): Promise<AuditChainResult> {
  const batchRows = options.batchRows ?? 1000;
  let count = 0;
  let previousHash = GENESIS_HASH;
  let lastSeq = 0;
  for (;;) {
    const rows = (await db('audit_log as a')
      .select({
        id: 'a.id',
        chainSeq: 'a.chain_seq',
        prevHash: 'a.prev_hash',
        hash: 'a.hash',
        recomputed: db.raw('audit_log_row_hash(a.prev_hash, a)'),
      })
      .where('a.chain_seq', '>', lastSeq)
      .orderBy('a.chain_seq')
      .limit(batchRows)) as ChainRow[];
    for (const row of rows) {
      const position = Number(row.chainSeq);
      const expectedPosition = lastSeq + 1;
      const broken = (problem: AuditChainProblem): AuditChainResult => ({
        ok: false,
        count,
        problem,
        id: Number(row.id),
        position,
        expectedPosition,
      });
      if (position !== expectedPosition) return broken('missing_row');
      if (row.prevHash !== previousHash) return broken('link_broken');
      if (row.hash !== row.recomputed) return broken('content_changed');
      count += 1;
      previousHash = row.hash;
      lastSeq = position;
    }
    if (rows.length < batchRows) return { ok: true, count, lastHash: previousHash };
  }
}

/** The verifier's answer as one Dutch sentence, for the command line and the audit page. */
export function describeAuditChain(result: AuditChainResult): string {
  if (result.ok) {
    return result.count === 1
      ? 'De auditketen is intact: 1 rij gecontroleerd.'
      : `De auditketen is intact: ${result.count} rijen gecontroleerd.`;
  }
  const where = `rij ${result.id} (positie ${result.position} in de keten)`;
  switch (result.problem) {
    case 'missing_row':
      return `De auditketen is gebroken bij ${where}: ${
        result.position - result.expectedPosition === 1
          ? `positie ${result.expectedPosition} ontbreekt`
          : `posities ${result.expectedPosition} tot en met ${result.position - 1} ontbreken`
      } (verwijderde rij).`;
    case 'link_broken':
      return `De auditketen is gebroken bij ${where}: de verwijzing naar de vorige rij klopt niet.`;
    case 'content_changed':
      return `De auditketen is gebroken bij ${where}: de inhoud van de rij is gewijzigd.`;
  }
}
