import { z } from 'zod';
import {
  isBelgianIban,
  isValidBic,
  isValidEnterpriseNumber,
  isValidIban,
  normaliseBic,
  normaliseEnterpriseNumber,
  normaliseIban,
  sepaIbanLengths,
} from '../../domain/belgian-identifiers.js';
import { normalisePhoneNumber } from '../../domain/phone-number.js';
import { themes } from '../../domain/themes.js';
import { addressFields } from '../establishments/establishment.schemas.js';

/** The legal forms offered, with their Dutch labels; the value is what is stored. */
export const legalForms = [
  { value: 'bv', label: 'Besloten vennootschap (bv)' },
  { value: 'nv', label: 'Naamloze vennootschap (nv)' },
  { value: 'cv', label: 'Coöperatieve vennootschap (cv)' },
  { value: 'vzw', label: 'Vereniging zonder winstoogmerk (vzw)' },
  { value: 'comm.v', label: 'Commanditaire vennootschap (comm.v)' },
  { value: 'vof', label: 'Vennootschap onder firma (vof)' },
  { value: 'eenmanszaak', label: 'Eenmanszaak' },
  { value: 'publiekrechtelijk', label: 'Publiekrechtelijke rechtspersoon' },
  { value: 'andere', label: 'Andere' },
] as const;

export const PRESENTATION_MAX_LENGTH = 2000;

/** The answer to a sign-up with an enterprise number that is already signed up. */
export const alreadySignedUpMessage =
  "Dit ondernemingsnummer is al aangemeld. Gebruik 'Login vergeten' als u uw login kwijt bent.";

/** The enterprise number is already someone's chosen login (rare: logins can be changed). */
export const loginTakenMessage =
  'Dit ondernemingsnummer wordt al als login gebruikt. Neem contact op met het Agentschap Innoveren & Ondernemen via 1700.';

/** The form's fields in page order: the only body keys read, and the order of the error summary. */
export const signupFieldNames = [
  'legalName',
  'enterpriseNumber',
  'legalForm',
  'street',
  'houseNumber',
  'box',
  'postcode',
  'municipality',
  'contactName',
  'email',
  'phone',
  'iban',
  'bic',
  'expertise',
  'presentation',
  'notAuditBureau',
] as const;

type SignupFieldName = (typeof signupFieldNames)[number];

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

/** A required text that `check` turns into its normal form, or refuses with a message. */
function normalised(required: string, check: (value: string) => { error: string } | { value: string }) {
  return text(required).transform((input, ctx) => {
    const outcome = check(input);
    if ('error' in outcome) {
      ctx.issues.push({ code: 'custom', message: outcome.error, input });
      return z.NEVER;
    }
    return outcome.value;
  });
}

const enterpriseNumber = normalised('Vul het ondernemingsnummer in.', (input) => {
  const digits = normaliseEnterpriseNumber(input);
  if (!digits) return { error: 'Een ondernemingsnummer heeft 10 cijfers, bijvoorbeeld 0123.456.749.' };
  if (!isValidEnterpriseNumber(digits))
    return {
      error: 'Dit ondernemingsnummer bestaat niet: de controlecijfers kloppen niet. Controleer het nummer.',
    };
  return { value: digits };
});

const phone = normalised('Vul het telefoonnummer in.', (input) => {
  const number = normalisePhoneNumber(input);
  return number
    ? { value: number }
    : {
        error:
          'Vul een geldig telefoonnummer in, bijvoorbeeld 02 123 45 67, 0470 12 34 56 of +31 20 123 4567.',
      };
});

const iban = normalised('Vul het IBAN-rekeningnummer in.', (input) => {
  const compact = normaliseIban(input);
  const expectedLength = compact ? sepaIbanLengths[compact.slice(0, 2)] : undefined;
  if (!compact || expectedLength === undefined)
    return {
      error:
        'Vul een IBAN-rekeningnummer van een SEPA-land in: twee letters en cijfers, bijvoorbeeld BE68 5390 0754 7034.',
    };
  if (compact.length !== expectedLength)
    return {
      error: `Een IBAN-rekeningnummer uit ${compact.slice(0, 2)} heeft ${expectedLength} tekens; dit heeft er ${compact.length}.`,
    };
  if (!isValidIban(compact))
    return {
      error: 'Dit IBAN-rekeningnummer bestaat niet: de controlecijfers kloppen niet. Controleer het nummer.',
    };
  return { value: compact };
});

