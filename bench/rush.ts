import type pg from 'pg';
import { samlAttributes, samlRoles } from '../src/auth/saml-identity.js';
import { addDays, formatDate, yearOf, type IsoDate } from '../src/domain/dates.js';
import { csrfTokenIn } from './http.js';
import { percentile } from './load.js';

/**
 * The December rush (issue 22): enterprises submit applications at the same
 * moment near the 31 December deadline. Each enterprise is made ready in SQL
 * (size confirmed, data complete, nothing applied yet this year), its
 * representative signs in through SAML with the entrepreneur role, fills a
 * draft through the wizard's pages up to the summary; then every summary is
 * posted at once. Afterwards the database is checked: each accepted
 * application exists once, no ceiling is exceeded, each refusal says why.
 */

const REQUEST_TIMEOUT_MS = 120_000;
/** DOMAIN.md: a small enterprise's yearly ceiling, € 7.500 of subsidy. */
export const CEILING_CENTS = 750_000;
/** € 1.000 eligible at 30 % (small): € 300 subsidy. */
const SUBSIDY_EACH_CENTS = 30_000;
/** The provider that bench/generate.ts gives registration DV.O100001 (training, approved). */
const REGISTRATION = 'DV.O100001';

export interface RushCompany {
  id: number;
  enterpriseNumber: string;
  nationalRegisterNumber: string;
  /** Its own address (X-Forwarded-For, the app trusting the loopback proxy): sign-ins are limited per address. */
  address: string;
  cookie: string;
}

export type SignIn = (
  person: { nationalRegisterNumber: string; attributes: Record<string, string[]> },
  headers: Record<string, string>,
) => Promise<string>;

export interface Submit {
  companyId: number;
  draft: string;
  status: number;
  location: string;
  ms: number;
  accepted: boolean;
  /** For a refusal: the message its draft's page shows. */
  reason?: string;
}

export interface RushRun {
  name: string;
  submits: Submit[];
  wallMs: number;
  p50: number;
  p95: number;
  accepted: number;
  refused: number;
  errors: number;
  expectedAccepted: number;
  checks: RushChecks;
}

export interface RushChecks {
  /** Accepted submits whose project is found exactly once, for the right company. */
  acceptedOnce: number;
  /** Projects of these companies filed today that no accepted submit points at (must be 0). */
  strayProjects: number;
  /** Companies whose subsidy of the year exceeds the ceiling (must be 0). */
  overCeiling: number;
  /** The highest subsidy of the year among these companies. */
  highestUsedCents: number;
  /** Refusals whose draft page names the used-up ceiling. */
  refusalsWithReason: number;
  /** The distinct reasons given, with their counts. */
  reasons: Map<string, number>;
}

export function rushCorrect(run: RushRun): boolean {
  return (
    run.errors === 0 &&
    run.accepted === run.expectedAccepted &&
    run.checks.acceptedOnce === run.accepted &&
    run.checks.strayProjects === 0 &&
    run.checks.overCeiling === 0 &&
    run.checks.refusalsWithReason === run.refused
  );
}

/** A valid enterprise number: 0 + 7 digits + mod-97 check digits. */
function enterpriseNumber(serial: number): string {
  const firstEight = `0${String(serial).padStart(7, '0')}`;
  return `${firstEight}${String(97 - (Number(firstEight) % 97)).padStart(2, '0')}`;
}

/** A valid national register number of someone born 01/01/1985 with this serial (1 … 997). */
function nationalRegisterNumber(serial: number): string {
  const base = `850101${String(serial).padStart(3, '0')}`;
  return `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`;
}

/**
 * `count` small enterprises ready to apply (serials above the generated ones),
 * each with its representative signed in.
 */
