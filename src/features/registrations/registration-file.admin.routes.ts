import { Router, type Request, type Response } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { formatDate } from '../../domain/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { parseDeclarationReceivedOn } from '../../domain/registration-file.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { keepFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import { checkPdfDocument, singleFileUpload } from '../../web/uploads.js';
import { sendDocument } from '../../web/send-document.js';
import type { RegistrationFileService } from './registration-file.service.js';
import type { RegistrationRepository } from './registration.repository.js';

/** A registration id from the URL; anything else is not found. */
export function registrationIdOf(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('Deze registratie bestaat niet.');
  return id;
}

/** A refusal of the service (wrong status, exempt from the audit) is a message on the detail page. */
export async function orWarn(req: Request, change: () => Promise<void>): Promise<void> {
  try {
    await change();
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof InvalidTransitionError)) throw error;
    flash(req, { type: 'warning', text: error.message });
  }
}

/**
 * /beheer/registraties/:id/{verklaring-op-eer,auditrapport,documenten/:documentId}:
 * staff record the date the paper declaration on honour arrived, upload the
 * audit report (multipart: multer, then the CSRF check) and download the
 * file's PDFs. The forms sit on the detail page: a refusal goes back there
 * with its message beside the field.
 */
export function registrationFileAdminRoutes(deps: {
  clock: Clock;
  registrationFile: RegistrationFileService;
  registrationRepository: Pick<RegistrationRepository, 'findFileDocument'>;
}): Router {
  const router = Router();
  const { clock, registrationFile: service } = deps;
  const agencyScope = { kind: 'agency' } as const;

  router.post(paths.admin.registrationDeclaration(':id'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const id = registrationIdOf(req);
    const detail = paths.admin.registration(id);
    const typed = (req.body as Record<string, unknown>).ontvangenOp;
    const input = typeof typed === 'string' ? typed : '';
    const parsed = parseDeclarationReceivedOn(input, clock.today());
    if ('error' in parsed) {
      keepFormState(req, detail, { values: { ontvangenOp: input }, errors: { ontvangenOp: parsed.error } });
      return res.redirect(303, detail);
    }
    await orWarn(req, async () => {
      await service.recordDeclarationReceived(id, parsed.date, {
        actor: actorOf(principal),
        requestId: requestIdOf(req),
      });
      flash(req, {
        type: 'success',
        text: `Geregistreerd: de verklaring op eer is op ${formatDate(parsed.date)} ontvangen.`,
      });
    });
    res.redirect(303, detail);
  });

  router.post(
    paths.admin.registrationAuditReport(':id'),
    singleFileUpload('auditrapport'),
    async (req: Request, res: Response) => {
      const principal = principalOf(req, 'agency');
      const id = registrationIdOf(req);
      const detail = paths.admin.registration(id);
      const uploadError = res.locals.uploadError as string | undefined;
      const checked = uploadError
        ? { error: uploadError }
        : await checkPdfDocument(req.file, {
            missing: 'Voeg het auditrapport toe: een PDF van maximaal 10 MB.',
            fallbackName: 'auditrapport',
          });
      if ('error' in checked) {
        keepFormState(req, detail, { values: {}, errors: { auditrapport: checked.error } });
        return res.redirect(303, detail);
      }
      await orWarn(req, async () => {
        await service.uploadAuditReport(agencyScope, id, checked.document, {
          actor: actorOf(principal),
          requestId: requestIdOf(req),
        });
        flash(req, { type: 'success', text: 'Het auditrapport is opgeladen.' });
      });
      res.redirect(303, detail);
    },
  );

  router.get(paths.admin.registrationDocument(':id', ':documentId'), async (req, res) => {
    principalOf(req, 'agency');
    const document = await deps.registrationRepository.findFileDocument(
      agencyScope,
      registrationIdOf(req),
      Number(req.params.documentId),
    );
    if (!document) throw new NotFoundError('Dit document bestaat niet of hoort niet bij deze registratie.');
    sendDocument(res, document);
  });

  return router;
}
