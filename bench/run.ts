import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import pg from 'pg';
import { loadOrCreateKeyPair } from '../src/auth/saml-keys.js';
import { DEV_IDP_ENTITY_ID } from '../src/auth/saml.js';
import { samlAttributes, samlRoles } from '../src/auth/saml-identity.js';
import { todayInBrussels, yearOf, type IsoDate } from '../src/domain/dates.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded-postgres.js';
import { createKnex, migrateToLatest } from '../src/db/knex.js';
import { createLogger } from '../src/logger.js';
import { findFreePort } from '../test/support/free-port.js';
import { startApp, type AppHandle } from './app-handle.js';
import { devPersons } from '../src/dev/dev-persons.js';
import { generateData, type GeneratedData } from './generate.js';
import { PROJECTS_PER_PAGE } from '../src/features/projects/project.queries.js';
import { getPage, signIn, signInWithSaml } from './http.js';
import { measureImport, prepareImportProjects, type ImportRun } from './import.js';
import { actionSummary, mixedCorrect, mixedLoad, prepareDrafts, type MixedRun } from './mixed.js';
import {
  CEILING_CENTS,
  prepareRushCompanies,
  rush,
  rushCorrect,
  useCeilingUpTo,
  type RushRun,
  type SignIn,
} from './rush.js';
import {
  loadSql,
  loadUrl,
  percentile,
  combineRuns,
  runGroups,
  type LatencySummary,
  type StatementGroups,
} from './load.js';
import { FLOOR_PATH, RENDER_PATH, type CapturedQuery } from './protocol.js';
import { measureSearch, searchReportRows, type SearchResult } from './search.js';
import { apiReportRows, measureApi, type ApiRun } from './api.js';
import {
  describe,
  exportStatement,
  groupByOverlap,
  inlineBindings,
  referenceExport,
  referenceStatements,
} from './sql.js';
import { lockWaitLines, sampleLockWaits } from './lock-waits.js';
import { copyOut, downloadCsv, type Transfer } from './transfer.js';
import { startMailSink, type MailSink } from './mail-sink.js';
import { killWorkersServer, measureWorkers, type WorkersRun } from './workers.js';

/**
 * `npm run bench`: the providers' projects overview and CSV export on a
 * million projects (issue 5). Starts its own PostgreSQL in a temporary folder,
 * generates the data in SQL, runs the real app in a child process and measures
 * each figure against PostgreSQL doing the same work directly. Prints every
 * ratio with its target; exits non-zero on errors only, never on a missed
 * target. Everything it started is stopped and the folder removed, also after
 * an error or Ctrl-C. docs/PERFORMANCE.md explains the method and the figures.
 */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What one run measures; BENCH_ONLY picks some of them. */
const MEASUREMENTS = [
  'default',
  'filter',
  'amount',
  'variants',
  'render',
  'export',
  'import',
  'rush',
  'search',
  'mixed',
  'workers',
  'api',
] as const;

const only = onlySetting('BENCH_ONLY');
/** The statement import, the rush and the public search alone need no million projects: a smaller data set, unless BENCH_PROJECTS says otherwise. */
const importOnly = [...only].every(
  (measurement) => measurement === 'import' || measurement === 'rush' || measurement === 'search',
);
/** The public search is measured among 20,000 providers (issue 22). */
const defaultProviders = only.has('search') ? 20_000 : importOnly ? 50 : 2_000;
const importSizes = sizesSetting('BENCH_IMPORT_SIZES', [1_000, 5_000, 10_000]);
/** WEB_CONCURRENCY values the `workers` measurement compares, side by side. */
const workerCounts = workerCountsSetting('BENCH_WORKERS', [1, 2, 4]);
const settings = {
  projects: integerSetting('BENCH_PROJECTS', importOnly ? 20_000 : 1_000_000),
  bigProviderProjects: integerSetting('BENCH_BIG_PROVIDER', importOnly ? 2_000 : 50_000),
  providers: integerSetting('BENCH_PROVIDERS', defaultProviders),
  companies: integerSetting('BENCH_COMPANIES', 0),
  connections: integerSetting('BENCH_CONNECTIONS', 10),
  seconds: integerSetting('BENCH_SECONDS', 10),
  variantSeconds: integerSetting('BENCH_VARIANT_SECONDS', 5),
  warmupSeconds: integerSetting('BENCH_WARMUP_SECONDS', 2),
  exportRuns: integerSetting('BENCH_EXPORT_RUNS', 3),
  timeoutMinutes: integerSetting('BENCH_TIMEOUT_MINUTES', 30),
  poolMax: integerSetting('BENCH_POOL_MAX', 10),
  generationWorkers: integerSetting('BENCH_GENERATION_WORKERS', 0),
  appEnvironment: process.env.BENCH_APP_ENV === 'test' ? 'test' : 'production',
  explain: process.env.BENCH_EXPLAIN === '1',
  only,
} as const;
const companyCount = settings.companies || Math.max(1_000, Math.round(settings.projects / 5));

const MB = 1024;
const PAGE_FACTOR = 2;
const PAGE_ALLOWANCE_MS = 20;
// Issue 22: the export close to the floor, at least 90 % of COPY's throughput for the same rows (issue 5 asked 50 %).
const EXPORT_TARGET = 0.9;
const MEMORY_TARGET = 1.2;
const MEMORY_GROWTH_TARGET_MB = 30;

// ---- what was started, stopped in reverse order ----------------------------------

let tempDir: string | undefined;
let postgres: EmbeddedDatabase | undefined;
let db: Knex | undefined;
let pool: pg.Pool | undefined;
let app: AppHandle | undefined;
let mailSink: MailSink | undefined;
let interrupted = false;

async function cleanUp(): Promise<void> {
  const [startedApp, startedSink, startedPool, startedDb, startedPostgres] = [
    app,
    mailSink,
    pool,
    db,
    postgres,
  ];
  const steps: [string, (() => Promise<void>) | undefined][] = [
    ['app', startedApp && (() => startedApp.stop())],
    ['mail sink', startedSink && (() => startedSink.close())],
    ['pool', startedPool && (() => startedPool.end())],
    ['knex', startedDb && (() => startedDb.destroy())],
    ['PostgreSQL', startedPostgres && (() => startedPostgres.stop())],
  ];
  app = undefined;
  mailSink = undefined;
  pool = undefined;
  db = undefined;
  postgres = undefined;
  for (const [name, step] of steps) {
    try {
      await step?.();
    } catch (error) {
      console.error(`stopping ${name} failed:`, error);
    }
  }
  removeTempDir();
}

function removeTempDir(): void {
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

// embedded-postgres stops its server on SIGINT/SIGTERM and then exits the
// process; the app process stops itself when this one disconnects. What is
// left for the moment of exit: the app if still there, and the folder.
process.on('exit', () => {
  app?.kill();
  killWorkersServer();
  removeTempDir();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!interrupted) print(`\n${signal}: stopping the app and PostgreSQL, removing the temporary folder …`);
    // What the interrupted steps still report is beside the point.
    interrupted = true;
  });
}

// ---- the run ----------------------------------------------------------------------

interface ViewResult {
  key: string;
  /** One of issue 22's filter and sort variants, held to 3 × the default view's p95. */
  variant: boolean;
  name: string;
  path: string;
  found: string | undefined;
  source: 'captured' | 'reference';
  statements: StatementGroups;
  app: LatencySummary | undefined;
  unavailable: string | undefined;
  direct: LatencySummary;
}

