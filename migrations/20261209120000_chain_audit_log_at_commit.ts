import type { Knex } from 'knex';

/**
 * The audit chain is built at commit instead of at insert (issue 22, ADR 0007).
 *
 * Before, a BEFORE INSERT trigger took the chain's advisory lock at a
 * transaction's first audit row and held it until the transaction ended: a
 * statement import's chunk (200 credits, each with its audit row, ledger and
 * mails) held it for its whole length, and every submit waited behind it — and
 * behind the submit every other submit, queued on the year's project number
 * counter (lock waits sampled during the mixed load, docs/PERFORMANCE.md).
 *
 * Now an insert leaves `chain_seq`, `prev_hash` and `hash` empty, and a
 * deferred constraint trigger (INITIALLY DEFERRED: it runs when the
 * transaction commits, after every other statement) takes the same lock and
 * chains each of the transaction's rows, in insert order: the lock is held
 * only for the commit. The chain keeps its guarantees: one order (commit
 * order), the same hash (audit_log_row_hash, unchanged), append-only (the
 * only UPDATE allowed is this trigger's filling of the chain columns of a row
 * not chained yet — a row of the transaction itself, since every committed
 * row is chained — with its content unchanged), and no deadlock through the
 * lock: nothing in the transaction takes a row lock after it.
 */
const AUDIT_CHAIN_LOCK = 2026120714;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop trigger audit_log_chain on audit_log');
  await knex.raw('drop function audit_log_chain()');
  await knex.raw(`
    alter table audit_log
      alter column chain_seq drop not null,
      alter column prev_hash drop not null,
      alter column hash drop not null
  `);

  // An insert never brings its own chain: the commit gives it.
  await knex.raw(`
    create function audit_log_unchained() returns trigger
    language plpgsql as $$
    begin
      new.chain_seq := null;
      new.prev_hash := null;
      new.hash := null;
      return new;
    end
    $$
  `);
  await knex.raw(`
    create trigger audit_log_unchained before insert on audit_log
      for each row execute function audit_log_unchained()
  `);

  await knex.raw(`
    create function audit_log_chain_at_commit() returns trigger
    language plpgsql as $$
    declare
      entry audit_log;
      last_seq bigint;
      last_hash text;
    begin
      perform pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});
      select chain_seq, hash into last_seq, last_hash
        from audit_log where chain_seq is not null order by chain_seq desc limit 1;
      entry := new;
      entry.chain_seq := coalesce(last_seq, 0) + 1;
      entry.prev_hash := coalesce(last_hash, repeat('0', 64));
      entry.hash := audit_log_row_hash(entry.prev_hash, entry);
      update audit_log
         set chain_seq = entry.chain_seq, prev_hash = entry.prev_hash, hash = entry.hash
       where id = new.id;
      return null;
    end
    $$
  `);
  await knex.raw(`
    create constraint trigger audit_log_chain after insert on audit_log
      deferrable initially deferred
      for each row execute function audit_log_chain_at_commit()
  `);

  // Append-only still: the one UPDATE let through is the chaining of a row not chained yet.
  await knex.raw(`
    create or replace function audit_log_refuse_change() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
         and old.chain_seq is null and old.prev_hash is null and old.hash is null
         and new.chain_seq is not null and new.prev_hash is not null and new.hash is not null
         and (new.id, new.occurred_at, new.actor_type, new.actor_id, new.actor_label, new.action,
              new.entity_type, new.entity_id, new.details, new.request_id)
             is not distinct from
             (old.id, old.occurred_at, old.actor_type, old.actor_id, old.actor_label, old.action,
              old.entity_type, old.entity_id, old.details, old.request_id) then
        return new;
      end if;
      raise exception 'audit_log is append-only: % is refused', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'Record a new audit row instead of changing or removing one.';
    end
    $$
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function audit_log_refuse_change() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is refused', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'Record a new audit row instead of changing or removing one.';
    end
    $$
  `);
  await knex.raw('drop trigger audit_log_chain on audit_log');
  await knex.raw('drop function audit_log_chain_at_commit()');
  await knex.raw('drop trigger audit_log_unchained on audit_log');
  await knex.raw('drop function audit_log_unchained()');
  await knex.raw(`
    alter table audit_log
      alter column chain_seq set not null,
      alter column prev_hash set not null,
      alter column hash set not null
  `);
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
}
