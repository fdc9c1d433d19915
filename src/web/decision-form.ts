import type { Request, Response } from 'express';
import { z } from 'zod';
import { ConflictError, InvalidTransitionError } from '../domain/errors.js';
import { flash } from './flash.js';
import { fieldErrors, keepFormState } from './form-state.js';

/** What an agency decision's confirm page posts: the status it was shown in and an optional reason. */
export interface DecisionForm<S extends string> {
  expectedFrom: S;
  reason: string | undefined;
}

/**
 * Reads the form of an agency decision's confirm page (registrations, stop
 * requests). Undefined when the form was refused; the response is then a
 * redirect already:
 * - to the detail page with a warning when the hidden status is missing or
 *   unknown (the form did not come from the confirm page: nothing to show beside a field);
 * - to the confirm page itself, input kept, when the reason is too long, or
 *   missing while `reasonRequired(expectedFrom)`.
 */
export function readDecisionForm<S extends string>(
  req: Request,
  res: Response,
  form: {
    statuses: readonly [S, ...S[]];
    self: string;
    detailHref: string;
    reasonRequired: (expectedFrom: S) => boolean;
    reasonMissing: string;
  },
): DecisionForm<S> | undefined {
  const parsed = z
    .object({
      expectedFrom: z.enum(form.statuses),
      reason: z.string().trim().max(2000, 'Houd de reden korter dan 2000 tekens.').optional(),
    })
    .safeParse(req.body);
  if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] === 'expectedFrom')) {
    flash(req, { type: 'warning', text: 'Dit formulier is niet volledig. Open de beslissing opnieuw.' });
    res.redirect(303, form.detailHref);
    return undefined;
  }
  const reasonMissing =
    parsed.success && !parsed.data.reason && form.reasonRequired(parsed.data.expectedFrom);
  if (!parsed.success || reasonMissing) {
    keepFormState(req, form.self, {
      values: req.body as Record<string, unknown>,
      errors: parsed.success ? { reason: form.reasonMissing } : fieldErrors(parsed.error),
    });
    res.redirect(303, form.self);
    return undefined;
  }
  return { expectedFrom: parsed.data.expectedFrom, reason: parsed.data.reason || undefined };
}

/**
 * Runs a decision; when the status machine refuses it (someone was first, a
 * second click, a status that allows no such decision) the refusal is shown as
 * a warning on the detail page and nothing changed. Other errors go on.
 */
export async function decideOrWarn(
  req: Request,
  detailHref: string,
  decide: () => Promise<void>,
): Promise<void> {
  try {
    await decide();
  } catch (error) {
    if (error instanceof ConflictError || error instanceof InvalidTransitionError) {
      flash(req, { type: 'warning', text: error.message });
      return;
    }
    throw error;
  }
}