async function main(): Promise<number> {
  const started = performance.now();
  const deadline = setTimeout(() => {
    console.error(`\nThe benchmark exceeded BENCH_TIMEOUT_MINUTES=${settings.timeoutMinutes}; stopping.`);
    void cleanUp().finally(() => process.exit(1));
  }, settings.timeoutMinutes * 60_000);
  deadline.unref();

  const today = todayInBrussels(new Date());
  print(`kmo-portefeuille benchmark — ${new Date().toISOString()}`);
  print(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB, ` +
      `Node ${process.version}, ${os.type()} ${os.release()}`,
  );
  const [load1] = os.loadavg();
  print(`load average before the run: ${loadAverage()}`);
  if ((load1 ?? 0) > os.cpus().length / 2) {
    print('   the machine is busy with something else: expect noisy, pessimistic figures');
  }
  print(
    `data: ${fmt(settings.projects)} projects, ${fmt(settings.providers)} providers, ${fmt(companyCount)} companies, ` +
      `big provider ${fmt(settings.bigProviderProjects)} projects; today ${today}`,
  );
  print(
    `load: ${settings.connections} connections × ${settings.seconds} s per measurement ` +
      `(+ ${settings.warmupSeconds} s warm-up), app in ${settings.appEnvironment} mode, pool ${settings.poolMax}`,
  );

  // -- 1. PostgreSQL, schema, data --
  await removeLeftovers();
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  // As root PostgreSQL runs as OS user "postgres", which must be able to enter the folder.
  fs.chmodSync(tempDir, 0o755);
  fs.writeFileSync(path.join(tempDir, OWNER_FILE), String(process.pid));
  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn');
  let phase = performance.now();
  postgres = await startEmbeddedPostgres({ dataDir: tempDir, port: await findFreePort(), logger });
  await ensureDatabase(postgres.url('postgres'), 'kmo_bench');
  const databaseUrl = postgres.url('kmo_bench');
  db = createKnex(databaseUrl, 2);
  await migrateToLatest(db);
  const version = (await db.raw<{ rows: { server_version: string }[] }>('show server_version')).rows[0];
  print(
    `PostgreSQL ${version?.server_version ?? '?'} started and migrated in ${seconds(phase)} (folder ${tempDir})`,
  );

  phase = performance.now();
  const workers = Math.max(1, settings.generationWorkers || os.cpus().length);
  const generator = new pg.Pool({ connectionString: databaseUrl, max: workers });
  generator.on('error', ignoreIdleClientError);
  let data: GeneratedData;
  try {
    data = await generateData(generator, {
      projects: settings.projects,
      bigProviderProjects: settings.bigProviderProjects,
      providers: settings.providers,
      companies: companyCount,
      today,
      workers,
      onStep: (step, ms) => print(`   ${step}: ${(ms / 1000).toFixed(1)} s`),
    });
    print(`generated in ${seconds(phase)} (${workers} connections)`);
    phase = performance.now();
    await generator.query(
      'vacuum (analyze) provider_organisations, departments, establishments, companies, registrations, projects',
    );
    print(`vacuum analyze in ${seconds(phase)}`);
    // The checkpoint that the generation's WAL started is still being paced out when the generation
    // ends; without this it would go on writing under the first measurements (docs/PERFORMANCE.md,
    // "What is measured, and how": found in pg_stat_checkpointer, kept as hygiene).
    phase = performance.now();
    await generator.query('checkpoint');
    print(`checkpoint in ${seconds(phase)}`);
  } finally {
    await generator.end();
  }
  await db.destroy();
  db = undefined;

  const since = `${yearOf(today) - 1}-01-01`;
  const directPool = new pg.Pool({ connectionString: databaseUrl, max: settings.poolMax });
  directPool.on('error', ignoreIdleClientError);
  pool = directPool;
  await describeData(directPool, data, since);

  // -- 2. the app, signed in as the big provider --
  phase = performance.now();
  const sink = await startMailSink();
  mailSink = sink;
  const environment = await appEnvironment(databaseUrl, tempDir, sink.port);
  const nodeFlags = (process.env.BENCH_APP_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const appHandle = await startApp({ projectRoot, environment, nodeFlags, silenced: () => interrupted });
  app = appHandle;
  const headers: Record<string, string> = { 'x-forwarded-proto': 'https' };
  const cookies: string[] = [];
  for (let index = 0; index < settings.connections; index += 1) {
    cookies.push(await signIn(appHandle.baseUrl, data.bigProvider, headers));
  }
  print(
    `app started (process ${appHandle.pid}) and ${cookies.length} sessions signed in as ${data.bigProvider.name} ` +
      `(login ${data.bigProvider.login}) in ${seconds(phase)}`,
  );
  const withSession = { ...headers, cookie: cookies[0] ?? '' };

  // -- 3a. the overview --
  const fragment = data.companyFragment;
  const allViews = [
    {
      key: 'default',
      name: 'default (2 years, by date)',
      path: '/dienstverlener/projecten',
      orderBy: 'date',
      contains: undefined,
    },
    {
      key: 'filter',
      name: `company contains "${fragment}"`,
      path: `/dienstverlener/projecten?onderneming=${encodeURIComponent(fragment)}`,
      orderBy: 'date',
      contains: fragment,
    },
    {
      key: 'amount',
      name: 'sorted by amount, descending',
      path: '/dienstverlener/projecten?sorteer=bedrag&richting=desc',
      orderBy: 'amount',
      contains: undefined,
    },
  ] as const;
  const lastPage = Math.ceil(
    Number(
      (
        await directPool.query<{ count: string }>(
          'select count(*) from projects where provider_id = $1 and application_date >= $2',
          [data.bigProvider.id, since],
        )
      ).rows[0]?.count ?? 0,
    ) / PROJECTS_PER_PAGE,
  );
  const variantViews = settings.only.has('variants') ? overviewVariants(lastPage) : [];
  const views = [
    // The variants are held to the default view's p95, and include the filter and amount views.
    ...allViews
      .filter((view) => settings.only.has(view.key) || settings.only.has('variants'))
      .map((view) => ({ ...view, variant: view.key !== 'default' })),
    ...variantViews,
  ];
  const viewResults: ViewResult[] = [];
  // The first view measured would otherwise also pay for the app's JIT warming up and for
  // PostgreSQL reading the freshly built indexes into its buffers; the variants are held to the
  // default view's p95, so that one must be a warm figure, not an inflated one.
  if (views.length > 0) {
    await loadUrl({
      url: appHandle.baseUrl + allViews[0].path,
      cookies,
      headers,
      connections: settings.connections,
      seconds: INITIAL_WARMUP_SECONDS,
    });
  }
  for (const view of views) {
    print(`\n== overview: ${view.name} — ${view.path}`);
    const url = appHandle.baseUrl + view.path;
    const probe = await getPage(url, withSession);
    let unavailable: string | undefined;
    let statements: StatementGroups | undefined;
    let found: string | undefined;
    if (probe.status !== 200) {
      unavailable = `HTTP ${probe.status}`;
      print(
        `   the app answers ${probe.status}: not measured; the direct SQL below is the hand-written reference`,
      );
    } else {
      for (let warm = 0; warm < 3; warm += 1) await getPage(url, withSession);
      const { result: page, queries } = await appHandle.capture(() => getPage(url, withSession));
      found = /([\d.\u00a0 ]+)\s+projecten? gevonden/.exec(page.body)?.[1]?.trim();
      statements = groupByOverlap(queries);
      print(
        `   one request: ${page.ms.toFixed(1)} ms, ${(Buffer.byteLength(page.body) / 1024).toFixed(0)} KB of HTML, ` +
          `"${found ?? '?'} projecten gevonden"; its SQL:`,
      );
      printStatements(queries, statements);
    }
    const source = statements && statements.flat().length > 0 ? 'captured' : 'reference';
    if (source === 'reference') {
      const reference = referenceStatements({
        providerId: data.bigProvider.id,
        since: view.path.includes('jaren=alle') ? undefined : since,
        companyContains: view.contains,
        orderBy: view.orderBy,
      });
      statements = [[reference.count, reference.page]];
      if (!unavailable)
        print('   (knex ran no SQL for the page: replaying the hand-written reference instead)');
    }
    const groups = statements ?? [];

    // One at a time first: what a request costs without queueing behind others.
    const directAlone = await oneAtATime(() => runGroups(directPool, groups));
    if (!unavailable) {
      const appAlone = await oneAtATime(() => getPage(url, withSession).then(() => undefined));
      print(`   one at a time (median of ${ALONE_RUNS}): app ${ms(appAlone)}, direct ${ms(directAlone)}`);
    } else {
      print(`   one at a time (median of ${ALONE_RUNS}): direct ${ms(directAlone)}`);
    }

    // The variants are many: each is loaded for a shorter time (BENCH_VARIANT_SECONDS).
    const loadSeconds = view.variant ? settings.variantSeconds : settings.seconds;
    const warmupSeconds = view.variant ? 1 : settings.warmupSeconds;
    let appLoad: LatencySummary | undefined;
    if (!unavailable) {
      await loadUrl({
        url,
        cookies,
        headers,
        connections: settings.connections,
        seconds: warmupSeconds,
      });
      const cpuBefore = await appHandle.cpuMs();
      appLoad = await loadUrl({
        url,
        cookies,
        headers,
        connections: settings.connections,
        seconds: loadSeconds,
      });
      // The app's own CPU time per page: what limits its throughput on one event loop.
      const cpuPerPage = (await appHandle.cpuMs()) - cpuBefore;
      print(
        `   app:    ${latencyLine(appLoad)}, ${cpuMs(cpuPerPage / Math.max(1, appLoad.completed))} app CPU per page`,
      );
    }
    await loadSql({
      pool: directPool,
      groups,
      connections: settings.connections,
      seconds: warmupSeconds,
    });
    const direct = await loadSql({
      pool: directPool,
      groups,
      connections: settings.connections,
      seconds: loadSeconds,
    });
    print(`   direct: ${latencyLine(direct)}`);
    print(`   load average now: ${loadAverage()}`);
    if (settings.explain) {
      for (const statement of groups.flat()) await explain(directPool, statement.sql, statement.bindings);
    }
    viewResults.push({
      key: view.key,
      variant: view.variant,
      name: view.name,
      path: view.path,
      found,
      source,
      statements: groups,
      app: appLoad,
      unavailable,
      direct,
    });
  }

  // -- 3a'. the app's own cost: the default overview against its template rendered from memory --
  const renderResult = settings.only.has('render')
    ? await measureRender({ appHandle, cookies, headers, path: allViews[0].path })
    : undefined;

  // -- 3b/c. the export against COPY, and the app's memory during exports --
  const exportResult = settings.only.has('export')
    ? await measureExport({
        appHandle,
        directPool,
        headers: withSession,
        providerId: data.bigProvider.id,
        fragment,
      })
    : undefined;

  // -- 3d. importing one bank statement --
  const importResults = settings.only.has('import')
    ? await measureImports({ appHandle, directPool, headers, today, folder: tempDir })
    : undefined;

  // -- 3e. the December rush: submits of many companies at once, and of one company beyond its ceiling --
  const rushResults = settings.only.has('rush')
    ? await measureRush({ appHandle, directPool, headers, today, folder: tempDir })
    : undefined;

  // -- 3e'. the public provider search among 20,000 providers, against its SQL replayed directly --
  const searchResults = settings.only.has('search')
    ? await measureSearch({
        appHandle,
        pool: directPool,
        headers,
        connections: settings.connections,
        seconds: settings.seconds,
        warmupSeconds: settings.warmupSeconds,
        explain: settings.explain,
        print,
      })
    : undefined;

  // -- 3e''. the providers' API: the projects list through a token, first page and the next one --
  const apiRuns = settings.only.has('api')
    ? await measureApi({
        appHandle,
        pool: directPool,
        providerId: data.bigProvider.id,
        connections: settings.connections,
        seconds: settings.seconds,
        warmupSeconds: settings.warmupSeconds,
        explain: settings.explain,
        print,
      })
    : undefined;

  // -- 3f. mixed load: providers browsing and exporting, companies submitting, staff importing, at once --
  const mixedResult = settings.only.has('mixed')
    ? await measureMixed({
        appHandle,
        directPool,
        headers,
        today,
        folder: tempDir,
        providerCookies: cookies,
        providerId: data.bigProvider.id,
        filterPath: allViews[1].path,
      })
    : undefined;

  // -- 3g. the default overview served by `npm start` with 1, 2, 4 … HTTP workers --
  let workersResults: WorkersRun[] | undefined;
  if (settings.only.has('workers')) {
    // The measuring app steps aside: each run starts the real server (src/server.ts) on the same data.
    await appHandle.stop();
    app = undefined;
    print(
      `\n== the default overview with WEB_CONCURRENCY = ${workerCounts.join(', ')} — ${allViews[0].path} ` +
        `(${os.cpus().length} cores; the load generator and PostgreSQL share them)`,
    );
    workersResults = await measureWorkers({
      projectRoot,
      environment,
      counts: workerCounts,
      path: allViews[0].path,
      cookies,
      headers,
      connections: settings.connections,
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
      dueMails: async () => {
        const { rows } = await directPool.query<{ due: number }>(
          `select count(*)::int as due from mail_outbox where ${DUE_MAIL}`,
        );
        return rows[0]?.due ?? 0;
      },
      postponeDueMails: async () =>
        (
          await directPool.query(
            `update mail_outbox set next_attempt_at = now() + interval '1 day' where ${DUE_MAIL}`,
          )
        ).rowCount ?? 0,
      print,
      silenced: () => interrupted,
    });
  }

  // -- the table --
  const missed =
    printReport(viewResults, exportResult) +
    printVariantsReport(viewResults) +
    printImportReport(importResults) +
    printRenderReport(renderResult) +
    printSearchReport(searchResults) +
    printApiReport(apiRuns);
  printRushReport(rushResults);
  printMixedReport(mixedResult);
  printWorkersReport(workersResults);
  const errors =
    viewResults.filter((view) => view.unavailable || (view.app?.errors ?? 0) > 0 || view.direct.errors > 0)
      .length +
    (exportResult?.exportUnavailable ? 1 : 0) +
    (importResults ?? []).filter((run) => !importCorrect(run)).length +
    (rushResults ?? []).filter((run) => !rushCorrect(run)).length +
    (renderResult && (renderResult.unavailable || renderResult.errors > 0) ? 1 : 0) +
    (searchResults ?? []).filter((run) => run.app.errors > 0 || run.direct.errors > 0).length +
    (apiRuns ?? []).filter((run) => run.app.errors > 0 || run.direct.errors > 0).length +
    (mixedResult && !mixedCorrect(mixedResult) ? 1 : 0) +
    (workersResults ?? []).filter((run) => run.load.errors > 0).length;
  print(`\nmails the app sent to the bench's SMTP sink: ${fmt(sink.received())}`);
  print(`\ntotal time ${seconds(started)}`);
  if (errors > 0) {
    print(`${errors} measurement(s) could not be made or had errors (see above): exit code 1.`);
    return 1;
  }
  print(
    missed > 0
      ? `${missed} target(s) MISSED (exit code 0: a missed target is a finding, not an error).`
      : 'All targets met.',
  );
  return 0;
}

/**
 * Issue 22's variants of the overview, each held to 3 × the default view's
 * p95: the company filter with a rare name (the common word is the `filter`
 * view), the project number's start, an amount range, a date range, a status,
 * a service, verified, every sort column both ways (amount descending is the
 * `amount` view) and the last page.
 */
function overviewVariants(lastPage: number) {
  const list = '/dienstverlener/projecten';
  const variant = (key: string, name: string, query: string) => ({
    key,
    name,
    path: `${list}?${query}`,
    orderBy: 'date' as const,
    contains: undefined,
    variant: true,
  });
  const sorts: [string, string][] = [
    ['projectnummer', 'project number'],
    ['onderneming', 'company'],
    ['aanvraagdatum', 'date'],
    ['bedrag', 'amount'],
    ['dienst', 'service'],
    ['status', 'status'],
    ['geverifieerd', 'verified'],
  ];
  return [
    variant(
      'rare',
      `company contains "${RARE_COMPANY_FRAGMENT}" (rare)`,
      `onderneming=${encodeURIComponent(RARE_COMPANY_FRAGMENT)}`,
    ),
    variant('number', 'project number contains "2026KMO01"', 'nummer=2026KMO01'),
    variant(
      'amounts',
      'amount 1.000,00 – 2.000,00',
      `bedragVan=${encodeURIComponent('1.000,00')}&bedragTot=${encodeURIComponent('2.000,00')}`,
    ),
    variant('dates', 'applied 01/03/2026 – 31/05/2026', 'van=01%2F03%2F2026&tot=31%2F05%2F2026'),
    variant('status', 'status Lopend', 'status=Lopend'),
    variant('service', 'service advies', 'dienst=advies'),
    variant('verified', 'verified', 'geverifieerd=ja'),
    ...sorts.flatMap(([key, label]) =>
      (['asc', 'desc'] as const)
        // The date descending is the default view, the amount descending the `amount` view.
        .filter(
          (direction) =>
            !(key === 'aanvraagdatum' && direction === 'desc') && !(key === 'bedrag' && direction === 'desc'),
        )
        .map((direction) =>
          variant(
            `sort-${key}-${direction}`,
            `sorted by ${label}, ${direction === 'asc' ? 'ascending' : 'descending'}`,
            `sorteer=${key}&richting=${direction}`,
          ),
        ),
    ),
    variant('last', `the last page (${lastPage})`, `pagina=${lastPage}`),
  ];
}

/** A company name part in one company in 820 (a family name with a place): 10 projects of the default view. */
const RARE_COMPANY_FRAGMENT = 'crèvecoeur ieper';
const VARIANT_FACTOR = 3;
/** Load on the default view before the first view is measured. */
const INITIAL_WARMUP_SECONDS = 5;

/** The variants against the default view's p95. Returns the targets missed. */
function printVariantsReport(viewResults: ViewResult[]): number {
  const variants = viewResults.filter((view) => view.variant);
  const base = viewResults.find((view) => view.key === 'default')?.app;
  if (variants.length === 0 || !base) return 0;
  const limit = VARIANT_FACTOR * base.p95;
  const rows: string[][] = [
    ['variant', 'found', 'app p50 / p95', 'direct p95', 'of default p95', 'target', 'verdict'],
  ];
  let missed = 0;
  for (const view of variants) {
    const met = view.app !== undefined && view.app.p95 <= limit;
    if (!met) missed += 1;
    rows.push([
      view.name,
      view.found ?? '?',
      view.app ? `${ms(view.app.p50)} / ${ms(view.app.p95)}` : `not available (${view.unavailable})`,
      ms(view.direct.p95),
      view.app ? `${(view.app.p95 / base.p95).toFixed(2)}×` : '—',
      `p95 ≤ ${VARIANT_FACTOR} × ${ms(base.p95)} = ${ms(limit)}`,
      met ? 'met' : view.app ? 'MISSED' : 'NOT MEASURED',
    ]);
  }
  print(`\n== the overview's filter and sort variants against the default view (p95 ${ms(base.p95)})`);
  printTable(rows);
  return missed;
}

/** The CSV export against COPY of the same select, then the app's peak memory during a small and a big export. */
async function measureExport(options: {
  appHandle: AppHandle;
  directPool: pg.Pool;
  headers: Record<string, string>;
  providerId: number;
  fragment: string;
}): Promise<ExportResult> {
  const { appHandle, directPool, headers, providerId, fragment } = options;
  // -- 3b. the export against COPY --
  const bigExportPath = '/dienstverlener/projecten.csv?jaren=alle';
  const smallExportPath = `/dienstverlener/projecten.csv?jaren=alle&onderneming=${encodeURIComponent(fragment)}`;
  print(`\n== CSV export: ${bigExportPath}`);
  let exportUnavailable: string | undefined;
  let copySelect = referenceExport(providerId);
  let copySource: 'captured' | 'reference' = 'reference';
  try {
    const { result, queries } = await appHandle.capture(() =>
      downloadCsv(appHandle.baseUrl + bigExportPath, headers),
    );
    print(
      `   first download: ${fmt(result.rows)} rows, ${mb(result.bytes / 1024)} in ${result.ms.toFixed(0)} ms; its SQL:`,
    );
    printStatements(queries, groupByOverlap(queries));
    const statement = exportStatement(queries);
    if (statement) {
      // The app's own COPY (it exports through COPY since issue 22): its select, COPY'd as below.
      const ownCopy = /^copy \(([\s\S]*)\) to stdout with \([^)]*\)$/i.exec(statement.sql);
      copySelect = ownCopy?.[1] ?? inlineBindings(statement.sql, statement.bindings);
      copySource = 'captured';
    }
  } catch (error) {
    exportUnavailable = error instanceof Error ? error.message : String(error);
    print(`   ${exportUnavailable}: not measured; COPY below runs the hand-written reference select`);
  }
  if (copySource === 'reference') print(`   COPY of the reference select: ${describe(copySelect)}`);

  const appTransfers: Transfer[] = [];
  const copyTransfers: Transfer[] = [];
  for (let run = 0; run < settings.exportRuns; run += 1) {
    if (!exportUnavailable) appTransfers.push(await downloadCsv(appHandle.baseUrl + bigExportPath, headers));
    copyTransfers.push(await copyOut(directPool, copySelect));
  }
  const appExport = median(appTransfers);
  const copyExport = median(copyTransfers);
  if (appExport) print(`   app:  ${transferLine(appExport)} (median of ${appTransfers.length})`);
  if (copyExport) print(`   COPY: ${transferLine(copyExport)} (median of ${copyTransfers.length})`);
  if (settings.explain) await explain(directPool, copySelect, []);

  // -- 3c. the app's peak memory, small export against big export --
  let memory: { small: MemoryRun; big: MemoryRun } | undefined;
  if (!exportUnavailable) {
    print(
      `\n== memory of the app process during an export (VmRSS every 50 ms and VmHWM from /proc/${appHandle.pid})`,
    );
    const runs: { small: MemoryRun[]; big: MemoryRun[] } = { small: [], big: [] };
    for (let round = 0; round < 2; round += 1) {
      for (const [size, exportPath] of [
        ['small', smallExportPath],
        ['big', bigExportPath],
      ] as const) {
        const measured = await measureMemory(appHandle, appHandle.baseUrl + exportPath, headers);
        runs[size].push(measured);
        print(`   ${size.padEnd(5)} ${memoryLine(measured)}`);
      }
    }
    memory = { small: highest(runs.small), big: highest(runs.big) };
  }
  return { appExport, copyExport, exportUnavailable, copySource, memory };
}