export async function prepareRushCompanies(
  pool: pg.Pool,
  count: number,
  today: IsoDate,
  signIn: SignIn,
  firstSerial: number,
): Promise<RushCompany[]> {
  const companies: RushCompany[] = [];
  for (let index = 0; index < count; index += 1) {
    const serial = firstSerial + index;
    const number = enterpriseNumber(7_000_000 + serial);
    const { rows } = await pool.query<{ id: number }>(
      `insert into companies (enterprise_number, name, legal_form, street, house_number, postcode, municipality,
         iban, bic, nace_code, turnover_cents, balance_total_cents, employees_fte, proposed_size, email)
       values ($1, $2, 'BV', 'Kerkstraat', $3, '9000', 'Gent', 'BE71096123456769', 'GKCCBEBB', '62010',
         120000000, 80000000, 8, 'klein', $4)
       returning id`,
      [number, `Eindejaarsbedrijf ${serial} bv`, String(serial), `info@eindejaar-${serial}.test`],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('company insert returned no row');
    await pool.query(
      `insert into company_size_confirmations (company_id, year, size) values ($1, $2, 'klein')`,
      [id, yearOf(today)],
    );
    const person = nationalRegisterNumber(serial);
    const address = `10.22.${Math.floor(serial / 250)}.${1 + (serial % 250)}`;
    const cookie = await signIn(
      {
        nationalRegisterNumber: person,
        attributes: {
          [samlAttributes.nationalRegisterNumber]: [person],
          [samlAttributes.firstName]: ['Eva'],
          [samlAttributes.lastName]: [`Eindejaar${serial}`],
          [samlAttributes.email]: [`eva@eindejaar-${serial}.test`],
          [samlAttributes.roles]: [`${samlRoles.entrepreneurPrefix}${number}`],
        },
      },
      { 'x-forwarded-for': address },
    );
    companies.push({ id, enterpriseNumber: number, nationalRegisterNumber: person, address, cookie });
  }
  return companies;
}

interface Answered {
  status: number;
  location: string;
  body: string;
}

export async function request(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  form?: Record<string, string>,
): Promise<Answered & { ms: number }> {
  const started = performance.now();
  const response = await fetch(baseUrl + path, {
    method: form ? 'POST' : 'GET',
    headers: form ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
    body: form ? new URLSearchParams(form) : undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await response.text();
  return {
    status: response.status,
    location: response.headers.get('location') ?? '',
    body,
    ms: performance.now() - started,
  };
}

/** A fresh draft answered through the wizard's pages up to its summary; returns its base path. */
export async function completeDraft(
  baseUrl: string,
  headers: Record<string, string>,
  today: IsoDate,
  eligibleCosts: string,
): Promise<string> {
  const start = await request(baseUrl, '/onderneming/aanvraag?nieuw', headers);
  const draft = /^(\/onderneming\/aanvraag\/[0-9a-f-]{36})\/[a-z]+$/.exec(start.location)?.[1];
  if (!draft) throw new Error(`starting a draft answered ${start.status} to "${start.location}"`);
  const token = csrfTokenIn((await request(baseUrl, `${draft}/activiteit`, headers)).body) ?? '';
  const steps: [string, Record<string, string>, string][] = [
    ['activiteit', { naceCode: '62010' }, 'project'],
    [
      'project',
      {
        service: 'opleiding',
        title: 'Opleiding welzijn op het werk',
        trainingKind: 'extern',
        subtheme: 'hr.welzijn',
        participantCount: '1',
        hours: '7,5',
        agreementDate: formatDate(addDays(today, -10)),
        startDate: formatDate(addDays(today, -3)),
        businessPurpose: 'ja',
        registrationCost: eligibleCosts,
        eligibleCosts,
      },
      'deelnemers',
    ],
    ['deelnemers', { firstName: 'An', lastName: 'Claes' }, 'dienstverlener'],
    ['dienstverlener', { registrationNumber: REGISTRATION }, 'overzicht'],
  ];
  for (const [page, fields, next] of steps) {
    const posted = await request(baseUrl, `${draft}/${page}`, headers, { _csrf: token, ...fields });
    if (posted.status !== 303 || posted.location !== `${draft}/${next}`) {
      throw new Error(`${draft}/${page} answered ${posted.status} to "${posted.location}", not ${next}`);
    }
  }
  return draft;
}

/** The summary's form as the browser would post it: token, declaration, the subsidy it showed. */
export async function summaryForm(
  baseUrl: string,
  draft: string,
  headers: Record<string, string>,
): Promise<Record<string, string>> {
  const summary = await request(baseUrl, `${draft}/overzicht`, headers);
  const shown = /name="shownSubsidyCents" value="([^"]*)"/.exec(summary.body)?.[1];
  if (summary.status !== 200 || shown === undefined) {
    throw new Error(`the summary ${draft}/overzicht answered ${summary.status} without the subsidy shown`);
  }
  return { _csrf: csrfTokenIn(summary.body) ?? '', declaration: 'ja', shownSubsidyCents: shown };
}

/** Why a refused draft was refused: the page it lands on, and the message beside the amount or in the summary. */
export async function reasonOf(
  baseUrl: string,
  submit: Submit,
  headers: Record<string, string>,
): Promise<string> {
  let path = submit.location;
  for (let hop = 0; hop < 5; hop += 1) {
    const page = await request(baseUrl, path, headers);
    if (page.status === 200) {
      const field = /<p class="error-message" id="[^"]+-fout">([\s\S]*?)<\/p>/.exec(page.body)?.[1];
      return field ? textOf(field).replace(/^Fout:\s*/, '') : '(no message on the page)';
    }
    if (page.status !== 302 && page.status !== 303) return `(HTTP ${page.status} on ${path})`;
    path = page.location;
  }
  return '(too many redirects)';
}

