import { z } from 'zod';
import { isBelgianPostcode } from '../../domain/belgian-identifiers.js';

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

/**
 * The fields of a Belgian address, in the order of the form (street, number,
 * box, postcode, municipality): the error summary lists the messages in this
 * order. Also used for the head office's address (company data).
 */
export const addressFields = {
  street: text('Vul de straat in.').max(100, 'De straat heeft hoogstens 100 tekens.'),
  houseNumber: text('Vul het huisnummer in.').max(10, 'Het huisnummer heeft hoogstens 10 tekens.'),
  box: z
    .string({ error: 'Vul een geldig busnummer in.' })
    .trim()
    .max(10, 'Het busnummer heeft hoogstens 10 tekens.')
    .optional()
    .transform((box) => (box ? box : null)),
  postcode: text('Vul de postcode in.').refine(
    isBelgianPostcode,
    'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.',
  ),
  municipality: text('Vul de gemeente in.').max(100, 'De gemeente heeft hoogstens 100 tekens.'),
};

export const addressFieldNames = ['street', 'houseNumber', 'box', 'postcode', 'municipality'] as const;

export const establishmentSchema = z.object(addressFields);

export type EstablishmentForm = z.infer<typeof establishmentSchema>;
