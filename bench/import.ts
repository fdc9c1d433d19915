import type pg from 'pg';
import { addDays, type IsoDate } from '../src/domain/dates.js';
import { codaFile, type StatementMovementInput } from '../test/support/bank-statements.js';
import type { AppHandle } from './app-handle.js';
import { csrfTokenIn, getPage } from './http.js';

/**
 * The import of one bank statement (issue 18): a CODA file of `size` credits
 * uploaded to /beheer/stortingen by agency staff, through the real route and
 * DepositImportService in the app process; the upload stores the credits as
 * pending and the app's own pg-boss worker books them in chunks. Of every
 * hundred credits, 95 pay a Bevestigd project's own contribution exactly, 3
 * carry a communication no project has and 2 pay one cent too much. The app's
 * memory is sampled every 100 ms, separately during the upload request and
 * during the job (until the import is `klaar`). The same file is then uploaded
 * a second time, which must book nothing.
 */

/** The highest memory seen in a phase. */
export interface PhasePeak {
  peakRssKb: number;
  peakHeapKb: number;
  /**
   * The highest heap still in use right after a garbage collection, forced about
   * once a second: what the phase holds, without the garbage a sampled peak counts.
   */
  peakRetainedHeapKb: number;
}

export interface ImportRun {
  size: number;
  fileBytes: number;
  /** From the upload's start until the import is `klaar`. */
  ms: number;
  /** The upload request alone: until its 303. */
  uploadMs: number;
  expected: { booked: number; exceptions: number };
  found: { booked: number; exceptions: number; deposits: number; lopend: number };
  baselineRssKb: number;
  baselineHeapKb: number;
  upload: PhasePeak;
  job: PhasePeak;
  kernelPeak: boolean;
  /** After the job and a garbage collection: what the import left behind. */
  afterGc: { rssKb: number; heapKb: number };
  again: { ms: number; newMovements: number; newDeposits: number };
}

const UPLOAD_TIMEOUT_MS = 30 * 60_000;

/** Marks `count` projects (ids first … first + count − 1) Bevestigd, waiting for their deposit until well after today. */
export async function prepareImportProjects(
  pool: pg.Pool,
  count: number,
  today: IsoDate,
  first = 1,
): Promise<void> {
  const { rowCount } = await pool.query(
    `update projects
        set status = 'Bevestigd', verified = false, verified_at = null, deposit_deadline = $2::date
      where id between $3 and $3 + $1 - 1`,
    [count, addDays(today, 60), first],
  );
  if ((rowCount ?? 0) < count)
    throw new Error(`only ${rowCount} projects to import deposits for; ${count} needed`);
}

/** A valid Belgian structured communication no generated project carries (those start at 1000000000). */
function unknownCommunication(index: number): string {
  const base = 9_000_000_000 + index;
  const check = base % 97 || 97;
  return `${base}${String(check).padStart(2, '0')}`;
}

/**
 * A CODA statement of `size` credits for the Bevestigd projects with ids
 * firstProject … firstProject + size − 1: of every hundred, 95 pay the
 * project's own contribution exactly, 3 carry a communication no project has
 * and 2 pay one cent too much. What it should book, and which projects it pays exactly.
 */
export async function statementFor(options: {
  pool: pg.Pool;
  firstProject: number;
  size: number;
  sequence: number;
  account: string;
  today: IsoDate;
}): Promise<{ file: Buffer; expected: { booked: number; exceptions: number }; exactIds: number[] }> {
  const { pool, firstProject, size, sequence, account, today } = options;
  const { rows: projects } = await pool.query<{ id: number; communication: string; own: string }>(
    `select id, structured_communication as communication, own_contribution_cents as own
       from projects where id between $1 and $2 and status = 'Bevestigd' order by id`,
    [firstProject, firstProject + size - 1],
  );
  if (projects.length !== size) throw new Error(`${projects.length} Bevestigd projects for ${size} credits`);
  const movements: StatementMovementInput[] = [];
  const expected = { booked: 0, exceptions: 0 };
  const exactIds: number[] = [];
  projects.forEach((project, index) => {
    const kind = index % 100;
    const own = Number(project.own);
    if (kind < 3) {
      expected.exceptions += 1;
      movements.push({ amountCents: own, structuredCommunication: unknownCommunication(project.id) });
    } else if (kind < 5) {
      expected.exceptions += 1;
      movements.push({ amountCents: own + 1, structuredCommunication: project.communication });
    } else {
      expected.booked += 1;
      exactIds.push(project.id);
      movements.push({
        amountCents: own,
        structuredCommunication: project.communication,
        counterpartyName: `Onderneming ${project.id}`,
        counterpartyIban: 'BE71096123456769',
      });
    }
  });
  const file = codaFile({
    account,
    statements: [{ sequence, date: today, openingBalanceCents: 0, movements }],
  });
  return { file, expected, exactIds };
}

