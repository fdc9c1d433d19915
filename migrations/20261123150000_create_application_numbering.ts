import type { Knex } from 'knex';

/**
 * What the company's application wizard writes besides the project:
 * - `project_number_counters`: the national counter per year behind project
 *   numbers (`2026KMO004855`). The first application of a year starts above
 *   the highest number already present, so imported or demo projects never clash.
 * - `expected_ledger_entries`: what the ledger should receive, stated at the
 *   application (own contribution by the deposit deadline, then the subsidy),
 *   so a deposit can be matched and a missing one noticed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('project_number_counters', (table) => {
    table.integer('year').primary();
    table.integer('last_number').notNullable();
    table.check('last_number between 0 and 999999', [], 'project_number_counter_range');
  });

  await knex.schema.createTable('expected_ledger_entries', (table) => {
    table.increments('id');
    table.integer('project_id').notNullable().references('projects.id').onDelete('CASCADE');
    table.text('kind').notNullable();
    table.bigInteger('amount_cents').notNullable();
    table.date('due_on');
    table.integer('ledger_entry_id').references('ledger_entries.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.check("kind in ('eigen_bijdrage', 'subsidie')", [], 'expected_ledger_entry_kind');
    table.check('amount_cents >= 0', [], 'expected_ledger_entry_amount');
    table.unique(['project_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('expected_ledger_entries');
  await knex.schema.dropTable('project_number_counters');
}
