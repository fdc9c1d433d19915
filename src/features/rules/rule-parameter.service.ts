import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { recordAudit } from '../../db/audit-log.js';
import type { Actor } from '../../domain/actor.js';
import { formatDate, type IsoDate } from '../../domain/dates.js';
import { validFromRefusal, valueInForce, type RuleParameterKey } from '../../domain/rule-parameters.js';
import type { RuleParameterRepository } from './rule-parameter.repository.js';

export interface NewRuleValue {
  value: number;
  validFrom: IsoDate;
  note: string;
}

/** Added, or refused with the field and the Dutch message to show beside it. */
export type AddRuleValueResult =
  | { added: true; id: number; oldValue: number | null }
  | { added: false; field: 'validFrom'; message: string };

/** The agency sets the rules: a new value of a dated parameter from a date to come. */
export class RuleParameterService {
  constructor(
    private readonly db: Knex,
    private readonly parameters: RuleParameterRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A new value of `key` from `validFrom` (tomorrow at the earliest, so no
   * application, deadline or registration already decided changes), with an
   * audit row holding the value it replaces on that date — one transaction.
   * A second value for the same key and date is refused and writes nothing.
   */
  async add(
    key: RuleParameterKey,
    input: NewRuleValue,
    context: { actor: Actor; requestId?: string },
  ): Promise<AddRuleValueResult> {
    const tooEarly = validFromRefusal(this.clock.today(), input.validFrom);
    if (tooEarly) return { added: false, field: 'validFrom', message: tooEarly };
    return this.db.transaction(async (trx) => {
      await this.parameters.lockKey(trx, key);
      const oldValue = valueInForce(await this.parameters.rowsOf(trx, key), key, input.validFrom) ?? null;
      const id = await this.parameters.insert(trx, { key, ...input }, context.actor);
      if (id === undefined) {
        return {
          added: false,
          field: 'validFrom',
          message: `Deze regel heeft al een waarde vanaf ${formatDate(input.validFrom)}. Kies een andere datum.`,
        } as const;
      }
      await recordAudit(trx, {
        actor: context.actor,
        action: 'rule_parameter.add',
        entityType: 'rule_parameter',
        entityId: id,
        details: { key, validFrom: input.validFrom, oldValue, newValue: input.value, note: input.note },
        requestId: context.requestId,
      });
      return { added: true, id, oldValue } as const;
    });
  }
}
