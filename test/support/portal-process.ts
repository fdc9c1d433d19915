import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../src/app.js';
import { findFreePort } from './free-port.js';
import { waitFor } from './wait.js';

/** The portal as `npm start` runs it, in a process of its own (`node --import tsx src/server.ts`). */
export interface PortalProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startPortal(environment: Record<string, string>): Promise<PortalProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(port),
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const ready = async () => {
    if (child.exitCode !== null) throw new Error(`the portal exited early:\n${output}`);
    try {
      return (await fetch(`${baseUrl}/readyz`)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await waitFor(ready, { timeoutMs: 90_000, intervalMs: 100, message: 'the portal did not become ready' });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}:\n${output}`);
  }
  return {
    child,
    port,
    baseUrl,
    output: () => output,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Whether a process with this pid still runs. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
