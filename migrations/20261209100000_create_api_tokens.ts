import type { Knex } from 'knex';

/**
 * Personal access tokens for the providers' API (/api/v1): the head office
 * creates them at /dienstverlener/api-toegang, optionally for one department.
 * Only the token's SHA-256 is stored; the token itself is shown once. A token
 * ends by its expiry date (the last day it works, Brussels) or by revocation.
 * A name is unique among the provider's active tokens (neither expired nor
 * revoked): the service checks it under a per-provider advisory lock, since
 * "expired" depends on the day.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (table) => {
    table.increments('id');
    table.integer('provider_id').notNullable().references('provider_organisations.id').onDelete('CASCADE');
    // A department's token sees only that department's objects; null: the whole organisation.
    table.integer('department_id').references('departments.id').onDelete('CASCADE');
    table.text('name').notNullable();
    table.string('token_hash', 64).notNullable().unique();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.date('expires_on').notNullable();
    table.timestamp('last_used_at', { useTz: true });
    table.timestamp('revoked_at', { useTz: true });
    table.text('revoked_by');
    table.index(['provider_id']);
    table.check("token_hash ~ '^[0-9a-f]{64}$'", [], 'api_token_hash_hex');
    table.check('char_length(name) between 1 and 100', [], 'api_token_name_length');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens');
}
