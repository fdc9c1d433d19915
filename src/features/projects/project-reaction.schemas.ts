import { z } from 'zod';
import {
  OTHER_REASON,
  reactionReasonChoices,
  reasonText,
  type ReactionReasonChoice,
} from '../../domain/project-reactions.js';
import { projectStatuses } from '../../domain/project-status.js';

const MAX_REASON_LENGTH = 2000;

/**
 * The form of every reaction: the status the page showed, a typical reason or
 * "andere" with the user's own text. Gives the reason text that is stored.
 */
export const reactionFormSchema = z
  .object({
    expectedFrom: z.enum(projectStatuses, {
      error: 'Dit formulier is onvolledig. Laad de pagina opnieuw en probeer nog eens.',
    }),
    reasonChoice: z.custom<ReactionReasonChoice>(
      (value) => typeof value === 'string' && (reactionReasonChoices as readonly string[]).includes(value),
      { error: 'Kies een reden.' },
    ),
    reasonText: z
      .string()
      .trim()
      .max(MAX_REASON_LENGTH, `Houd de reden korter dan ${MAX_REASON_LENGTH} tekens.`)
      .optional()
      .default(''),
  })
  .superRefine((form, context) => {
    if (form.reasonChoice === OTHER_REASON && form.reasonText === '') {
      context.addIssue({
        code: 'custom',
        path: ['reasonText'],
        message: 'Beschrijf de andere reden.',
      });
    }
  })
  .transform((form) => ({
    expectedFrom: form.expectedFrom,
    reason: reasonText(form.reasonChoice, form.reasonText),
  }));
