import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CapturedQuery, ChildMessage, ParentMessage } from './protocol.js';

/** The app in its child process, seen from the benchmark. */
export interface AppHandle {
  pid: number;
  baseUrl: string;
  /** Records the SQL knex runs while `action` runs. */
  capture<T>(action: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }>;
  collectGarbage(): Promise<void>;
  /** The next default overview rendered is kept; RENDER_PATH then renders it again from memory. */
  armRender(): Promise<void>;
  /** The CPU time (user + system) the app process has used so far, in milliseconds. */
  cpuMs(): Promise<number>;
  memory(): { rssKb: number; peakKb: number };
  /** The app's own `process.memoryUsage()`: resident set and V8 heap used, in kB. */
  usage(): Promise<{ rssKb: number; heapUsedKb: number }>;
  /** Resets the kernel's high-water mark of the resident set (VmHWM); false when not allowed. */
  resetPeak(): boolean;
  stop(): Promise<void>;
  /** For exit handlers: ends the process at once. */
  kill(): void;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startApp(options: {
  projectRoot: string;
  environment: Record<string, string>;
  /** More node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`. */
  nodeFlags?: string[];
  /** While true, the app's output is dropped (after Ctrl-C its complaints about the vanishing database are noise). */
  silenced?: () => boolean;
}): Promise<AppHandle> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      ...(options.nodeFlags ?? []),
      path.join(options.projectRoot, 'bench', 'app-process.ts'),
    ],
    { cwd: options.projectRoot, env: options.environment, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => options.silenced?.() || process.stdout.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => options.silenced?.() || process.stderr.write(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  if (pid === undefined) throw new Error('the app process did not start');

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the app did not report ready within 60 s')),
      START_TIMEOUT_MS,
    );
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the app process exited during start-up (code ${code})`));
    });
  });

  let nextId = 1;
  const ask = (message: {
    type: 'capture-start' | 'capture-stop' | 'gc' | 'cpu' | 'memory' | 'render-arm';
  }) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (answer: ChildMessage) => {
        if ('id' in answer && answer.id === id) {
          child.off('message', onMessage);
          resolve(answer);
        }
      };
      child.on('message', onMessage);
      const sent: ParentMessage = { ...message, id };
      child.send(sent, (error) => error && reject(error));
    });

  const readStatus = () => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
  };

  return {
    pid,
    baseUrl: `http://127.0.0.1:${port}`,
    async capture(action) {
      await ask({ type: 'capture-start' });
      try {
        const result = await action();
        const answer = await ask({ type: 'capture-stop' });
        return { result, queries: answer.type === 'captured' ? answer.queries : [] };
      } catch (error) {
        await ask({ type: 'capture-stop' });
        throw error;
      }
    },
    async collectGarbage() {
      await ask({ type: 'gc' });
    },
    async armRender() {
      await ask({ type: 'render-arm' });
    },
    async cpuMs() {
      const answer = await ask({ type: 'cpu' });
      return answer.type === 'cpu' ? answer.micros / 1000 : Number.NaN;
    },
    memory: readStatus,
    async usage() {
      const answer = await ask({ type: 'memory' });
      return answer.type === 'memory'
        ? { rssKb: answer.rss / 1024, heapUsedKb: answer.heapUsed / 1024 }
        : { rssKb: Number.NaN, heapUsedKb: Number.NaN };
    },
    resetPeak() {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const stopMessage: ParentMessage = { type: 'stop' };
      child.send(stopMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
