import type { Request } from 'express';
import type { ZodError } from 'zod';

export interface FormState {
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

/**
 * Post / redirect / get: a refused form keeps the user's input and the
 * messages in the session, keyed by the page, until that page is shown again.
 * Passwords are never kept.
 */
export function keepFormState(req: Request, key: string, state: FormState): void {
  const values = Object.fromEntries(
    Object.entries(state.values).filter(([name]) => !/password|wachtwoord|_csrf/i.test(name)),
  );
  req.session.formState = { ...(req.session.formState ?? {}), [key]: { values, errors: state.errors } };
}

export function takeFormState(req: Request, key: string): FormState {
  const state = req.session?.formState?.[key];
  if (state && req.session.formState) delete req.session.formState[key];
  return state ?? { values: {}, errors: {} };
}

/** The first message per field of a zod error, keyed by the field name. */
export function fieldErrors(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'formulier';
    errors[field] ??= issue.message;
  }
  return errors;
}
