import { z } from 'zod';
import { isValidEnterpriseNumber, normaliseEnterpriseNumber } from '../domain/belgian-identifiers.js';

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

/** A login has at most 64 characters (auth/provider-login.service.ts); a longer one is refused before any lookup. */
export const MAX_LOGIN_LENGTH = 64;

export const loginSchema = z.object({
  login: text('Vul uw login in.').max(
    MAX_LOGIN_LENGTH,
    `Een login heeft hoogstens ${MAX_LOGIN_LENGTH} tekens. Controleer uw login.`,
  ),
  password: z
    .string({ error: 'Vul uw wachtwoord in.' })
    .min(1, 'Vul uw wachtwoord in.')
    .max(1000, 'Een wachtwoord heeft hoogstens 1000 tekens.'),
});

export const forgottenLoginSchema = z.object({
  enterpriseNumber: text('Vul het ondernemingsnummer in.')
    .refine((input) => normaliseEnterpriseNumber(input) !== undefined, {
      message: 'Een ondernemingsnummer heeft 10 cijfers, bijvoorbeeld 0123.456.749.',
      abort: true,
    })
    .refine(
      isValidEnterpriseNumber,
      'Dit ondernemingsnummer bestaat niet: de controlecijfers kloppen niet. Controleer het nummer.',
    ),
  email: text('Vul het e-mailadres in.').pipe(
    z.email('Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.'),
  ),
});

export const loginResetSchema = z.object({
  newPassword: z.string().default(''),
  newPasswordRepeated: z.string().default(''),
});

export const changeLoginSchema = z.object({
  newLogin: z.string().default(''),
  oldPassword: z.string().default(''),
  newPassword: z.string().default(''),
  newPasswordRepeated: z.string().default(''),
});

export const chooseCapacitySchema = z.object({
  capacity: text('Kies hoe u verder wilt gaan.'),
});
