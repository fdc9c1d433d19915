import type { Knex } from 'knex';

/**
 * The registration file (registratiedossier): the declaration on honour, either
 * received on paper (the date staff record, and who recorded it) or uploaded
 * as a signed PDF, and the audit bureau's report as a PDF. Who uploaded a
 * document and when is on its `documents` row as well; the label is kept here
 * so the page names the person as they were called at the time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (table) => {
    table.date('declaration_received_on');
    table.text('declaration_recorded_by');
    table.timestamp('declaration_recorded_at', { useTz: true });
    table.integer('declaration_document_id').references('documents.id');
    table.text('declaration_uploaded_by');
    table.timestamp('declaration_uploaded_at', { useTz: true });
    table.integer('audit_report_document_id').references('documents.id');
    table.text('audit_report_uploaded_by');
    table.timestamp('audit_report_uploaded_at', { useTz: true });
    table.check(
      '(declaration_received_on is null) = (declaration_recorded_by is null) and (declaration_received_on is null) = (declaration_recorded_at is null)',
      [],
      'registration_declaration_recorded',
    );
    table.check(
      '(declaration_document_id is null) = (declaration_uploaded_by is null) and (declaration_document_id is null) = (declaration_uploaded_at is null)',
      [],
      'registration_declaration_uploaded',
    );
    table.check(
      '(audit_report_document_id is null) = (audit_report_uploaded_by is null) and (audit_report_document_id is null) = (audit_report_uploaded_at is null)',
      [],
      'registration_audit_report_uploaded',
    );
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (table) => {
    table.dropChecks([
      'registration_declaration_recorded',
      'registration_declaration_uploaded',
      'registration_audit_report_uploaded',
    ]);
    table.dropColumns(
      'declaration_received_on',
      'declaration_recorded_by',
      'declaration_recorded_at',
      'declaration_document_id',
      'declaration_uploaded_by',
      'declaration_uploaded_at',
      'audit_report_document_id',
      'audit_report_uploaded_by',
      'audit_report_uploaded_at',
    );
  });
}