/**
 * The statement import at each size of BENCH_IMPORT_SIZES, signed in as agency
 * staff through SAML (signed with the IdP key generated for the app), each run
 * on projects of its own; then each file a second time.
 */
async function measureImports(options: {
  appHandle: AppHandle;
  directPool: pg.Pool;
  headers: Record<string, string>;
  today: IsoDate;
  folder: string;
}): Promise<ImportRun[] | undefined> {
  const { appHandle, directPool, headers, today, folder } = options;
  print(
    `\n== importing one CODA statement at /beheer/stortingen: ${importSizes.map(fmt).join(', ')} credits`,
  );
  if (settings.appEnvironment !== 'production') {
    print('   measured in production mode only (BENCH_APP_ENV=test): not measured');
    return undefined;
  }
  const needed = importSizes.reduce((sum, size) => sum + size, 0);
  let phase = performance.now();
  await prepareImportProjects(directPool, needed, today);
  await directPool.query('vacuum (analyze) projects');
  const { cookie, person } = await signInAsStaff(appHandle, folder, headers);
  print(
    `   ${fmt(needed)} projects made Bevestigd, signed in as ${person.firstName} ${person.lastName} (agency staff) in ${seconds(phase)}`,
  );
  const runs: ImportRun[] = [];
  let firstProject = 1;
  for (const [index, size] of importSizes.entries()) {
    phase = performance.now();
    const run = await measureImport({
      handle: appHandle,
      pool: directPool,
      headers: { ...headers, cookie },
      firstProject,
      size,
      sequence: index + 1,
      account: BENCH_ACCOUNT,
      today,
    });
    firstProject += size;
    runs.push(run);
    print(`   ${importLine(run)}`);
    print(`      load average now: ${loadAverage()}`);
  }
  return runs;
}

