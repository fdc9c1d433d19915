import { z } from 'zod';
import { parseTypedDate, type IsoDate } from '../../domain/dates.js';
import {
  parseRuleParameterInput,
  ruleParameterInputMessages,
  validFromRefusal,
  type RuleParameterUnit,
} from '../../domain/rule-parameters.js';

export const MAX_NOTE_LENGTH = 2000;

/** The fields of the form that adds a value: the only body keys read, and kept after a refusal. */
export const ruleValueFields = ['value', 'validFrom', 'note'] as const;

const missingValue: Record<RuleParameterUnit, string> = {
  basis_points: 'Vul het nieuwe percentage in.',
  cents: 'Vul het nieuwe bedrag in.',
  days: 'Vul het nieuwe aantal dagen in.',
  years: 'Vul het nieuwe aantal jaren in.',
  flag: 'Kies Ja of Nee.',
};

/**
 * The form that adds a value to a rule of this unit: the value as staff think
 * of it (percent, euro, days, years, ja/nee) into the stored integer, the date
 * it takes effect (dd/mm/jjjj, tomorrow at the earliest) and a note saying on
 * what it rests (the decree). Dutch messages per field.
 */
export function ruleValueFormSchema(unit: RuleParameterUnit, today: IsoDate) {
  return z.object({
    value: z
      .string({ error: missingValue[unit] })
      .trim()
      .min(1, missingValue[unit])
      .transform((text, check) => {
        const value = parseRuleParameterInput(unit, text);
        if (value === undefined) {
          check.addIssue({ code: 'custom', message: ruleParameterInputMessages[unit] });
          return z.NEVER;
        }
        return value;
      }),
    validFrom: z
      .string({ error: 'Vul de datum in vanaf wanneer de nieuwe waarde geldt.' })
      .trim()
      .min(1, 'Vul de datum in vanaf wanneer de nieuwe waarde geldt.')
      .transform((text, check) => {
        const date = parseTypedDate(text);
        if (date === undefined) {
          check.addIssue({
            code: 'custom',
            message: 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 01/01/2027.',
          });
          return z.NEVER;
        }
        const tooEarly = validFromRefusal(today, date);
        if (tooEarly) {
          check.addIssue({ code: 'custom', message: tooEarly });
          return z.NEVER;
        }
        return date;
      }),
    note: z
      .string({ error: 'Vul een toelichting in, bijvoorbeeld het besluit waarop de nieuwe waarde steunt.' })
      .trim()
      .min(1, 'Vul een toelichting in, bijvoorbeeld het besluit waarop de nieuwe waarde steunt.')
      .max(MAX_NOTE_LENGTH, `Houd de toelichting korter dan ${MAX_NOTE_LENGTH} tekens.`),
  });
}
