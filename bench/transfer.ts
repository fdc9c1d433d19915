import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

/** A bulk read: how many data rows arrived, how many bytes, in how long. */
export interface Transfer {
  rows: number;
  bytes: number;
  ms: number;
}

/** Counts bytes and lines of what flows through, and keeps nothing. */
class LineCounter extends Writable {
  bytes = 0;
  lines = 0;
  private lastByte = 0x0a;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    let at = chunk.indexOf(0x0a);
    while (at !== -1) {
      this.lines += 1;
      at = chunk.indexOf(0x0a, at + 1);
    }
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1] ?? 0x0a;
    callback();
  }
  /** Data rows of a CSV with a header line (the generated names hold no line breaks). */
  get dataRows(): number {
    const lines = this.lines + (this.lastByte === 0x0a || this.bytes === 0 ? 0 : 1);
    return Math.max(0, lines - 1);
  }
}

/** GETs a CSV export and discards it; the time runs from sending the request to the last byte. */
export function downloadCsv(url: string, headers: Record<string, string>): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`GET ${url} answered ${response.statusCode}`));
      }
      const counter = new LineCounter();
      pipeline(response, counter).then(
        () => resolve({ rows: counter.dataRows, bytes: counter.bytes, ms: performance.now() - started }),
        reject,
      );
    });
    request.on('error', reject);
  });
}

/** PostgreSQL's own export of the same rows: `COPY (select …) TO STDOUT` as `;`-separated CSV with a header. */
export async function copyOut(pool: pg.Pool, select: string): Promise<Transfer> {
  const client = await pool.connect();
  try {
    const started = performance.now();
    const counter = new LineCounter();
    const stream = client.query(
      copyStreams.to(`copy (${select}) to stdout with (format csv, delimiter ';', header true)`),
    );
    await pipeline(stream, counter);
    return { rows: counter.dataRows, bytes: counter.bytes, ms: performance.now() - started };
  } finally {
    client.release();
  }
}
