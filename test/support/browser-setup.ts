import fs from 'node:fs';
import type { TestProject } from 'vitest/node';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL_LINE = 'apt-get update && apt-get install -y chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string | null;
  }
}

/**
 * Browser tests need Debian's Chromium. In CI its absence is an error; on a
 * developer's machine the browser tests are reported as not run, with the
 * line that installs it.
 */
export default function setup(project: TestProject): void {
  const available = fs.existsSync(CHROMIUM_PATH);
  if (!available) {
    if (process.env.CI) {
      throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; .ci/run must install it (${INSTALL_LINE}).`);
    }
    process.stdout.write(
      `\nBrowser tests NOT RUN: Chromium is not installed at ${CHROMIUM_PATH}.\nInstall it with: ${INSTALL_LINE}\n\n`,
    );
  }
  project.provide('chromiumPath', available ? CHROMIUM_PATH : null);
}
