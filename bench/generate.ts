import type pg from 'pg';
import { hashPassword } from '../src/auth/password.js';
import { addDays, type IsoDate } from '../src/domain/dates.js';
import { CYBERSECURITY, themes } from '../src/domain/themes.js';

/**
 * The benchmark's data set, generated in SQL (insert … select from
 * generate_series) so that a million projects take seconds, not minutes.
 * Every row satisfies the schema's CHECK constraints, unique keys and
 * foreign keys: the identifiers carry valid mod-97 check digits, the shares
 * add up, the project numbers are `<year>KMO<6 digits>` numbered per year.
 *
 * Deterministic: the same sizes and the same `today` give the same rows.
 * Providers, companies, departments and registrations get explicit ids
 * (the database is fresh), so the projects can point at them by formula.
 */

export interface GenerationOptions {
  projects: number;
  /** How many of the projects belong to provider 1, the one the benchmark signs in as. */
  bigProviderProjects: number;
  providers: number;
  companies: number;
  today: IsoDate;
}

export interface GeneratedData {
  bigProvider: { id: number; login: string; password: string; name: string };
  /** A fragment of company names that one company in ten carries (the `onderneming` filter). */
  companyFragment: string;
  firstApplicationDate: IsoDate;
}

export const BENCH_PASSWORD = 'bench-wachtwoord-2026';
const BIG_PROVIDER_NAME = 'Vlaamse Opleidingsgroep';

/** Ten activities, one per company in ten: a company-name filter on one of them selects 10 %. */
const ACTIVITIES = [
  'Bakkerij',
  'Garage',
  'Schrijnwerkerij',
  'Drukkerij',
  'Brouwerij',
  'Transport',
  'Bouwbedrijf',
  'Tuinaanleg',
  'Boekhoudkantoor',
  'Elektrotechniek',
];
export const COMPANY_FRAGMENT = 'drukkerij';

/** Family names, a few with what CSV must quote: `;`, `"`, an apostrophe, accents. */
const SURNAMES = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
  'Dubois',
  'Lambert',
  'Dupont',
  'Martens',
  'Vermeulen',
  'Hermans',
  'Pauwels',
  'Aerts',
  'Van den Broeck',
  'De Vos',
  'Michiels',
  'Smets',
  'Bogaerts',
  'Leclercq',
  'Segers',
  'Cools',
  'Coppens',
  'Declercq',
  'Verstraete',
  'Van Damme',
  'Stevens',
  'Verhoeven',
  'De Backer',
  'Lemmens',
  'Vandenberghe',
  'Hendrickx',
  "D'Hondt",
  'Noël',
  'Vanhove; Vandamme',
  '"Het Anker"',
  'Crèvecoeur',
];
const PLACES: [string, string][] = [
  ['Gent', '9000'],
  ['Antwerpen', '2000'],
  ['Brugge', '8000'],
  ['Leuven', '3000'],
  ['Hasselt', '3500'],
  ['Kortrijk', '8500'],
  ['Mechelen', '2800'],
  ['Aalst', '9300'],
  ['Genk', '3600'],
  ['Roeselare', '8800'],
  ['Turnhout', '2300'],
  ['Sint-Niklaas', '9100'],
  ['Oostende', '8400'],
  ['Lier', '2500'],
  ['Geel', '2440'],
  ['Ninove', '9400'],
  ['Tienen', '3300'],
  ['Ieper', '8900'],
  ['Lokeren', '9160'],
  ['Dendermonde', '9200'],
];
const LEGAL_FORMS = ['BV', 'NV', 'CommV', 'VOF', 'CV'];
const STREETS = ['Stationsstraat', 'Kerkstraat', 'Dorpsstraat', 'Nieuwstraat', 'Industrieweg', 'Molenstraat'];
const NACE_CODES = ['10711', '18120', '43222', '45201', '49410', '56101', '62010', '69201', '25620', '47710'];

/** Rows per insert statement: several statements run at once on the connections of the pool. */
const PROJECT_BATCH = 250_000;

/**
 * Generates everything; the caller runs VACUUM ANALYZE afterwards. The
 * projects go in as concurrent batches on `workers` connections (the rows
 * are computed from their number alone, so any batch can go anywhere), with
 * the plain indexes (of projects and of companies) dropped and the foreign-key
 * triggers off; the indexes are built afterwards and every foreign key is
 * checked once over the whole table.
 * The database is the benchmark's own: a failure half-way discards it.
 */
