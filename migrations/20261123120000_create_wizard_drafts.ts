import type { Knex } from 'knex';

/** Drafts of the wizards (registration request, project application), kept on the server between steps. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('wizard_drafts', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('wizard').notNullable();
    // Who may see the draft, e.g. "provider-account:12" or "person:7/company:3".
    table.text('owner').notNullable();
    table.jsonb('answers').notNullable().defaultTo('{}');
    table.timestamp('submitted_at', { useTz: true });
    // Where the submitted draft led (e.g. the new registration's page): a second submit goes there too.
    table.text('result_path');
    table.timestamps(true, true);
    table.index(['wizard', 'owner']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('wizard_drafts');
}
