import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { ZodType } from 'zod';
import { NotFoundError } from '../domain/errors.js';
import { fieldErrors, keepFormState, takeFormState } from '../web/form-state.js';
import type { Draft, DraftRepository } from './draft.repository.js';
import {
  activePages,
  firstIncompletePage,
  isPageComplete,
  neighbours,
  SubmitRefusedError,
  type Answers,
  type Wizard,
} from './wizard.js';

export interface WizardPaths {
  /** GET: a new draft (or the open one) and on to its first incomplete page. */
  start(): string;
  page(draftId: string, slug: string): string;
  summary(draftId: string): string;
}

export interface WizardMount<Context> {
  wizard: Wizard<Context>;
  /** The drafts' store; its transaction is the submit's. */
  drafts: DraftRepository;
  paths: WizardPaths;
  /** Whose drafts these are; another owner's draft id answers 404. */
  owner(req: Request): string;
  /** What the pages need from the database; `answers` are the draft's, with the posted values merged in. */
  context(req: Request, answers: Answers): Promise<Context>;
  summary: {
    view: string;
    title: string;
    viewModel?(answers: Answers, context: Context): Record<string, unknown>;
  };
  /** Validates the summary's own fields (e.g. the declaration checkbox). */
  summarySchema?: ZodType<Record<string, unknown>>;
  summaryFields?: readonly string[];
  /**
   * Creates what the wizard is for, in the draft's transaction, and returns the
   * path to show next. A second submit of the same draft goes to that path.
   */
  submit(trx: Knex.Transaction, answers: Answers, context: Context, req: Request): Promise<string>;
  /** After a submit committed (not after a repeated one): e.g. wake the mail sender. */
  afterSubmit?(): void;
}

/** "Stap 3 van 6: Welke dienstverlener kiest u?": a step's <title> says where in the wizard it is. */
export function stepTitle(title: string, step: unknown): string {
  if (!step || typeof step !== 'object') return title;
  const { number, count } = step as { number?: unknown; count?: unknown };
  return typeof number === 'number' && typeof count === 'number'
    ? `Stap ${number} van ${count}: ${title}`
    : title;
}

/**
 * One GET and one POST handler for every page of a wizard, plus the summary
 * (check your answers) and the submit. Pages post/redirect/get like every form.
 */
