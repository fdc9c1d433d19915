import { z } from 'zod';

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

export const loginSchema = z.object({
  login: text('Vul uw login in.'),
  password: z.string({ error: 'Vul uw wachtwoord in.' }).min(1, 'Vul uw wachtwoord in.'),
});

export const forgottenLoginSchema = z.object({
  enterpriseNumber: text('Vul het ondernemingsnummer in.'),
  email: text('Vul het e-mailadres in.').pipe(
    z.email('Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.'),
  ),
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
