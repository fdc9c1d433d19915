import { once } from 'node:events';
import type { Readable } from 'node:stream';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorRows } from '../../../src/db/cursor-rows.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { nextTurn } from '../../support/wait.js';

/** cursorRows on a real connection: every row once, in order, one batch ahead, errors and early ends. */

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await database?.destroy();
});

/** A cursor over `sql` whose reads are counted (the cursor itself is pg-cursor's, unchanged). */
function countedCursor(sql: string) {
  const cursor = client.query(new Cursor<number[]>(sql, [], { rowMode: 'array' }));
  /** How many reads were asked for, and each read's answer (settled, never rejected). */
  const counter = { reads: 0, answered: [] as Promise<unknown>[] };
  const read = cursor.read.bind(cursor) as (rows: number) => Promise<number[][]>;
  cursor.read = ((rows: number) => {
    counter.reads += 1;
    const answer = read(rows);
    counter.answered.push(answer.catch(() => undefined));
    return answer;
  }) as typeof cursor.read;
  return { cursor, counter };
}

async function collect(rows: Readable): Promise<unknown[]> {
  const collected: unknown[] = [];
  for await (const row of rows) collected.push(row);
  return collected;
}

const clientStillAnswers = async () => (await client.query('select 41 + 1 as answer')).rows[0].answer;

describe('cursorRows', () => {
  it.each([0, 1, 9, 10, 11, 30, 35])(
    'gives each of %i rows once, in order, in batches of 10',
    async (count) => {
      const { cursor } = countedCursor(`select n from generate_series(1, ${count}) as n order by n`);
      const rows = await collect(cursorRows(cursor, 10));
      expect(rows).toEqual(Array.from({ length: count }, (_, index) => [index + 1]));
      expect(await clientStillAnswers()).toBe(42);
    },
  );

  it('keeps one batch in flight, and asks for no more while the consumer waits', async () => {
    const { cursor, counter } = countedCursor('select n from generate_series(1, 100) as n order by n');
    const rows = cursorRows(cursor, 10);
    await once(rows, 'readable');
    expect(rows.read()).toEqual([1]);
    // The first batch is in hand and the second asked for as it arrived; taking a row made room
    // for the second, and the third was asked for as that one arrived.
    await counter.answered[1];
    await nextTurn();
    expect(counter.reads).toBe(3);
    expect(rows.readableLength).toBe(19);
    // With the third batch answered too, nothing more is asked for while the consumer waits.
    await counter.answered[2];
    await nextTurn();
    expect(counter.reads).toBe(3);
    expect(rows.readableLength).toBe(19);
    // Reading on gives the rest: 10 full batches, then the empty answer that ends the cursor.
    const rest = await collect(rows);
    expect(rest).toEqual(Array.from({ length: 99 }, (_, index) => [index + 2]));
    expect(counter.reads).toBe(11);
  });

  it('fails with the database error met half-way, and leaves the connection usable', async () => {
    const { cursor } = countedCursor('select 100 / (n - 15) from generate_series(1, 30) as n order by n');
    const rows = cursorRows(cursor, 10);
    const received: unknown[] = [];
    await expect(
      (async () => {
        for await (const row of rows) received.push(row);
      })(),
    ).rejects.toThrow('division by zero');
    // Rows up to the failing one may have come first; never a row past it.
    expect(received.length).toBeLessThan(15);
    expect(await clientStillAnswers()).toBe(42);
  });

  it('closes the cursor when destroyed half-way, and leaves the connection usable', async () => {
    const { cursor } = countedCursor('select n from generate_series(1, 1000) as n order by n');
    const rows = cursorRows(cursor, 10);
    await once(rows, 'readable');
    expect(rows.read()).toEqual([1]);
    rows.destroy();
    await once(rows, 'close');
    expect(await clientStillAnswers()).toBe(42);
  });
});
