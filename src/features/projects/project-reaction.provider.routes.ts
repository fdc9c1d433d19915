import { Router, type Request, type Response } from 'express';
import { principalOf } from '../../auth/guards.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { projectReactions, reactionRefusal, type ProjectReaction } from '../../domain/project-reactions.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import type { UploadedDocument } from '../../domain/documents.js';
import { checkProofDocument, singleFileUpload } from '../../web/uploads.js';
import { sendDocument } from '../../web/send-document.js';
import { actorOf } from '../../auth/principal.js';
import { presentReactionConfirmation, reactionSlugs } from './project-reaction.presenter.js';
import type { ProjectReactionRepository } from './project-reaction.repository.js';
import { reactionFormSchema } from './project-reaction.schemas.js';
import type { ProjectReactionService } from './project-reaction.service.js';
import type { ProjectQueries } from './project.queries.js';
import { projectScopeOf } from './project-scope.js';
import { requestIdOf } from '../../web/request-logging.js';

const notFoundMessage = 'Dit project bestaat niet of hoort niet bij u.';

const successMessages: Record<ProjectReaction, string> = {
  annul: 'Het project is geannuleerd. De onderneming krijgt de reden per e-mail.',
  request_stop:
    'De stopzetting is aangevraagd. Het agentschap kreeg uw aanvraag met het bewijsstuk en beslist erover.',
  report: 'Uw melding is naar het agentschap verstuurd. De status van het project blijft ongewijzigd.',
};

/**
 * /dienstverlener/projecten/:projectnummer/{annuleren,stopzetten,melden}: a
 * confirmation page and its POST per reaction (post / redirect / get), and the
 * download of a document in the project's history. The stop request is a
 * multipart form: multer parses it, then the CSRF token is checked (see
 * web/csrf.ts). The scope comes from the principal: another party's project
 * number answers 404.
 */
export function projectReactionRoutes(deps: {
  projectQueries: ProjectQueries;
  projectReactionRepository: ProjectReactionRepository;
  projectReactions: ProjectReactionService;
}): Router {
  const router = Router();
  const { projectQueries: queries, projectReactionRepository: repository, projectReactions: service } = deps;

  const scopeOf = (req: Request) => projectScopeOf(principalOf(req, 'provider', 'department'));
  const projectNumberOf = (req: Request) => String(req.params.projectNumber);

  for (const reaction of projectReactions) {
    const route = paths.provider.projectReaction(':projectNumber', reactionSlugs[reaction]);
    const selfOf = (req: Request) =>
      paths.provider.projectReaction(projectNumberOf(req), reactionSlugs[reaction]);

    router.get(route, async (req, res) => {
      const project = await queries.findDetail(scopeOf(req), projectNumberOf(req));
      if (!project) throw new NotFoundError(notFoundMessage);
      const refusal = reactionRefusal(reaction, await repository.facts(project.id, project.status));
      if (refusal) {
        flash(req, { type: 'warning', text: refusal });
        return res.redirect(paths.provider.project(project.projectNumber));
      }
      const self = selfOf(req);
      const { values, errors } = takeFormState(req, self);
      const confirmation = presentReactionConfirmation(reaction, project);
      res.render('provider/projects/confirm', {
        title: `${confirmation.label}: project ${project.projectNumber}`,
        projectNumber: project.projectNumber,
        reaction: confirmation,
        expectedFrom: project.status,
        formAction: self,
        backHref: paths.provider.project(project.projectNumber),
        values,
        errors,
      });
    });

    const handle = async (req: Request, res: Response) => {
      const principal = principalOf(req, 'provider', 'department');
      const scope = projectScopeOf(principal);
      const project = await repository.findInScope(scope, projectNumberOf(req));
      if (!project) throw new NotFoundError(notFoundMessage);
      const self = selfOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const parsed = reactionFormSchema.safeParse(body);
      const errors = parsed.success ? {} : fieldErrors(parsed.error);
      let document: UploadedDocument | undefined;
      if (reaction === 'request_stop') {
        const uploadError = res.locals.uploadError as string | undefined;
        const checked = uploadError ? { error: uploadError } : await checkProofDocument(req.file);
        if ('error' in checked) errors.bewijs = checked.error;
        else document = checked.document;
      }
      if (!parsed.success || Object.keys(errors).length > 0) {
        keepFormState(req, self, {
          values: { reasonChoice: body.reasonChoice, reasonText: body.reasonText },
          errors,
        });
        return res.redirect(303, self);
      }
      const input = { actor: actorOf(principal), ...parsed.data, requestId: requestIdOf(req) };
      try {
        if (reaction === 'annul') await service.annul(scope, project.projectNumber, input);
        else if (reaction === 'report') await service.report(scope, project.projectNumber, input);
        else {
          if (!document) throw new Error('a checked stop request has its document');
          await service.requestStop(scope, project.projectNumber, { ...input, document });
        }
        flash(req, { type: 'success', text: successMessages[reaction] });
      } catch (error) {
        if (!(error instanceof ConflictError || error instanceof InvalidTransitionError)) throw error;
        flash(req, { type: 'warning', text: error.message });
      }
      res.redirect(303, paths.provider.project(project.projectNumber));
    };

    if (reaction === 'request_stop') {
      router.post(route, singleFileUpload('bewijs'), handle);
    } else {
      router.post(route, handle);
    }
  }

  router.get(paths.provider.projectDocument(':projectNumber', ':documentId'), async (req, res) => {
    const documentId = Number(req.params.documentId);
    if (!Number.isSafeInteger(documentId) || documentId <= 0) throw new NotFoundError();
    const document = await repository.findHistoryDocument(scopeOf(req), projectNumberOf(req), documentId);
    if (!document) throw new NotFoundError('Dit document bestaat niet of hoort niet bij u.');
    sendDocument(res, document);
  });

  return router;
}
