import type { Knex } from 'knex';

const projectStatuses = [
  'Bevestigd',
  'Lopend',
  'Afgewerkt',
  'ProjectGeannuleerd',
  'Vervallen',
  'StopzettingAangevraagd',
  'Stopgezet',
];
const ledgerKinds = [
  'eigen_bijdrage',
  'subsidie',
  'betaling_dienstverlener',
  'terugbetaling',
  'subsidie_terug',
];
const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/** Projects (applications) with participants, status history and a small ledger each. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('projects', (table) => {
    table.increments('id');
    table.string('project_number', 13).notNullable().unique();
    table.integer('company_id').notNullable().references('companies.id');
    table.integer('provider_id').notNullable().references('provider_organisations.id');
    table.integer('department_id').references('departments.id');
    table.integer('registration_id').notNullable().references('registrations.id');
    table.text('service').notNullable();
    table.text('title').notNullable();
    table.text('training_kind');
    table.text('subtheme').notNullable();
    table.string('nace_code', 5).notNullable();
    table.text('company_size').notNullable();
    table.decimal('hours', 7, 2).notNullable();
    table.integer('participant_count');
    table.date('agreement_date').notNullable();
    table.date('start_date').notNullable();
    table.date('application_date').notNullable();
    table.date('deposit_deadline').notNullable();
    table.bigInteger('registration_cost_cents').notNullable();
    table.bigInteger('project_amount_cents').notNullable();
    table.bigInteger('subsidy_cents').notNullable();
    table.bigInteger('own_contribution_cents').notNullable();
    // Subsidy percentage in basis points (3000 = 30 %), as in force on the application date.
    table.integer('subsidy_rate_bp').notNullable();
    table.string('structured_communication', 12).notNullable().unique();
    table.text('status').notNullable().defaultTo('Bevestigd');
    table.boolean('verified').notNullable().defaultTo(false);
    table.timestamp('verified_at', { useTz: true });
    table.timestamps(true, true);
    table.check(`status in (${inList(projectStatuses)})`, [], 'project_status');
    table.check("service in ('opleiding', 'advies')", [], 'project_service');
    table.check(
      "training_kind is null or training_kind in ('extern', 'online', 'incompany')",
      [],
      'project_training_kind',
    );
    table.check("company_size in ('klein', 'middelgroot')", [], 'project_company_size');
    table.check("project_number ~ '^[0-9]{4}KMO[0-9]{6}$'", [], 'project_number_shape');
    table.check("structured_communication ~ '^[0-9]{12}$'", [], 'project_structured_communication_digits');
    table.check('hours > 0', [], 'project_hours_positive');
    table.check(
      'project_amount_cents > 0 and project_amount_cents <= registration_cost_cents',
      [],
      'project_amount_range',
    );
    table.check('subsidy_cents >= 0 and own_contribution_cents >= 0', [], 'project_shares_positive');
    table.check('subsidy_cents + own_contribution_cents = project_amount_cents', [], 'project_shares_sum');
    table.check('subsidy_rate_bp between 0 and 10000', [], 'project_rate_range');
  });
  // The providers' overview: scoped by provider (or department), newest first, two years by default.
  await knex.raw(
    'create index projects_provider_date_idx on projects (provider_id, application_date desc, id desc)',
  );
  await knex.raw(
    'create index projects_department_date_idx on projects (department_id, application_date desc, id desc) where department_id is not null',
  );
  await knex.raw('create index projects_company_date_idx on projects (company_id, application_date desc)');
  await knex.raw(
    "create index projects_status_deadline_idx on projects (status, deposit_deadline) where status = 'Bevestigd'",
  );

  await knex.schema.createTable('project_participants', (table) => {
    table.increments('id');
    table.integer('project_id').notNullable().references('projects.id').onDelete('CASCADE');
    table.integer('position').notNullable();
    table.text('first_name').notNullable();
    table.text('last_name').notNullable();
    table.unique(['project_id', 'position']);
  });

  await knex.schema.createTable('project_history', (table) => {
    table.increments('id');
    table.integer('project_id').notNullable().references('projects.id').onDelete('CASCADE');
    table.text('from_status');
    table.text('to_status').notNullable();
    table.text('action').notNullable();
    table.text('actor_type').notNullable();
    table.integer('actor_id');
    table.text('actor_label').notNullable();
    table.text('reason');
    table.integer('document_id').references('documents.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.check(`to_status in (${inList(projectStatuses)})`, [], 'project_history_to_status');
    table.check(
      `from_status is null or from_status in (${inList(projectStatuses)})`,
      [],
      'project_history_from_status',
    );
    table.index(['project_id', 'created_at']);
  });

  // Each project is a small ledger: positive amounts in, negative amounts out of the wallet.
  await knex.schema.createTable('ledger_entries', (table) => {
    table.increments('id');
    table.integer('project_id').notNullable().references('projects.id').onDelete('CASCADE');
    table.text('kind').notNullable();
    table.bigInteger('amount_cents').notNullable();
    table.date('booked_on').notNullable();
    table.text('reference');
    table.text('invoice_number');
    table.date('invoice_date');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.check(`kind in (${inList(ledgerKinds)})`, [], 'ledger_entry_kind');
    table.check(
      "(kind in ('eigen_bijdrage', 'subsidie') and amount_cents > 0) or (kind not in ('eigen_bijdrage', 'subsidie') and amount_cents < 0)",
      [],
      'ledger_entry_sign',
    );
    table.index(['project_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ledger_entries');
  await knex.schema.dropTable('project_history');
  await knex.schema.dropTable('project_participants');
  await knex.schema.dropTable('projects');
}
