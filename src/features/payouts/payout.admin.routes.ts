import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { formatDate, parseDateInput } from '../../domain/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../domain/errors.js';
import { formatEuro } from '../../domain/money.js';
import { executionDateProblem, nextBusinessDay } from '../../domain/payout-rules.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { keepFormState, takeFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import { payoutFile, payoutFileName, type PayoutDebtor } from './payout-file.js';
import {
  batchColumns,
  instructionColumns,
  presentBatch,
  presentBatchRows,
  presentInstructionRows,
  presentPendingTotals,
} from './payout.admin.presenter.js';
import { BATCH_NOT_FOUND_MESSAGE, type PayoutBatchService } from './payout-batch.service.js';
import type { PayoutQueries } from './payout.queries.js';

const batchIdOf = (value: unknown): number => {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(BATCH_NOT_FOUND_MESSAGE);
  return id;
};

/**
 * /beheer/uitbetalingen: the payout instructions waiting for a batch, a new
 * batch of them, the batches, a batch's detail, its SEPA file and marking it
 * executed.
 */
export function payoutAdminRoutes(deps: {
  clock: Clock;
  payoutQueries: PayoutQueries;
  payoutBatches: Pick<PayoutBatchService, 'createBatch' | 'markExecuted'>;
  paymentInstitution: PayoutDebtor;
}): Router {
  const router = Router();
  const { payoutQueries: queries, payoutBatches: service } = deps;

  router.get(paths.admin.payouts(), async (req, res) => {
    principalOf(req, 'agency');
    const [pending, totals, batches] = await Promise.all([
      queries.pending(),
      queries.pendingTotals(),
      queries.batches(),
    ]);
    const { values, errors } = takeFormState(req, paths.admin.payouts());
    res.render('admin/payouts/list', {
      title: 'Uitbetalingen',
      pendingCount: totals.count,
      totals: presentPendingTotals(totals),
      pending: {
        columns: instructionColumns,
        rows: presentInstructionRows(pending),
        emptyText: 'Er wachten geen uitbetalingen op een batch.',
      },
      batches: {
        columns: batchColumns,
        rows: presentBatchRows(batches),
        emptyText: 'Er zijn nog geen uitbetalingsbatches.',
      },
      executionDate: values.executionDate ?? formatDate(nextBusinessDay(deps.clock.today())),
      errors,
    });
  });

  router.post(paths.admin.payouts(), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const self = paths.admin.payouts();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = typeof body.executionDate === 'string' ? body.executionDate : '';
    const date = parseDateInput(typed);
    const problem =
      date === undefined
        ? 'Vul de uitvoeringsdatum in als dd/mm/jjjj, bijvoorbeeld 08/12/2026.'
        : executionDateProblem(date, deps.clock.today());
    if (problem || date === undefined) {
      keepFormState(req, self, {
        values: { executionDate: typed },
        errors: { executionDate: problem ?? '' },
      });
      return res.redirect(303, self);
    }
    try {
      const batch = await service.createBatch({
        actor: actorOf(principal),
        requestedExecutionDate: date,
        requestId: requestIdOf(req),
      });
      flash(req, {
        type: 'success',
        text: `Batch ${batch.id} is aangemaakt met ${batch.count} ${batch.count === 1 ? 'uitbetaling' : 'uitbetalingen'} (${formatEuro(batch.totalCents)}). Download het SEPA-bestand en laad het op bij de bank.`,
      });
      res.redirect(303, paths.admin.payoutBatch(batch.id));
    } catch (error) {
      if (error instanceof InvalidTransitionError) {
        flash(req, { type: 'warning', text: error.message });
        return res.redirect(303, self);
      }
      throw error;
    }
  });

  router.get(paths.admin.payoutBatch(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const batch = await queries.batch(batchIdOf(req.params.id));
    if (!batch) throw new NotFoundError(BATCH_NOT_FOUND_MESSAGE);
    const view = presentBatch(batch);
    res.render('admin/payouts/batch', { title: view.title, batch: view });
  });

  router.get(paths.admin.payoutBatchFile(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const batch = await queries.batch(batchIdOf(req.params.id));
    if (!batch) throw new NotFoundError(BATCH_NOT_FOUND_MESSAGE);
    const xml = payoutFile(
      {
        id: batch.id,
        requestedExecutionDate: batch.requestedExecutionDate,
        createdAt: batch.createdAt,
        instructions: batch.instructions,
      },
      deps.paymentInstitution,
    );
    res.attachment(payoutFileName(batch.id));
    res.type('application/xml; charset=utf-8');
    res.send(xml);
  });

  router.post(paths.admin.payoutBatchExecuted(':id'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const id = batchIdOf(req.params.id);
    try {
      const executedOn = await service.markExecuted(id, {
        actor: actorOf(principal),
        requestId: requestIdOf(req),
      });
      flash(req, {
        type: 'success',
        text: `Batch ${id} is gemarkeerd als uitgevoerd op ${formatDate(executedOn)}. De ondernemingen zien hun uitbetaling in hun portefeuille.`,
      });
    } catch (error) {
      if (error instanceof ConflictError) {
        flash(req, { type: 'warning', text: error.message });
      } else throw error;
    }
    res.redirect(303, paths.admin.payoutBatch(id));
  });

  return router;
}
