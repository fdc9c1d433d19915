import { Router } from 'express';
import type { DevMailCatcher } from './mail-catcher.js';
import { NotFoundError } from '../domain/errors.js';
import { paths } from '../paths.js';

/** /dev/mailbox: what the development mail catcher received. Never mounted in production. */
export function devMailboxRoutes(mailbox: DevMailCatcher | undefined): Router {
  const router = Router();
  router.get(paths.dev.mailbox(), (_req, res) => {
    res.render('dev/mailbox', {
      title: 'Ontwikkeling: mailbox',
      mails: mailbox?.list() ?? [],
      available: Boolean(mailbox),
    });
  });
  router.get(paths.dev.mail(':id'), (req, res) => {
    const mail = mailbox?.find(Number(req.params.id));
    if (!mail) throw new NotFoundError('Deze mail is niet (meer) in de mailbox.');
    res.render('dev/mail', { title: mail.subject || '(geen onderwerp)', mail });
  });
  router.get(paths.dev.mailAttachment(':id', ':index'), (req, res) => {
    const mail = mailbox?.find(Number(req.params.id));
    const attachment = mail?.attachments[Number(req.params.index)];
    if (!attachment) throw new NotFoundError('Deze bijlage bestaat niet.');
    res.type(attachment.contentType).attachment(attachment.filename).send(attachment.content);
  });
  return router;
}
