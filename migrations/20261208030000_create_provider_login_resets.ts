import type { Knex } from 'knex';

/**
 * Forgotten login: the single-use links mailed to a provider's contact address.
 * Only the SHA-256 of the link's random token is kept, so a copy of the table
 * opens no account. A link is valid until `expires_at` and spent at `used_at`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provider_login_resets', (table) => {
    table.increments('id');
    table.integer('account_id').notNullable().references('provider_accounts.id').onDelete('CASCADE').index();
    table.text('token_hash').notNullable().unique();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('provider_login_resets');
}
