import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
  port: number;
  /** Mails accepted so far. */
  received(): number;
  close(): Promise<void>;
}

/**
 * An SMTP server on loopback that accepts every mail and keeps nothing: the
 * benchmark's app sends its outbox here as the server sends it to the real
 * mail server. Against a closed port the outbox sender would retry the rush's
 * and the imports' mails for the rest of the run, beside every later
 * measurement.
 */
export async function startMailSink(): Promise<MailSink> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
