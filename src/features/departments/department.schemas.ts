import { z } from 'zod';

const text = (message: string) => z.string({ error: message }).trim().min(1, message);

export const departmentFieldNames = ['name', 'contactEmail'] as const;

export const departmentSchema = z.object({
  name: text('Vul de naam van het departement in.').max(100, 'De naam heeft hoogstens 100 tekens.'),
  contactEmail: text('Vul het e-mailadres van het departement in.')
    .max(254, 'Een e-mailadres heeft hoogstens 254 tekens.')
    .pipe(z.email('Vul een geldig e-mailadres in, bijvoorbeeld opleidingen@bedrijf.be.'))
    // One department per address, compared in lower case.
    .transform((email) => email.toLowerCase()),
});

export const invitationSchema = z.object({
  email: text('Vul het e-mailadres in van de persoon die u uitnodigt.')
    .max(254, 'Een e-mailadres heeft hoogstens 254 tekens.')
    .pipe(z.email('Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.'))
    .transform((email) => email.toLowerCase()),
});

/** A link's token: 32 random bytes, base64url. */
export const invitationTokenPattern = /^[A-Za-z0-9_-]{43}$/;

export type DepartmentForm = z.infer<typeof departmentSchema>;

export const departmentMessages = {
  nameTaken: 'Uw organisatie heeft al een departement met deze naam. Kies een andere naam.',
  emailTaken: 'Dit e-mailadres is al in gebruik bij een ander departement. Kies een ander e-mailadres.',
  departmentInUse:
    'Dit departement heeft registraties of projecten. Die blijven bij het departement, daarom kunt u het niet verwijderen.',
  departmentGone: 'Dit departement bestaat niet (meer).',
  alreadyInvited: (email: string) =>
    `${email} heeft al een openstaande uitnodiging voor dit departement. Trek ze in als u een nieuwe wilt sturen.`,
  memberGone: 'Deze persoon is geen lid (meer) van dit departement.',
  invitationClosed: 'Deze uitnodiging is al aanvaard, ingetrokken of verlopen. Er is niets gewijzigd.',
} as const;