/** Agency staff signed in through SAML (a response signed with the IdP key generated for the app). */
async function signInAsStaff(
  appHandle: AppHandle,
  folder: string,
  headers: Record<string, string>,
): Promise<{ cookie: string; person: (typeof devPersons)[number] }> {
  const idpKey = await loadOrCreateKeyPair(path.join(folder, 'app'), 'dev-idp', 'unused');
  const person = devPersons.find((candidate) => candidate.roles.includes(samlRoles.agencyStaff));
  if (!person) throw new Error('no agency staff among the development persons');
  const cookie = await signInWithSaml(
    appHandle.baseUrl,
    {
      idpKey,
      idpEntityId: DEV_IDP_ENTITY_ID,
      callbackUrl: `${BENCH_PUBLIC_URL}/auth/saml/acs`,
      audience: `${BENCH_PUBLIC_URL}/auth/saml/metadata`,
    },
    {
      nationalRegisterNumber: person.nationalRegisterNumber,
      attributes: {
        [samlAttributes.nationalRegisterNumber]: [person.nationalRegisterNumber],
        [samlAttributes.firstName]: [person.firstName],
        [samlAttributes.lastName]: [person.lastName],
        ...(person.email ? { [samlAttributes.email]: [person.email] } : {}),
        [samlAttributes.roles]: person.roles,
      },
    },
    headers,
  );
  return { cookie, person };
}

/** Companies submitting at once in the rush; drafts and room of the one company beyond its ceiling. */
const RUSH_COMPANIES = integerSetting('BENCH_RUSH_COMPANIES', 200);
/** Companies that submit one after the other first: a submit's cost without the rush's queue. */
const RUSH_ALONE = 20;
const RUSH_ONE_COMPANY_DRAFTS = 20;
const RUSH_ONE_COMPANY_ROOM = 3;

/**
 * The December rush (bench/rush.ts), signed in through SAML as each company's
 * representative: RUSH_COMPANIES companies with one complete draft each, all
 * submitted at once; then one company with room for RUSH_ONE_COMPANY_ROOM
 * applications submitting RUSH_ONE_COMPANY_DRAFTS at once.
 */
async function measureRush(options: {
  appHandle: AppHandle;
  directPool: pg.Pool;
  headers: Record<string, string>;
  today: IsoDate;
  folder: string;
}): Promise<RushRun[] | undefined> {
  const { appHandle, directPool, headers, today, folder } = options;
  print(
    `\n== the December rush: ${RUSH_COMPANIES} companies submit at once; one company submits ` +
      `${RUSH_ONE_COMPANY_DRAFTS} drafts at once with room for ${RUSH_ONE_COMPANY_ROOM}`,
  );
  if (settings.appEnvironment !== 'production') {
    print('   measured in production mode only (BENCH_APP_ENV=test): not measured');
    return undefined;
  }
  let phase = performance.now();
  const idpKey = await loadOrCreateKeyPair(path.join(folder, 'app'), 'dev-idp', 'unused');
  const signIn: SignIn = (person, own) =>
    signInWithSaml(
      appHandle.baseUrl,
      {
        idpKey,
        idpEntityId: DEV_IDP_ENTITY_ID,
        callbackUrl: `${BENCH_PUBLIC_URL}/auth/saml/acs`,
        audience: `${BENCH_PUBLIC_URL}/auth/saml/metadata`,
      },
      person,
      { ...headers, ...own },
    );
  const companies = await prepareRushCompanies(directPool, RUSH_COMPANIES + RUSH_ALONE + 1, today, signIn, 1);
  const capped = companies.pop();
  if (!capped) throw new Error('no company for the one-company rush');
  const alone = companies.splice(RUSH_COMPANIES);
  print(
    `   ${companies.length + alone.length + 1} companies made ready and their representatives signed in in ${seconds(phase)}`,
  );

  phase = performance.now();
  const reference = await rush({
    name: `${RUSH_ALONE} companies, one after the other`,
    baseUrl: appHandle.baseUrl,
    headers,
    pool: directPool,
    today,
    companies: alone,
    draftsOf: alone,
    expectedAccepted: alone.length,
    concurrency: settings.connections,
    oneByOne: true,
  });
  print(`   ${rushLine(reference)} (drafts filled in ${seconds(phase)} in all)`);

  phase = performance.now();
  const manyWaits = sampleLockWaits(directPool);
  const many = await rush({
    name: `${RUSH_COMPANIES} companies, one draft each`,
    baseUrl: appHandle.baseUrl,
    headers,
    pool: directPool,
    today,
    companies,
    draftsOf: companies,
    expectedAccepted: companies.length,
    concurrency: settings.connections,
  });
  print(`   ${rushLine(many)} (drafts filled in ${seconds(phase)} in all)`);
  for (const line of lockWaitLines(await manyWaits.stop())) print(`   ${line}`);

  phase = performance.now();
  await useCeilingUpTo(appHandle.baseUrl, headers, today, capped, RUSH_ONE_COMPANY_ROOM);
  const one = await rush({
    name: `1 company, ${RUSH_ONE_COMPANY_DRAFTS} drafts, room for ${RUSH_ONE_COMPANY_ROOM}`,
    baseUrl: appHandle.baseUrl,
    headers,
    pool: directPool,
    today,
    companies: [capped],
    draftsOf: Array.from({ length: RUSH_ONE_COMPANY_DRAFTS }, () => capped),
    expectedAccepted: RUSH_ONE_COMPANY_ROOM,
    concurrency: 1,
  });
  print(`   ${rushLine(one)} (in ${seconds(phase)} in all)`);
  for (const [reason, count] of one.checks.reasons) print(`      refused ${count}×: "${reason}"`);
  print(`   load average now: ${loadAverage()}`);
  return [reference, many, one];
}

