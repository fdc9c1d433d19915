import type { Knex } from 'knex';
import { pdfWith } from './documents.js';

/**
 * Gives a registration a complete file, as staff would leave it: the paper
 * declaration on honour received on `receivedOn` and the audit bureau's
 * report (a real PDF) uploaded. For tests of what follows an approval.
 */
export async function completeRegistrationFile(
  db: Knex,
  registrationId: number,
  receivedOn = '2026-11-12',
): Promise<void> {
  const pdf = await pdfWith('Auditrapport kmo-portefeuillenorm');
  const [document] = await db('documents')
    .insert({
      filename: 'auditrapport.pdf',
      content_type: 'application/pdf',
      size_bytes: pdf.length,
      sha256: 'f'.repeat(64),
      content: pdf,
      uploaded_by_type: 'agency',
    })
    .returning<{ id: number }[]>('id');
  await db('registrations').where({ id: registrationId }).update({
    declaration_received_on: receivedOn,
    declaration_recorded_by: 'Sofie Maes (VLAIO)',
    declaration_recorded_at: db.fn.now(),
    audit_report_document_id: document?.id,
    audit_report_uploaded_by: 'Sofie Maes (VLAIO)',
    audit_report_uploaded_at: db.fn.now(),
  });
}
