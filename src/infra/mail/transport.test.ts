import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../test/support/free-port.js';
import { createTransport } from './transport.js';

/**
 * The outbox's transport (createTransport) against real SMTP servers on
 * loopback: smtp-server, the library the development mail catcher uses,
 * counting the connections and whether each was encrypted.
 */
interface Received {
  subject: string;
  /** The connection was encrypted (smtps://, or after STARTTLS). */
  secure: boolean;
}

let tlsKey: { key: string; cert: string };
beforeAll(async () => {
  const generated = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  tlsKey = { key: generated.private, cert: generated.cert };
});

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

async function startServer(options: Partial<SMTPServerOptions>, port = 0) {
  const received: Received[] = [];
  const connections = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onConnect(session, callback) {
      connections.add(session.id);
      callback();
    },
    onData(stream, session, callback) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({
          subject: /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '',
          secure: session.secure,
        });
        callback();
      });
    },
    ...options,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, received, connections };
}

const mail = (subject: string) => ({
  from: 'kmo-portefeuille@vlaio.test',
  to: 'ontvanger@voorbeeld.test',
  subject,
  text: 'Tekst',
});

/** Sends the mails one after the other through a transport to `smtpUrl`, as a send run does, then closes it. */
async function sendRun(smtpUrl: string, subjects: string[]): Promise<void> {
  const transport = createTransport(smtpUrl);
  try {
    for (const subject of subjects) await transport.sendMail(mail(subject));
  } finally {
    transport.close();
  }
}

describe('the outbox transport', () => {
  it('sends mail after mail over one connection', async () => {
    const server = await startServer({ disabledCommands: ['STARTTLS'] });
    const subjects = Array.from({ length: 10 }, (_, index) => `Mail ${index + 1}`);
    await sendRun(`smtp://127.0.0.1:${server.port}`, subjects);
    expect(server.received.map((entry) => entry.subject)).toEqual(subjects);
    // A new connection per mail would be ten sessions.
    expect(server.connections.size).toBe(1);
  });

  it('encrypts from the first byte for smtps://', async () => {
    const server = await startServer({ secure: true, ...tlsKey });
    await sendRun(`smtps://127.0.0.1:${server.port}?tls.rejectUnauthorized=false`, ['Versleuteld']);
    expect(server.received).toEqual([expect.objectContaining({ subject: 'Versleuteld', secure: true })]);
  });

  it('upgrades with STARTTLS when SMTP_URL requires TLS', async () => {
    const server = await startServer({ ...tlsKey });
    await sendRun(`smtp://127.0.0.1:${server.port}?requireTLS=true&tls.rejectUnauthorized=false`, [
      'Na STARTTLS',
    ]);
    expect(server.received).toEqual([expect.objectContaining({ subject: 'Na STARTTLS', secure: true })]);
  });

  it('refuses to send in the clear when TLS is required and the server offers none', async () => {
    const server = await startServer({ disabledCommands: ['STARTTLS'] });
    await expect(
      sendRun(`smtp://127.0.0.1:${server.port}?requireTLS=true`, ['Onversleuteld']),
    ).rejects.toThrow(/STARTTLS/);
    expect(server.received).toEqual([]);
  });

  it('fails a send while nobody listens, and the same transport sends once the server is back', async () => {
    const port = await findFreePort();
    const transport = createTransport(`smtp://127.0.0.1:${port}`);
    try {
      await expect(transport.sendMail(mail('Niemand'))).rejects.toThrow(/ECONNREFUSED/);
      const server = await startServer({ disabledCommands: ['STARTTLS'] }, port);
      await transport.sendMail(mail('Terug'));
      expect(server.received.map((entry) => entry.subject)).toEqual(['Terug']);
    } finally {
      transport.close();
    }
  });
});