const rushLine = (run: RushRun) =>
  `${run.name}: ${run.submits.length} submits in ${(run.wallMs / 1000).toFixed(2)} s = ` +
  `${(run.submits.length / (run.wallMs / 1000)).toFixed(0)} submits/s, p50 ${ms(run.p50)}, p95 ${ms(run.p95)}; ` +
  `accepted ${run.accepted} (expected ${run.expectedAccepted}), refused ${run.refused}, errors ${run.errors}`;

/** The rush's rows of the results: throughput, latency, and the exactly-once and ceiling checks. */
function printRushReport(runs: RushRun[] | undefined): void {
  if (!runs || runs.length === 0) return;
  const rows: string[][] = [
    [
      'rush',
      'submits/s',
      'p50 / p95',
      'accepted (expected) / refused / errors',
      'accepted found once',
      'stray projects',
      'over the ceiling',
      'refusals naming the ceiling',
      'verdict',
    ],
  ];
  for (const run of runs) {
    rows.push([
      run.name,
      (run.submits.length / (run.wallMs / 1000)).toFixed(0),
      `${ms(run.p50)} / ${ms(run.p95)}`,
      `${run.accepted} (${run.expectedAccepted}) / ${run.refused} / ${run.errors}`,
      `${run.checks.acceptedOnce} of ${run.accepted}`,
      String(run.checks.strayProjects),
      `${run.checks.overCeiling} (highest used ${(run.checks.highestUsedCents / 100).toFixed(2)} of ${(CEILING_CENTS / 100).toFixed(2)})`,
      `${run.checks.refusalsWithReason} of ${run.refused}`,
      rushCorrect(run) ? 'correct' : 'WRONG',
    ]);
  }
  print('\n== results: the December rush');
  printTable(rows);
}

function importCorrect(run: ImportRun): boolean {
  return (
    run.found.booked === run.expected.booked &&
    run.found.exceptions === run.expected.exceptions &&
    run.found.deposits === run.expected.booked &&
    run.found.lopend === run.expected.booked &&
    run.again.newMovements === 0 &&
    run.again.newDeposits === 0
  );
}

/** The import's rows of the results; targets: flat memory (peak growth not with the size), exactly once. */
function printImportReport(runs: ImportRun[] | undefined): number {
  if (!runs || runs.length === 0) return 0;
  const rows: string[][] = [
    [
      'statement',
      'upload → klaar',
      'upload request',
      'booked / exceptions (expected)',
      'upload: RSS / heap over baseline',
      'job: RSS / heap over baseline',
      'job: retained heap over baseline',
      'after, collected',
      'again',
    ],
  ];
  const over = (peak: number, baseline: number) => {
    const difference = (peak - baseline) / MB;
    return `${difference < 0 ? '−' : '+'}${Math.abs(difference).toFixed(1)} MB`;
  };
  for (const run of runs) {
    rows.push([
      `${fmt(run.size)} credits, ${mb(run.fileBytes / 1024)}`,
      `${(run.ms / 1000).toFixed(1)} s, ${fmt(Math.round(run.size / (run.ms / 1000)))} movements/s`,
      `${(run.uploadMs / 1000).toFixed(2)} s`,
      `${fmt(run.found.booked)} / ${fmt(run.found.exceptions)} (${fmt(run.expected.booked)} / ${fmt(run.expected.exceptions)})${importCorrect(run) ? '' : ' WRONG'}`,
      `${over(run.upload.peakRssKb, run.baselineRssKb)} / ${over(run.upload.peakHeapKb, run.baselineHeapKb)}`,
      `${over(run.job.peakRssKb, run.baselineRssKb)} / ${over(run.job.peakHeapKb, run.baselineHeapKb)}`,
      over(run.job.peakRetainedHeapKb, run.baselineHeapKb),
      `${over(run.afterGc.rssKb, run.baselineRssKb)} / ${over(run.afterGc.heapKb, run.baselineHeapKb)}`,
      `${(run.again.ms / 1000).toFixed(2)} s, ${run.again.newMovements} movements, ${run.again.newDeposits} deposits`,
    ]);
  }
  print('\n== results: importing one statement');
  printTable(rows);
  return 0;
}

// ---- mixed load ---------------------------------------------------------------------------

const mixedSettings = {
  seconds: integerSetting('BENCH_MIXED_SECONDS', 120),
  providers: integerSetting('BENCH_MIXED_PROVIDERS', 0),
  thinkMs: integerSetting('BENCH_MIXED_THINK_MS', 100),
  exportEvery: Math.max(1, integerSetting('BENCH_MIXED_EXPORT_EVERY', 10)),
  companies: integerSetting('BENCH_MIXED_COMPANIES', 40),
  drafts: Math.max(1, integerSetting('BENCH_MIXED_DRAFTS', 10)),
  importSize: integerSetting('BENCH_MIXED_IMPORT_SIZE', 2_000),
  importEvery: Math.max(1, integerSetting('BENCH_MIXED_IMPORT_EVERY', 30)),
};
/** The mixed load's companies come after the rush's (serials 1 … 221); national register serials end at 997. */
const MIXED_FIRST_SERIAL = 301;

/**
 * Providers browsing and exporting, companies submitting, staff importing
 * statements, all at once for BENCH_MIXED_SECONDS (bench/mixed.ts).
 */
async function measureMixed(options: {
  appHandle: AppHandle;
  directPool: pg.Pool;
  headers: Record<string, string>;
  today: IsoDate;
  folder: string;
  providerCookies: string[];
  providerId: number;
  filterPath: string;
}): Promise<MixedRun | undefined> {
  const { appHandle, directPool, headers, today, folder } = options;
  const { seconds: windowSeconds, companies: companyTotal, drafts, importSize, importEvery } = mixedSettings;
  const providerCookies = options.providerCookies.slice(0, mixedSettings.providers || undefined);
  const maxImports = Math.ceil(windowSeconds / importEvery);
  print(
    `\n== mixed load for ${windowSeconds} s: ${providerCookies.length} provider sessions browsing (think ${mixedSettings.thinkMs} ms, ` +
      `the export every ${mixedSettings.exportEvery} rounds), ${companyTotal} companies submitting ${drafts} drafts each, ` +
      `staff importing ${fmt(importSize)} credits every ${importEvery} s`,
  );
  if (settings.appEnvironment !== 'production') {
    print('   measured in production mode only (BENCH_APP_ENV=test): not measured');
    return undefined;
  }
  if (companyTotal < 1 || MIXED_FIRST_SERIAL + companyTotal - 1 > 997) {
    throw new Error(`BENCH_MIXED_COMPANIES must be 1 … ${997 - MIXED_FIRST_SERIAL + 1}`);
  }
  if (drafts * 30_000 > CEILING_CENTS) {
    throw new Error(
      `BENCH_MIXED_DRAFTS: at most ${CEILING_CENTS / 30_000} applications of € 300 fit a ceiling`,
    );
  }
  let phase = performance.now();
  // After the projects the import measurement used, if it ran.
  const firstImportProject =
    (settings.only.has('import') ? importSizes.reduce((sum, size) => sum + size, 0) : 0) + 1;
  await prepareImportProjects(directPool, maxImports * importSize, today, firstImportProject);
  await directPool.query('vacuum (analyze) projects');
  const { cookie: staffCookie } = await signInAsStaff(appHandle, folder, headers);
  const idpKey = await loadOrCreateKeyPair(path.join(folder, 'app'), 'dev-idp', 'unused');
  const signInCompany: SignIn = (person, own) =>
    signInWithSaml(
      appHandle.baseUrl,
      {
        idpKey,
        idpEntityId: DEV_IDP_ENTITY_ID,
        callbackUrl: `${BENCH_PUBLIC_URL}/auth/saml/acs`,
        audience: `${BENCH_PUBLIC_URL}/auth/saml/metadata`,
      },
      person,
      { ...headers, ...own },
    );
  const companies = await prepareRushCompanies(
    directPool,
    companyTotal,
    today,
    signInCompany,
    MIXED_FIRST_SERIAL,
  );
  const prepared = await prepareDrafts({
    baseUrl: appHandle.baseUrl,
    headers,
    today,
    companies,
    draftsEach: drafts,
    concurrency: settings.connections,
  });
  const { rows: details } = await directPool.query<{ project_number: string }>(
    `select project_number from projects where provider_id = $1 order by random() limit 200`,
    [options.providerId],
  );
  print(
    `   ${fmt(maxImports * importSize)} projects (from id ${fmt(firstImportProject)}) made Bevestigd, staff and ` +
      `${companies.length} representatives signed in, ${fmt(prepared.length)} drafts filled up to their summaries in ${seconds(phase)}`,
  );
  print(`   load average before the window: ${loadAverage()}`);
  phase = performance.now();
  const waits = sampleLockWaits(directPool);
  const run = await mixedLoad({
    baseUrl: appHandle.baseUrl,
    headers,
    pool: directPool,
    today,
    seconds: windowSeconds,
    providerCookies,
    thinkMs: mixedSettings.thinkMs,
    filterPath: options.filterPath,
    detailPaths: details.map((row) => `/dienstverlener/projecten/${encodeURIComponent(row.project_number)}`),
    exportPath: '/dienstverlener/projecten.csv',
    exportEvery: mixedSettings.exportEvery,
    companies,
    drafts: prepared,
    staffCookie,
    importSize,
    importEverySeconds: importEvery,
    firstImportProject,
    maxImports,
    firstSequence: 101,
    account: BENCH_ACCOUNT,
  });
  print(`   window ${windowSeconds} s, all done after ${seconds(phase)}; load average now: ${loadAverage()}`);
  for (const line of lockWaitLines(await waits.stop())) print(`   ${line}`);
  for (const action of run.actions) {
    if (action.firstError)
      print(`   ${action.name}: ${action.errors} errors, the first: ${action.firstError}`);
  }
  for (const submit of run.submits.filter((one) => one.reason)) {
    print(`   refused: ${submit.draft}: "${submit.reason}"`);
  }
  return run;
}

