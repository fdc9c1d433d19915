import type { Server } from 'node:http';
import { systemClock } from './clock.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { createApp } from './app.js';
import { startJobs } from './jobs/jobs.js';
import { assemble } from './runtime.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase } from './db/prepare.js';
import { createLogger, type Logger } from './logger.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** Start: config -> database -> app -> listen; stop in the reverse order on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  const database = await openDatabase(config, logger);
  const stopSteps: { name: string; run: () => Promise<void> }[] = [
    { name: 'database', run: () => database.close() },
  ];
  const shutdown = installShutdown(logger, stopSteps);
  try {
    const clock = systemClock;
    await prepareDatabase(database.db, { seedDemo: !config.isProduction, today: clock.today(), logger });
    const runtime = await assemble({ config, logger, db: database.db, databaseUrl: database.url, clock });
    stopSteps.unshift({ name: 'services', run: () => runtime.dispose() });
    const { container } = runtime;
    const jobs = await startJobs(
      {
        logger,
        clock: container.clock,
        mail: container.mail,
        registrations: container.services.registrations,
        deadlines: container.services.deadlines,
        settlement: container.services.settlement,
        depositImports: { service: container.services.depositImport, queue: container.depositImportQueue },
      },
      database.url,
    );
    stopSteps.unshift({ name: 'jobs', run: () => jobs.stop() });

    const app = createApp(runtime.container);
    const server = await listen(app, config.port);
    stopSteps.unshift({ name: 'http server', run: () => closeServer(server) });
    logger.info(
      { url: config.publicUrl, port: config.port },
      `kmo-portefeuille listens on ${config.publicUrl}`,
    );
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await shutdown(1);
  }
}

function listen(app: ReturnType<typeof createApp>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/** Stops accepting connections, lets requests in flight finish, then closes idle keep-alive sockets. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

function installShutdown(logger: Logger, steps: { name: string; run: () => Promise<void> }[]) {
  let stopping: Promise<void> | undefined;
  const shutdown = (exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      const timer = setTimeout(() => {
        logger.error('graceful shutdown took too long, exiting');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS);
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

await main();