export async function generateData(
  pool: pg.Pool,
  options: GenerationOptions & { workers: number; onStep?: (step: string, ms: number) => void },
): Promise<GeneratedData> {
  const { projects, bigProviderProjects, providers, companies, today, workers } = options;
  let stepStarted = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    options.onStep?.(name, now - stepStarted);
    stepStarted = now;
  };
  if (!Number.isInteger(projects) || projects < 1 || projects > 3_000_000)
    throw new RangeError(
      `projects must be 1 … 3,000,000 (six-digit project numbers per year), got ${projects}`,
    );
  if (!Number.isInteger(bigProviderProjects) || bigProviderProjects < 1 || bigProviderProjects > projects)
    throw new RangeError(`the big provider's projects must be 1 … ${projects}, got ${bigProviderProjects}`);
  if (!Number.isInteger(providers) || providers < 2 || providers > 99_999)
    throw new RangeError(`providers must be 2 … 99,999, got ${providers}`);
  if (!Number.isInteger(companies) || companies < 10 || companies > 3_000_000)
    throw new RangeError(`companies must be 10 … 3,000,000, got ${companies}`);

  // About four years of applications, up to today.
  const days = 4 * 365;
  const firstApplicationDate = addDays(today, -days);
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  // The companies' plain indexes (the name's trigram index above all) are built after their rows too.
  const companyIndexes = await dropPlainIndexes(pool, 'companies');
  await inTransaction(pool, async (client) => {
    await insertProviders(client, { providers, today, firstApplicationDate, passwordHash });
    await insertCompanies(client, companies);
  });
  step(`${providers} providers, ${companies} companies`);

  const indexes = [...companyIndexes, ...(await dropPlainIndexes(pool, 'projects'))];
  const batches: [number, number][] = [];
  for (let first = 1; first <= projects; first += PROJECT_BATCH) {
    batches.push([first, Math.min(projects, first + PROJECT_BATCH - 1)]);
  }
  const sizes = { projects, bigProviderProjects, providers, companies, days, firstApplicationDate, today };
  await inParallel(batches, workers, ([first, last]) =>
    inTransaction(pool, async (client) => {
      await client.query('set local session_replication_role = replica');
      await insertProjects(client, sizes, first, last);
    }),
  );
  // The per-year counts the triggers would have kept (migration 20261210090000).
  await pool.query(`
    insert into project_counts (provider_id, department_id, application_year, projects)
      select provider_id, department_id, extract(year from application_date)::smallint, count(*)
        from projects group by 1, 2, 3`);
  step(`${projects} projects`);
  await inParallel(indexes, workers, async (definition) => {
    const client = await pool.connect();
    try {
      await client.query("set maintenance_work_mem = '256MB'");
      await client.query(definition);
    } finally {
      client.release();
    }
  });
  step(`${indexes.length} indexes`);
  await checkForeignKeys(pool, 'projects');
  step('foreign keys checked');
  for (const table of ['provider_organisations', 'departments', 'registrations', 'companies', 'projects']) {
    await pool.query(`select setval(pg_get_serial_sequence($1, 'id'), (select max(id) from ${table}))`, [
      table,
    ]);
  }
  return {
    bigProvider: {
      id: 1,
      login: enterpriseNumber(8_000_001),
      password: BENCH_PASSWORD,
      name: BIG_PROVIDER_NAME,
    },
    companyFragment: COMPANY_FRAGMENT,
    firstApplicationDate,
  };
}

/**
 * Projects number `first` … `last`. Project i applied on day
 * floor((i − 1) · days / projects) of the period, so the dates rise with i (as
 * ids do in a real table) and the i-th of its year has a closed form: the
 * project number needs no window over the whole table.
 */
