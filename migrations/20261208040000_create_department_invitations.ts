import type { Knex } from 'knex';

/**
 * A person joins a department only by accepting the head office's invitation:
 * a single-use link mailed to the address the head office gives. Only the
 * token's SHA-256 is stored. An invitation ends accepted, revoked or expired.
 *
 * Until now a person whose IdP e-mail matched a department's contact address
 * was let into that department at every sign-in. The people who were let in
 * that way keep their departments: they become members here, explicitly.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('department_invitations', (table) => {
    table.increments('id');
    table.integer('department_id').notNullable().references('departments.id').onDelete('CASCADE');
    table.integer('provider_id').notNullable().references('provider_organisations.id').onDelete('CASCADE');
    table.text('email').notNullable();
    table.string('token_hash', 64).notNullable().unique();
    table.text('invited_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('accepted_at', { useTz: true });
    table.integer('accepted_by').references('persons.id').onDelete('SET NULL');
    table.timestamp('revoked_at', { useTz: true });
    table.index(['provider_id']);
    table.index(['department_id']);
    table.check('accepted_at is null or revoked_at is null', [], 'department_invitation_one_end');
    table.check("token_hash ~ '^[0-9a-f]{64}$'", [], 'department_invitation_token_hash_hex');
  });

  await knex.raw(`
    insert into department_users (person_id, department_id)
    select p.id, d.id
      from persons p
      join departments d on lower(d.contact_email) = lower(p.email)
     where p.email is not null
    on conflict (person_id, department_id) do nothing
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('department_invitations');
}