/** The mixed load's rows: per page or action its count, rate, latency and errors; then the checks. */
function printMixedReport(run: MixedRun | undefined): void {
  if (!run) return;
  const rows: string[][] = [['page / action', 'count', 'per second', 'p50', 'p95', 'errors']];
  for (const action of run.actions) {
    const summary = actionSummary(action, run.seconds);
    rows.push([
      action.rows === undefined ? action.name : `${action.name}, ${fmt(action.rows)} rows`,
      fmt(summary.count),
      summary.perSecond.toFixed(2),
      ms(summary.p50),
      ms(summary.p95),
      String(action.errors),
    ]);
  }
  print(`\n== results: mixed load, ${run.seconds} s`);
  printTable(rows);
  const { checks } = run;
  const check = (label: string, value: string, ok: boolean) => [label, value, ok ? 'correct' : 'WRONG'];
  const checkRows: string[][] = [
    ['check', 'found', 'verdict'],
    check(
      'submits accepted (each draft fits its ceiling)',
      `${checks.accepted} of ${run.submits.length} (refused ${checks.refused})`,
      run.submits.length > 0 && checks.accepted === run.submits.length,
    ),
    check(
      'accepted applications found exactly once',
      `${checks.rush.acceptedOnce} of ${checks.accepted}`,
      checks.rush.acceptedOnce === checks.accepted,
    ),
    check(
      'projects no accepted submit points at',
      String(checks.rush.strayProjects),
      checks.rush.strayProjects === 0,
    ),
    check(
      'companies over their ceiling',
      `${checks.rush.overCeiling} (highest used € ${(checks.rush.highestUsedCents / 100).toFixed(2)} of € ${(CEILING_CENTS / 100).toFixed(2)})`,
      checks.rush.overCeiling === 0,
    ),
    ...checks.imports.map((found) =>
      check(
        `statement ${found.statementId}: booked / exceptions (expected)`,
        `${fmt(found.booked)} / ${fmt(found.exceptions)} (${fmt(found.expected.booked)} / ${fmt(found.expected.exceptions)})`,
        found.booked === found.expected.booked && found.exceptions === found.expected.exceptions,
      ),
    ),
    check(
      'exactly-paid projects Lopend with one deposit',
      `${fmt(checks.lopendWithOneDeposit)} of ${fmt(checks.exactlyPaid)}`,
      checks.exactlyPaid > 0 && checks.lopendWithOneDeposit === checks.exactlyPaid,
    ),
    check('projects booked twice', String(checks.bookedTwice), checks.bookedTwice === 0),
    check(
      'booked movements without a ledger entry',
      String(checks.bookedWithoutEntry),
      checks.bookedWithoutEntry === 0,
    ),
  ];
  printTable(checkRows);
  print(
    mixedCorrect(run)
      ? 'mixed load: 0 errors, every check correct'
      : 'mixed load: WRONG (see above): exit code 1',
  );
}

// ---- leftovers of a run that was killed (kill -9 gives no chance to clean up) ----

const TEMP_PREFIX = 'kmo-bench-';
const OWNER_FILE = 'bench.pid';

/**
 * Removes the folders of earlier runs whose benchmark process is gone, after
 * stopping the PostgreSQL such a run may have left running in it.
 */
