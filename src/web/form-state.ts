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

/**
 * The id of the field an issue's path points at, which the error summary links to:
 * the field's name, or for the n-th of several inputs with one name (an array field,
 * such as the participants' names) `name-n`, counting from 1, as those inputs' ids are.
 */
export function fieldIdOf(path: readonly PropertyKey[]): string {
  const [name, index] = path;
  if (name === undefined) return 'formulier';
  if (typeof index === 'number') return `${String(name)}-${index + 1}`;
  return path.map(String).join('.');
}

/** The first message per field of a zod error, keyed by the id of its field (fieldIdOf). */
export function fieldErrors(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = fieldIdOf(issue.path);
    errors[field] ??= issue.message;
  }
  return errors;
}
