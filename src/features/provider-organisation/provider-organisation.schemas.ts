import { z } from 'zod';
import {
  isBelgianIban,
  isValidBic,
  isValidIban,
  normaliseBic,
  normaliseIban,
} from '../../domain/belgian-identifiers.js';
import { addressFieldNames, addressFields } from '../establishments/establishment.schemas.js';

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

/** 8 to 15 digits, written with spaces, dots, slashes, dashes or brackets, optionally after a "+". */
function isPhoneNumber(value: string): boolean {
  if (!/^\+?[0-9][0-9 ./()-]*$/.test(value)) return false;
  const digits = value.replace(/[^0-9]/g, '').length;
  return digits >= 8 && digits <= 15;
}

export const providerOrganisationMessages = {
  bicRequired: 'Vul de BIC in. Bij een Belgisch rekeningnummer is die verplicht.',
  bicNotBelgian: 'Deze BIC hoort niet bij een Belgische bank: de vijfde en zesde letter zijn BE.',
} as const;

export const providerOrganisationFieldNames = [
  ...addressFieldNames,
  'contactName',
  'contactEmail',
  'contactPhone',
  'iban',
  'bic',
] as const;

/** The head office's address, contact and bank details; in the order of the form. */
export const providerOrganisationSchema = z
  .object({
    ...addressFields,
    contactName: text('Vul de naam van de contactpersoon in.').max(
      100,
      'De naam van de contactpersoon heeft hoogstens 100 tekens.',
    ),
    contactEmail: text('Vul het e-mailadres van de contactpersoon in.')
      .max(254, 'Een e-mailadres heeft hoogstens 254 tekens.')
      .pipe(z.email('Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.')),
    contactPhone: text('Vul het telefoonnummer in.').refine(
      isPhoneNumber,
      'Vul een geldig telefoonnummer in, bijvoorbeeld +32 2 123 45 67.',
    ),
    iban: text('Vul het rekeningnummer (IBAN) in.')
      .refine(
        isValidIban,
        'Vul een geldig IBAN-rekeningnummer van een SEPA-land in, bijvoorbeeld BE71 0961 2345 6769.',
      )
      .transform((iban) => normaliseIban(iban) ?? iban),
    bic: z
      .string({ error: 'Vul een geldige BIC in.' })
      .optional()
      .transform((bic) => normaliseBic(bic ?? ''))
      .refine(
        (bic) => bic === '' || isValidBic(bic),
        'Vul een geldige BIC in: 8 of 11 letters en cijfers, bijvoorbeeld GKCCBEBB.',
      ),
  })
  .superRefine((form, context) => {
    // A Belgian account needs the BIC of a Belgian bank; other SEPA accounts may go without.
    if (!isBelgianIban(form.iban)) return;
    if (form.bic === '')
      context.addIssue({ code: 'custom', path: ['bic'], message: providerOrganisationMessages.bicRequired });
    else if (isValidBic(form.bic) && form.bic.slice(4, 6) !== 'BE')
      context.addIssue({
        code: 'custom',
        path: ['bic'],
        message: providerOrganisationMessages.bicNotBelgian,
      });
  });

export type ProviderOrganisationForm = z.infer<typeof providerOrganisationSchema>;
