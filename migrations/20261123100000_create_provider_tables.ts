import type { Knex } from 'knex';

/** Provider organisations, their departments, establishments and head-office accounts. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provider_organisations', (table) => {
    table.increments('id');
    table.string('enterprise_number', 10).notNullable().unique();
    table.text('legal_name').notNullable();
    table.text('legal_form').notNullable();
    table.text('street').notNullable();
    table.text('house_number').notNullable();
    table.text('box');
    table.string('postcode', 4).notNullable();
    table.text('municipality').notNullable();
    table.text('contact_name').notNullable();
    table.text('contact_email').notNullable();
    table.text('contact_phone').notNullable();
    table.string('iban', 34).notNullable();
    table.string('bic', 11).notNullable();
    table.text('presentation').notNullable().defaultTo('');
    table.specificType('expertise', 'text[]').notNullable().defaultTo('{}');
    table.boolean('is_audit_bureau').notNullable().defaultTo(false);
    table.timestamps(true, true);
    table.check("enterprise_number ~ '^[01][0-9]{9}$'", [], 'provider_enterprise_number_digits');
    table.check("postcode ~ '^[1-9][0-9]{3}$'", [], 'provider_postcode_belgian');
  });
  await knex.raw(
    'create index provider_organisations_legal_name_idx on provider_organisations (lower(legal_name))',
  );

  await knex.schema.createTable('departments', (table) => {
    table.increments('id');
    table.integer('provider_id').notNullable().references('provider_organisations.id').onDelete('CASCADE');
    table.text('name').notNullable();
    table.text('contact_email').notNullable();
    table.timestamps(true, true);
    table.unique(['provider_id', 'name']);
    table.index(['provider_id']);
  });
  // A department's contact e-mail is its login through SAML: one department per address.
  await knex.raw('create unique index departments_contact_email_key on departments (lower(contact_email))');

  await knex.schema.createTable('establishments', (table) => {
    table.increments('id');
    table.integer('provider_id').notNullable().references('provider_organisations.id').onDelete('CASCADE');
    table.string('postcode', 4).notNullable();
    table.text('municipality').notNullable();
    table.text('street').notNullable();
    table.text('house_number').notNullable();
    table.text('box');
    table.timestamps(true, true);
    table.index(['provider_id']);
    table.check("postcode ~ '^[1-9][0-9]{3}$'", [], 'establishment_postcode_belgian');
  });

  await knex.schema.createTable('provider_accounts', (table) => {
    table.increments('id');
    table
      .integer('provider_id')
      .notNullable()
      .unique()
      .references('provider_organisations.id')
      .onDelete('CASCADE');
    // The login: the enterprise number at sign-up, changeable on /dienstverlener/login-wijzigen.
    table.text('login').notNullable();
    table.text('password_hash').notNullable();
    table.boolean('must_change_password').notNullable().defaultTo(true);
    table.timestamp('password_changed_at', { useTz: true });
    table.timestamp('last_login_at', { useTz: true });
    table.timestamps(true, true);
  });
  await knex.raw('create unique index provider_accounts_login_key on provider_accounts (lower(login))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('provider_accounts');
  await knex.schema.dropTable('establishments');
  await knex.schema.dropTable('departments');
  await knex.schema.dropTable('provider_organisations');
}