const bic = z
  .string({ error: 'Vul een geldige BIC in.' })
  .optional()
  .transform((input, ctx) => {
    const value = normaliseBic(input ?? '');
    if (value !== '' && !isValidBic(value)) {
      ctx.issues.push({
        code: 'custom',
        message: 'Een BIC heeft 8 of 11 letters en cijfers, bijvoorbeeld GKCCBEBB.',
        input,
      });
      return z.NEVER;
    }
    return value;
  });

const themeCodes = new Set(themes.map((theme) => theme.code));

const expertise = z
  .union([z.string(), z.array(z.string())], { error: 'Kies minstens één expertisedomein.' })
  .optional()
  .transform((input) => (input === undefined ? [] : Array.isArray(input) ? input : [input]))
  .refine((codes) => codes.every((code) => themeCodes.has(code)), 'Kies expertisedomeinen uit de lijst.')
  .refine((codes) => codes.length > 0, 'Kies minstens één expertisedomein.')
  // Stored in the order of the list, each once.
  .transform((codes) => themes.map((theme) => theme.code).filter((code) => codes.includes(code)));

const presentation = z
  .string({ error: 'Vul een korte voorstelling van uw organisatie in.' })
  // Browsers send a line break as CR LF but count it as one character.
  .transform((input) => input.replace(/\r\n?/g, '\n').trim())
  .superRefine((value, ctx) => {
    const length = [...value].length;
    if (length === 0)
      ctx.addIssue({ code: 'custom', message: 'Vul een korte voorstelling van uw organisatie in.' });
    else if (length > PRESENTATION_MAX_LENGTH)
      ctx.addIssue({
        code: 'custom',
        message: `De voorstelling heeft hoogstens ${PRESENTATION_MAX_LENGTH} tekens; ze heeft er nu ${length}.`,
      });
  });

/** Provider sign-up (DOMAIN.md §1). Every message is Dutch and names what to do. */
export const providerSignupSchema = z
  .object({
    legalName: text('Vul de maatschappelijke naam in.').max(
      200,
      'De maatschappelijke naam heeft hoogstens 200 tekens.',
    ),
    enterpriseNumber,
    legalForm: z.enum(
      legalForms.map((form) => form.value),
      { error: 'Kies de rechtsvorm.' },
    ),
    ...addressFields,
    contactName: text('Vul de naam van de contactpersoon in.').max(
      200,
      'De naam van de contactpersoon heeft hoogstens 200 tekens.',
    ),
    email: text('Vul het e-mailadres in.')
      .max(254, 'Een e-mailadres heeft hoogstens 254 tekens.')
      .pipe(z.email('Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.')),
    phone,
    iban,
    bic,
    expertise,
    presentation,
    notAuditBureau: z.literal('ja', {
      error:
        'Een auditbureau kan zich niet aanmelden als dienstverlener. Bevestig dat uw organisatie geen auditbureau is.',
    }),
  })
  .superRefine(
    (form, ctx) => {
      // A Belgian account needs its BIC, and that BIC is a Belgian bank's. This runs even when
      // other fields failed, so all problems show at once; a failed field may hold its raw input.
      if (typeof form !== 'object' || form === null) return;
      if (typeof form.iban !== 'string' || !isBelgianIban(form.iban) || typeof form.bic !== 'string') return;
      if (form.bic === '')
        ctx.addIssue({
          code: 'custom',
          path: ['bic'],
          message: 'Vul de BIC van uw Belgische rekening in, bijvoorbeeld GKCCBEBB.',
        });
      else if (form.bic.slice(4, 6) !== 'BE')
        ctx.addIssue({
          code: 'custom',
          path: ['bic'],
          message: 'Deze BIC hoort niet bij een Belgische bank. Vul de BIC van uw Belgische rekening in.',
        });
    },
    { when: () => true },
  );

export type ProviderSignupForm = z.infer<typeof providerSignupSchema>;

/** Only the form's own fields, as posted: what is kept to show again after a refusal. */
export function signupValues(body: unknown): Partial<Record<SignupFieldName, unknown>> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(
    signupFieldNames.filter((name) => source[name] !== undefined).map((name) => [name, source[name]]),
  );
}

/** One message per field, in the order of the page. */
export function signupErrors(error: z.ZodError): Record<string, string> {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'legalName');
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return Object.fromEntries(
    signupFieldNames.flatMap((name) => {
      const message = byField.get(name);
      return message === undefined ? [] : [[name, message]];
    }),
  );
}
