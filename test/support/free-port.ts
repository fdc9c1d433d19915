import { randomInt } from 'node:crypto';
import net from 'node:net';

const LOWEST = 20_000;
/** Linux's ephemeral range starts at 32768 (/proc/sys/net/ipv4/ip_local_port_range). */
const EPHEMERAL = 32_768;

/**
 * A port nobody listens on, for a server the caller starts a little later
 * (the embedded PostgreSQL after initdb, a portal process). It is taken below
 * the ephemeral range: a port there can meanwhile be handed by the kernel to
 * an outgoing connection or a listener on port 0 — which, with test files
 * running side by side, happened ("port … is already in use").
 */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = randomInt(LOWEST, EPHEMERAL);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${EPHEMERAL - 1}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
