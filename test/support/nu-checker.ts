import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** One page to check: where it came from (for the failure message) and its HTML. */
export interface CheckedPage {
  url: string;
  html: string;
}

/** One message of the Nu Html Checker, with the page it is about. */
export interface MarkupError {
  url: string;
  line: number | undefined;
  message: string;
  extract: string | undefined;
}

interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message?: string;
  extract?: string;
}

/** The jar the `vnu-jar` package ships (the package's main export is its path). */
function vnuJarPath(): string {
  const require = createRequire(import.meta.url);
  return String(require('vnu-jar'));
}

/**
 * Runs the Nu Html Checker (Java, one JVM for all pages) over the pages and
 * returns its errors, each with the page's URL. Warnings are left out.
 */
export async function markupErrorsOf(pages: CheckedPage[]): Promise<MarkupError[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-vnu-'));
  try {
    const urlOf = new Map<string, string>();
    const files = pages.map((page, index) => {
      const file = path.join(folder, `page-${String(index).padStart(4, '0')}.html`);
      fs.writeFileSync(file, page.html);
      urlOf.set(`file:${file}`, page.url);
      return file;
    });
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'java',
        ['-jar', vnuJarPath(), '--format', 'json', '--errors-only', '--exit-zero-always', ...files],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`vnu.jar failed: ${stderr.slice(0, 2000)}`)) : resolve(stderr || stdout),
      );
    });
    const { messages } = JSON.parse(output) as { messages: VnuMessage[] };
    return messages
      .filter((message) => message.type === 'error' || message.subType === 'fatal')
      .map((message) => ({
        url: urlOf.get(message.url ?? '') ?? message.url ?? '?',
        line: message.lastLine,
        message: message.message ?? '',
        extract: message.extract,
      }));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
