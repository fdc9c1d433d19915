import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Logger } from '../logger.js';

export interface CaughtMail {
  id: number;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | undefined;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/**
 * The development mail server: a real SMTP server on loopback that nodemailer
 * sends to, keeping what it receives for /dev/mailbox and for tests. With
 * WEB_CONCURRENCY > 1 the primary process runs the one catcher and every HTTP
 * worker keeps a mirror (never started), fed each mail over IPC (`mirror`).
 */
export class DevMailCatcher {
  private readonly mails: CaughtMail[] = [];
  private nextId = 1;
  private server: SMTPServer | undefined;
  private waiters: (() => void)[] = [];
  private readonly listeners: ((mail: CaughtMail) => void)[] = [];

  constructor(private readonly logger: Logger) {}

  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // It only ever listens on localhost: no reverse DNS lookup of the client (slow where DNS is).
      disableReverseLookup: true,
      logger: false,
      size: 25 * 1024 * 1024,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
            this.keep({
              id: this.nextId++,
              receivedAt: new Date(),
              from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
              to: recipients,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : undefined,
              attachments: parsed.attachments.map((attachment) => ({
                filename: attachment.filename ?? 'bijlage',
                contentType: attachment.contentType,
                content: attachment.content,
              })),
            });
            this.logger.info(
              { to: recipients, subject: parsed.subject },
              'development mailbox received a mail',
            );
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.server.address() as AddressInfo).port;
  }

  /** Calls `listener` with every mail this catcher receives from now on (the cluster's primary forwards them). */
  onReceived(listener: (mail: CaughtMail) => void): void {
    this.listeners.push(listener);
  }

  /** Keeps a mail another process's catcher received, under its id there; a mail already kept is ignored. */
  mirror(mail: CaughtMail): void {
    if (this.find(mail.id)) return;
    const attachments = mail.attachments.map((attachment) => ({
      ...attachment,
      content: Buffer.from(attachment.content),
    }));
    this.keep({ ...mail, receivedAt: new Date(mail.receivedAt), attachments });
  }

  private keep(mail: CaughtMail): void {
    // Newest first, by id: a mirror may receive the backlog and a new mail in either order.
    const at = this.mails.findIndex((kept) => kept.id < mail.id);
    this.mails.splice(at === -1 ? this.mails.length : at, 0, mail);
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((wake) => wake());
    this.listeners.forEach((listener) => listener(mail));
  }

  /** The port it listens on while started (a test stops it and starts it again on the same port). */
  get port(): number | undefined {
    return this.server ? (this.server.server.address() as AddressInfo | null)?.port : undefined;
  }

  list(): readonly CaughtMail[] {
    return this.mails;
  }

  find(id: number): CaughtMail | undefined {
    return this.mails.find((mail) => mail.id === id);
  }

  /** Resolves when a mail to this address has arrived (tests and the e2e journeys use it). */
  async waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs = 10_000): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find(predicate);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no matching mail arrived in the development mailbox');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }
}
