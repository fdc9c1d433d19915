import type { Knex } from 'knex';

/**
 * People who sign in through SAML, with their rights (department user, agency
 * staff), and the enterprises (companies) they represent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('persons', (table) => {
    table.increments('id');
    table.string('national_register_number', 11).notNullable().unique();
    table.text('first_name').notNullable();
    table.text('last_name').notNullable();
    table.text('email');
    table.timestamps(true, true);
    table.check("national_register_number ~ '^[0-9]{11}$'", [], 'person_national_register_number_digits');
  });

  await knex.schema.createTable('department_users', (table) => {
    table.integer('person_id').notNullable().references('persons.id').onDelete('CASCADE');
    table.integer('department_id').notNullable().references('departments.id').onDelete('CASCADE');
    table.timestamp('granted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['person_id', 'department_id']);
    table.index(['department_id']);
  });

  await knex.schema.createTable('agency_staff', (table) => {
    table.integer('person_id').primary().references('persons.id').onDelete('CASCADE');
    table.text('role').notNullable().defaultTo('beheerder');
    table.timestamps(true, true);
    table.check("role in ('beheerder', 'lezer')", [], 'agency_staff_role');
  });

  await knex.schema.createTable('companies', (table) => {
    table.increments('id');
    table.string('enterprise_number', 10).notNullable().unique();
    table.text('name').notNullable();
    table.text('legal_form').notNullable();
    table.text('street').notNullable();
    table.text('house_number').notNullable();
    table.text('box');
    table.string('postcode', 4).notNullable();
    table.text('municipality').notNullable();
    table.string('iban', 34);
    table.string('bic', 11);
    table.string('nace_code', 5);
    table.bigInteger('turnover_cents');
    table.bigInteger('balance_total_cents');
    table.decimal('employees_fte', 8, 1);
    // Proposed from official data; the company confirms it (company_size_confirmations).
    table.text('proposed_size');
    table.text('email');
    table.timestamps(true, true);
    table.check("enterprise_number ~ '^[01][0-9]{9}$'", [], 'company_enterprise_number_digits');
    table.check(
      "proposed_size is null or proposed_size in ('klein', 'middelgroot', 'groot')",
      [],
      'company_proposed_size',
    );
    table.check('turnover_cents is null or turnover_cents >= 0', [], 'company_turnover_positive');
  });
  await knex.raw('create index companies_name_idx on companies (lower(name))');

  await knex.schema.createTable('company_representatives', (table) => {
    table.integer('person_id').notNullable().references('persons.id').onDelete('CASCADE');
    table.integer('company_id').notNullable().references('companies.id').onDelete('CASCADE');
    table.timestamps(true, true);
    table.primary(['person_id', 'company_id']);
    table.index(['company_id']);
  });

  // The size a company confirmed for a calendar year; locked at its first
  // successful application of that year.
  await knex.schema.createTable('company_size_confirmations', (table) => {
    table.integer('company_id').notNullable().references('companies.id').onDelete('CASCADE');
    table.integer('year').notNullable();
    table.text('size').notNullable();
    table.integer('confirmed_by').references('persons.id');
    table.timestamp('confirmed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('locked_at', { useTz: true });
    table.primary(['company_id', 'year']);
    table.check("size in ('klein', 'middelgroot', 'groot')", [], 'company_size_value');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('company_size_confirmations');
  await knex.schema.dropTable('company_representatives');
  await knex.schema.dropTable('companies');
  await knex.schema.dropTable('agency_staff');
  await knex.schema.dropTable('department_users');
  await knex.schema.dropTable('persons');
}
