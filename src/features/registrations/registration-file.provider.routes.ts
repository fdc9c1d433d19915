import { Router, type Request, type Response } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { keepFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import { checkPdfDocument, singleFileUpload } from '../../web/uploads.js';
import { sendDocument } from '../../web/send-document.js';
import { orWarn, registrationIdOf } from './registration-file.admin.routes.js';
import type { RegistrationFileService } from './registration-file.service.js';
import { declarationOnHonourPdf } from './registration.pdf.js';
import { registrationScopeOf, type RegistrationRepository } from './registration.repository.js';
import { levelLabelOf } from './registration.wizard.js';

const notFoundMessage = 'Deze registratie bestaat niet of hoort niet bij u.';

/** The two PDFs a provider uploads, with their form field and their messages. */
const uploads = {
  declaration: {
    field: 'verklaring',
    route: paths.provider.registrationDeclarationUpload(':id'),
    missing: 'Voeg de ondertekende verklaring op eer toe: een PDF van maximaal 10 MB.',
    fallbackName: 'verklaring-op-eer',
    done: 'De ondertekende verklaring op eer is opgeladen. Het agentschap ziet ze bij uw aanvraag.',
  },
  auditReport: {
    field: 'auditrapport',
    route: paths.provider.registrationAuditReportUpload(':id'),
    missing: 'Voeg het auditrapport toe: een PDF van maximaal 10 MB.',
    fallbackName: 'auditrapport',
    done: 'Het auditrapport is opgeladen. Het agentschap ziet het bij uw aanvraag.',
  },
} as const;

/**
 * /dienstverlener/registraties/:id/{verklaring-op-eer.pdf,verklaring-op-eer,auditrapport,documenten/:documentId}:
 * the provider prints its declaration on honour again, uploads it signed and
 * the audit report (multipart: multer, then the CSRF check), and downloads the
 * file's PDFs. Mounted before the provider's action routes, whose /:action
 * pattern would take these paths. Another party's registration is not found.
 */
export function registrationFileProviderRoutes(deps: {
  clock: Clock;
  registrationFile: RegistrationFileService;
  registrationRepository: Pick<RegistrationRepository, 'find' | 'findFileDocument' | 'identityFacts'>;
}): Router {
  const router = Router();
  const { clock, registrationFile: service, registrationRepository: repository } = deps;
  const scopeOf = (req: Request) => registrationScopeOf(principalOf(req, 'provider', 'department'));

  router.get(paths.provider.registrationDeclarationPdf(':id'), async (req, res) => {
    const registration = await repository.find(scopeOf(req), registrationIdOf(req));
    if (!registration) throw new NotFoundError(notFoundMessage);
    const facts = await repository.identityFacts(registration.id);
    if (!facts) throw new NotFoundError(notFoundMessage);
    const pdf = await declarationOnHonourPdf({
      provider: facts.provider,
      levelLabel: levelLabelOf(registration.departmentName, facts.provider.legalName),
      service: registration.service,
      basis: registration.basis,
      auditBureau: registration.basis === 'publiek' ? null : registration.auditBureau,
      date: clock.today(),
    });
    res.type('application/pdf').attachment('verklaring-op-eer.pdf').send(pdf);
  });

  for (const upload of Object.values(uploads)) {
    router.post(upload.route, singleFileUpload(upload.field), async (req: Request, res: Response) => {
      const principal = principalOf(req, 'provider', 'department');
      const scope = registrationScopeOf(principal);
      const id = registrationIdOf(req);
      const detail = paths.provider.registration(id);
      // A foreign id is not found before anything is checked or said about the file.
      if (!(await repository.find(scope, id))) throw new NotFoundError(notFoundMessage);
      const uploadError = res.locals.uploadError as string | undefined;
      const checked = uploadError ? { error: uploadError } : await checkPdfDocument(req.file, upload);
      if ('error' in checked) {
        keepFormState(req, detail, { values: {}, errors: { [upload.field]: checked.error } });
        return res.redirect(303, detail);
      }
      await orWarn(req, async () => {
        const input = { actor: actorOf(principal), requestId: requestIdOf(req) };
        if (upload === uploads.declaration)
          await service.uploadDeclaration(scope, id, checked.document, input);
        else await service.uploadAuditReport(scope, id, checked.document, input);
        flash(req, { type: 'success', text: upload.done });
      });
      res.redirect(303, detail);
    });
  }

  router.get(paths.provider.registrationDocument(':id', ':documentId'), async (req, res) => {
    const document = await repository.findFileDocument(
      scopeOf(req),
      registrationIdOf(req),
      Number(req.params.documentId),
    );
    if (!document) throw new NotFoundError('Dit document bestaat niet of hoort niet bij u.');
    sendDocument(res, document);
  });

  return router;
}
