import type { Knex } from 'knex';

/**
 * A bank statement import as a background job (issue 18, memory flat): the
 * upload stores the file's statements and movements in one short transaction,
 * the credits as `pending`, with an import row; a pg-boss job then matches and
 * books the pending credits in chunks of their own transactions and keeps the
 * import's progress and counts (`wachtend` → `bezig` → `klaar`, or `mislukt`
 * after the job's last retry). `statements` keeps what the upload found per
 * statement of the file (also the ones already imported before, which have no
 * row of their own this time).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bank_statement_imports', (table) => {
    table.increments('id');
    table.text('filename').notNullable();
    table.integer('imported_by_id');
    table.text('imported_by').notNullable();
    table.text('request_id');
    table.text('status').notNullable().defaultTo('wachtend');
    table.jsonb('statements').notNullable().defaultTo('[]');
    // The credits the job has to match and book, and how many it did.
    table.integer('credits').notNullable().defaultTo(0);
    table.integer('processed').notNullable().defaultTo(0);
    table.integer('booked').notNullable().defaultTo(0);
    table.integer('exceptions').notNullable().defaultTo(0);
    table.integer('already_imported').notNullable().defaultTo(0);
    table.integer('ignored_debits').notNullable().defaultTo(0);
    table.text('error_message');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('finished_at', { useTz: true });
    table.check("status in ('wachtend', 'bezig', 'klaar', 'mislukt')", [], 'bank_statement_import_status');
    table.check('processed >= 0 and processed <= credits', [], 'bank_statement_import_progress');
  });
  await knex.raw(
    "create index bank_statement_imports_unfinished_idx on bank_statement_imports (updated_at) where status in ('wachtend', 'bezig')",
  );
  await knex.schema.alterTable('bank_statements', (table) => {
    table.integer('import_id').references('bank_statement_imports.id');
    table.index(['import_id'], 'bank_statements_import_idx');
  });
  await knex.raw('alter table bank_movements drop constraint bank_movement_outcome');
  await knex.raw(
    "alter table bank_movements add constraint bank_movement_outcome check (outcome in ('pending', 'booked', 'exception', 'ignored_debit'))",
  );
  // The job's next chunk: the pending credits of a statement, in movement order.
  await knex.raw(
    "create index bank_movements_pending_idx on bank_movements (bank_statement_id, id) where outcome = 'pending'",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index bank_movements_pending_idx');
  await knex.raw('alter table bank_movements drop constraint bank_movement_outcome');
  await knex.raw(
    "alter table bank_movements add constraint bank_movement_outcome check (outcome in ('booked', 'exception', 'ignored_debit'))",
  );
  await knex.schema.alterTable('bank_statements', (table) => {
    table.dropIndex(['import_id'], 'bank_statements_import_idx');
    table.dropColumn('import_id');
  });
  await knex.schema.dropTable('bank_statement_imports');
}