async function insertProjects(
  client: pg.PoolClient,
  sizes: {
    projects: number;
    bigProviderProjects: number;
    providers: number;
    companies: number;
    days: number;
    firstApplicationDate: IsoDate;
    today: IsoDate;
  },
  first: number,
  last: number,
): Promise<void> {
  const subthemes = themes.flatMap((theme) => theme.subthemes);
  await client.query(
    `insert into projects (
       id, project_number, company_id, provider_id, department_id, registration_id, service, title,
       training_kind, subtheme, nace_code, company_size, hours, participant_count, agreement_date,
       start_date, application_date, deposit_deadline, registration_cost_cents, project_amount_cents,
       subsidy_cents, own_contribution_cents, subsidy_rate_bp, structured_communication, status,
       verified, verified_at, created_at, updated_at, company_name_folded)
     with base as (
       select i,
              $3::date + ((i - 1)::bigint * $4::int / $1::int)::int as application_date,
              -- exactly bigProviderProjects rows, spread evenly over the dates, are provider 1's
              i::bigint * $2::int / $1::int > (i - 1)::bigint * $2::int / $1::int as is_big,
              -- five independent pseudo-random numbers 0 … 2^28 − 1 per row
              (hashint4extended(i, 1) & 268435455)::int as h1,
              (hashint4extended(i, 2) & 268435455)::int as h2,
              (hashint4extended(i, 3) & 268435455)::int as h3,
              (hashint4extended(i, 4) & 268435455)::int as h4,
              (hashint4extended(i, 5) & 268435455)::int as h5
         from generate_series($12::int, $13::int) as i
     ), shaped as (
       select base.*,
              case when is_big then 1 else 2 + h1 % ($6::int - 1) end as provider_id,
              1 + h2 % $7::int as company_id,
              case when h3 % 4 = 0 then 'advies' else 'opleiding' end as service,
              ($8::text[])[1 + h4 % cardinality($8::text[])] as subtheme,
              ($9::text[])[1 + h4 % cardinality($9::text[])] as subtheme_label,
              -- recent projects wait for their deposit or run; old ones are mostly finished
              case
                when $5::date - application_date < 30 then
                  case when h5 % 100 < 60 then 'Bevestigd'
                       when h5 % 100 < 95 then 'Lopend'
                       else 'ProjectGeannuleerd' end
                when $5::date - application_date < 365 then
                  case when h5 % 100 < 55 then 'Lopend'
                       when h5 % 100 < 80 then 'Afgewerkt'
                       when h5 % 100 < 88 then 'Vervallen'
                       when h5 % 100 < 94 then 'ProjectGeannuleerd'
                       when h5 % 100 < 97 then 'StopzettingAangevraagd'
                       else 'Stopgezet' end
                else
                  case when h5 % 100 < 75 then 'Afgewerkt'
                       when h5 % 100 < 85 then 'Vervallen'
                       when h5 % 100 < 93 then 'ProjectGeannuleerd'
                       when h5 % 100 < 98 then 'Stopgezet'
                       else 'Lopend' end
              end as status,
              (10000 + (h3 / 4) % 2990000)::bigint as registration_cost_cents,
              application_date - h1 % 14 as start_date,
              application_date::timestamp at time zone 'Europe/Brussels' + interval '10 hours' as created_at,
              1000000000 + i as communication_base
         from base
     ), priced as (
       select shaped.*,
              case when company_id % 4 = 0 then 'middelgroot' else 'klein' end as company_size,
              case when is_big and h4 % 3 = 0 then (case when service = 'opleiding' then 1 else 2 end) end
                as department_id,
              registration_cost_cents - case when h5 % 5 = 0 then registration_cost_cents / 10 else 0 end
                as project_amount_cents,
              (case when company_id % 4 = 0 then 2000 else 3000 end)
                + (case when subtheme = $10::text then 1500 else 0 end) as subsidy_rate_bp,
              status in ('Lopend', 'Afgewerkt', 'StopzettingAangevraagd', 'Stopgezet') and h4 % 10 < 4 as verified
         from shaped
     )
     select i,
            extract(year from application_date)::int || 'KMO' || lpad((i - (greatest(0,
              make_date(extract(year from application_date)::int, 1, 1) - $3::date)::bigint * $1::int
              + $4::int - 1) / $4::int)::text, 6, '0'),
            company_id,
            provider_id,
            department_id,
            case
              when department_id is not null then 2 * $6::int + department_id
              when service = 'opleiding' then 2 * provider_id - 1
              else 2 * provider_id
            end,
            service,
            initcap(service) || ' ' || lower(subtheme_label),
            case when service = 'opleiding' then (array['extern', 'online', 'incompany'])[1 + h5 % 3] end,
            subtheme,
            ($11::text[])[1 + company_id % cardinality($11::text[])],
            company_size,
            case when service = 'opleiding' then 4 + h3 % 77 + (h5 % 2) * 0.5 else 8 + h3 % 113 end,
            case when service = 'opleiding' then 1 + h3 % 12 end,
            start_date - h2 % 30,
            start_date,
            application_date,
            application_date + 30,
            registration_cost_cents,
            project_amount_cents,
            project_amount_cents * subsidy_rate_bp / 10000,
            project_amount_cents - project_amount_cents * subsidy_rate_bp / 10000,
            subsidy_rate_bp,
            communication_base::text ||
              lpad((case when communication_base % 97 = 0 then 97 else communication_base % 97 end)::text, 2, '0'),
            status,
            verified,
            case when verified then created_at + interval '3 days' end,
            created_at,
            created_at,
            -- the overview's copy of the company's folded name (the trigger that writes it is off here)
            (select lower(public.f_unaccent(c.name)) from companies c where c.id = company_id)
       from priced`,
    [
      sizes.projects,
      sizes.bigProviderProjects,
      sizes.firstApplicationDate,
      sizes.days,
      sizes.today,
      sizes.providers,
      sizes.companies,
      subthemes.map((subtheme) => subtheme.code),
      subthemes.map((subtheme) => subtheme.label),
      CYBERSECURITY,
      NACE_CODES,
      first,
      last,
    ],
  );
}

