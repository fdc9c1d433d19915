import type pg from 'pg';

/**
 * Who waits on what, sampled from PostgreSQL while a measurement runs: every
 * `intervalMs`, each backend waiting for a heavyweight lock (pg_locks, not
 * granted) with the lock it waits for and what the first backend blocking it
 * (pg_blocking_pids) is running. One wait is one statement of one backend
 * (pid and query_start); its duration is from the statement's start to the
 * last sample that saw it waiting (a lower bound, within one interval).
 * Grouped by the lock, the waiting statement and the blocker's statement, so
 * the report says which transaction holds up which.
 */
export interface LockWaitGroup {
  lock: string;
  waiter: string;
  blocker: string;
  waits: number;
  totalMs: number;
  maxMs: number;
}

export interface LockWaitSampler {
  stop(): Promise<{ samples: number; intervalMs: number; groups: LockWaitGroup[] }>;
}

interface Sample {
  pid: number;
  query_start: string;
  lock: string;
  waiter: string;
  blocker: string | null;
  waited_ms: number;
}

const SAMPLE_SQL = `
  select l.pid, a.query_start::text,
         l.locktype || case
           when l.locktype = 'advisory' then ' ' || l.objid
           when l.relation is not null then ' ' || l.relation::regclass::text
           else '' end as lock,
         left(regexp_replace(a.query, '\\s+', ' ', 'g'), 70) as waiter,
         (select coalesce(b.state, '') || ': ' || left(regexp_replace(b.query, '\\s+', ' ', 'g'), 70)
            from pg_stat_activity b
           where b.pid = (pg_blocking_pids(l.pid))[1]
           -- The activity view is no consistent snapshot: a pid may show twice while its slot is reused.
           limit 1) as blocker,
         (extract(epoch from clock_timestamp() - a.query_start) * 1000)::float8 as waited_ms
    from pg_locks l
    join pg_stat_activity a on a.pid = l.pid
   where not l.granted and a.datname = current_database()`;

/** Starts sampling on one connection of `pool`; `stop` ends it and groups the waits. */
export function sampleLockWaits(pool: pg.Pool, intervalMs = 50): LockWaitSampler {
  const waits = new Map<string, Sample>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    const client = await pool.connect();
    try {
      while (running) {
        const started = performance.now();
        const { rows } = await client.query<Sample>(SAMPLE_SQL);
        samples += 1;
        for (const row of rows) {
          const key = `${row.pid} ${row.query_start}`;
          const known = waits.get(key);
          // The first blocker seen names the wait: the one it queued behind.
          waits.set(key, { ...row, blocker: known?.blocker ?? row.blocker });
        }
        const rest = intervalMs - (performance.now() - started);
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      }
    } finally {
      client.release();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const groups = new Map<string, LockWaitGroup>();
      for (const wait of waits.values()) {
        const blocker = wait.blocker ?? '(gone)';
        const key = `${wait.lock}\u0000${wait.waiter}\u0000${blocker}`;
        const group = groups.get(key) ?? {
          lock: wait.lock,
          waiter: wait.waiter,
          blocker,
          waits: 0,
          totalMs: 0,
          maxMs: 0,
        };
        group.waits += 1;
        group.totalMs += wait.waited_ms;
        group.maxMs = Math.max(group.maxMs, wait.waited_ms);
        groups.set(key, group);
      }
      return {
        samples,
        intervalMs,
        groups: [...groups.values()].sort((a, b) => b.totalMs - a.totalMs),
      };
    },
  };
}

/** The sampled waits as lines for the bench's output, the longest in total first. */
export function lockWaitLines(result: Awaited<ReturnType<LockWaitSampler['stop']>>, top = 12): string[] {
  const total = result.groups.reduce((sum, group) => sum + group.totalMs, 0);
  const count = result.groups.reduce((sum, group) => sum + group.waits, 0);
  const lines = [
    `lock waits (${result.samples} samples every ${result.intervalMs} ms): ${count} waits, ` +
      `${(total / 1000).toFixed(1)} s waited in all`,
  ];
  const perLock = new Map<string, { waits: number; totalMs: number }>();
  for (const group of result.groups) {
    const lock = perLock.get(group.lock) ?? { waits: 0, totalMs: 0 };
    lock.waits += group.waits;
    lock.totalMs += group.totalMs;
    perLock.set(group.lock, lock);
  }
  lines.push(
    `  per lock: ${[...perLock.entries()]
      .sort((a, b) => b[1].totalMs - a[1].totalMs)
      .map(([lock, sum]) => `${lock} ${sum.waits} waits ${(sum.totalMs / 1000).toFixed(1)} s`)
      .join('; ')}`,
  );
  for (const group of result.groups.slice(0, top)) {
    lines.push(
      `  ${group.waits} × ${(group.totalMs / 1000).toFixed(1)} s (max ${Math.round(group.maxMs)} ms) on ${group.lock}: ` +
        `"${group.waiter}" behind "${group.blocker}"`,
    );
  }
  return lines;
}
