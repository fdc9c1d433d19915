import type { Knex } from 'knex';

/**
 * The audit log becomes append-only and tamper-evident.
 *
 * Append-only: triggers refuse every UPDATE, DELETE and TRUNCATE of audit_log.
 *
 * Tamper-evident: every row is a link of one hash chain, built in the database
 * by a BEFORE INSERT trigger, so that every writer (recordAudit, raw SQL, a
 * seed) is chained alike. The trigger takes a transaction-scoped advisory lock
 * (key AUDIT_CHAIN_LOCK), so inserts into the log are serialised until their
 * transaction ends; under it the row gets the next `chain_seq` (1, 2, 3, … in
 * commit order, unlike `id`, which its sequence hands out before the lock),
 * the previous row's hash as `prev_hash` (64 zeros for the first row) and
 *
 *   hash = hex(sha256(utf8(prev_hash || audit_log_content(row))))
 *
 * where the canonical content is the text of the JSON array
 *
 *   [chain_seq, id, occurred_at as UTC "YYYY-MM-DDTHH:MI:SS.ffffffZ", actor_type,
 *    actor_id, actor_label, action, entity_type, entity_id, details, request_id]
 *
 * (jsonb's text form is canonical: keys sorted, one spelling per value). The
 * trigger and the verifier (src/db/audit-chain.ts) both call
 * audit_log_row_hash, so they cannot disagree. A column added to audit_log
 * later is not covered by the hash until a migration extends
 * audit_log_content, in a way that leaves the rows already written verifying
 * (for instance: the new column enters the array only when it is not null).
 *
 * Rows already present (earlier migrations, a seeded database) are chained
 * here in id order, before the triggers exist.
 */
const AUDIT_CHAIN_LOCK = 2026120714;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table audit_log
      add column chain_seq bigint,
      add column prev_hash text,
      add column hash text
  `);

  await knex.raw(`
    create function audit_log_content(entry audit_log) returns text
    language sql stable as $$
      select jsonb_build_array(
        entry.chain_seq,
        entry.id,
        to_char(entry.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        entry.actor_type,
        entry.actor_id,
        entry.actor_label,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.details,
        entry.request_id
      )::text
    $$
  `);
  await knex.raw(`
    create function audit_log_row_hash(prev_hash text, entry audit_log) returns text
    language sql stable as $$
      select encode(sha256(convert_to(prev_hash || audit_log_content(entry), 'UTF8')), 'hex')
    $$
  `);

  // Chain what is there, oldest id first.
  await knex.raw(`
    do $$
    declare
      entry audit_log;
      seq bigint := 0;
      previous text := repeat('0', 64);
    begin
      for entry in select * from audit_log order by id loop
        seq := seq + 1;
        entry.chain_seq := seq;
        entry.prev_hash := previous;
        entry.hash := audit_log_row_hash(previous, entry);
        update audit_log
          set chain_seq = entry.chain_seq, prev_hash = entry.prev_hash, hash = entry.hash
          where id = entry.id;
        previous := entry.hash;
      end loop;
    end
    $$
  `);
  await knex.raw(`
    alter table audit_log
      alter column chain_seq set not null,
      alter column prev_hash set not null,
      alter column hash set not null,
      add constraint audit_log_chain_seq_unique unique (chain_seq)
  `);
  // The audit page filters by action and lists the actions present.
  await knex.raw('create index audit_log_action_index on audit_log (action)');

  await knex.raw(`
    create function audit_log_chain() returns trigger
    language plpgsql as $$
    declare
      last_seq bigint;
      last_hash text;
    begin
      perform pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});
      select chain_seq, hash into last_seq, last_hash
        from audit_log order by chain_seq desc limit 1;
      new.chain_seq := coalesce(last_seq, 0) + 1;
      new.prev_hash := coalesce(last_hash, repeat('0', 64));
      new.hash := audit_log_row_hash(new.prev_hash, new);
      return new;
    end
    $$
  `);
  await knex.raw(`
    create trigger audit_log_chain before insert on audit_log
      for each row execute function audit_log_chain()
  `);

  await knex.raw(`
    create function audit_log_refuse_change() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is refused', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'Record a new audit row instead of changing or removing one.';
    end
    $$
  `);
  await knex.raw(`
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()
  `);
  await knex.raw(`
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger audit_log_no_truncate on audit_log');
  await knex.raw('drop trigger audit_log_append_only on audit_log');
  await knex.raw('drop trigger audit_log_chain on audit_log');
  await knex.raw('drop function audit_log_refuse_change()');
  await knex.raw('drop function audit_log_chain()');
  await knex.raw('drop function audit_log_row_hash(text, audit_log)');
  await knex.raw('drop function audit_log_content(audit_log)');
  await knex.raw('drop index audit_log_action_index');
  await knex.raw(`
    alter table audit_log
      drop constraint audit_log_chain_seq_unique,
      drop column chain_seq,
      drop column prev_hash,
      drop column hash
  `);
}
