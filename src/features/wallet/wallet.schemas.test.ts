import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../web/form-state.js';
import { cancelFormSchema, expectedBalanceSchema, paymentFormSchema } from './wallet.schemas.js';

const context = { today: '2026-11-23', agreementDate: '2026-10-01', balanceCents: 125_050 };
const valid = { bedrag: '1.250,50', factuurnummer: ' F2026-0042 ', factuurdatum: '20/11/2026' };

function errorsOf(body: Record<string, unknown>) {
  const parsed = paymentFormSchema(context).safeParse(body);
  return parsed.success ? {} : fieldErrors(parsed.error);
}

describe('the payment form', () => {
  it('gives the amount in cents, the invoice number trimmed and the date as YYYY-MM-DD', () => {
    expect(paymentFormSchema(context).parse(valid)).toEqual({
      bedrag: 125_050,
      factuurnummer: 'F2026-0042',
      factuurdatum: '2026-11-20',
    });
  });

  it('accepts the whole balance, and dates on the agreement date and today', () => {
    expect(paymentFormSchema(context).parse({ ...valid, bedrag: '€ 1250,50' }).bedrag).toBe(125_050);
    expect(paymentFormSchema(context).parse({ ...valid, factuurdatum: '01/10/2026' }).factuurdatum).toBe(
      '2026-10-01',
    );
    expect(paymentFormSchema(context).parse({ ...valid, factuurdatum: '23112026' }).factuurdatum).toBe(
      '2026-11-23',
    );
    expect(paymentFormSchema(context).parse({ ...valid, factuurdatum: '5 11 2026' }).factuurdatum).toBe(
      '2026-11-05',
    );
  });

  it('needs every field', () => {
    expect(errorsOf({})).toEqual({
      bedrag: 'Vul het bedrag in.',
      factuurnummer: 'Vul het factuurnummer in.',
      factuurdatum: 'Vul de factuurdatum in.',
    });
    expect(errorsOf({ bedrag: ' ', factuurnummer: '  ', factuurdatum: '' })).toEqual({
      bedrag: 'Vul het bedrag in.',
      factuurnummer: 'Vul het factuurnummer in.',
      factuurdatum: 'Vul de factuurdatum in.',
    });
  });

  it.each([
    ['0', 'Het bedrag moet groter zijn dan € 0,00.'],
    ['0,00', 'Het bedrag moet groter zijn dan € 0,00.'],
    ['-10', 'Het bedrag moet groter zijn dan € 0,00.'],
    ['12,345', 'Vul een bedrag in euro in met hoogstens twee decimalen, bijvoorbeeld 1.250,00.'],
    ['twaalf', 'Vul een bedrag in euro in met hoogstens twee decimalen, bijvoorbeeld 1.250,00.'],
    [
      '1250,51',
      'Het bedrag is hoger dan het saldo van dit project (€ 1.250,50). U kunt niet meer betalen dan het saldo.',
    ],
  ])('refuses the amount %s', (bedrag, message) => {
    expect(errorsOf({ ...valid, bedrag })).toEqual({ bedrag: message });
  });

  it('keeps the invoice number to 50 characters', () => {
    expect(errorsOf({ ...valid, factuurnummer: 'F'.repeat(50) })).toEqual({});
    expect(errorsOf({ ...valid, factuurnummer: 'F'.repeat(51) })).toEqual({
      factuurnummer: 'Het factuurnummer mag hoogstens 50 tekens lang zijn.',
    });
  });

  it.each([
    ['31/02/2026', 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.'],
    ['gisteren', 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.'],
    ['24/11/2026', 'De factuurdatum mag niet in de toekomst liggen.'],
    [
      '30/09/2026',
      'De factuurdatum mag niet vóór de datum van de overeenkomst met de dienstverlener (01/10/2026) liggen.',
    ],
  ])('refuses the invoice date %s', (factuurdatum, message) => {
    expect(errorsOf({ ...valid, factuurdatum })).toEqual({ factuurdatum: message });
  });
});

describe('the hidden fields', () => {
  it('reads the balance the page showed as a whole number of cents', () => {
    expect(expectedBalanceSchema.parse({ expectedBalance: '125050' })).toEqual({ expectedBalance: 125_050 });
    expect(expectedBalanceSchema.safeParse({ expectedBalance: '12,5' }).success).toBe(false);
    expect(expectedBalanceSchema.safeParse({}).success).toBe(false);
  });

  it('reads the cancel form: the status shown and an optional reason of at most 2000 characters', () => {
    expect(cancelFormSchema.parse({ expectedFrom: 'Bevestigd' })).toEqual({
      expectedFrom: 'Bevestigd',
      reason: '',
    });
    expect(cancelFormSchema.parse({ expectedFrom: 'Bevestigd', reason: '  Dubbele aanvraag. ' }).reason).toBe(
      'Dubbele aanvraag.',
    );
    expect(cancelFormSchema.safeParse({ expectedFrom: 'Onbekend' }).success).toBe(false);
    const long = cancelFormSchema.safeParse({ expectedFrom: 'Bevestigd', reason: 'x'.repeat(2001) });
    expect(long.success ? {} : fieldErrors(long.error)).toEqual({
      reason: 'Houd de reden korter dan 2000 tekens.',
    });
  });
});
