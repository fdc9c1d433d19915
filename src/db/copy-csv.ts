import { pipeline, Transform, type Readable } from 'node:stream';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

/**
 * PostgreSQL's own CSV of a select (`COPY (…) TO STDOUT`, FORMAT csv, no
 * header) as a byte stream, read from `connection` as PostgreSQL writes it:
 * the app parses no rows and builds no strings, and backpressure holds (the
 * stream stops reading the socket while its consumer waits). PostgreSQL
 * quotes a field that holds the delimiter, a double quote, CR or LF (doubling
 * its quotes), and an empty string (NULL stays empty); it ends every line
 * with LF, which `lineEnd` replaces outside quoted fields.
 *
 * The select takes no parameters (COPY accepts none): see inlineBindings.
 */
export function copyCsv(
  connection: pg.ClientBase,
  select: string,
  options: { delimiter: string; lineEnd: '\n' | '\r\n' },
): Readable {
  if (options.delimiter.length !== 1 || /["\r\n']/.test(options.delimiter)) {
    throw new Error(`not a CSV delimiter: ${JSON.stringify(options.delimiter)}`);
  }
  const copy = connection.query(
    copyStreams.to(
      `copy (${select}) to stdout with (format csv, delimiter ${connection.escapeLiteral(options.delimiter)})`,
    ),
  );
  // pipeline, not pipe: an error of the COPY reaches the consumer, and destroying the result stops the COPY's stream.
  return options.lineEnd === '\n' ? copy : pipeline(copy, lineEnds(options.lineEnd), () => undefined);
}

const QUOTE = 0x22;
const LF = 0x0a;

/**
 * A CSV byte stream with each LF that ends a line (one outside a quoted
 * field) written as `lineEnd`. Quoted fields are tracked across chunks: a
 * doubled quote inside one toggles twice and stays inside.
 */
export function lineEnds(lineEnd: string): Transform {
  const end = Buffer.from(lineEnd);
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      // The line ends of this chunk, found with indexOf (no byte loop in JS).
      const breaks: number[] = [];
      let nextQuote = chunk.indexOf(QUOTE);
      let nextBreak = chunk.indexOf(LF);
      while (nextBreak !== -1) {
        if (nextQuote !== -1 && nextQuote < nextBreak) {
          quoted = !quoted;
          nextQuote = chunk.indexOf(QUOTE, nextQuote + 1);
          continue;
        }
        if (!quoted) breaks.push(nextBreak);
        nextBreak = chunk.indexOf(LF, nextBreak + 1);
      }
      // Quotes after the last LF still count for the next chunk.
      while (nextQuote !== -1) {
        quoted = !quoted;
        nextQuote = chunk.indexOf(QUOTE, nextQuote + 1);
      }
      if (breaks.length === 0) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length + breaks.length * (end.length - 1));
      let from = 0;
      let at = 0;
      for (const position of breaks) {
        at += chunk.copy(out, at, from, position);
        at += end.copy(out, at);
        from = position + 1;
      }
      chunk.copy(out, at, from);
      done(null, out);
    },
  });
}
