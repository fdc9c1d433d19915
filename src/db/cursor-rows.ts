import { Readable } from 'node:stream';
import type Cursor from 'pg-cursor';

/**
 * The rows of a pg cursor as an object stream that keeps one batch in
 * flight: as soon as a batch arrives the next one is asked for, so that
 * PostgreSQL reads it while the consumer handles this one. (A stream that
 * asks only when its consumer wants more leaves the database idle while the
 * app works and the app idle while the database works.) Backpressure holds:
 * at most the batch being consumed and the one asked for are in memory.
 *
 * Destroying the stream closes the cursor; `close` is emitted once it is.
 */
export function cursorRows<Row>(cursor: Cursor<Row>, batchRows: number): Readable {
  // A cursor answers one read at a time; a read is only asked for when the previous one has settled.
  const fetch = () => {
    const rows = cursor.read(batchRows);
    // Settled by read() below when the stream gets that far; an error met before then is not unhandled.
    rows.catch(() => undefined);
    return rows;
  };
  let next: Promise<Row[]> | undefined;
  let lastBatch = false;
  // A cursor that failed is over: pg has already ended its portal and synced the connection.
  let failed = false;
  return new Readable({
    objectMode: true,
    highWaterMark: batchRows,
    read() {
      // Node may ask for more while the last batch is being pushed: there is no more.
      if (lastBatch) return;
      next ??= fetch();
      next.then(
        (rows) => {
          // Destroyed while this read was on its way (the consumer went away): the cursor is being
          // closed. Another read now would reach PostgreSQL after the portal's Close and fail the
          // connection's next query ("portal … does not exist").
          if (this.destroyed) return;
          // A short batch is the last one: the cursor is done and there is nothing more to ask for.
          lastBatch = rows.length < batchRows;
          next = lastBatch ? undefined : fetch();
          for (const row of rows) this.push(row);
          if (lastBatch) this.push(null);
        },
        (error: unknown) => {
          failed = true;
          this.destroy(error as Error);
        },
      );
    },
    destroy(error, callback) {
      if (failed) return callback(error);
      cursor.close((closeError?: Error) => callback(error ?? closeError ?? null));
    },
  });
}
