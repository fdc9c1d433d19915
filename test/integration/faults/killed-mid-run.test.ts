import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/app.js';
import { structuredCommunicationFromSequence } from '../../../src/domain/belgian-identifiers.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { waitFor } from '../../support/wait.js';
import { AFTER_DEMO_DEADLINES, createCompany, PROVIDER_EMAIL } from '../deadlines/support.js';

/**
 * Issue 20, "Killed mid-run": the nightly deadline run, in a process of its
 * own (run-deadlines.ts: the service the pg-boss job calls), over 2,000
 * projects past their deposit deadline and 2,000 due a deposit reminder. It is
 * killed with SIGKILL while lapsing, run again and killed while reminding, and
 * run a third time to the end. Each project is handled in a transaction of
 * its own (status, history, audit row and mails together) and each reminder is
 * registered under a unique key: nothing is left half done, no project lapses
 * twice, no reminder is queued twice, no ledger entry is written.
 */

const PER_KIND = 1_000;
const TODAY = '2029-03-24';
const LAPSED_DEADLINE = '2029-03-20';
const REMINDER_DEADLINE = '2029-03-31';
const RUN_ID = `deadlines-${TODAY}`;

let database: TestDatabase;
let companyEmail: string;
let lapseIds: number[];
let reminderIds: number[];

beforeAll(async () => {
  // No app here: nothing sends the outbox while the runs queue mails.
  database = await createTestDatabase({ demo: true });
  // The demo's own Bevestigd projects lapse first, so that the runs below concern ours alone.
  expect((await startRun(AFTER_DEMO_DEADLINES).exited).code).toBe(0);
  const company = await createCompany(db());
  companyEmail = company.email ?? '';
  const template = (await db()('projects').whereNull('department_id').orderBy('id').first()) as Record<
    string,
    unknown
  >;
  const row = (index: number, depositDeadline: string) => ({
    ...template,
    id: undefined,
    created_at: undefined,
    updated_at: undefined,
    verified: false,
    verified_at: null,
    company_id: company.id,
    department_id: null,
    project_number: `2029KMO${String(800_000 + index).padStart(6, '0')}`,
    structured_communication: structuredCommunicationFromSequence(9_800_000_000 + index),
    title: `Nachtproject ${index}`,
    status: 'Bevestigd',
    application_date: '2029-02-20',
    agreement_date: '2029-02-20',
    start_date: '2029-02-20',
    deposit_deadline: depositDeadline,
  });
  const rows = Array.from({ length: 2 * PER_KIND }, (_, index) =>
    row(index, index < PER_KIND ? LAPSED_DEADLINE : REMINDER_DEADLINE),
  );
  const ids = (await db().batchInsert('projects', rows, 500).returning('id')) as unknown as { id: number }[];
  lapseIds = ids.slice(0, PER_KIND).map((r) => r.id);
  reminderIds = ids.slice(PER_KIND).map((r) => r.id);
}, 120_000);
afterAll(async () => {
  await database.destroy();
});

const db = () => database.db;

/** The deadline run as its own process; resolves with its exit code or signal. */
function startRun(today = TODAY): {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null; out: string }>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/integration/faults/run-deadlines.ts', today],
    {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, exited };
}

/** A count(*) as a number. */
async function countOf(query: PromiseLike<Record<string, unknown>[]>): Promise<number> {
  return Number((await query)[0]?.count ?? 0);
}
const lapsedCount = () =>
  countOf(
    db()('project_history').where({ action: 'lapse' }).whereIn('project_id', lapseIds).count({ count: '*' }),
  );
const reminderCount = () =>
  countOf(
    db()('deadline_reminders')
      .where({ subject_type: 'project' })
      .whereIn('subject_id', reminderIds.map(String))
      .count({ count: '*' }),
  );

