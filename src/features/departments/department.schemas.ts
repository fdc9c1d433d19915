import { z } from 'zod';

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

export const departmentFieldNames = ['name', 'contactEmail'] as const;

export const departmentSchema = z.object({
  name: text('Vul de naam van het departement in.').max(100, 'De naam heeft hoogstens 100 tekens.'),
  contactEmail: text('Vul het e-mailadres van het departement in.')
    .max(254, 'Een e-mailadres heeft hoogstens 254 tekens.')
    .pipe(z.email('Vul een geldig e-mailadres in, bijvoorbeeld opleidingen@bedrijf.be.'))
    // The SAML sign-in compares the address in lower case.
    .transform((email) => email.toLowerCase()),
});

export type DepartmentForm = z.infer<typeof departmentSchema>;

export const departmentMessages = {
  nameTaken: 'Uw organisatie heeft al een departement met deze naam. Kies een andere naam.',
  emailTaken: 'Dit e-mailadres is al in gebruik bij een ander departement. Kies een ander e-mailadres.',
} as const;