export async function measureImport(options: {
  handle: AppHandle;
  pool: pg.Pool;
  headers: Record<string, string>;
  /** The first project id this run may use; ids firstProject … firstProject + size − 1. */
  firstProject: number;
  size: number;
  sequence: number;
  account: string;
  today: IsoDate;
}): Promise<ImportRun> {
  const { handle, pool, headers, size, sequence, account, today } = options;
  const { file, expected, exactIds } = await statementFor(options);

  // The baseline: garbage collected, the kernel's peak reset.
  await handle.collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const baseline = await handle.usage();
  const kernelPeak = handle.resetPeak();
  const phasePeak = (): PhasePeak => ({
    peakRssKb: baseline.rssKb,
    peakHeapKb: baseline.heapUsedKb,
    peakRetainedHeapKb: baseline.heapUsedKb,
  });
  const upload = phasePeak();
  const job = phasePeak();
  let phase: PhasePeak | undefined = upload;
  const sampling = (async () => {
    let lastCollection = performance.now();
    while (phase) {
      const into = phase;
      const usage = await handle.usage();
      into.peakRssKb = Math.max(into.peakRssKb, usage.rssKb, handle.memory().rssKb);
      into.peakHeapKb = Math.max(into.peakHeapKb, usage.heapUsedKb);
      if (performance.now() - lastCollection >= 1000) {
        await handle.collectGarbage();
        lastCollection = performance.now();
        const retained = await handle.usage();
        into.peakRetainedHeapKb = Math.max(into.peakRetainedHeapKb, retained.heapUsedKb);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const started = performance.now();
  let uploadMs: number;
  let ms: number;
  try {
    const answer = await uploadFile(handle.baseUrl, headers, file, `bench-${size}.cod`);
    uploadMs = answer.ms;
    if (kernelPeak) {
      upload.peakRssKb = Math.max(upload.peakRssKb, handle.memory().peakKb);
      handle.resetPeak();
    }
    phase = job;
    await untilDone(pool, answer.importId);
    ms = performance.now() - started;
  } finally {
    phase = undefined;
    await sampling;
  }
  if (kernelPeak) job.peakRssKb = Math.max(job.peakRssKb, handle.memory().peakKb);
  await handle.collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = await handle.usage();

  const statementId = `${today.slice(0, 4)}-${String(sequence).padStart(3, '0')}`;
  const counts = async () => {
    const { rows } = await pool.query<{ booked: number; exceptions: number; movements: number }>(
      `select count(*) filter (where m.outcome = 'booked')::int as booked,
              count(*) filter (where m.outcome = 'exception')::int as exceptions,
              count(*)::int as movements
         from bank_movements m join bank_statements s on s.id = m.bank_statement_id
        where s.account_iban = $1 and s.statement_id = $2`,
      [account, statementId],
    );
    const { rows: ledger } = await pool.query<{ deposits: number; lopend: number }>(
      `select (select count(*) from ledger_entries where kind = 'eigen_bijdrage' and project_id = any($1))::int as deposits,
              (select count(*) from projects where status = 'Lopend' and id = any($1))::int as lopend`,
      [exactIds],
    );
    return { ...rows[0]!, ...ledger[0]! };
  };
  const first = await counts();

  const againStarted = performance.now();
  const again = await uploadFile(handle.baseUrl, headers, file, `bench-${size}-opnieuw.cod`);
  await untilDone(pool, again.importId);
  const againMs = performance.now() - againStarted;
  const second = await counts();
  return {
    size,
    fileBytes: file.length,
    ms,
    expected,
    found: {
      booked: first.booked,
      exceptions: first.exceptions,
      deposits: first.deposits,
      lopend: first.lopend,
    },
    uploadMs,
    baselineRssKb: baseline.rssKb,
    baselineHeapKb: baseline.heapUsedKb,
    upload,
    job,
    kernelPeak,
    afterGc: { rssKb: after.rssKb, heapKb: after.heapUsedKb },
    again: {
      ms: againMs,
      newMovements: second.movements - first.movements,
      newDeposits: second.deposits - first.deposits,
    },
  };
}

/** Waits until the import's job is done (every 100 ms); fails when it failed. */
export async function untilDone(pool: pg.Pool, importId: number): Promise<void> {
  const deadline = performance.now() + UPLOAD_TIMEOUT_MS;
  for (;;) {
    const { rows } = await pool.query<{ status: string; error_message: string | null }>(
      'select status, error_message from bank_statement_imports where id = $1',
      [importId],
    );
    const status = rows[0]?.status;
    if (status === 'klaar') return;
    if (status === 'mislukt') throw new Error(`import ${importId} failed: ${rows[0]?.error_message}`);
    if (performance.now() > deadline) throw new Error(`import ${importId} still ${status} after 30 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Uploads the file as staff would (the form's CSRF token, multipart): the time
 * until the redirect to the import's page, and the import's id.
 */
export async function uploadFile(
  baseUrl: string,
  headers: Record<string, string>,
  content: Buffer,
  filename: string,
): Promise<{ ms: number; importId: number }> {
  const page = await getPage(`${baseUrl}/beheer/stortingen`, headers);
  const token = csrfTokenIn(page.body);
  if (page.status !== 200 || !token)
    throw new Error(`/beheer/stortingen answered ${page.status} without a form`);
  const form = new FormData();
  form.append('_csrf', token);
  form.append(
    'uittreksel',
    new Blob([new Uint8Array(content)], { type: 'application/octet-stream' }),
    filename,
  );
  const started = performance.now();
  const answer = await fetch(`${baseUrl}/beheer/stortingen`, {
    method: 'POST',
    headers,
    body: form,
    redirect: 'manual',
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  await answer.text();
  const ms = performance.now() - started;
  const location = answer.headers.get('location') ?? '';
  const importId = Number(/^\/beheer\/stortingen\/inlezingen\/([0-9]+)$/.exec(location)?.[1]);
  if (answer.status !== 303 || !(importId > 0)) {
    const refusal = await getPage(`${baseUrl}/beheer/stortingen`, headers);
    const message = /class="error-message"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?\s*([^<]*)/
      .exec(refusal.body)?.[1]
      ?.trim();
    throw new Error(`the upload answered ${answer.status} to "${location}"${message ? `: ${message}` : ''}`);
  }
  return { ms, importId };
}
