import type { Knex } from 'knex';
import type { Actor } from '../../domain/actor.js';
import type { IsoDate } from '../../domain/dates.js';
import type { RuleParameterKey, RuleParameterRow } from '../../domain/rule-parameters.js';

/** The writes on the dated rule parameters. */
export class RuleParameterRepository {
  /**
   * Holds the key until the transaction ends, so two staff members adding a
   * value for the same rule at once each read the other's row (the old value
   * in force that the audit row records).
   */
  async lockKey(trx: Knex.Transaction, key: RuleParameterKey): Promise<void> {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`rule_parameters:${key}`]);
  }

  /** Every row of one key, oldest first. */
  async rowsOf(trx: Knex.Transaction, key: RuleParameterKey): Promise<RuleParameterRow[]> {
    return trx('rule_parameters')
      .where({ key })
      .orderBy('valid_from')
      .select<RuleParameterRow[]>('key', 'valid_from', 'value');
  }

  /**
   * A new value from `validFrom`. Undefined when the key already has a value
   * from that date (the unique constraint on key and date): nothing written.
   */
  async insert(
    trx: Knex.Transaction,
    row: { key: RuleParameterKey; validFrom: IsoDate; value: number; note: string },
    actor: Actor,
  ): Promise<number | undefined> {
    const inserted = await trx('rule_parameters')
      .insert({
        key: row.key,
        valid_from: row.validFrom,
        value: row.value,
        note: row.note,
        created_by_id: actor.id,
        created_by_label: actor.label,
      })
      .onConflict(['key', 'valid_from'])
      .ignore()
      .returning<{ id: number }[]>('id');
    return inserted[0]?.id;
  }
}
