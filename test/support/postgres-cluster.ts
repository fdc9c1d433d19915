import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../src/db/embedded-postgres.js';
import { createLogger } from '../../src/logger.js';
import { findFreePort } from './free-port.js';

/**
 * A PostgreSQL cluster of one test file's own (not the run's shared server),
 * for tests that stop and start it or copy its files: the embedded binaries in
 * a fresh temporary folder, on a free port.
 */
export interface OwnCluster {
  port: number;
  dataDir: string;
  url(database: string): string;
  isRunning(): boolean;
  /** Fast shutdown (SIGINT): sessions are ended, the server stops. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it if running and removes its folder. */
  destroy(): Promise<void>;
}

export async function startOwnCluster(prefix: string, database: string): Promise<OwnCluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dataDir, 0o755);
  const port = await findFreePort();
  const logger = createLogger('warn');
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres({ dataDir, port, logger });
  await ensureDatabase(server.url('postgres'), database);
  const url = server.url.bind(server);
  return {
    port,
    dataDir,
    url,
    isRunning: () => server !== undefined,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    start: async () => {
      server ??= await startEmbeddedPostgres({ dataDir, port, logger });
    },
    destroy: async () => {
      await server?.stop();
      server = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
