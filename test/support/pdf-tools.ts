import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Reading documents back with tools nobody here wrote: poppler-utils (pdftotext,
 * pdffonts, pdftoppm) and zbar-tools (zbarimg), both from Debian (.ci/run
 * installs them).
 */

const run = promisify(execFile);

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kmo-pdf-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as poppler's pdftotext extracts it (UTF-8), whitespace collapsed. */
export function pdftotext(pdf: Buffer): Promise<string> {
  return inTempDir(async (dir) => {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return stdout.replace(/\s+/g, ' ').trim();
  });
}

/** The fonts of the PDF as pdffonts lists them: name, and whether each is embedded. */
export function pdffonts(pdf: Buffer): Promise<{ name: string; embedded: boolean }[]> {
  return inTempDir(async (dir) => {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdffonts', [file]);
    // Columns: name type encoding emb sub uni object ID; the name and type may hold spaces,
    // the last six columns do not.
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const columns = line.trim().split(/\s+/);
        return { name: columns[0] ?? '', embedded: columns.at(-5) === 'yes' };
      });
  });
}

/** The first page of the PDF as a PNG, rendered by pdftoppm at 150 dpi. */
export function pdfFirstPagePng(pdf: Buffer): Promise<Buffer> {
  return inTempDir(async (dir) => {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    await run('pdftoppm', [
      '-r',
      '150',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      join(dir, 'page'),
    ]);
    return readFile(join(dir, 'page.png'));
  });
}

/** The text of the one QR code in the image, decoded by zbarimg (raw bytes read as UTF-8). */
export function decodeQrCode(image: Buffer): Promise<string> {
  return inTempDir(async (dir) => {
    const file = join(dir, 'image.png');
    await writeFile(file, image);
    const { stdout } = await run(
      'zbarimg',
      ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', '-Sbinary', file],
      { encoding: 'buffer' },
    );
    return stdout.toString('utf8');
  });
}
