import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import { NotFoundError } from '../../domain/errors.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { requestIdOf } from '../../web/request-logging.js';
import type { OutboxAdminQueries } from './outbox.admin.queries.js';
import {
  mailColumns,
  failedMailsText,
  mailListHref,
  mailStatusFilterItems,
  outboxStatusSlugs,
  presentMail,
  presentMailRows,
  statusOfSlug,
} from './outbox.admin.presenter.js';
import type { OutboxService } from './outbox.service.js';
import { parsePageNumber } from '../../domain/pagination.js';

/** /beheer/mails: the agency's view of the outbox; a failed mail can be sent again. */
export function outboxAdminRoutes(deps: {
  outboxAdminQueries: OutboxAdminQueries;
  outbox: Pick<OutboxService, 'resendFailed'>;
}): Router {
  const router = Router();
  const { outboxAdminQueries: queries, outbox } = deps;

  router.get(paths.admin.mails(), async (req, res) => {
    principalOf(req, 'agency');
    const status = statusOfSlug(req.query.status);
    const page = parsePageNumber(typeof req.query.pagina === 'string' ? req.query.pagina : '');
    const [result, failed] = await Promise.all([queries.list({ status, page }), queries.failedCount()]);
    res.render('admin/mails/list', {
      title: 'Mails',
      failedText: failedMailsText(failed),
      failedHref: mailListHref('failed'),
      filtered: Boolean(status),
      total: result.total,
      form: {
        action: paths.admin.mails(),
        values: { status: status ? outboxStatusSlugs[status] : '' },
        statusItems: mailStatusFilterItems,
      },
      table: {
        columns: mailColumns,
        rows: presentMailRows(result.rows),
        emptyText: status ? 'Er zijn geen mails met deze status.' : 'Er zijn nog geen mails.',
      },
      pagination: {
        page: result.page,
        pageCount: result.pageCount,
        hrefFor: (page: number) => mailListHref(status, page),
      },
    });
  });

  router.get(paths.admin.mail(':id'), async (req, res) => {
    principalOf(req, 'agency');
    const mail = await queries.find(Number(req.params.id));
    if (!mail) throw new NotFoundError('Deze mail bestaat niet.');
    const detail = presentMail(mail);
    res.render('admin/mails/detail', { title: detail.title, mail: detail });
  });

  router.post(paths.admin.mailResend(':id'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const mail = await queries.find(Number(req.params.id));
    if (!mail) throw new NotFoundError('Deze mail bestaat niet.');
    const resent = await outbox.resendFailed(mail.id, {
      actor: actorOf(principal),
      requestId: requestIdOf(req),
    });
    if (resent) {
      flash(req, {
        type: 'success',
        text: `De mail aan ${mail.toAddress} staat opnieuw klaar om te versturen.`,
      });
    } else {
      flash(req, {
        type: 'warning',
        text: 'Deze mail is niet (meer) mislukt: hij is al opnieuw klaargezet of verstuurd. Er is niets gewijzigd.',
      });
    }
    res.redirect(303, paths.admin.mail(mail.id));
  });

  return router;
}