/** Every project with a lapse history row is Vervallen with exactly its two mails; every other is Bevestigd without. */
async function expectNothingHalfDone(): Promise<void> {
  const projects = await db()
    .with('mails', (query) =>
      query
        .from('mail_outbox')
        .select(db().raw("substring(subject from '2029KMO8[0-9]{5}') as project_number"))
        .count({ n: '*' })
        .groupByRaw('1'),
    )
    .with('lapses', (query) =>
      query
        .from('project_history')
        .where({ action: 'lapse' })
        .select('project_id')
        .count({ n: '*' })
        .groupBy('project_id'),
    )
    .from('projects as pr')
    .leftJoin('mails', 'mails.project_number', 'pr.project_number')
    .leftJoin('lapses', 'lapses.project_id', 'pr.id')
    .whereIn('pr.id', lapseIds)
    .select(
      'pr.status',
      db().raw('coalesce(lapses.n, 0)::int as lapses'),
      db().raw('coalesce(mails.n, 0)::int as mails'),
    );
  for (const project of projects as { status: string; lapses: number; mails: number }[]) {
    if (project.lapses === 0) expect(project).toEqual({ status: 'Bevestigd', lapses: 0, mails: 0 });
    else expect(project).toEqual({ status: 'Vervallen', lapses: 1, mails: 2 });
  }
  // Each registered reminder has its queued mail.
  const orphans = await db()('deadline_reminders as r')
    .leftJoin('mail_outbox as m', 'm.id', 'r.mail_id')
    .whereIn('r.subject_id', reminderIds.map(String))
    .whereNull('m.id')
    .count<{ count: string }[]>({ count: '*' });
  expect(Number(orphans[0]?.count)).toBe(0);
}

describe('a deadline run killed with SIGKILL', () => {
  it('is completed by the next run: nothing half done, nothing twice, no ledger entry', async () => {
    const ledgerBefore = await db()('ledger_entries').count<{ count: string }[]>({ count: '*' });
    const auditBefore = await db()('audit_log')
      .where({ request_id: RUN_ID })
      .count<{ count: string }[]>({ count: '*' });
    expect(Number(auditBefore[0]?.count)).toBe(0);

    // First run: killed while lapsing.
    const first = startRun();
    await waitFor(async () => (await lapsedCount()) >= 300, {
      timeoutMs: 60_000,
      message: 'the first run lapsed nothing',
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    const lapsedAtKill = await lapsedCount();
    expect(lapsedAtKill).toBeGreaterThan(0);
    expect(lapsedAtKill).toBeLessThan(PER_KIND);
    await expectNothingHalfDone();

    // Second run: finishes the lapses, killed while reminding.
    const second = startRun();
    await waitFor(async () => (await reminderCount()) >= 300, {
      timeoutMs: 90_000,
      message: 'the second run reminded nobody',
    });
    second.child.kill('SIGKILL');
    expect(await second.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(await lapsedCount()).toBe(PER_KIND);
    const remindedAtKill = await reminderCount();
    expect(remindedAtKill).toBeLessThan(2 * PER_KIND);
    await expectNothingHalfDone();

    // Third run: to the end. It lapses nothing more and queues only the reminders still missing.
    const third = startRun();
    const finished = await third.exited;
    expect(finished.code, finished.out).toBe(0);
    const result = JSON.parse(finished.out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
    expect(result).toMatchObject({ lapsed: 0, failed: 0, depositReminders: 2 * PER_KIND - remindedAtKill });

    // Every project lapsed exactly once: status, one history row, one audit row, two mails.
    expect(await db()('projects').whereIn('id', lapseIds).distinct().pluck('status')).toEqual(['Vervallen']);
    expect(await lapsedCount()).toBe(PER_KIND);
    const audit = await db()('audit_log')
      .where({ request_id: RUN_ID })
      .count<{ count: string }[]>({ count: '*' });
    expect(Number(audit[0]?.count)).toBe(PER_KIND);
    await expectNothingHalfDone();

    // Every reminder project: the company and the provider, one reminder each, one mail each.
    const perProject = await db()('deadline_reminders')
      .whereIn('subject_id', reminderIds.map(String))
      .groupBy('subject_id')
      .select('subject_id', db().raw('array_agg(recipient order by recipient) as recipients'));
    expect(perProject).toHaveLength(PER_KIND);
    for (const project of perProject as { recipients: string[] }[]) {
      expect(project.recipients).toEqual([companyEmail, PROVIDER_EMAIL].sort());
    }
    const mails = await db()('mail_outbox')
      .where('subject', 'like', '%2029KMO8%')
      .groupBy('to_address', 'subject')
      .select('to_address', 'subject', db().raw('count(*)::int as n'));
    expect(mails).toHaveLength(4 * PER_KIND);
    expect(mails.filter((mail: { n: number }) => mail.n !== 1)).toEqual([]);
    // The run books nothing: the ledger is as it was.
    const ledgerAfter = await db()('ledger_entries').count<{ count: string }[]>({ count: '*' });
    expect(ledgerAfter).toEqual(ledgerBefore);

    // A fourth run the same night finds nothing to do.
    const fourth = startRun();
    const again = await fourth.exited;
    expect(JSON.parse(again.out.trim().split('\n').pop() ?? '{}')).toMatchObject({
      lapsed: 0,
      depositReminders: 0,
      failed: 0,
    });
  }, 300_000);
});
