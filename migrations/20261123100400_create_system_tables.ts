import type { Knex } from 'knex';

/**
 * Dated rule parameters, NACE-BEL codes, the audit log, the mail outbox, web
 * sessions and the SAML request cache.
 */
export async function up(knex: Knex): Promise<void> {
  // Every figure of the rules is dated: an application uses the value in force on its date.
  await knex.schema.createTable('rule_parameters', (table) => {
    table.increments('id');
    table.text('key').notNullable();
    table.date('valid_from').notNullable();
    table.bigInteger('value').notNullable();
    table.text('note').notNullable().defaultTo('');
    table.timestamps(true, true);
    table.unique(['key', 'valid_from']);
  });

  await knex.schema.createTable('nace_codes', (table) => {
    table.string('code', 5).primary();
    table.text('label').notNullable();
    table.boolean('eligible').notNullable();
    table.check("code ~ '^[0-9]{5}$'", [], 'nace_code_digits');
  });

  await knex.schema.createTable('audit_log', (table) => {
    table.bigIncrements('id');
    table.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.text('actor_type').notNullable();
    table.integer('actor_id');
    table.text('actor_label').notNullable();
    table.text('action').notNullable();
    table.text('entity_type').notNullable();
    table.text('entity_id').notNullable();
    table.jsonb('details').notNullable().defaultTo('{}');
    table.text('request_id');
    table.index(['entity_type', 'entity_id']);
    table.index(['occurred_at']);
  });

  await knex.schema.createTable('mail_outbox', (table) => {
    table.bigIncrements('id');
    table.text('to_address').notNullable();
    table.text('subject').notNullable();
    table.text('text_body').notNullable();
    table.text('html_body');
    // [{ filename, contentType, documentId }] — content lives in documents, never half-written.
    table.jsonb('attachments').notNullable().defaultTo('[]');
    table.text('status').notNullable().defaultTo('pending');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('sent_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.check("status in ('pending', 'sent', 'failed')", [], 'mail_outbox_status');
  });
  await knex.raw(
    "create index mail_outbox_pending_idx on mail_outbox (next_attempt_at) where status = 'pending'",
  );

  // connect-pg-simple's table, as its own table.sql defines it.
  await knex.raw(`
    create table "session" (
      "sid" varchar not null collate "default" primary key,
      "sess" json not null,
      "expire" timestamp(6) not null
    )`);
  await knex.raw('create index "IDX_session_expire" on "session" ("expire")');

  // InResponseTo of SAML requests in flight, shared by every app process.
  await knex.schema.createTable('saml_request_cache', (table) => {
    table.text('request_id').primary();
    table.text('value').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('saml_request_cache');
  await knex.schema.dropTable('session');
  await knex.schema.dropTable('mail_outbox');
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('nace_codes');
  await knex.schema.dropTable('rule_parameters');
}
