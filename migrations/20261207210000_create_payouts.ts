import type { Knex } from 'knex';

/**
 * Money out of the payment institution's account: one payout instruction per
 * real bank transfer (a payment to a provider, a refund to a company or to the
 * payer of a deposit), gathered by staff into payout batches that are
 * downloaded as a SEPA credit transfer file (pain.001) and marked executed once.
 *
 * An instruction is in at most one batch (batch_id is set once, by a
 * conditional update `where batch_id is null`). A ledger entry is paid out by
 * at most one instruction (ledger_entry_id is unique). `bank_movement_id`
 * points at an imported bank movement (a deposit refunded to its payer); its
 * foreign key is added with the bank_movements table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payout_batches', (table) => {
    table.increments('id');
    table.date('requested_execution_date').notNullable();
    table.integer('created_by').references('persons.id');
    table.text('created_by_label').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Set once, together, when staff mark the batch executed.
    table.date('executed_on');
    table.integer('executed_by').references('persons.id');
    table.text('executed_by_label');
    table.timestamp('executed_at', { useTz: true });
    table.check(
      '(executed_on is null) = (executed_by_label is null) and (executed_on is null) = (executed_at is null)',
      [],
      'payout_batch_executed',
    );
  });

  await knex.schema.createTable('payout_instructions', (table) => {
    table.increments('id');
    table.text('kind').notNullable();
    table.integer('project_id').references('projects.id');
    table.integer('ledger_entry_id').references('ledger_entries.id').unique();
    table.integer('bank_movement_id');
    table.bigInteger('amount_cents').notNullable();
    table.text('creditor_name').notNullable();
    table.string('creditor_iban', 34).notNullable();
    table.string('creditor_bic', 11);
    table.string('remittance_structured', 12);
    table.text('remittance_text');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.integer('batch_id').references('payout_batches.id');
    table.check(
      "kind in ('payment_to_provider', 'refund_to_company', 'refund_to_payer')",
      [],
      'payout_instruction_kind',
    );
    table.check('amount_cents > 0', [], 'payout_instruction_amount');
    table.check("btrim(creditor_name) <> ''", [], 'payout_instruction_creditor_name');
    table.check("creditor_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'", [], 'payout_instruction_iban');
    table.check(
      "creditor_bic is null or creditor_bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3}){0,1}$'",
      [],
      'payout_instruction_bic',
    );
    table.check(
      "remittance_structured is null or remittance_structured ~ '^[0-9]{12}$'",
      [],
      'payout_instruction_remittance_structured',
    );
    table.check(
      'remittance_text is null or char_length(remittance_text) <= 140',
      [],
      'payout_instruction_remittance_text',
    );
    table.index(['batch_id']);
    table.index(['project_id']);
  });
  // The pending list: instructions not yet in a batch, oldest first.
  await knex.raw(
    'create index payout_instructions_pending_idx on payout_instructions (created_at, id) where batch_id is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payout_instructions');
  await knex.schema.dropTable('payout_batches');
}
