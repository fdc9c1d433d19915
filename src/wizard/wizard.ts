import type { ZodType } from 'zod';

/**
 * A wizard is a list of pages. Each page declares the body keys it reads, how
 * to validate them (given the answers so far) and how to show them on the
 * check-your-answers page. The engine (wizard.routes.ts) does the rest: one
 * draft row per wizard run, resume at the first incomplete page, no page
 * reachable before its predecessors are complete, "Wijzig" back to the summary.
 */
export type Answers = Record<string, unknown>;

export interface SummaryRow {
  key: string;
  value: string | string[];
}

export interface WizardPage<Context> {
  /** URL segment, Dutch: "niveau", "dienst". */
  slug: string;
  title: string;
  view: string;
  /** The only body keys this page reads. */
  fields: readonly string[];
  /** Validates this page's fields; may depend on earlier answers and the context. */
  schema(answers: Answers, context: Context): ZodType<Record<string, unknown>>;
  /** Left out of the flow for these answers (e.g. a question that does not apply). */
  skip?(answers: Answers, context: Context): boolean;
  /**
   * What the page needs besides the answers (choices, texts). `shown` are the
   * values the form shows: the user's last input (kept after an error or a
   * recalculation) or else the saved answers.
   */
  viewModel?(
    answers: Answers,
    context: Context,
    shown: Answers,
    query: Record<string, unknown>,
  ): Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * The page offers a "recalculate" button (body `actie=herbereken`) that
   * shows the figures for the input without validating or saving it: the
   * no-JavaScript twin of a live calculation.
   */
  recalculable?: boolean;
  /** The step users see ("stap 2 van 6") when several pages make one step. */
  stepNumber?: number;
  /** Rows on the check-your-answers page. */
  summary?(answers: Answers, context: Context): SummaryRow[];
}

export interface Wizard<Context> {
  name: string;
  pages: readonly WizardPage<Context>[];
  /** The steps users see, when they differ from the pages plus the summary. */
  stepCount?: number;
}

/**
 * Thrown by a wizard's submit when the answers, valid when given, no longer
 * hold at submission (e.g. the yearly ceiling was used up meanwhile). The
 * transaction rolls back and the summary shows the messages.
 */
export class SubmitRefusedError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(' '));
    this.name = 'SubmitRefusedError';
  }
}

export function activePages<C>(wizard: Wizard<C>, answers: Answers, context: C): WizardPage<C>[] {
  return wizard.pages.filter((page) => !page.skip?.(answers, context));
}

export function isPageComplete<C>(page: WizardPage<C>, answers: Answers, context: C): boolean {
  const values = Object.fromEntries(page.fields.map((field) => [field, answers[field]]));
  return page.schema(answers, context).safeParse(values).success;
}

/** The first page whose answers are missing or no longer valid; undefined when all are complete. */
export function firstIncompletePage<C>(
  wizard: Wizard<C>,
  answers: Answers,
  context: C,
): WizardPage<C> | undefined {
  return activePages(wizard, answers, context).find((page) => !isPageComplete(page, answers, context));
}

export function neighbours<C>(wizard: Wizard<C>, answers: Answers, context: C, slug: string) {
  const pages = activePages(wizard, answers, context);
  const index = pages.findIndex((page) => page.slug === slug);
  return {
    previous: index > 0 ? pages[index - 1] : undefined,
    next: index >= 0 ? pages[index + 1] : undefined,
  };
}