async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local synchronous_commit = off');
    await work(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `work` over the items, at most `width` at a time; the first failure fails the whole. */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
}

/** Drops the table's indexes that back no constraint; returns their definitions to create them again. */
async function dropPlainIndexes(client: pg.Pool, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = $1::regclass
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [table],
  );
  for (const row of rows) await client.query(`drop index ${row.name}`);
  return rows.map((row) => row.definition);
}

/** Checks every foreign key of the table at once, as the per-row triggers would have. */
async function checkForeignKeys(client: pg.Pool, table: string): Promise<void> {
  const { rows: keys } = await client.query<{ name: string; column: string; target: string; key: string }>(
    `select c.conname as name, a.attname as column, c.confrelid::regclass::text as target, fa.attname as key
       from pg_constraint c
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       join pg_attribute fa on fa.attrelid = c.confrelid and fa.attnum = c.confkey[1]
      where c.contype = 'f' and c.conrelid = $1::regclass and cardinality(c.conkey) = 1`,
    [table],
  );
  for (const key of keys) {
    const { rows } = await client.query<{ missing: number }>(
      `select count(*)::int as missing from ${table} t
        where t.${key.column} is not null
          and not exists (select 1 from ${key.target} f where f.${key.key} = t.${key.column})`,
    );
    if ((rows[0]?.missing ?? 0) > 0) {
      throw new Error(`${rows[0]?.missing} rows of ${table} break foreign key ${key.name}`);
    }
  }
}

/** A valid Belgian enterprise number: eight digits and their mod-97 check digits. */
function enterpriseNumber(base: number): string {
  return String(base).padStart(8, '0') + String(97 - (base % 97)).padStart(2, '0');
}

/** The SQL twin of enterpriseNumber() for a bigint expression. */
const enterpriseNumberSql = (base: string) =>
  `lpad((${base})::text, 8, '0') || lpad((97 - (${base}) % 97)::text, 2, '0')`;

