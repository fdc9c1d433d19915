import type { Knex } from 'knex';

const reasons = [
  'no_communication',
  'unknown_communication',
  'wrong_amount',
  'project_annulled',
  'project_lapsed',
  'after_deadline',
  'already_paid',
  'project_not_awaiting_deposit',
];
const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * The payment institution's bank statements as staff import them (issue 18),
 * and each movement on them with what the import made of it: a booked deposit,
 * an exception awaiting staff (with its resolution), or a debit left alone.
 * Exactly once: a statement is imported once per account; a movement once per
 * statement, and once per account by the bank's own reference when it has one
 * (the same movement on an overlapping statement).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bank_statements', (table) => {
    table.increments('id');
    table.string('account_iban', 34).notNullable();
    table.text('statement_id').notNullable();
    table.text('format').notNullable();
    table.date('statement_date').notNullable();
    table.bigInteger('opening_balance_cents').notNullable();
    table.bigInteger('closing_balance_cents').notNullable();
    table.text('filename').notNullable();
    table.integer('imported_by_id');
    table.text('imported_by').notNullable();
    table.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.unique(['account_iban', 'statement_id']);
    table.check("format in ('coda', 'camt053')", [], 'bank_statement_format');
  });
  await knex.raw('create index bank_statements_imported_idx on bank_statements (imported_at desc, id desc)');

  await knex.schema.createTable('bank_movements', (table) => {
    table.increments('id');
    table.integer('bank_statement_id').notNullable().references('bank_statements.id');
    table.string('account_iban', 34).notNullable();
    table.text('movement_key').notNullable();
    table.text('bank_reference');
    table.bigInteger('amount_cents').notNullable();
    table.date('booking_date').notNullable();
    table.date('value_date').notNullable();
    // As the statement gives it: a Belgian OGM (12 digits) or, in camt, another creditor reference.
    table.text('structured_communication');
    table.text('free_communication');
    table.text('counterparty_name');
    table.text('counterparty_iban');
    table.text('counterparty_bic');
    table.text('outcome').notNullable();
    table.integer('project_id').references('projects.id');
    table.integer('ledger_entry_id').references('ledger_entries.id').unique();
    table.text('exception_reason');
    table.text('exception_text');
    table.text('resolution');
    table.integer('resolved_by_id');
    table.text('resolved_by');
    table.timestamp('resolved_at', { useTz: true });
    table.text('resolution_reason');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.unique(['bank_statement_id', 'movement_key']);
    table.check("outcome in ('booked', 'exception', 'ignored_debit')", [], 'bank_movement_outcome');
    table.check(
      "(outcome = 'ignored_debit') = (amount_cents < 0) and amount_cents <> 0",
      [],
      'bank_movement_sign',
    );
    table.check(
      `(outcome = 'exception') = (exception_reason is not null) and (exception_reason is null or exception_reason in (${inList(reasons)}))`,
      [],
      'bank_movement_exception_reason',
    );
    table.check(
      "resolution is null or (resolution in ('refund_confirmed', 'booked_anyway') and exception_reason is not null and resolved_by is not null and resolved_at is not null)",
      [],
      'bank_movement_resolution',
    );
    // Set right after the booking, in the same transaction, so a booked row briefly has none.
    table.check(
      "ledger_entry_id is null or outcome = 'booked' or resolution = 'booked_anyway'",
      [],
      'bank_movement_booked_entry',
    );
  });
  await knex.raw(
    'create unique index bank_movements_bank_reference_key on bank_movements (account_iban, bank_reference) where bank_reference is not null',
  );
  // The exceptions queue: open first, oldest first.
  await knex.raw(
    "create index bank_movements_exceptions_idx on bank_movements ((resolution is not null), id) where outcome = 'exception'",
  );
  await knex.raw('create index bank_movements_statement_idx on bank_movements (bank_statement_id, id)');

  // A refund to the payer points at the movement it returns, and returns it once.
  await knex.schema.alterTable('payout_instructions', (table) => {
    table.foreign('bank_movement_id').references('bank_movements.id');
  });
  await knex.raw(
    'create unique index payout_instructions_bank_movement_key on payout_instructions (bank_movement_id) where bank_movement_id is not null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index payout_instructions_bank_movement_key');
  await knex.schema.alterTable('payout_instructions', (table) => {
    table.dropForeign(['bank_movement_id']);
  });
  await knex.schema.dropTable('bank_movements');
  await knex.schema.dropTable('bank_statements');
}
