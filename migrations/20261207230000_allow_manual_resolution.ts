import type { Knex } from 'knex';

/**
 * A deposit among the exceptions whose statement names no valid payer
 * account cannot be refunded through a payout, so it could never be resolved.
 * Staff may now mark it "handled manually" (resolution `handled_manually`),
 * always with a note of what they did (resolution_reason).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table bank_movements drop constraint bank_movement_resolution');
  await knex.raw(`alter table bank_movements add constraint bank_movement_resolution check (
    resolution is null or (
      resolution in ('refund_confirmed', 'booked_anyway', 'handled_manually')
      and exception_reason is not null and resolved_by is not null and resolved_at is not null
      and (resolution <> 'handled_manually' or btrim(coalesce(resolution_reason, '')) <> '')
    )
  )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table bank_movements drop constraint bank_movement_resolution');
  await knex.raw(`alter table bank_movements add constraint bank_movement_resolution check (
    resolution is null or (resolution in ('refund_confirmed', 'booked_anyway') and exception_reason is not null and resolved_by is not null and resolved_at is not null)
  )`);
}
