import type pg from 'pg';
import type { IsoDate } from '../src/domain/dates.js';
import { getPage } from './http.js';
import { statementFor, untilDone, uploadFile } from './import.js';
import { percentile } from './load.js';
import {
  checkRush,
  completeDraft,
  reasonOf,
  request,
  summaryForm,
  type RushChecks,
  type RushCompany,
  type Submit,
} from './rush.js';
import { downloadCsv } from './transfer.js';

/**
 * Mixed load (issue 22): for `seconds`, at the same time,
 * - provider sessions browse the overview (the default view, a company
 *   filter, a project's detail page) and now and then download the CSV export;
 * - companies submit applications whose drafts were filled beforehand (as in
 *   the rush), each company at its own steady pace spread over the window;
 * - one staff session uploads a CODA statement every `importEverySeconds`
 *   (each for other Bevestigd projects) and waits until its job is `klaar`.
 * Every request's latency is kept per page or action; any answer other than
 * the expected one is an error. Afterwards the database is checked: every
 * accepted application exists once, no ceiling is exceeded, every exactly-paid
 * project is Lopend with one deposit, and no movement is booked twice.
 */

/** One page or action under the mixed load. */
export interface ActionStats {
  name: string;
  latencies: number[];
  errors: number;
  firstError?: string;
  /** For the export: the rows of the last download. */
  rows?: number;
}

export interface MixedImport {
  sequence: number;
  uploadMs: number;
  /** From the upload's start until the import is `klaar`. */
  ms: number;
  expected: { booked: number; exceptions: number };
  exactIds: number[];
  statementId: string;
}

export interface MixedChecks {
  rush: RushChecks;
  /** Accepted submits (must equal the submits: the drafts fit within each ceiling). */
  accepted: number;
  refused: number;
  /** Per import, the movements booked and held as exceptions as found, against expected. */
  imports: {
    statementId: string;
    booked: number;
    exceptions: number;
    expected: { booked: number; exceptions: number };
  }[];
  /** Exactly-paid projects of every import. */
  exactlyPaid: number;
  /** Of those: Lopend with exactly one own-contribution deposit on the ledger. */
  lopendWithOneDeposit: number;
  /** Projects of the imports with more than one booked movement or more than one deposit (must be 0). */
  bookedTwice: number;
  /** Booked movements of the imports without their own ledger entry (must be 0). */
  bookedWithoutEntry: number;
}

export interface MixedRun {
  seconds: number;
  wallMs: number;
  actions: ActionStats[];
  submits: Submit[];
  imports: MixedImport[];
  checks: MixedChecks;
}

export function actionSummary(action: ActionStats, seconds: number) {
  const sorted = [...action.latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
  };
}

export function mixedErrors(run: MixedRun): number {
  return run.actions.reduce((sum, action) => sum + action.errors, 0);
}

export function mixedCorrect(run: MixedRun): boolean {
  const { checks } = run;
  const accepted = run.submits.filter((submit) => submit.accepted).length;
  return (
    mixedErrors(run) === 0 &&
    run.submits.length > 0 &&
    accepted === run.submits.length &&
    checks.rush.acceptedOnce === accepted &&
    checks.rush.strayProjects === 0 &&
    checks.rush.overCeiling === 0 &&
    run.imports.length > 0 &&
    checks.imports.every(
      (found) => found.booked === found.expected.booked && found.exceptions === found.expected.exceptions,
    ) &&
    checks.lopendWithOneDeposit === checks.exactlyPaid &&
    checks.bookedTwice === 0 &&
    checks.bookedWithoutEntry === 0
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function stats(name: string): ActionStats {
  return { name, latencies: [], errors: 0 };
}

function failed(action: ActionStats, message: string): void {
  action.errors += 1;
  action.firstError ??= message;
}

/**
 * Fills `draftsEach` drafts for every company up to their summaries: `concurrency`
 * companies at a time, each company's drafts one after the other (as one person would;
 * concurrent forms of one session would race for its CSRF secret).
 */
export async function prepareDrafts(options: {
  baseUrl: string;
  headers: Record<string, string>;
  today: IsoDate;
  companies: RushCompany[];
  draftsEach: number;
  concurrency: number;
}): Promise<{ company: RushCompany; draft: string; form: Record<string, string> }[]> {
  const { baseUrl, headers, today, companies, draftsEach } = options;
  const prepared: { company: RushCompany; draft: string; form: Record<string, string> }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, companies.length) }, async () => {
      while (next < companies.length) {
        const company = companies[next];
        next += 1;
        if (!company) continue;
        const own = { ...headers, 'x-forwarded-for': company.address, cookie: company.cookie };
        const drafts: string[] = [];
        for (let index = 0; index < draftsEach; index += 1) {
          drafts.push(await completeDraft(baseUrl, own, today, '1.000,00'));
        }
        // The summaries last: each form carries the session's token as it is once all drafts exist.
        for (const draft of drafts) {
          prepared.push({ company, draft, form: await summaryForm(baseUrl, draft, own) });
        }
      }
    }),
  );
  return prepared;
}

