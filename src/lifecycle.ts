import http, { type RequestListener, type Server } from 'node:http';
import type { Logger } from './logger.js';

/** How long a process waits for its stop steps before it gives up and exits with 1. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface StopStep {
  name: string;
  run: () => Promise<void>;
}

export function listen(handler: RequestListener, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Stops accepting connections, lets requests in flight finish, then closes idle keep-alive sockets. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

/**
 * Runs `steps` in order on SIGTERM or SIGINT (or when the returned function is
 * called), then exits: 0, or 1 when a step failed or they took longer than `graceMs`.
 */
export function installShutdown(logger: Logger, steps: StopStep[], graceMs = SHUTDOWN_GRACE_MS) {
  let stopping: Promise<void> | undefined;
  const shutdown = (exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      const timer = setTimeout(() => {
        logger.error('graceful shutdown took too long, exiting');
        logger.flush();
        process.exit(1);
      }, graceMs);
      timer.unref();
      for (const step of steps) {
        try {
          await step.run();
          logger.info(`${step.name} stopped`);
        } catch (error) {
          logger.error({ err: error }, `stopping ${step.name} failed`);
          exitCode = 1;
        }
      }
      logger.flush();
      process.exit(exitCode);
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'shutting down');
      void shutdown(0);
    });
  }
  return shutdown;
}
