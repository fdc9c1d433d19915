import type { Knex } from 'knex';

const dayKinds = [
  'deposit_company_7d',
  'deposit_company_2d',
  'deposit_provider_7d',
  'payment_company_60d',
  'payment_company_14d',
  'payment_provider_14d',
  'application_person_3d',
  'application_person_1d',
];
const renewalKinds = ['renewal_provider_3m', 'renewal_provider_1m'];
const inList = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * The renewal reminders (issue 20): the nightly run mails a registration's
 * provider 3 months and 1 month before its expiry date, registered in
 * deadline_reminders like every other reminder (subject: the registration),
 * so each goes out once per validity period however often the run happens.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table deadline_reminders drop constraint deadline_reminder_kind');
  await knex.raw(
    `alter table deadline_reminders add constraint deadline_reminder_kind check (kind in (${inList([...dayKinds, ...renewalKinds])}))`,
  );
  await knex.raw('alter table deadline_reminders drop constraint deadline_reminder_subject_type');
  await knex.raw(
    "alter table deadline_reminders add constraint deadline_reminder_subject_type check (subject_type in ('project', 'application_draft', 'registration'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('deadline_reminders').where({ subject_type: 'registration' }).delete();
  await knex.raw('alter table deadline_reminders drop constraint deadline_reminder_kind');
  await knex.raw(
    `alter table deadline_reminders add constraint deadline_reminder_kind check (kind in (${inList(dayKinds)}))`,
  );
  await knex.raw('alter table deadline_reminders drop constraint deadline_reminder_subject_type');
  await knex.raw(
    "alter table deadline_reminders add constraint deadline_reminder_subject_type check (subject_type in ('project', 'application_draft'))",
  );
}