export async function mixedLoad(options: {
  baseUrl: string;
  headers: Record<string, string>;
  pool: pg.Pool;
  today: IsoDate;
  seconds: number;
  /** One provider session per cookie. */
  providerCookies: string[];
  /** Pause between two requests of a provider session. */
  thinkMs: number;
  filterPath: string;
  detailPaths: string[];
  exportPath: string;
  /** Each provider session downloads the export every this many rounds. */
  exportEvery: number;
  companies: RushCompany[];
  drafts: { company: RushCompany; draft: string; form: Record<string, string> }[];
  staffCookie: string;
  importSize: number;
  importEverySeconds: number;
  /** The first project id the imports may use: firstImportProject … + importSize × imports − 1, all Bevestigd. */
  firstImportProject: number;
  maxImports: number;
  firstSequence: number;
  account: string;
}): Promise<MixedRun> {
  const { baseUrl, headers, pool, today, seconds } = options;
  const overview = stats('overview, default view');
  const filter = stats('overview, company filter');
  const detail = stats('project detail page');
  const csv = stats('CSV export (default view)');
  const submit = stats('submit an application');
  const upload = stats(`statement upload, ${options.importSize.toLocaleString('en-US')} credits`);
  const importDone = stats('statement upload → import klaar');
  // The same submits and default pages split by whether an import was running when they were sent.
  const submitDuring = stats('  submit, sent while an import ran');
  const submitOutside = stats('  submit, sent while no import ran');
  const overviewDuring = stats('  default view, sent while an import ran');
  const overviewOutside = stats('  default view, sent while no import ran');
  let importing = false;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  const page = async (
    action: ActionStats,
    path: string,
    cookie: string,
    split?: [ActionStats, ActionStats],
  ) => {
    const during = importing;
    try {
      const answer = await getPage(baseUrl + path, { ...headers, cookie });
      if (answer.status === 200) {
        action.latencies.push(answer.ms);
        split?.[during ? 0 : 1].latencies.push(answer.ms);
      } else failed(action, `HTTP ${answer.status} on ${path}`);
    } catch (error) {
      failed(action, `${path}: ${String(error)}`);
    }
  };

  const provider = async (cookie: string, index: number) => {
    // Sessions start a little apart, not all on the same page at once.
    await sleep((index * 1000) / Math.max(1, options.providerCookies.length));
    for (let round = 0; performance.now() < deadline; round += 1) {
      await page(overview, '/dienstverlener/projecten', cookie, [overviewDuring, overviewOutside]);
      await sleep(options.thinkMs);
      if (performance.now() >= deadline) break;
      await page(filter, options.filterPath, cookie);
      await sleep(options.thinkMs);
      if (performance.now() >= deadline) break;
      const detailPath = options.detailPaths[(index * 7919 + round) % options.detailPaths.length] ?? '';
      await page(detail, detailPath, cookie);
      await sleep(options.thinkMs);
      if (round % options.exportEvery === options.exportEvery - 1 && performance.now() < deadline) {
        try {
          const transfer = await downloadCsv(baseUrl + options.exportPath, { ...headers, cookie });
          csv.latencies.push(transfer.ms);
          csv.rows = transfer.rows;
        } catch (error) {
          failed(csv, String(error));
        }
        await sleep(options.thinkMs);
      }
    }
  };

  // Each company submits its drafts at a steady pace over the window, the companies staggered.
  const submits: Submit[] = [];
  const byCompany = new Map<number, typeof options.drafts>();
  for (const prepared of options.drafts) {
    byCompany.set(prepared.company.id, [...(byCompany.get(prepared.company.id) ?? []), prepared]);
  }
  const companyCount = byCompany.size;
  const company = async (own: typeof options.drafts, index: number) => {
    const interval = (seconds * 1000) / own.length;
    const offset = (interval * index) / companyCount;
    for (const [k, prepared] of own.entries()) {
      await sleep(started + offset + k * interval - performance.now());
      const withCookie = {
        ...headers,
        'x-forwarded-for': prepared.company.address,
        cookie: prepared.company.cookie,
      };
      const during = importing;
      try {
        const answer = await request(baseUrl, `${prepared.draft}/overzicht`, withCookie, prepared.form);
        const accepted =
          answer.status === 303 && /^\/onderneming\/projecten\/[^/]+\/storting$/.test(answer.location);
        submits.push({
          companyId: prepared.company.id,
          draft: prepared.draft,
          status: answer.status,
          location: answer.location,
          ms: answer.ms,
          accepted,
        });
        if (answer.status === 303) {
          submit.latencies.push(answer.ms);
          (during ? submitDuring : submitOutside).latencies.push(answer.ms);
        } else failed(submit, `HTTP ${answer.status} on ${prepared.draft}/overzicht`);
      } catch (error) {
        failed(submit, String(error));
      }
    }
  };

  const imports: MixedImport[] = [];
  const staff = async () => {
    const staffHeaders = { ...headers, cookie: options.staffCookie };
    for (let index = 0; index < options.maxImports; index += 1) {
      const slot = started + index * options.importEverySeconds * 1000;
      if (slot >= deadline) break;
      await sleep(slot - performance.now());
      const sequence = options.firstSequence + index;
      try {
        const statement = await statementFor({
          pool,
          firstProject: options.firstImportProject + index * options.importSize,
          size: options.importSize,
          sequence,
          account: options.account,
          today,
        });
        const begun = performance.now();
        importing = true;
        const answer = await uploadFile(baseUrl, staffHeaders, statement.file, `gemengd-${sequence}.cod`);
        upload.latencies.push(answer.ms);
        try {
          await untilDone(pool, answer.importId);
        } finally {
          importing = false;
        }
        const ms = performance.now() - begun;
        importDone.latencies.push(ms);
        imports.push({
          sequence,
          uploadMs: answer.ms,
          ms,
          expected: statement.expected,
          exactIds: statement.exactIds,
          statementId: `${today.slice(0, 4)}-${String(sequence).padStart(3, '0')}`,
        });
      } catch (error) {
        importing = false;
        failed(upload, String(error));
      }
    }
  };

  await Promise.all([
    ...options.providerCookies.map(provider),
    ...[...byCompany.values()].map(company),
    staff(),
  ]);
  const wallMs = performance.now() - started;

  // Refusals are not expected (each company's drafts fit within its ceiling); when one happens, say why.
  for (const refused of submits.filter((one) => !one.accepted && one.status === 303)) {
    const owner = options.companies.find((candidate) => candidate.id === refused.companyId);
    if (owner) {
      refused.reason = await reasonOf(baseUrl, refused, {
        ...headers,
        'x-forwarded-for': owner.address,
        cookie: owner.cookie,
      });
    }
  }
  const checks = await checkMixed(pool, options.account, options.companies, submits, imports, today);
  return {
    seconds,
    wallMs,
    actions: [
      overview,
      overviewDuring,
      overviewOutside,
      filter,
      detail,
      csv,
      submit,
      submitDuring,
      submitOutside,
      upload,
      importDone,
    ],
    submits,
    imports,
    checks,
  };
}

