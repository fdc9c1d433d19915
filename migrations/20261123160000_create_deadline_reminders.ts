import type { Knex } from 'knex';

const reminderKinds = [
  'deposit_company_7d',
  'deposit_company_2d',
  'deposit_provider_7d',
  'payment_company_60d',
  'payment_company_14d',
  'payment_provider_14d',
  'application_person_3d',
  'application_person_1d',
];
const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * Every reminder the nightly deadline run sent (deposit, paying the provider,
 * an unfinished application), one row per recipient. The unique key makes a
 * reminder go out once, however often or concurrently the run happens: the
 * row is inserted in the transaction that queues the mail.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deadline_reminders', (table) => {
    table.bigIncrements('id');
    table.text('kind').notNullable();
    // What the deadline belongs to: a project (its id) or an application draft (its uuid).
    table.text('subject_type').notNullable();
    table.text('subject_id').notNullable();
    // The address, lower-case.
    table.text('recipient').notNullable();
    // The day the reminder was meant for (the deadline minus its days before).
    table.date('due_on').notNullable();
    // The deadline it warns about.
    table.date('deadline').notNullable();
    // The day of the run that sent it (later than due_on when a night's run was missed).
    table.date('sent_on').notNullable();
    table.bigInteger('mail_id').references('mail_outbox.id').onDelete('SET NULL');
    table.timestamps(true, true);
    table.unique(['kind', 'subject_type', 'subject_id', 'recipient', 'due_on'], {
      indexName: 'deadline_reminders_once_key',
    });
    table.index(['subject_type', 'subject_id']);
    table.check(`kind in (${inList(reminderKinds)})`, [], 'deadline_reminder_kind');
    table.check("subject_type in ('project', 'application_draft')", [], 'deadline_reminder_subject_type');
    table.check('sent_on >= due_on and due_on <= deadline', [], 'deadline_reminder_dates');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deadline_reminders');
}
