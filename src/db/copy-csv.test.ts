import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineEnds } from './copy-csv.js';

async function through(chunks: string[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks.map((text) => Buffer.from(text))).pipe(lineEnds('\r\n'))) {
    out.push(chunk as Buffer);
  }
  return Buffer.concat(out).toString('utf8');
}

const CSV = 'a;"b\nc";d\n"""q""\n";e;f\n;;\n"x;y"\n';
const EXPECTED = 'a;"b\nc";d\r\n"""q""\n";e;f\r\n;;\r\n"x;y"\r\n';

describe('lineEnds', () => {
  it('writes CRLF for each line end, and leaves a line break inside a quoted field as it is', async () => {
    expect(await through([CSV])).toBe(EXPECTED);
  });

  it('does so wherever the chunks are cut, quotes and line ends included', async () => {
    for (let first = 0; first <= CSV.length; first++) {
      for (let second = first; second <= CSV.length; second++) {
        const chunks = [CSV.slice(0, first), CSV.slice(first, second), CSV.slice(second)];
        expect(await through(chunks)).toBe(EXPECTED);
      }
    }
  });

  it('passes a chunk without line ends unchanged', async () => {
    expect(await through(['abc', 'def'])).toBe('abcdef');
  });
});