async function removeLeftovers(): Promise<void> {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const folder = path.join(os.tmpdir(), name);
    const owner = readPid(path.join(folder, OWNER_FILE));
    if (owner === undefined || isAlive(owner)) continue;
    const postmaster = readPid(path.join(folder, 'postgres', 'postmaster.pid'));
    if (postmaster !== undefined && isAlive(postmaster)) {
      print(`stopping the PostgreSQL (process ${postmaster}) an interrupted earlier run left in ${folder}`);
      process.kill(postmaster, 'SIGINT');
      for (let wait = 0; wait < 50 && isAlive(postmaster); wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    print(`removing ${folder}, left by an interrupted earlier run`);
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---- data description -------------------------------------------------------------------

async function describeData(pool: pg.Pool, data: GeneratedData, since: string): Promise<void> {
  const { rows } = await pool.query<{
    total: number;
    big: number;
    big_recent: number;
    big_fragment: number;
    big_recent_fragment: number;
    statuses: number;
    first: string;
    last: string;
  }>(
    `select (select count(*) from projects)::int as total,
            count(*)::int as big,
            count(*) filter (where pr.application_date >= $2)::int as big_recent,
            count(*) filter (where c.name ilike $3)::int as big_fragment,
            count(*) filter (where c.name ilike $3 and pr.application_date >= $2)::int as big_recent_fragment,
            (select count(distinct status) from projects)::int as statuses,
            min(pr.application_date)::text as first, max(pr.application_date)::text as last
       from projects pr join companies c on c.id = pr.company_id
      where pr.provider_id = $1`,
    [data.bigProvider.id, since, `%${data.companyFragment}%`],
  );
  const row = rows[0];
  if (!row) return;
  print(
    `projects: ${fmt(row.total)} in ${row.statuses} statuses; the big provider ${fmt(row.big)} ` +
      `(${row.first} … ${row.last}), ${fmt(row.big_recent)} since ${since}; company contains ` +
      `"${data.companyFragment}": ${fmt(row.big_recent_fragment)} since ${since}, ${fmt(row.big_fragment)} in all years`,
  );
}

// ---- app environment --------------------------------------------------------------------

/**
 * Production mode by default: cached templates, no development tools, as a
 * provider would meet the page. Production wants every setting: the SAML keys
 * are generated into the temporary folder, SMTP points at the bench's own
 * sink (bench/mail-sink.ts), which accepts every mail. BENCH_APP_ENV=test runs the test settings.
 */
async function appEnvironment(
  databaseUrl: string,
  folder: string,
  smtpPort: number,
): Promise<Record<string, string>> {
  const dataDir = path.join(folder, 'app');
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? folder,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: String(settings.poolMax),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    // Quieter where the jobs and the rush run: their warnings (a refused submit, say) are what they measure.
    LOG_LEVEL:
      process.env.BENCH_APP_LOG_LEVEL ??
      (settings.only.has('import') || settings.only.has('rush') || settings.only.has('mixed')
        ? 'error'
        : 'warn'),
    // The import is a background job: the app runs its jobs (pg-boss) as the server does.
    ...(settings.only.has('import') || settings.only.has('mixed') ? { BENCH_JOBS: '1' } : {}),
    // The rush's companies each come from their own address (X-Forwarded-For through the loopback
    // proxy): the SAML sign-in is limited per address, as it should be.
    ...(settings.only.has('rush') || settings.only.has('mixed') ? { TRUST_PROXY: 'loopback' } : {}),
    // The API's quota per token, raised so that the load measures the API rather than its 429s.
    ...(settings.only.has('api') ? { API_RATE_LIMIT_PER_MINUTE: '100000' } : {}),
  };
  if (settings.appEnvironment === 'test') return { ...base, NODE_ENV: 'test' };
  const sp = await loadOrCreateKeyPair(dataDir, 'saml-sp', 'kmo-portefeuille SP (benchmark)');
  const idp = await loadOrCreateKeyPair(dataDir, 'dev-idp', 'kmo-portefeuille IdP (benchmark)');
  const publicUrl = BENCH_PUBLIC_URL;
  return {
    ...base,
    NODE_ENV: 'production',
    PUBLIC_URL: publicUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SAML_ENTRY_POINT: 'https://idp.bench.test/saml/sso',
    SAML_ISSUER: `${publicUrl}/auth/saml/metadata`,
    SAML_CALLBACK_URL: `${publicUrl}/auth/saml/acs`,
    SAML_IDP_CERT: idp.certificate,
    // Production requires the IdP's issuer; the bench signs its responses as this one.
    SAML_IDP_ISSUER: DEV_IDP_ENTITY_ID,
    SAML_SP_KEY: sp.privateKey,
    SAML_SP_CERT: sp.certificate,
    PAYMENT_INSTITUTION_NAME: 'Pluxee Belgium nv',
    PAYMENT_INSTITUTION_ADDRESS: 'Vorstlaan 165, 1160 Oudergem',
    PAYMENT_INSTITUTION_IBAN: BENCH_ACCOUNT,
    PAYMENT_INSTITUTION_BIC: 'BBRUBEBB',
  };
}

const BENCH_PUBLIC_URL = 'https://kmo-portefeuille.bench.test';
/** The payment institution's account: the statements imported are its own. */
const BENCH_ACCOUNT = 'BE68539007547034';

// ---- memory -------------------------------------------------------------------------------

interface MemoryRun {
  rows: number;
  ms: number;
  baselineKb: number;
  peakKb: number;
  kernelPeak: boolean;
}

/** Collects garbage, resets the kernel's peak, then downloads while sampling the app's resident set. */
async function measureMemory(
  handle: AppHandle,
  url: string,
  headers: Record<string, string>,
): Promise<MemoryRun> {
  await handle.collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const baselineKb = handle.memory().rssKb;
  const kernelPeak = handle.resetPeak();
  let sampledPeakKb = baselineKb;
  const sampler = setInterval(() => {
    sampledPeakKb = Math.max(sampledPeakKb, handle.memory().rssKb);
  }, 50);
  try {
    const transfer = await downloadCsv(url, headers);
    const after = handle.memory();
    const peakKb = Math.max(sampledPeakKb, after.rssKb, kernelPeak ? after.peakKb : 0);
    return { rows: transfer.rows, ms: transfer.ms, baselineKb, peakKb, kernelPeak };
  } finally {
    clearInterval(sampler);
  }
}

function highest(runs: MemoryRun[]): MemoryRun {
  return runs.reduce((a, b) => (b.peakKb > a.peakKb ? b : a));
}

// ---- report -------------------------------------------------------------------------------

interface ExportResult {
  appExport: Transfer | undefined;
  copyExport: Transfer | undefined;
  exportUnavailable: string | undefined;
  copySource: 'captured' | 'reference';
  memory: { small: MemoryRun; big: MemoryRun } | undefined;
}

/** The table of results; the export's rows only when it was measured (BENCH_ONLY). Returns the targets missed. */
function printReport(viewResults: ViewResult[], results: ExportResult | undefined): number {
  const rows: string[][] = [['measure', 'app', 'direct in PostgreSQL', 'ratio', 'target', 'verdict']];
  let missed = 0;
  const verdict = (met: boolean) => {
    if (!met) missed += 1;
    return met ? 'met' : 'MISSED';
  };
  // The variants have their own table (printVariantsReport); the filter and amount views are in both.
  for (const view of viewResults.filter(
    (result) => !result.variant || ['filter', 'amount'].includes(result.key),
  )) {
    const limit = PAGE_FACTOR * view.direct.p95 + PAGE_ALLOWANCE_MS;
    const direct = `${ms(view.direct.p50)} / ${ms(view.direct.p95)}${view.source === 'reference' ? ' (reference SQL)' : ''}`;
    if (!view.app) {
      rows.push([
        `overview, ${view.name}: p50 / p95`,
        `not available (${view.unavailable})`,
        direct,
        '—',
        `p95 ≤ ${ms(limit)}`,
        'NOT MEASURED',
      ]);
      continue;
    }
    rows.push([
      `overview, ${view.name}: p50 / p95`,
      `${ms(view.app.p50)} / ${ms(view.app.p95)}`,
      direct,
      `${(view.app.p95 / view.direct.p95).toFixed(2)}× p95`,
      `p95 ≤ 2 × ${ms(view.direct.p95)} + 20 ms = ${ms(limit)}`,
      verdict(view.app.p95 <= limit),
    ]);
  }
  if (!results) {
    if (viewResults.length === 0) return missed;
    print('\n== results (the export was not measured: BENCH_ONLY)');
    printTable(rows);
    return missed;
  }
  const copy = results.copyExport;
  const copyCell = copy
    ? `COPY ${(copy.ms / 1000).toFixed(2)} s, ${fmt(Math.round(rowsPerSecond(copy)))} rows/s${results.copySource === 'reference' ? ' (reference select)' : ''}`
    : '—';
  if (results.appExport && copy) {
    const share = rowsPerSecond(results.appExport) / rowsPerSecond(copy);
    rows.push([
      `CSV export, ${fmt(results.appExport.rows)} rows`,
      `${(results.appExport.ms / 1000).toFixed(2)} s, ${fmt(Math.round(rowsPerSecond(results.appExport)))} rows/s`,
      copyCell,
      `${(share * 100).toFixed(0)} % of COPY`,
      `≥ ${EXPORT_TARGET * 100} % of COPY`,
      verdict(share >= EXPORT_TARGET),
    ]);
  } else {
    rows.push([
      'CSV export',
      `not available (${results.exportUnavailable})`,
      copyCell,
      '—',
      `≥ ${EXPORT_TARGET * 100} % of COPY`,
      'NOT MEASURED',
    ]);
  }
  if (results.memory) {
    const { small, big } = results.memory;
    const ratio = big.peakKb / small.peakKb;
    const growthSmall = (small.peakKb - small.baselineKb) / MB;
    const growthBig = (big.peakKb - big.baselineKb) / MB;
    rows.push([
      `app peak RSS, export of ${fmt(big.rows)} vs ${fmt(small.rows)} rows`,
      `${mb(big.peakKb)} vs ${mb(small.peakKb)} (growth ${growthBig.toFixed(1)} vs ${growthSmall.toFixed(1)} MB)`,
      '—',
      `${ratio.toFixed(2)}×`,
      `≤ ${MEMORY_TARGET}× (or growth < ${MEMORY_GROWTH_TARGET_MB} MB)`,
      verdict(ratio <= MEMORY_TARGET || growthBig < MEMORY_GROWTH_TARGET_MB),
    ]);
  } else {
    rows.push([
      'app peak RSS during export',
      'not available',
      '—',
      '—',
      `≤ ${MEMORY_TARGET}×`,
      'NOT MEASURED',
    ]);
  }
  print('\n== results');
  printTable(rows);
  return missed;
}

interface RenderResult {
  unavailable: string | undefined;
  page: LatencySummary | undefined;
  memory: LatencySummary | undefined;
  floor: LatencySummary | undefined;
  errors: number;
}

/** A mail the outbox sender would send now (src/infra/mail/sender.ts). */
const DUE_MAIL = "status = 'pending' and next_attempt_at <= now()";

/** Seconds of each load in the alternation of measureRender. */
const RENDER_SLICE_SECONDS = 2;

/**
 * The app's own cost (issue 22): the default overview served as usual, the
 * same template with the same data rendered from memory in the same app
 * process (RENDER_PATH, kept from one real request), and the floor of the
 * stack for the same page (FLOOR_PATH: session read, the same statements,
 * the same render, nothing else). Each is loaded the same way, in turns of
 * RENDER_SLICE_SECONDS until each had settings.seconds: this machine's speed
 * drifts by tens of percent within a minute, and taking turns lets the drift
 * weigh on the three alike instead of on whichever ran last.
 */
async function measureRender(options: {
  appHandle: AppHandle;
  cookies: string[];
  headers: Record<string, string>;
  path: string;
}): Promise<RenderResult> {
  const { appHandle, cookies, headers } = options;
  const loads = [
    { label: 'page:       ', url: appHandle.baseUrl + options.path },
    { label: 'from memory:', url: appHandle.baseUrl + RENDER_PATH },
    { label: 'floor:      ', url: appHandle.baseUrl + FLOOR_PATH },
  ] as const;
  print(
    `\n== the app's own cost: ${options.path} against its template rendered from memory (${RENDER_PATH}) ` +
      `and against the floor of the stack (${FLOOR_PATH})`,
  );
  await appHandle.armRender();
  const cookie = cookies[0] ?? '';
  const [page, fromMemory, floor] = [
    await getPage(loads[0].url, { ...headers, cookie }),
    await getPage(loads[1].url, headers),
    await getPage(loads[2].url, { ...headers, cookie }),
  ];
  const unavailable =
    page.status !== 200 || fromMemory.status !== 200 || floor.status !== 200
      ? `page HTTP ${page.status}, from memory HTTP ${fromMemory.status}, floor HTTP ${floor.status}`
      : floor.body !== fromMemory.body
        ? 'the floor sent another page than the template from memory'
        : undefined;
  if (unavailable) {
    print(`   ${unavailable}: not measured`);
    return { unavailable, page: undefined, memory: undefined, floor: undefined, errors: 1 };
  }
  print(
    `   one request: page ${page.ms.toFixed(1)} ms, ${fmt(Buffer.byteLength(page.body))} bytes; ` +
      `from memory ${fromMemory.ms.toFixed(1)} ms; floor ${floor.ms.toFixed(1)} ms, the same bytes`,
  );
  const rounds = Math.max(1, Math.round(settings.seconds / RENDER_SLICE_SECONDS));
  print(
    `   in turns: ${rounds} × ${RENDER_SLICE_SECONDS} s each, after ${settings.warmupSeconds} s of warm-up each`,
  );
  const load = (url: string, seconds: number) =>
    loadUrl({ url, cookies, headers, connections: settings.connections, seconds });
  for (const { url } of loads) await load(url, settings.warmupSeconds);
  const runs = loads.map(() => [] as LatencySummary[]);
  const cpu = loads.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (const [index, { url }] of loads.entries()) {
      const cpuBefore = await appHandle.cpuMs();
      runs[index]?.push(await load(url, RENDER_SLICE_SECONDS));
      cpu[index] = (cpu[index] ?? 0) + (await appHandle.cpuMs()) - cpuBefore;
    }
  }
  const measured = loads.map(({ label }, index) => {
    const combined = combineRuns(runs[index] ?? [], rounds * RENDER_SLICE_SECONDS);
    const cpuPerPage = (cpu[index] ?? 0) / Math.max(1, combined.completed);
    print(`   ${label} ${latencyLine(combined)}, ${cpuMs(cpuPerPage)} app CPU per page`);
    return combined;
  });
  const [pageLoad, memoryLoad, floorLoad] = measured;
  return {
    unavailable: undefined,
    page: pageLoad,
    memory: memoryLoad,
    floor: floorLoad,
    errors: (pageLoad?.errors ?? 0) + (memoryLoad?.errors ?? 0) + (floorLoad?.errors ?? 0),
  };
}

const RENDER_TARGET = 0.5;

function printRenderReport(result: RenderResult | undefined): number {
  if (!result) return 0;
  const rows: string[][] = [['measure', 'pages/s (p95)', 'of from memory', 'target', 'verdict']];
  const { page, memory, floor } = result;
  if (!page || !memory || !floor) {
    rows.push(['default overview', `not available (${result.unavailable})`, '—', '≥ 50 %', 'NOT MEASURED']);
    print("\n== the app's own cost");
    printTable(rows);
    return 0;
  }
  const share = page.perSecond / memory.perSecond;
  const met = share >= RENDER_TARGET;
  const rate = (summary: LatencySummary) => `${summary.perSecond.toFixed(0)}/s (${ms(summary.p95)})`;
  const percent = (fraction: number) => `${(fraction * 100).toFixed(0)} %`;
  rows.push(['template from memory', rate(memory), '100 %', '—', '—']);
  rows.push([
    'default overview',
    rate(page),
    percent(share),
    `≥ ${RENDER_TARGET * 100} % of from memory`,
    met ? 'met' : 'MISSED',
  ]);
  rows.push([
    'floor of the stack (session, statements, render)',
    rate(floor),
    percent(floor.perSecond / memory.perSecond),
    '— (what the stack allows)',
    `the page is ${percent(page.perSecond / floor.perSecond)} of it`,
  ]);
  print("\n== the app's own cost (same run, same load generator, in turns)");
  printTable(rows);
  return met ? 0 : 1;
}

function printSearchReport(results: SearchResult[] | undefined): number {
  if (!results || results.length === 0) return 0;
  const { rows, missed } = searchReportRows(results);
  print(`\n== the public search (${fmt(settings.providers)} providers)`);
  printTable([['measure', 'app', 'direct in PostgreSQL', 'ratio', 'target', 'verdict'], ...rows]);
  return missed;
}

function printApiReport(runs: ApiRun[] | undefined): number {
  if (!runs || runs.length === 0) return 0;
  const { rows, missed } = apiReportRows(runs);
  print(`\n== the providers' API (the big provider's token, ${fmt(settings.bigProviderProjects)} projects)`);
  printTable([['measure', 'app', 'direct in PostgreSQL', 'ratio', 'target', 'verdict'], ...rows]);
  return missed;
}

/** The overview's throughput and latency per number of HTTP workers, the first count as the baseline. */
function printWorkersReport(runs: WorkersRun[] | undefined): void {
  if (!runs || runs.length === 0) return;
  const baseline = runs[0]?.load.perSecond ?? Number.NaN;
  const rows: string[][] = [['WEB_CONCURRENCY', 'pages/s', 'vs first', 'p50', 'p95', 'errors']];
  for (const run of runs) {
    rows.push([
      String(run.workers),
      run.load.perSecond.toFixed(0),
      `${(run.load.perSecond / baseline).toFixed(2)}×`,
      ms(run.load.p50),
      ms(run.load.p95),
      String(run.load.errors),
    ]);
  }
  print(
    `\n== the default overview by HTTP workers (${settings.connections} connections, ${settings.seconds} s each)`,
  );
  printTable(rows);
}

function printTable(rows: string[][]): void {
  const widths =
    rows[0]?.map((_cell, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ');
  rows.forEach((row, index) => {
    print(line(row));
    if (index === 0) print(widths.map((width) => '-'.repeat(width)).join('-+-'));
  });
}

function printStatements(queries: CapturedQuery[], groups: StatementGroups): void {
  if (queries.length === 0) {
    print('     (none through knex)');
    return;
  }
  groups.forEach((group, index) => {
    for (const statement of group) {
      const together = group.length > 1 ? ' (concurrently)' : '';
      print(
        `     ${index + 1}${together}: ${describe(statement.sql)} — ${JSON.stringify(statement.bindings)}`,
      );
    }
  });
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement, indented under the measurement. */
async function explain(pool: pg.Pool, sql: string, bindings: unknown[]): Promise<void> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, bindings);
  print(`   EXPLAIN ANALYZE ${describe(sql, Number.POSITIVE_INFINITY)} — ${JSON.stringify(bindings)}`);
  for (const row of rows) print(`      ${row['QUERY PLAN']}`);
}

/** An idle pooled connection that PostgreSQL ends (shutdown after Ctrl-C) must not crash the run. */
function ignoreIdleClientError(): void {}

const ALONE_RUNS = 20;

/** The median duration of `ALONE_RUNS` runs of `action`, one after the other. */
async function oneAtATime(action: () => Promise<void>): Promise<number> {
  const durations: number[] = [];
  for (let run = 0; run < ALONE_RUNS; run += 1) {
    const started = performance.now();
    await action();
    durations.push(performance.now() - started);
  }
  return percentile(
    durations.sort((a, b) => a - b),
    0.5,
  );
}

// ---- small helpers ------------------------------------------------------------------------

function print(line: string): void {
  if (!interrupted) process.stdout.write(`${line}\n`);
}

/** Which measurements to make: all, or those BENCH_ONLY lists (a quicker run while working on one). */
function onlySetting(name: string): Set<string> {
  const raw = process.env[name]?.trim();
  if (!raw) return new Set(MEASUREMENTS);
  const chosen = raw.split(/[\s,]+/).filter(Boolean);
  const unknown = chosen.filter((item) => !(MEASUREMENTS as readonly string[]).includes(item));
  if (unknown.length > 0 || chosen.length === 0) {
    throw new Error(`${name} lists measurements out of ${MEASUREMENTS.join(', ')}; got "${raw}"`);
  }
  return new Set(chosen);
}

function sizesSetting(name: string, fallback: number[]): number[] {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const sizes = raw.split(/[\s,]+/).map((item) => Number(item.replace(/_/g, '')));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 10_000)) {
    throw new Error(
      `${name} lists statement sizes of 1 … 10,000 credits (CODA numbers 4 digits); got "${raw}"`,
    );
  }
  return sizes;
}

