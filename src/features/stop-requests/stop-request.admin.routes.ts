import { Router, type Request } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { NotFoundError } from '../../domain/errors.js';
import { formatEuro } from '../../domain/money.js';
import { projectStatuses } from '../../domain/project-status.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { decideOrWarn, readDecisionForm } from '../../web/decision-form.js';
import { takeFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import { sendDocument } from '../../web/send-document.js';
import type { ProjectReactionRepository } from '../projects/project-reaction.repository.js';
import type { ProjectQueries } from '../projects/project.queries.js';
import type { WalletQueries } from '../wallet/wallet.queries.js';
import {
  presentQueueRows,
  presentStopRequest,
  queueColumns,
  stopDecision,
  stopDecisionOfSlug,
} from './stop-request.admin.presenter.js';
import type { StopRequestQueries } from './stop-request.queries.js';
import { noStopAwaitsDecision, type StopRequestService } from './stop-request.service.js';

const agencyScope = { kind: 'agency' } as const;

/**
 * /beheer/stopzettingen: the providers' stop requests awaiting the agency,
 * a request's detail with the proof document, and the two decisions on it.
 */
export function stopRequestAdminRoutes(deps: {
  clock: Clock;
  stopRequests: Pick<StopRequestService, 'confirm' | 'refuse'>;
  stopRequestQueries: StopRequestQueries;
  projectQueries: Pick<ProjectQueries, 'findDetail'>;
  projectReactionRepository: Pick<ProjectReactionRepository, 'findHistoryDocument'>;
  walletQueries: Pick<WalletQueries, 'ledgerEntries'>;
}): Router {
  const router = Router();
  const { stopRequestQueries: queries, stopRequests: service } = deps;

  router.get(paths.admin.stopRequests(), async (req, res) => {
    principalOf(req, 'agency');
    const rows = await queries.queue();
    res.render('admin/stop-requests/list', {
      title: 'Stopzettingen',
      table: {
        columns: queueColumns,
        rows: presentQueueRows(rows),
        emptyText: 'Er wachten geen aanvragen tot stopzetting op een beslissing.',
      },
    });
  });

  /** The project with its latest stop request; a project that never had one is not found here. */
  const loadStopRequest = async (req: Request) => {
    const detail = await deps.projectQueries.findDetail(agencyScope, String(req.params.projectNumber));
    const request = detail && (await queries.latestRequest(detail.id));
    if (!detail || !request) throw new NotFoundError('Voor dit project is geen stopzetting aangevraagd.');
    return { detail, request };
  };

  router.get(paths.admin.stopRequest(':projectNumber'), async (req, res) => {
    principalOf(req, 'agency');
    const { detail, request } = await loadStopRequest(req);
    const [totals, entries] = await Promise.all([
      queries.ledgerTotals(detail.id),
      deps.walletQueries.ledgerEntries(detail.id),
    ]);
    const stop = presentStopRequest(detail, request, { totals, entries }, deps.clock.today());
    res.render('admin/stop-requests/detail', { title: stop.title, stop });
  });

  router.get(paths.admin.stopRequestDocument(':projectNumber', ':documentId'), async (req, res) => {
    principalOf(req, 'agency');
    const documentId = Number(req.params.documentId);
    if (!Number.isSafeInteger(documentId) || documentId <= 0) throw new NotFoundError();
    const document = await deps.projectReactionRepository.findHistoryDocument(
      agencyScope,
      String(req.params.projectNumber),
      documentId,
    );
    if (!document) throw new NotFoundError('Dit document bestaat niet.');
    sendDocument(res, document);
  });

  router.get(paths.admin.stopRequestDecision(':projectNumber', ':decision'), async (req, res) => {
    principalOf(req, 'agency');
    const slug = stopDecisionOfSlug(String(req.params.decision));
    if (!slug) throw new NotFoundError();
    const { detail, request } = await loadStopRequest(req);
    const decision = stopDecision(detail.projectNumber, detail.status, slug);
    if (!decision) {
      flash(req, { type: 'warning', text: noStopAwaitsDecision(detail.status) });
      return res.redirect(paths.admin.stopRequest(detail.projectNumber));
    }
    const totals = await queries.ledgerTotals(detail.id);
    const stop = presentStopRequest(detail, request, { totals, entries: [] }, deps.clock.today());
    const { values, errors } = takeFormState(req, decision.href);
    res.render('admin/stop-requests/decide', {
      title: `${decision.label}: ${detail.projectNumber}`,
      stop,
      decision,
      expectedFrom: detail.status,
      backHref: paths.admin.stopRequest(detail.projectNumber),
      values,
      errors,
    });
  });

  router.post(paths.admin.stopRequestDecision(':projectNumber', ':decision'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const slug = stopDecisionOfSlug(String(req.params.decision));
    if (!slug) throw new NotFoundError();
    const projectNumber = String(req.params.projectNumber);
    const self = paths.admin.stopRequestDecision(projectNumber, slug);
    const detailHref = paths.admin.stopRequest(projectNumber);
    const form = readDecisionForm(req, res, {
      statuses: projectStatuses,
      self,
      detailHref,
      reasonRequired: () => slug === 'weigeren',
      reasonMissing: 'Geef een reden op waarom u de stopzetting weigert.',
    });
    if (!form) return;
    const input = { actor: actorOf(principal), expectedFrom: form.expectedFrom, requestId: requestIdOf(req) };
    await decideOrWarn(req, detailHref, async () => {
      if (slug === 'bevestigen') {
        const stop = await service.confirm(projectNumber, input);
        flash(req, {
          type: 'success',
          text: `De stopzetting is bevestigd: het project heeft nu de status "Stopgezet". ${formatEuro(stop.refundCents)} eigen bijdrage gaat terug naar de onderneming, ${formatEuro(stop.subsidyReturnCents)} subsidie naar de Vlaamse overheid. De onderneming en de dienstverlener krijgen een mail.`,
        });
      } else {
        await service.refuse(projectNumber, { ...input, reason: form.reason ?? '' });
        flash(req, {
          type: 'success',
          text: 'De stopzetting is geweigerd: het project heeft opnieuw de status "Lopend". De onderneming en de dienstverlener krijgen een mail met de reden.',
        });
      }
    });
    res.redirect(303, detailHref);
  });

  return router;
}
