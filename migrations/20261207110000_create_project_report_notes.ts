import type { Knex } from 'knex';

/**
 * The agency's follow-up of a provider's report: notes written while it is
 * open, and the closing note written when it is closed (with handled_at and
 * handled_by). A closed report always has its closing note.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('project_report_notes', (table) => {
    table.increments('id');
    table.integer('report_id').notNullable().references('project_reports.id').onDelete('CASCADE');
    table.text('text').notNullable();
    // The agency staff member who wrote it (persons.id) and the name shown beside it.
    table.integer('author_id').references('persons.id');
    table.text('author_label').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.check("btrim(text) <> '' and char_length(text) <= 2000", [], 'project_report_note_text');
    table.index(['report_id', 'created_at']);
  });
  await knex.schema.alterTable('project_reports', (table) => {
    table.text('closing_note');
    table.check(
      "(handled_at is null and closing_note is null) or (handled_at is not null and btrim(closing_note) <> '' and char_length(closing_note) <= 2000)",
      [],
      'project_report_closing_note',
    );
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('project_reports', (table) => {
    table.dropChecks(['project_report_closing_note']);
    table.dropColumn('closing_note');
  });
  await knex.schema.dropTable('project_report_notes');
}