export function wizardRoutes<Context>(mount: WizardMount<Context>): Router {
  const router = Router();
  const { wizard, paths, drafts } = mount;

  async function loadDraft(req: Request): Promise<Draft> {
    const draft = await drafts.find(wizard.name, mount.owner(req), String(req.params.draftId));
    if (!draft) throw new NotFoundError('Deze aanvraag in opbouw bestaat niet (meer).');
    return draft;
  }

  function firstStop(answers: Answers, context: Context, draftId: string): string {
    const incomplete = firstIncompletePage(wizard, answers, context);
    return incomplete ? paths.page(draftId, incomplete.slug) : paths.summary(draftId);
  }

  router.get(paths.start(), async (req, res) => {
    const owner = mount.owner(req);
    const open = req.query.nieuw === undefined ? await drafts.latestOpen(wizard.name, owner) : undefined;
    const draftId = open?.id ?? (await drafts.create(wizard.name, owner));
    const answers = open?.answers ?? {};
    res.redirect(firstStop(answers, await mount.context(req, answers), draftId));
  });

  router.get(paths.summary(':draftId'), async (req, res) => {
    const draft = await loadDraft(req);
    if (draft.submittedAt && draft.resultPath) return res.redirect(draft.resultPath);
    const context = await mount.context(req, draft.answers);
    if (firstIncompletePage(wizard, draft.answers, context))
      return res.redirect(firstStop(draft.answers, context, draft.id));
    const pages = activePages(wizard, draft.answers, context);
    const sections = pages.map((page) => ({
      title: page.title,
      rows: (page.summary?.(draft.answers, context) ?? []).map((row) => ({
        ...row,
        href: `${paths.page(draft.id, page.slug)}?wijzig=1`,
      })),
    }));
    const { values, errors } = takeFormState(req, paths.summary(draft.id));
    const last = pages[pages.length - 1];
    const model = mount.summary.viewModel?.(draft.answers, context) ?? {};
    res.render(mount.summary.view, {
      title: stepTitle(mount.summary.title, model.step),
      // The page's heading is the question itself; the step ("stap 4 van 6") is in the <title> and the step line.
      heading: mount.summary.title,
      sections,
      values,
      errors,
      draftId: draft.id,
      action: paths.summary(draft.id),
      backHref: last ? paths.page(draft.id, last.slug) : paths.start(),
      ...model,
    });
  });

  router.post(paths.summary(':draftId'), async (req, res) => {
    const owner = mount.owner(req);
    const body = req.body as Record<string, unknown>;
    const summaryValues = Object.fromEntries(
      (mount.summaryFields ?? []).map((field) => [field, body[field]]),
    );
    const current = await drafts.find(wizard.name, owner, String(req.params.draftId));
    const context = await mount.context(req, current?.answers ?? {});
    if (mount.summarySchema) {
      const parsed = mount.summarySchema.safeParse(summaryValues);
      if (!parsed.success) {
        keepFormState(req, paths.summary(String(req.params.draftId)), {
          values: summaryValues,
          errors: fieldErrors(parsed.error),
        });
        return res.redirect(303, paths.summary(String(req.params.draftId)));
      }
    }
    let target: string;
    let submitted = false;
    try {
      target = await drafts.transaction(async (trx) => {
        const draft = await drafts.findForUpdate(trx, wizard.name, owner, String(req.params.draftId));
        if (!draft) throw new NotFoundError('Deze aanvraag in opbouw bestaat niet (meer).');
        // A second click, a reload or back-then-submit: the first submit's result, nothing new.
        if (draft.submittedAt && draft.resultPath) return draft.resultPath;
        if (firstIncompletePage(wizard, draft.answers, context))
          return firstStop(draft.answers, context, draft.id);
        const resultPath = await mount.submit(trx, { ...draft.answers, ...summaryValues }, context, req);
        await drafts.markSubmitted(trx, draft.id, resultPath);
        submitted = true;
        return resultPath;
      });
    } catch (error) {
      if (!(error instanceof SubmitRefusedError)) throw error;
      const self = paths.summary(String(req.params.draftId));
      keepFormState(req, self, { values: summaryValues, errors: error.errors });
      return res.redirect(303, self);
    }
    if (submitted) mount.afterSubmit?.();
    res.redirect(303, target);
  });

  router.get(paths.page(':draftId', ':slug'), async (req, res) => {
    const draft = await loadDraft(req);
    if (draft.submittedAt && draft.resultPath) return res.redirect(draft.resultPath);
    const context = await mount.context(req, draft.answers);
    const pages = activePages(wizard, draft.answers, context);
    const index = pages.findIndex((candidate) => candidate.slug === req.params.slug);
    const page = pages[index];
    if (!page) throw new NotFoundError();
    // Nobody jumps past the first incomplete page.
    const firstIncomplete = pages.findIndex(
      (candidate) => !isPageComplete(candidate, draft.answers, context),
    );
    if (firstIncomplete !== -1 && index > firstIncomplete)
      return res.redirect(firstStop(draft.answers, context, draft.id));

    const kept = takeFormState(req, paths.page(draft.id, page.slug));
    const { values } = kept;
    let { errors } = kept;
    // Answers that were valid when given but no longer hold (a rule, a registration, the
    // ceiling changed meanwhile): say why, beside the field, instead of a silent page.
    const saved = Object.fromEntries(page.fields.map((field) => [field, draft.answers[field]]));
    if (
      Object.keys(values).length === 0 &&
      Object.values(saved).some((value) => value !== undefined) &&
      !isPageComplete(page, draft.answers, context)
    ) {
      const parsed = page.schema(draft.answers, context).safeParse(saved);
      if (!parsed.success) errors = fieldErrors(parsed.error);
    }
    const { previous } = neighbours(wizard, draft.answers, context, page.slug);
    const changing = req.query.wijzig !== undefined;
    const shown = Object.keys(values).length > 0 ? values : draft.answers;
    const step = { number: page.stepNumber ?? index + 1, count: wizard.stepCount ?? pages.length + 1 };
    res.render(page.view, {
      title: stepTitle(page.title, step),
      heading: page.title,
      step,
      values: shown,
      answers: draft.answers,
      errors,
      action: `${paths.page(draft.id, page.slug)}${changing ? '?wijzig=1' : ''}`,
      backHref: changing
        ? paths.summary(draft.id)
        : previous
          ? paths.page(draft.id, previous.slug)
          : undefined,
      draftId: draft.id,
      ...(await page.viewModel?.(draft.answers, context, shown, req.query)),
    });
  });

  router.post(paths.page(':draftId', ':slug'), async (req, res) => {
    const draft = await loadDraft(req);
    if (draft.submittedAt && draft.resultPath) return res.redirect(303, draft.resultPath);
    const body = req.body as Record<string, unknown>;
    const slugPage = wizard.pages.find((candidate) => candidate.slug === req.params.slug);
    const posted = Object.fromEntries((slugPage?.fields ?? []).map((field) => [field, body[field]]));
    const context = await mount.context(req, { ...draft.answers, ...posted });
    const page = activePages(wizard, draft.answers, context).find(
      (candidate) => candidate.slug === req.params.slug,
    );
    if (!page) throw new NotFoundError();
    const values = posted;
    const self = paths.page(draft.id, page.slug);
    const changing = req.query.wijzig !== undefined;
    if (page.recalculable && body.actie === 'herbereken') {
      keepFormState(req, self, { values, errors: {} });
      return res.redirect(303, `${self}${changing ? '?wijzig=1' : ''}#berekening`);
    }
    const parsed = page.schema(draft.answers, context).safeParse(values);
    if (!parsed.success) {
      keepFormState(req, self, { values, errors: fieldErrors(parsed.error) });
      return res.redirect(303, `${self}${changing ? '?wijzig=1' : ''}`);
    }
    const answers = { ...draft.answers, ...values };
    await drafts.saveAnswers(draft.id, answers);
    if (changing && !firstIncompletePage(wizard, answers, context))
      return res.redirect(303, paths.summary(draft.id));
    const { next } = neighbours(wizard, answers, context, page.slug);
    res.redirect(303, next ? paths.page(draft.id, next.slug) : paths.summary(draft.id));
  });

  return router;
}