/**
 * Fills one draft per entry of `drafts` (a company and its eligible costs),
 * reads every summary, then posts them all at once and checks the outcome.
 */
export async function rush(options: {
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  pool: pg.Pool;
  today: IsoDate;
  companies: RushCompany[];
  /** Which company files each draft. */
  draftsOf: RushCompany[];
  expectedAccepted: number;
  /** Drafts filled at once while preparing. */
  concurrency: number;
  /** One submit after the other instead of all at once: what a submit costs without queueing. */
  oneByOne?: boolean;
}): Promise<RushRun> {
  const { baseUrl, headers, today, draftsOf } = options;
  const headersOf = (company: RushCompany) => ({
    ...headers,
    'x-forwarded-for': company.address,
    cookie: company.cookie,
  });
  const drafts: string[] = new Array<string>(draftsOf.length);
  const forms: Record<string, string>[] = new Array<Record<string, string>>(draftsOf.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, draftsOf.length) }, async () => {
      while (next < draftsOf.length) {
        const index = next;
        next += 1;
        const company = draftsOf[index];
        if (!company) continue;
        drafts[index] = await completeDraft(baseUrl, headersOf(company), today, '1.000,00');
      }
    }),
  );
  for (const [index, company] of draftsOf.entries()) {
    forms[index] = await summaryForm(baseUrl, drafts[index] ?? '', headersOf(company));
  }

  const submitOne = async (company: RushCompany, index: number): Promise<Submit> => {
    const draft = drafts[index] ?? '';
    try {
      const answer = await request(baseUrl, `${draft}/overzicht`, headersOf(company), forms[index]);
      return {
        companyId: company.id,
        draft,
        status: answer.status,
        location: answer.location,
        ms: answer.ms,
        accepted:
          answer.status === 303 && /^\/onderneming\/projecten\/[^/]+\/storting$/.test(answer.location),
      };
    } catch (error) {
      return { companyId: company.id, draft, status: 0, location: String(error), ms: 0, accepted: false };
    }
  };
  const started = performance.now();
  const submits: Submit[] = [];
  if (options.oneByOne) {
    for (const [index, company] of draftsOf.entries()) submits.push(await submitOne(company, index));
  } else {
    submits.push(...(await Promise.all(draftsOf.map(submitOne))));
  }
  const wallMs = performance.now() - started;

  const refusals = submits.filter((submit) => !submit.accepted && submit.status === 303);
  for (const submit of refusals) {
    const company = draftsOf.find((candidate) => candidate.id === submit.companyId);
    submit.reason = company ? await reasonOf(baseUrl, submit, headersOf(company)) : '(unknown company)';
  }
  const latencies = submits
    .filter((submit) => submit.status !== 0)
    .map((submit) => submit.ms)
    .sort((a, b) => a - b);
  const checks = await checkRush(options.pool, options.companies, submits, today);
  return {
    name: options.name,
    submits,
    wallMs,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    accepted: submits.filter((submit) => submit.accepted).length,
    refused: refusals.length,
    errors: submits.filter((submit) => submit.status !== 303).length,
    expectedAccepted: options.expectedAccepted,
    checks,
  };
}