function workerCountsSetting(name: string, fallback: number[]): number[] {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const counts = raw.split(/[\s,]+/).map(Number);
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 64)) {
    throw new Error(`${name} lists numbers of HTTP workers of 1 … 64; got "${raw}"`);
  }
  return counts;
}

function integerSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function median(transfers: Transfer[]): Transfer | undefined {
  const sorted = [...transfers].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const rowsPerSecond = (transfer: Transfer) => transfer.rows / (transfer.ms / 1000);
const fmt = (value: number) => value.toLocaleString('en-US');
const ms = (value: number) => `${value.toFixed(1)} ms`;
/** CPU per request: two decimals, a change of 0.05 ms is what a change of the app is worth. */
const cpuMs = (value: number) => `${value.toFixed(2)} ms`;
const mb = (kb: number) => `${(kb / MB).toFixed(1)} MB`;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const latencyLine = (summary: LatencySummary) =>
  `p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, ${summary.perSecond.toFixed(0)}/s, ` +
  `${fmt(summary.completed)} completed, ${summary.errors} errors${summary.firstError ? ` (${summary.firstError})` : ''}`;
const importLine = (run: ImportRun) =>
  `${fmt(run.size)} credits (${mb(run.fileBytes / 1024)}): upload → klaar ${(run.ms / 1000).toFixed(1)} s, ` +
  `${fmt(Math.round(run.size / (run.ms / 1000)))} movements/s, the upload request ${(run.uploadMs / 1000).toFixed(2)} s; ` +
  `booked ${fmt(run.found.booked)} of ${fmt(run.expected.booked)}, ` +
  `exceptions ${fmt(run.found.exceptions)} of ${fmt(run.expected.exceptions)}, ${fmt(run.found.lopend)} projects Lopend; ` +
  `baseline RSS ${mb(run.baselineRssKb)}, heap ${mb(run.baselineHeapKb)}; ` +
  `upload peak RSS ${mb(run.upload.peakRssKb)} (+${((run.upload.peakRssKb - run.baselineRssKb) / MB).toFixed(1)} MB), heap ${mb(run.upload.peakHeapKb)}; ` +
  `job peak RSS ${mb(run.job.peakRssKb)} (+${((run.job.peakRssKb - run.baselineRssKb) / MB).toFixed(1)} MB), heap ${mb(run.job.peakHeapKb)}, retained heap ${mb(run.job.peakRetainedHeapKb)}` +
  `${run.kernelPeak ? '' : ' [sampled only]'}; after the job, collected: RSS ${mb(run.afterGc.rssKb)}, heap ${mb(run.afterGc.heapKb)}; ` +
  `again: ${(run.again.ms / 1000).toFixed(2)} s, ${run.again.newMovements} new movements, ${run.again.newDeposits} new deposits`;
const transferLine = (transfer: Transfer) =>
  `${fmt(transfer.rows)} rows, ${mb(transfer.bytes / 1024)} in ${(transfer.ms / 1000).toFixed(2)} s = ` +
  `${fmt(Math.round(rowsPerSecond(transfer)))} rows/s`;
const memoryLine = (run: MemoryRun) =>
  `${fmt(run.rows)} rows in ${(run.ms / 1000).toFixed(2)} s: RSS before ${mb(run.baselineKb)}, peak ${mb(run.peakKb)} ` +
  `(+${((run.peakKb - run.baselineKb) / MB).toFixed(1)} MB)${run.kernelPeak ? '' : ' [VmHWM reset not allowed: sampled only]'}`;

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  if (!interrupted) console.error('\nThe benchmark failed:', error);
} finally {
  await cleanUp();
}
process.exit(exitCode);
