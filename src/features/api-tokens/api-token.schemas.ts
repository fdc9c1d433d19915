import { z } from 'zod';
import { apiTokenExpiryRefusal } from '../../domain/api-token.js';
import { parseTypedDate, type IsoDate } from '../../domain/dates.js';

export const apiTokenFieldNames = ['name', 'departmentId', 'expiresOn'] as const;

export const apiTokenMessages = {
  nameTaken: 'U hebt al een actief token met deze naam. Kies een andere naam.',
  departmentUnknown: 'Kies een departement uit de lijst, of "Alle departementen".',
  alreadyRevoked: 'Dit token is al ingetrokken.',
  alreadyExpired: 'Dit token is verlopen en geeft al geen toegang meer tot de API: intrekken is niet nodig.',
  gone: 'Dit token bestaat niet.',
} as const;

/** The form that creates a token: a name, an optional department, an expiry date after today within a year. */
export function apiTokenFormSchema(today: IsoDate) {
  return z.object({
    name: z
      .string({ error: 'Vul een naam in voor het token.' })
      .trim()
      .min(1, 'Vul een naam in voor het token.')
      .max(100, 'De naam heeft hoogstens 100 tekens.'),
    departmentId: z
      .string()
      .optional()
      .transform((value, check) => {
        const text = (value ?? '').trim();
        if (text === '') return null;
        if (!/^[1-9][0-9]{0,8}$/.test(text)) {
          check.addIssue({ code: 'custom', message: apiTokenMessages.departmentUnknown });
          return z.NEVER;
        }
        return Number(text);
      }),
    expiresOn: z
      .string({ error: 'Vul de vervaldatum in.' })
      .trim()
      .min(1, 'Vul de vervaldatum in.')
      .transform((text, check) => {
        const date = parseTypedDate(text);
        if (date === undefined) {
          check.addIssue({
            code: 'custom',
            message: 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2027.',
          });
          return z.NEVER;
        }
        const refusal = apiTokenExpiryRefusal(today, date);
        if (refusal) {
          check.addIssue({ code: 'custom', message: refusal });
          return z.NEVER;
        }
        return date;
      }),
  });
}

export type ApiTokenForm = z.infer<ReturnType<typeof apiTokenFormSchema>>;
