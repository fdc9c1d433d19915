import cluster from 'node:cluster';
import { systemClock } from './clock.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { createApp } from './app.js';
import { parseWebConcurrency, runPrimary, runWorker } from './cluster.js';
import { assemble, startAppJobs } from './runtime.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase } from './db/prepare.js';
import { closeServer, installShutdown, listen, type StopStep } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';

/**
 * Start: config -> database -> app -> listen; stop in the reverse order on SIGTERM or SIGINT.
 * WEB_CONCURRENCY=N (N > 1) runs N HTTP workers under one primary (src/cluster.ts).
 */
async function main(): Promise<void> {
  const problems: string[] = [];
  let config: Config | undefined;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const workers = parseWebConcurrency(process.env.WEB_CONCURRENCY);
  if (typeof workers === 'object') problems.push(workers.problem);
  if (!config || typeof workers === 'object') {
    console.error(new ConfigError(problems).message);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) await runWorker(config, logger);
  else if (workers > 1) await runPrimary(config, logger, workers);
  else await runSingle(config, logger);
}

async function runSingle(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger);
  const stopSteps: StopStep[] = [{ name: 'database', run: () => database.close() }];
  const shutdown = installShutdown(logger, stopSteps);
  try {
    const clock = systemClock;
    await prepareDatabase(database.db, { seedDemo: !config.isProduction, today: clock.today(), logger });
    const runtime = await assemble({ config, logger, db: database.db, databaseUrl: database.url, clock });
    stopSteps.unshift({ name: 'services', run: () => runtime.dispose() });
    const jobs = await startAppJobs(runtime.container, logger, database.url);
    stopSteps.unshift({ name: 'jobs', run: () => jobs.stop() });

    const server = await listen(createApp(runtime.container), config.port);
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

await main();