async function checkMixed(
  pool: pg.Pool,
  account: string,
  companies: RushCompany[],
  submits: Submit[],
  imports: MixedImport[],
  today: IsoDate,
): Promise<MixedChecks> {
  const rush = await checkRush(pool, companies, submits, today);
  const found: MixedChecks['imports'] = [];
  for (const run of imports) {
    const { rows } = await pool.query<{ booked: number; exceptions: number }>(
      `select count(*) filter (where m.outcome = 'booked')::int as booked,
              count(*) filter (where m.outcome = 'exception')::int as exceptions
         from bank_movements m join bank_statements s on s.id = m.bank_statement_id
        where s.account_iban = $1 and s.statement_id = $2`,
      [account, run.statementId],
    );
    found.push({
      statementId: run.statementId,
      booked: rows[0]?.booked ?? 0,
      exceptions: rows[0]?.exceptions ?? 0,
      expected: run.expected,
    });
  }
  const exactIds = imports.flatMap((run) => run.exactIds);
  const statementIds = imports.map((run) => run.statementId);
  const { rows } = await pool.query<{ lopend_one: number; booked_twice: number; without_entry: number }>(
    `with paid as (select unnest($1::int[]) as id),
          deposits as (
            select p.id, p.status,
                   (select count(*) from ledger_entries l where l.project_id = p.id and l.kind = 'eigen_bijdrage') as entries,
                   (select count(*) from bank_movements m where m.project_id = p.id and m.outcome = 'booked') as booked
              from projects p join paid on paid.id = p.id)
     select (select count(*) from deposits where status = 'Lopend' and entries = 1)::int as lopend_one,
            (select count(*) from deposits where entries > 1 or booked > 1)::int as booked_twice,
            (select count(*) from bank_movements m join bank_statements s on s.id = m.bank_statement_id
              where s.account_iban = $2 and s.statement_id = any($3::text[])
                and m.outcome = 'booked' and m.ledger_entry_id is null)::int as without_entry`,
    [exactIds, account, statementIds],
  );
  return {
    rush,
    accepted: submits.filter((one) => one.accepted).length,
    refused: submits.filter((one) => !one.accepted && one.status === 303).length,
    imports: found,
    exactlyPaid: exactIds.length,
    lopendWithOneDeposit: rows[0]?.lopend_one ?? 0,
    bookedTwice: rows[0]?.booked_twice ?? 0,
    bookedWithoutEntry: rows[0]?.without_entry ?? 0,
  };
}
