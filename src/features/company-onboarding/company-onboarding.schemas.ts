import { z } from 'zod';
import { isValidIban, normaliseBic, normaliseIban } from '../../domain/belgian-identifiers.js';
import { parseEuroInput } from '../../domain/money.js';
import { companySizes } from '../../domain/subsidy-terms.js';
import { formatFte, MAX_FTE_TENTHS, readFteInput } from './company-figures.js';
import {
  bicProblem,
  detailsFields,
  excludedActivityMessage,
  normaliseNaceCode,
  type NaceCode,
} from './company-details.js';

export const sizeFieldNames = ['size'] as const;

/** The size confirmation: one of the three sizes, none chosen beforehand. */
export const sizeSchema = z.object({
  size: z.enum(companySizes, { error: 'Kies of uw onderneming klein, middelgroot of groot is.' }),
});

export const detailsMessages = {
  ibanRequired: 'Vul het rekeningnummer (IBAN) van uw onderneming in.',
  ibanInvalid: 'Vul een geldig IBAN-rekeningnummer van een SEPA-land in, bijvoorbeeld BE71 0961 2345 6769.',
  bicRequired: 'Vul de BIC in. Bij een Belgisch rekeningnummer is die verplicht.',
  bicInvalid: 'Vul een geldige BIC in: 8 of 11 letters en cijfers, bijvoorbeeld GKCCBEBB.',
  bicNotBelgian: 'Deze BIC hoort niet bij een Belgische bank: de vijfde en zesde letter zijn BE.',
  turnoverRequired: 'Vul de jaaromzet van uw onderneming in.',
  turnoverInvalid: 'Vul de jaaromzet in als bedrag in euro, bijvoorbeeld 1.250.000,00.',
  employeesRequired: 'Vul het aantal werknemers in voltijdse equivalenten in.',
  employeesInvalid: 'Vul het aantal werknemers in als een getal van 0 of meer, bijvoorbeeld 12 of 12,5.',
  employeesDecimals: 'Vul het aantal werknemers in met hoogstens één cijfer na de komma, bijvoorbeeld 12,5.',
  employeesTooLarge: `Het aantal werknemers is te groot: hoogstens ${formatFte(MAX_FTE_TENTHS)} voltijdse equivalenten.`,
  naceRequired: 'Vul de NACE-BEL-code van uw hoofdactiviteit in.',
  naceShape: 'Een NACE-BEL-code heeft vijf cijfers, bijvoorbeeld 62010.',
  naceUnknown: (code: string) =>
    `De code ${code} is geen NACE-BEL-code die wij kennen. Controleer de code van uw hoofdactiviteit in de Kruispuntbank van Ondernemingen.`,
} as const;

export const detailsFieldNames = detailsFields;

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

/** Looks a NACE-BEL code up in the reference list. */
export type NaceLookup = (code: string) => Promise<NaceCode | undefined>;

/**
 * The completion of the company data, as the form posts it. Parse with
 * `safeParseAsync`: the main activity is looked up in the NACE-BEL list, which
 * also refuses an excluded activity (agriculture, fishing) with its reason.
 */
export function detailsSchema(lookupNace: NaceLookup) {
  return z
    .object({
      iban: text(detailsMessages.ibanRequired)
        .refine(isValidIban, detailsMessages.ibanInvalid)
        .transform((iban) => normaliseIban(iban) ?? iban),
      bic: z
        .string({ error: detailsMessages.bicInvalid })
        .optional()
        .transform((bic) => normaliseBic(bic ?? '')),
      turnover: text(detailsMessages.turnoverRequired).transform((value, context) => {
        const cents = parseEuroInput(value);
        if (cents === undefined) {
          context.addIssue({ code: 'custom', message: detailsMessages.turnoverInvalid });
          return z.NEVER;
        }
        return cents;
      }),
      employeesFte: text(detailsMessages.employeesRequired).transform((value, context) => {
        const read = readFteInput(value);
        if ('problem' in read) {
          const message = {
            format: detailsMessages.employeesInvalid,
            decimals: detailsMessages.employeesDecimals,
            tooLarge: detailsMessages.employeesTooLarge,
          }[read.problem];
          context.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
        return read.tenths;
      }),
      naceCode: text(detailsMessages.naceRequired).transform(async (value, context) => {
        const code = normaliseNaceCode(value);
        if (code === undefined) {
          context.addIssue({ code: 'custom', message: detailsMessages.naceShape });
          return z.NEVER;
        }
        const nace = await lookupNace(code);
        if (!nace) {
          context.addIssue({ code: 'custom', message: detailsMessages.naceUnknown(code) });
          return z.NEVER;
        }
        if (!nace.eligible) {
          context.addIssue({ code: 'custom', message: excludedActivityMessage(nace) });
          return z.NEVER;
        }
        return code;
      }),
    })
    .superRefine(
      (form, context) => {
        // The BIC is judged with the IBAN; without a valid IBAN only its shape is.
        const problem = bicProblem(
          typeof form.iban === 'string' ? form.iban : '',
          typeof form.bic === 'string' ? form.bic : '',
        );
        const message =
          problem === 'invalid'
            ? detailsMessages.bicInvalid
            : problem === 'required'
              ? detailsMessages.bicRequired
              : problem === 'notBelgian'
                ? detailsMessages.bicNotBelgian
                : undefined;
        if (message) context.addIssue({ code: 'custom', path: ['bic'], message });
      },
      // Also when other fields are wrong: every message is shown at once.
      { when: () => true },
    );
}

export type DetailsForm = z.infer<ReturnType<typeof detailsSchema>>;
