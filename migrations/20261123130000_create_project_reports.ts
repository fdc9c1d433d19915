import type { Knex } from 'knex';

/**
 * A provider's report (melding) about a finished project: the status does not
 * change, the agency follows it up. One open (not yet handled) report per project.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('project_reports', (table) => {
    table.increments('id');
    table.integer('project_id').notNullable().references('projects.id').onDelete('CASCADE');
    table.text('reason').notNullable();
    table.text('reported_by_type').notNullable();
    table.integer('reported_by_id');
    table.text('reported_by_label').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('handled_at', { useTz: true });
    // The agency staff member who handled it (persons.id) and the name shown in the history.
    table.integer('handled_by_id').references('persons.id');
    table.text('handled_by_label');
    table.check("btrim(reason) <> '' and char_length(reason) <= 2000", [], 'project_report_reason');
    table.check('(handled_at is null) = (handled_by_label is null)', [], 'project_report_handled');
    table.index(['project_id']);
  });
  await knex.raw(
    'create unique index project_reports_one_open_idx on project_reports (project_id) where handled_at is null',
  );
  // The agency's list of open reports, oldest first.
  await knex.raw(
    'create index project_reports_open_idx on project_reports (created_at) where handled_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('project_reports');
}
