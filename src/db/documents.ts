import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor } from '../domain/actor.js';

/** A stored document as a download reads it. */
export interface StoredDocument {
  id: number;
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Stores a document (an upload that passed the checks, or a PDF the system
 * made) with its size and SHA-256; returns its id. Call it with the
 * transaction of the change that refers to it.
 */
export async function insertDocument(
  trx: Knex.Transaction,
  document: { filename: string; contentType: string; content: Buffer },
  uploader: Actor,
): Promise<number> {
  const [row] = await trx('documents')
    .insert({
      filename: document.filename,
      content_type: document.contentType,
      size_bytes: document.content.length,
      sha256: createHash('sha256').update(document.content).digest('hex'),
      content: document.content,
      uploaded_by_type: uploader.type,
      uploaded_by_id: uploader.id,
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('document insert returned no row');
  return row.id;
}
