import type { Knex } from 'knex';

/**
 * A SAML request is bound to the browser that started it (the hash of a cookie
 * set when the login starts) and is claimed at most once; an assertion ID is
 * accepted at most once. Both tables are pruned of expired rows on insert.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('saml_request_cache', (table) => {
    table.text('binding_hash');
    table.index(['created_at'], 'saml_request_cache_created_at');
  });
  await knex.schema.createTable('saml_used_assertions', (table) => {
    table.text('assertion_id').primary();
    table.timestamp('used_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.index(['expires_at'], 'saml_used_assertions_expires_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('saml_used_assertions');
  await knex.schema.alterTable('saml_request_cache', (table) => {
    table.dropIndex(['created_at'], 'saml_request_cache_created_at');
    table.dropColumn('binding_hash');
  });
}
