import type { Knex } from 'knex';

const registrationStatuses = ['A', 'G', 'G/V', 'N', 'L', 'L/H', 'S', 'U', 'T'];
const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/** Uploaded or generated documents, and a provider's registrations per service with their history. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (table) => {
    table.increments('id');
    table.text('filename').notNullable();
    table.text('content_type').notNullable();
    table.integer('size_bytes').notNullable();
    table.string('sha256', 64).notNullable();
    table.binary('content').notNullable();
    table.text('uploaded_by_type').notNullable();
    table.integer('uploaded_by_id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.check(
      "content_type in ('application/pdf', 'image/jpeg', 'image/png')",
      [],
      'document_content_type',
    );
    table.check('size_bytes > 0 and size_bytes <= 10485760', [], 'document_size');
  });

  await knex.schema.createTable('registrations', (table) => {
    table.increments('id');
    table.integer('provider_id').notNullable().references('provider_organisations.id').onDelete('CASCADE');
    // Null: the registration is for the whole organisation (head office, type MZ).
    table.integer('department_id').references('departments.id').onDelete('CASCADE');
    table.text('service').notNullable();
    table.text('basis').notNullable();
    // DV.O / DV.A + 6 digits, given at approval and kept on renewal.
    table.string('number', 10).unique();
    table.text('status').notNullable().defaultTo('A');
    table.boolean('conditional').notNullable().defaultTo(false);
    table.text('audit_bureau');
    table.date('valid_from');
    table.date('valid_until');
    table.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamps(true, true);
    table.check(`status in (${inList(registrationStatuses)})`, [], 'registration_status');
    table.check("service in ('opleiding', 'advies')", [], 'registration_service');
    table.check(
      "basis in ('privaat', 'kennisinstelling', 'sectorfonds', 'publiek')",
      [],
      'registration_basis',
    );
    table.check("number is null or number ~ '^DV\\.[OA][0-9]{6}$'", [], 'registration_number_shape');
    table.check(
      'valid_until is null or valid_from is null or valid_until > valid_from',
      [],
      'registration_validity',
    );
    table.index(['provider_id', 'department_id']);
    table.index(['status', 'valid_until']);
  });
  await knex.raw('create sequence registration_number_seq start 218725');

  await knex.schema.createTable('registration_history', (table) => {
    table.increments('id');
    table.integer('registration_id').notNullable().references('registrations.id').onDelete('CASCADE');
    table.text('from_status');
    table.text('to_status').notNullable();
    table.text('action').notNullable();
    table.text('actor_type').notNullable();
    table.integer('actor_id');
    table.text('actor_label').notNullable();
    table.text('reason');
    table.integer('document_id').references('documents.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.check(`to_status in (${inList(registrationStatuses)})`, [], 'registration_history_to_status');
    table.check(
      `from_status is null or from_status in (${inList(registrationStatuses)})`,
      [],
      'registration_history_from_status',
    );
    table.index(['registration_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('registration_history');
  await knex.raw('drop sequence registration_number_seq');
  await knex.schema.dropTable('registrations');
  await knex.schema.dropTable('documents');
}
