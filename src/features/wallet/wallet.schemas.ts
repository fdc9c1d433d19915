import { z } from 'zod';
import { formatDate, parseTypedDate, type IsoDate } from '../../domain/dates.js';
import { formatEuro, parseEuroInput } from '../../domain/money.js';
import { projectStatuses } from '../../domain/project-status.js';

export const MAX_CANCEL_REASON_LENGTH = 2000;
export const MAX_INVOICE_NUMBER_LENGTH = 50;

const STALE_FORM = 'Dit formulier is onvolledig. Laad de pagina opnieuw en probeer nog eens.';

/** The cancel form: the status the page showed and an optional reason. */
export const cancelFormSchema = z.object({
  expectedFrom: z.enum(projectStatuses, { error: STALE_FORM }),
  reason: z
    .string()
    .trim()
    .max(MAX_CANCEL_REASON_LENGTH, `Houd de reden korter dan ${MAX_CANCEL_REASON_LENGTH} tekens.`)
    .optional()
    .default(''),
});

/** The payment form's own fields: what is read from the body and kept after a refusal. */
export const paymentFields = ['bedrag', 'factuurnummer', 'factuurdatum'] as const;

/**
 * The balance the payment page showed (a hidden field). A different balance
 * at the post means another payment came first: a second click, another tab.
 */
export const expectedBalanceSchema = z.object({
  expectedBalance: z
    .string()
    .regex(/^-?[0-9]{1,15}$/)
    .transform(Number),
});

export interface PaymentContext {
  /** Today in Brussels: an invoice cannot be dated later. */
  today: IsoDate;
  /**
   * The date of the project's agreement with the provider: an invoice cannot be
   * dated earlier. (Not the application date: services may start, and be
   * invoiced, up to 14 days before the company applies.)
   */
  agreementDate: IsoDate;
  /** What is left in the wallet for the project: the most one can pay. */
  balanceCents: number;
}

/**
 * The payment form (bedrag, factuurnummer, factuurdatum) for one project:
 * an amount above zero and at most the balance, an invoice number of at most
 * 50 characters, an invoice date between the agreement date and today.
 * Gives the amount in cents and the invoice date as YYYY-MM-DD.
 */
export function paymentFormSchema(context: PaymentContext) {
  return z.object({
    bedrag: z
      .string({ error: 'Vul het bedrag in.' })
      .trim()
      .min(1, 'Vul het bedrag in.')
      .transform((text, check) => {
        if (/^-/.test(text.replace(/^(€|eur)\s*/i, ''))) {
          check.addIssue({ code: 'custom', message: 'Het bedrag moet groter zijn dan € 0,00.' });
          return z.NEVER;
        }
        const cents = parseEuroInput(text);
        if (cents === undefined) {
          check.addIssue({
            code: 'custom',
            message: 'Vul een bedrag in euro in met hoogstens twee decimalen, bijvoorbeeld 1.250,00.',
          });
          return z.NEVER;
        }
        if (cents <= 0) {
          check.addIssue({ code: 'custom', message: 'Het bedrag moet groter zijn dan € 0,00.' });
          return z.NEVER;
        }
        if (cents > context.balanceCents) {
          check.addIssue({
            code: 'custom',
            message: `Het bedrag is hoger dan het saldo van dit project (${formatEuro(context.balanceCents)}). U kunt niet meer betalen dan het saldo.`,
          });
          return z.NEVER;
        }
        return cents;
      }),
    factuurnummer: z
      .string({ error: 'Vul het factuurnummer in.' })
      .trim()
      .min(1, 'Vul het factuurnummer in.')
      .max(
        MAX_INVOICE_NUMBER_LENGTH,
        `Het factuurnummer mag hoogstens ${MAX_INVOICE_NUMBER_LENGTH} tekens lang zijn.`,
      ),
    factuurdatum: z
      .string({ error: 'Vul de factuurdatum in.' })
      .trim()
      .min(1, 'Vul de factuurdatum in.')
      .transform((text, check) => {
        const date = parseTypedDate(text);
        if (date === undefined) {
          check.addIssue({
            code: 'custom',
            message: 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.',
          });
          return z.NEVER;
        }
        if (date > context.today) {
          check.addIssue({ code: 'custom', message: 'De factuurdatum mag niet in de toekomst liggen.' });
          return z.NEVER;
        }
        if (date < context.agreementDate) {
          check.addIssue({
            code: 'custom',
            message: `De factuurdatum mag niet vóór de datum van de overeenkomst met de dienstverlener (${formatDate(context.agreementDate)}) liggen.`,
          });
          return z.NEVER;
        }
        return date;
      }),
  });
}

export type PaymentForm = z.output<ReturnType<typeof paymentFormSchema>>;