async function insertProviders(
  client: pg.PoolClient,
  options: { providers: number; today: IsoDate; firstApplicationDate: IsoDate; passwordHash: string },
): Promise<void> {
  const { providers, today, firstApplicationDate, passwordHash } = options;
  await client.query(
    `insert into provider_organisations (id, enterprise_number, legal_name, legal_form, street, house_number,
       postcode, municipality, contact_name, contact_email, contact_phone, iban, bic, presentation, expertise)
     select p, ${enterpriseNumberSql('8000000 + p')},
            -- a family name and a kind, one provider in five a "Dienstverlener" (the public search's typo)
            case when p = 1 then $2::text
                 else ($3::text[])[1 + (p / 5) % cardinality($3::text[])] || ' ' ||
                      (array['Opleidingen', 'Advies', 'Academie', 'Consult', 'Dienstverlener'])[1 + p % 5] || ' ' || p end,
            'BV', 'Kunstlaan', (1 + p % 120)::text,
            case when p = 1 then '1000' else ($5::text[])[1 + (p / 3) % cardinality($5::text[])] end,
            case when p = 1 then 'Brussel' else ($4::text[])[1 + (p / 3) % cardinality($4::text[])] end,
            'Contactpersoon ' || p,
            'info@dienstverlener-' || p || '.test', '+32 2 123 45 67', 'BE71096123456769', 'GKCCBEBB',
            'Opleiding en advies voor kmo''s.',
            -- one to three themes each
            array(select ($6::text[])[1 + (p + t * 3) % cardinality($6::text[])]
                    from generate_series(0, p % 3) as t)
       from generate_series(1, $1::int) as p`,
    [
      providers,
      BIG_PROVIDER_NAME,
      SURNAMES,
      PLACES.map(([place]) => place),
      PLACES.map(([, postcode]) => postcode),
      themes.map((theme) => theme.code),
    ],
  );
  // Establishments: none, one or two per provider, elsewhere than the head office (the search's municipality).
  await client.query(
    `insert into establishments (provider_id, postcode, municipality, street, house_number)
     select p, ($3::text[])[1 + (p / 3 + 7 * e) % cardinality($3::text[])],
            ($2::text[])[1 + (p / 3 + 7 * e) % cardinality($2::text[])],
            'Vestigingsstraat', e::text
       from generate_series(2, $1::int) as p, generate_series(1, 2) as e
      where e <= p % 3`,
    [providers, PLACES.map(([place]) => place), PLACES.map(([, postcode]) => postcode)],
  );
  await client.query(
    `insert into provider_accounts (provider_id, login, password_hash, must_change_password, password_changed_at)
     values (1, ${enterpriseNumberSql('8000001')}, $1, false, now())`,
    [passwordHash],
  );
  await client.query(
    `insert into departments (id, provider_id, name, contact_email) values
       (1, 1, 'Departement Opleidingen', 'opleidingen@dienstverlener-1.test'),
       (2, 1, 'Departement Advies', 'advies@dienstverlener-1.test')`,
  );
  // Registration 2p − 1: provider p's training, 2p: its advice; 2P + 1 and 2P + 2: the two departments.
  const validFrom = addDays(firstApplicationDate, -365);
  const validUntil = addDays(today, 365);
  await client.query(
    `insert into registrations (id, provider_id, department_id, service, basis, number, status, conditional,
       audit_bureau, valid_from, valid_until, requested_at)
     select 2 * p - 2 + s, p, null, case when s = 1 then 'opleiding' else 'advies' end, 'privaat',
            case when s = 1 then 'DV.O' else 'DV.A' end || (100000 + p)::text, 'G', false,
            'Auditbureau Kwaliteitsnorm bv', $2::date, $3::date, $2::date - 40
       from generate_series(1, $1::int) as p, generate_series(1, 2) as s
     union all
     select 2 * $1::int + d, 1, d, case when d = 1 then 'opleiding' else 'advies' end, 'privaat',
            case when d = 1 then 'DV.O' else 'DV.A' end || (200000 + d)::text, 'G', false,
            'Auditbureau Kwaliteitsnorm bv', $2::date, $3::date, $2::date - 40
       from generate_series(1, 2) as d`,
    [providers, validFrom, validUntil],
  );
}

async function insertCompanies(client: pg.PoolClient, companies: number): Promise<void> {
  await client.query(
    `insert into companies (id, enterprise_number, name, legal_form, street, house_number, postcode,
       municipality, nace_code, proposed_size, email)
     select k, ${enterpriseNumberSql('4000000 + k')},
            ($2::text[])[1 + k % 10] || ' ' || ($3::text[])[1 + (k / 10) % cardinality($3::text[])] ||
              case when (k / 10 / cardinality($3::text[])) % 3 = 0
                   then ' ' || ($4::text[])[1 + (k / 7) % cardinality($4::text[])] else '' end ||
              ' ' || ($6::text[])[1 + (k / 3) % cardinality($6::text[])],
            ($6::text[])[1 + (k / 3) % cardinality($6::text[])],
            ($7::text[])[1 + k % cardinality($7::text[])], (1 + k % 250)::text,
            ($5::text[])[1 + (k / 7) % cardinality($5::text[])], ($4::text[])[1 + (k / 7) % cardinality($4::text[])],
            ($8::text[])[1 + k % cardinality($8::text[])],
            case when k % 4 = 0 then 'middelgroot' else 'klein' end,
            'boekhouding@onderneming-' || k || '.test'
       from generate_series(1, $1::int) as k`,
    [
      companies,
      ACTIVITIES,
      SURNAMES,
      PLACES.map(([place]) => place),
      PLACES.map(([, postcode]) => postcode),
      LEGAL_FORMS,
      STREETS,
      NACE_CODES,
    ],
  );
}