/**
 * A company whose ceiling has room for exactly `room` applications of € 300:
 * it first files, through the wizard, one application whose subsidy takes the
 * rest of its ceiling.
 */
export async function useCeilingUpTo(
  baseUrl: string,
  headers: Record<string, string>,
  today: IsoDate,
  company: RushCompany,
  room: number,
): Promise<void> {
  const usedCents = CEILING_CENTS - room * SUBSIDY_EACH_CENTS;
  // 30 % of the eligible costs is the subsidy: eligible = used / 0.3.
  const eligibleCents = Math.round((usedCents * 10) / 3);
  const euros = String(Math.floor(eligibleCents / 100)).replace(/\B(?=([0-9]{3})+$)/g, '.');
  const costs = `${euros},${String(eligibleCents % 100).padStart(2, '0')}`;
  const withCookie = { ...headers, 'x-forwarded-for': company.address, cookie: company.cookie };
  const draft = await completeDraft(baseUrl, withCookie, today, costs);
  const filed = await request(
    baseUrl,
    `${draft}/overzicht`,
    withCookie,
    await summaryForm(baseUrl, draft, withCookie),
  );
  if (filed.status !== 303 || !filed.location.endsWith('/storting')) {
    throw new Error(
      `the first application of the capped company answered ${filed.status} to "${filed.location}"`,
    );
  }
}

export async function checkRush(
  pool: pg.Pool,
  companies: RushCompany[],
  submits: Submit[],
  today: IsoDate,
): Promise<RushChecks> {
  const ids = companies.map((company) => company.id);
  const year = yearOf(today);
  const { rows: projects } = await pool.query<{ project_number: string; company_id: number }>(
    `select project_number, company_id from projects where company_id = any($1::int[]) and application_date = $2`,
    [ids, today],
  );
  let acceptedOnce = 0;
  const pointedAt = new Set<string>();
  for (const submit of submits.filter((candidate) => candidate.accepted)) {
    const number = decodeURIComponent(submit.location.split('/')[3] ?? '');
    pointedAt.add(number);
    const found = projects.filter((project) => project.project_number === number);
    if (found.length === 1 && found[0]?.company_id === submit.companyId) acceptedOnce += 1;
  }
  const accepted = new Set(submits.filter((submit) => submit.accepted).map((submit) => submit.draft));
  // The capped company's own first application is filed today too, outside the rush.
  const { rows: earlier } = await pool.query<{ result_path: string }>(
    `select result_path from wizard_drafts where submitted_at is not null and result_path is not null
        and id <> all($1::uuid[]) and owner like any($2::text[])`,
    [
      submits.map((submit) => submit.draft.split('/').pop() ?? ''),
      companies.map((company) => `onderneming-${company.id}-persoon-%`),
    ],
  );
  for (const row of earlier) pointedAt.add(decodeURIComponent(row.result_path.split('/')[3] ?? ''));
  const strayProjects = projects.filter((project) => !pointedAt.has(project.project_number)).length;
  const { rows: used } = await pool.query<{ company_id: number; used: string }>(
    `select company_id, sum(subsidy_cents)::text as used from projects
      where company_id = any($1::int[]) and application_date between $2 and $3
        and status not in ('ProjectGeannuleerd', 'Vervallen')
      group by company_id`,
    [ids, `${year}-01-01`, `${year}-12-31`],
  );
  const reasons = new Map<string, number>();
  let refusalsWithReason = 0;
  for (const submit of submits) {
    if (accepted.has(submit.draft) || submit.reason === undefined) continue;
    reasons.set(submit.reason, (reasons.get(submit.reason) ?? 0) + 1);
    if (/steunplafond voor \d{4} \(€ [\d.]+,\d\d\) is opgebruikt/.test(submit.reason))
      refusalsWithReason += 1;
  }
  return {
    acceptedOnce,
    strayProjects,
    overCeiling: used.filter((row) => Number(row.used) > CEILING_CENTS).length,
    highestUsedCents: Math.max(0, ...used.map((row) => Number(row.used))),
    refusalsWithReason,
    reasons,
  };
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
