import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type pg from 'pg';
import { copyCsv } from '../../db/copy-csv.js';
import { inlineBindings } from '../../db/inline-bindings.js';
import {
  alreadyFoldedContains,
  containsPattern,
  foldedContains,
  prefixPattern,
} from '../../db/name-search.js';
import type { Clock } from '../../clock.js';
import type { IsoDate } from '../../domain/dates.js';
import { projectStatusLabels, type ProjectStatus } from '../../domain/project-status.js';
import { serviceLabels, type Service, type TrainingKind } from '../../domain/subsidy-terms.js';
import {
  defaultPeriod,
  type Period,
  type ProjectSearchTerms,
  type ProjectListCriteria,
  type ProjectSortKey,
} from './project-filters.js';
import { applyProjectScope, type ProjectScope } from './project-scope.js';

export interface ProjectDetail {
  id: number;
  projectNumber: string;
  status: ProjectStatus;
  verified: boolean;
  service: Service;
  title: string;
  trainingKind: TrainingKind | null;
  subtheme: string;
  hours: number;
  applicationDate: string;
  agreementDate: string;
  startDate: string;
  depositDeadline: string;
  projectAmountCents: number;
  ownContributionCents: number;
  subsidyCents: number;
  companyName: string;
  companyEnterpriseNumber: string;
  providerName: string;
  departmentId: number | null;
  departmentName: string | null;
  registrationNumber: string | null;
  participants: { firstName: string; lastName: string }[];
  ledger: {
    depositedCents: number;
    subsidyCents: number;
    paidCents: number;
    refundedCents: number;
    balanceCents: number;
  };
  history: {
    at: Date;
    fromStatus: ProjectStatus | null;
    toStatus: ProjectStatus;
    actorLabel: string;
    reason: string | null;
    /** A document that goes with the change (a stop request's proof). */
    documentId: number | null;
  }[];
}

/** One line of the providers' overview (and of its CSV export). */
export interface ProjectListRow {
  id: number;
  projectNumber: string;
  companyName: string;
  applicationDate: IsoDate;
  projectAmountCents: number;
  service: Service;
  status: ProjectStatus;
  verified: boolean;
}

export interface ProjectListPage {
  rows: ProjectListRow[];
  /** Projects that match, over all pages. */
  total: number;
  /** The page shown (1-based): the last one when the page asked for lies beyond it. */
  page: number;
  pageCount: number;
  /** The page asked for, when it lay beyond the last page. */
  pageBeyond?: number;
}

export const PROJECTS_PER_PAGE = 50;

/**
 * A company name that a spreadsheet would take for a formula (its first
 * character one of = + - @, a tab or CR, or their full-width forms) gets a
 * leading ', as csv-stringify's escape_formulas does.
 */
const FORMULA_START = `'^([-=+@\\t\\r\uFF1D\uFF0B\uFF0D\uFF20])'`;

/** The SQL each sort key orders by; every order ends with the id in the same direction, so pages never overlap. */
const sortExpressions: Record<ProjectSortKey, string> = {
  projectnummer: 'pr.project_number',
  onderneming: 'pr.company_name_folded',
  aanvraagdatum: 'pr.application_date',
  bedrag: 'pr.project_amount_cents',
  dienst: 'pr.service',
  status: 'pr.status',
  geverifieerd: 'pr.verified',
};

/** ORDER BY of the list: the sort key, then the id in the same direction (the directions are a closed set). */
function orderOf(criteria: ProjectListCriteria): string {
  const direction = criteria.direction === 'desc' ? 'desc' : 'asc';
  return `${sortExpressions[criteria.sort]} ${direction}, pr.id ${direction}`;
}

const listSelection = {
  id: 'pr.id',
  projectNumber: 'pr.project_number',
  companyName: 'c.name',
  applicationDate: 'pr.application_date',
  projectAmountCents: 'pr.project_amount_cents',
  service: 'pr.service',
  status: 'pr.status',
  verified: 'pr.verified',
};

/** One item of the API's list (GET /api/v1/projects), with the key its cursor carries. */
export interface ProjectApiRow {
  id: number;
  projectNumber: string;
  companyName: string;
  companyEnterpriseNumber: string;
  applicationDate: IsoDate;
  service: Service;
  status: ProjectStatus;
  verified: boolean;
  projectAmountCents: number;
  subsidyCents: number;
  ownContributionCents: number;
  departmentId: number | null;
  departmentName: string | null;
  /** The value of the sort column (the first half of the keyset). */
  sortValue: string | number | boolean;
}

/** Where a keyset page starts: after the row with this sort value and id, in the list's order. */
export interface ProjectKeyset {
  sortValue: string | number | boolean;
  id: number;
}

const apiSelection = {
  id: 'pr.id',
  projectNumber: 'pr.project_number',
  companyName: 'c.name',
  companyEnterpriseNumber: 'c.enterprise_number',
  applicationDate: 'pr.application_date',
  service: 'pr.service',
  status: 'pr.status',
  verified: 'pr.verified',
  projectAmountCents: 'pr.project_amount_cents',
  subsidyCents: 'pr.subsidy_cents',
  ownContributionCents: 'pr.own_contribution_cents',
  departmentId: 'pr.department_id',
  departmentName: 'd.name',
};

/** Read models of projects, always within a scope. */
export class ProjectQueries {
  /** The list, its count and its export: from the read replica when there is one (DATABASE_READ_URL). */
  private readonly listDb: Knex;

  /** The clock's today moves the default period (and the export's file name). */
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    options: { listDb?: Knex } = {},
  ) {
    this.listDb = options.listDb ?? db;
  }

  /** Today in Brussels, by the clock. */
  today(): IsoDate {
    return this.clock.today();
  }

  /** The period shown when the user does not ask for all years. */
  defaultPeriod(): Period {
    return defaultPeriod(this.today());
  }

  /**
   * The scoped and filtered projects, not yet ordered or selected. The company
   * is joined only when the selection needs it: the filter and the sort read
   * the project's own copy of its name (company_name_folded).
   */
  private filtered(scope: ProjectScope, criteria: ProjectListCriteria, withCompany: boolean) {
    const query = this.listDb('projects as pr');
    const { filters } = criteria;
    if (withCompany) query.join('companies as c', 'c.id', 'pr.company_id');
    applyProjectScope(query, scope);
    if (!criteria.allYears) {
      const period = this.defaultPeriod();
      query.whereBetween('pr.application_date', [period.from, period.to]);
    }
    if (filters.search !== undefined) this.whereMatches(query, filters.search);
    if (filters.projectNumber !== undefined) {
      // Project numbers are upper case (a CHECK of the table): `like` on the
      // upper-cased text finds what `ilike` would, at a fraction of its cost.
      query.whereRaw(`pr.project_number like ? escape '\\'`, [
        containsPattern(filters.projectNumber.toUpperCase()),
      ]);
    }
    if (filters.companyName !== undefined) {
      // The project's copy of its company's folded name: "été", "Été" and "ETE" find "Été".
      query.where(alreadyFoldedContains(this.db, 'pr.company_name_folded', filters.companyName));
    }
    if (filters.applicationFrom !== undefined)
      query.where('pr.application_date', '>=', filters.applicationFrom);
    if (filters.applicationTo !== undefined) query.where('pr.application_date', '<=', filters.applicationTo);
    if (filters.amountFromCents !== undefined)
      query.where('pr.project_amount_cents', '>=', filters.amountFromCents);
    if (filters.amountToCents !== undefined)
      query.where('pr.project_amount_cents', '<=', filters.amountToCents);
    if (filters.service !== undefined) query.where('pr.service', filters.service);
    if (filters.status !== undefined) query.where('pr.status', filters.status);
    if (filters.verified !== undefined) query.where('pr.verified', filters.verified);
    return query;
  }

  /**
   * The agency's free-text search. Each name is matched in its own table and
   * the projects are found by key, so the page and the count need no join.
   */
  private whereMatches(query: Knex.QueryBuilder, terms: ProjectSearchTerms): void {
    // Names folded as the providers' overview folds them: "été" finds "Été", "creme" "Crème".
    const named = (table: string, column: string) =>
      this.db(table)
        .select('id')
        .where(foldedContains(this.db, column, terms.text));
    query.where((where) => {
      where
        .whereRaw(`pr.project_number ilike ? escape '\\'`, [prefixPattern(terms.text)])
        .orWhereIn('pr.company_id', named('companies', 'name'))
        .orWhereIn('pr.provider_id', named('provider_organisations', 'legal_name'))
        .orWhereIn('pr.department_id', named('departments', 'name'));
      if (terms.enterpriseNumber !== undefined) {
        const number = terms.enterpriseNumber;
        where
          .orWhereIn('pr.company_id', this.db('companies').select('id').where('enterprise_number', number))
          .orWhereIn(
            'pr.provider_id',
            this.db('provider_organisations').select('id').where('enterprise_number', number),
          );
      }
      if (terms.registrationNumber !== undefined) {
        where.orWhereIn(
          'pr.registration_id',
          this.db('registrations').select('id').where('number', terms.registrationNumber),
        );
      }
    });
  }

  /**
   * The whole list for the export, each row an array of the CSV's text fields
   * (see csvColumns). Each row looks its company's name up by primary key
   * (every project has one): PostgreSQL then reads the projects in the list's
   * order straight from an index and sends the first rows at once, so the app
   * writes rows while the rest are read. Joined, it would hash every company
   * or project and sort the whole list before the first row.
   */
  private exported(scope: ProjectScope, criteria: ProjectListCriteria) {
    const companyName = this.db('companies as c')
      .select('c.name')
      .where('c.id', this.db.ref('pr.company_id'));
    return this.filtered(scope, criteria, false)
      .select(this.csvColumns(companyName))
      .orderByRaw(orderOf(criteria));
  }

  /**
   * The CSV's fields in the order of projectCsvHeader, written by PostgreSQL
   * as text: dates dd/mm/yyyy; amounts 1198,35 (decimal comma, no thousands
   * separator, no €; amounts are positive, a CHECK of the table); the Dutch
   * labels of service and status, and Ja/Nee for verified. The company name
   * is the only free text: escaped as a formula when it starts like one, and
   * an empty one as NULL (PostgreSQL's CSV writes an empty string as "",
   * csv-stringify as nothing).
   */
  private csvColumns(companyName: Knex.QueryBuilder) {
    const labelled = (column: string, labels: Record<string, string>) => {
      const entries = Object.entries(labels);
      return this.db.raw(`case ?? ${entries.map(() => 'when ? then ?').join(' ')} end`, [
        column,
        ...entries.flat(),
      ]);
    };
    return [
      'pr.project_number',
      {
        company_name: this.db.raw(`nullif(regexp_replace(?, ${FORMULA_START}, '''\\1'), '')`, [companyName]),
      },
      { application_date: this.db.raw(`to_char(pr.application_date, 'DD/MM/YYYY')`) },
      {
        project_amount: this.db.raw(
          `(pr.project_amount_cents / 100)::text || ',' || lpad((pr.project_amount_cents % 100)::text, 2, '0')`,
        ),
      },
      { service: labelled('pr.service', serviceLabels) },
      { status: labelled('pr.status', projectStatusLabels) },
      { verified: this.db.raw(`case when pr.verified then 'Ja' else 'Nee' end`) },
    ];
  }

  /**
   * One stretch of the list, in its order. By date (the default) the
   * overview's covering index holds every column the list shows, so the
   * stretch is read from it alone and only its rows are joined with their
   * company. By any other column the ids are read from that column's index
   * (its entries carry the period's date and the department), then only
   * those rows are fetched and joined.
   */
  private rowsQuery(scope: ProjectScope, criteria: ProjectListCriteria, offset: number, limit: number) {
    if (criteria.sort === 'aanvraagdatum') {
      const projects = this.filtered(scope, criteria, false)
        .select('pr.id', 'pr.project_number', 'pr.company_id', 'pr.application_date')
        .select('pr.project_amount_cents', 'pr.service', 'pr.status', 'pr.verified')
        .orderByRaw(orderOf(criteria))
        .limit(limit)
        .offset(offset);
      return this.listDb
        .from(projects.as('pr'))
        .join('companies as c', 'c.id', 'pr.company_id')
        .select(listSelection)
        .orderByRaw(orderOf(criteria));
    }
    const ids = this.filtered(scope, criteria, false)
      .select('pr.id')
      .orderByRaw(orderOf(criteria))
      .limit(limit)
      .offset(offset);
    return this.listDb('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .whereIn('pr.id', ids)
      .select(listSelection)
      .orderByRaw(orderOf(criteria));
  }

  /**
   * The rows of a page of a list of `total` projects. A page in the second
   * half is read from the other end (the order reversed, then the rows turned
   * back), so the last page costs what the first one does instead of
   * stepping over every row before it.
   */
  private async rowsOfPage(
    scope: ProjectScope,
    criteria: ProjectListCriteria,
    page: number,
    total: number,
  ): Promise<ProjectListRow[]> {
    const offset = (page - 1) * PROJECTS_PER_PAGE;
    const end = Math.min(offset + PROJECTS_PER_PAGE, total);
    if (offset <= total - end) {
      return (await this.rowsQuery(scope, criteria, offset, PROJECTS_PER_PAGE)) as ProjectListRow[];
    }
    const reversed: ProjectListCriteria = {
      ...criteria,
      direction: criteria.direction === 'desc' ? 'asc' : 'desc',
    };
    const rows = (await this.rowsQuery(scope, reversed, total - end, end - offset)) as ProjectListRow[];
    return rows.reverse();
  }

  /** How many projects match (all pages). */
  async count(scope: ProjectScope, criteria: ProjectListCriteria): Promise<number> {
    const row = (await this.countQuery(scope, criteria).first()) as { total: number | string } | undefined;
    return Number(row?.total ?? 0);
  }

  /**
   * The statement that counts the list, as `total`. Without a filter (the
   * default view, or all years) the count is the sum of the kept counts per
   * department and year (project_counts, exact: triggers write it in the
   * transaction that writes the projects), a few rows instead of every index
   * entry of the period. A company's own list is not kept there.
   */
  private countQuery(scope: ProjectScope, criteria: ProjectListCriteria): Knex.QueryBuilder {
    const unfiltered = Object.values(criteria.filters).every((value) => value === undefined);
    if (!unfiltered || scope.kind === 'company') {
      return this.filtered(scope, criteria, false).count({ total: '*' });
    }
    const kept = this.listDb('project_counts as pc').select({
      total: this.db.raw('coalesce(sum(pc.projects), 0)'),
    });
    applyProjectScope(kept, scope, 'pc');
    if (!criteria.allYears) {
      const period = this.defaultPeriod();
      kept.whereBetween('pc.application_year', [period.firstYear, period.lastYear]);
    }
    return kept;
  }

  /**
   * The first page (nearly always the one asked for) in one statement, each
   * row carrying the count of the whole list. With a text filter (company,
   * project number) every entry of the period has to be read to count the
   * matches anyway, so the page is taken from that same pass (a window count
   * over the matches, then the first 50 of them): one pass instead of two,
   * which for a rare name means half the time. Without one, the count is a
   * subquery of its own and the page reads 50 entries of the sort column's index.
   */
  private firstPage(
    scope: ProjectScope,
    criteria: ProjectListCriteria,
  ): Promise<(ProjectListRow & { total: number | string })[]> {
    const { filters } = criteria;
    if (filters.companyName === undefined && filters.projectNumber === undefined) {
      const total = this.countQuery(scope, criteria);
      return this.rowsQuery(scope, criteria, 0, PROJECTS_PER_PAGE).select({ total });
    }
    const matches = this.filtered(scope, criteria, false)
      .select('pr.id', { total: this.db.raw('count(*) over ()') })
      .orderByRaw(orderOf(criteria))
      .limit(PROJECTS_PER_PAGE);
    return this.listDb('projects as pr')
      .join(matches.as('m'), 'm.id', 'pr.id')
      .join('companies as c', 'c.id', 'pr.company_id')
      .select(listSelection, 'm.total')
      .orderByRaw(orderOf(criteria));
  }

  /** One page of the list, counted; a page beyond the last one gives the last page. */
  async page(
    scope: ProjectScope,
    criteria: ProjectListCriteria,
    requested: number,
  ): Promise<ProjectListPage> {
    if (requested === 1) {
      const counted = await this.firstPage(scope, criteria);
      const found = Number(counted[0]?.total ?? 0);
      const rows = counted.map(({ total: _total, ...row }) => row);
      return { rows, total: found, page: 1, pageCount: Math.ceil(found / PROJECTS_PER_PAGE) };
    }
    // A later page: the count first, to know from which end the page is nearer.
    const found = await this.count(scope, criteria);
    const pageCount = Math.ceil(found / PROJECTS_PER_PAGE);
    const page = Math.min(requested, Math.max(pageCount, 1));
    const rows = pageCount > 0 ? await this.rowsOfPage(scope, criteria, page, found) : [];
    return {
      rows,
      total: found,
      page,
      pageCount,
      ...(requested > page ? { pageBeyond: requested } : {}),
    };
  }

  /**
   * A page of the API's list (keyset pagination): the rows after `after` in
   * the list's order, `(sort column, id) < (value, id)` descending or `>`
   * ascending. Every sort column has an index (provider, column, id), so
   * PostgreSQL reads the ids on from the cursor's place in it, whatever page
   * it is; rows added meanwhile before the cursor are not seen, those after it
   * are, and none is sent twice. Then only those rows are joined, as rowsQuery does.
   */
  async apiPage(
    scope: ProjectScope,
    criteria: ProjectListCriteria,
    after: ProjectKeyset | undefined,
    limit: number,
  ): Promise<ProjectApiRow[]> {
    const sortExpression = sortExpressions[criteria.sort];
    const ids = this.filtered(scope, criteria, false)
      .select('pr.id')
      .orderByRaw(orderOf(criteria))
      .limit(limit);
    if (after !== undefined) {
      const comparison = criteria.direction === 'desc' ? '<' : '>';
      ids.whereRaw(`(${sortExpression}, pr.id) ${comparison} (?, ?)`, [after.sortValue, after.id]);
    }
    return this.listDb('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .whereIn('pr.id', ids)
      .select<ProjectApiRow[]>({ ...apiSelection, sortValue: sortExpression })
      .orderByRaw(orderOf(criteria));
  }

  /**
   * The whole list in its order as the export's CSV lines (no header): `;`
   * between fields, CRLF after each line, a field quoted when it holds `;`, a
   * double quote, CR or LF — as csv-stringify writes them with the route's
   * options. PostgreSQL writes them itself (COPY … TO STDOUT), so the app
   * passes bytes on and parses no rows. `consume` gets the byte stream and
   * must settle when it is done with it, having read to the end or destroyed
   * it. The connection goes back to the pool when the export ran to its end;
   * one that stopped half-way (the client went away, an error) is ended
   * instead, since COPY cannot be stopped on a connection that stays open.
   */
  async streamCsv(
    scope: ProjectScope,
    criteria: ProjectListCriteria,
    consume: (lines: Readable) => Promise<void>,
  ): Promise<void> {
    const { sql, bindings } = this.exported(scope, criteria).toSQL().toNative();
    const select = inlineBindings(sql, bindings);
    const client = this.listDb.client as Knex.Client;
    const connection = (await client.acquireConnection()) as pg.Client;
    let complete = false;
    try {
      // A slow download may take longer than the statement timeout of every other query: COPY is
      // one statement, where the cursor before it was many short ones. SET LOCAL ends with the transaction.
      await connection.query('begin read only; set local statement_timeout = 0');
      const lines = copyCsv(connection, select, { delimiter: ';', lineEnd: '\r\n' });
      // The consumer's pipeline reports errors; this keeps one after it settled from going unhandled.
      lines.on('error', () => undefined);
      await consume(lines);
      await connection.query('commit');
      complete = true;
    } finally {
      if (!complete) await endConnection(connection);
      await client.releaseConnection(connection);
    }
  }

  async findDetail(scope: ProjectScope, projectNumber: string): Promise<ProjectDetail | undefined> {
    const query = this.db('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .join('registrations as r', 'r.id', 'pr.registration_id')
      .where('pr.project_number', projectNumber)
      .first({
        id: 'pr.id',
        projectNumber: 'pr.project_number',
        status: 'pr.status',
        verified: 'pr.verified',
        service: 'pr.service',
        title: 'pr.title',
        trainingKind: 'pr.training_kind',
        subtheme: 'pr.subtheme',
        hours: this.db.raw('pr.hours::float8'),
        applicationDate: 'pr.application_date',
        agreementDate: 'pr.agreement_date',
        startDate: 'pr.start_date',
        depositDeadline: 'pr.deposit_deadline',
        projectAmountCents: 'pr.project_amount_cents',
        ownContributionCents: 'pr.own_contribution_cents',
        subsidyCents: 'pr.subsidy_cents',
        companyName: 'c.name',
        companyEnterpriseNumber: 'c.enterprise_number',
        providerName: 'p.legal_name',
        departmentId: 'pr.department_id',
        departmentName: 'd.name',
        registrationNumber: 'r.number',
      });
    const row = (await applyProjectScope(query, scope)) as
      Omit<ProjectDetail, 'participants' | 'ledger' | 'history'> | undefined;
    if (!row) return undefined;

    const [participants, ledgerRows, history] = await Promise.all([
      this.db('project_participants')
        .where({ project_id: row.id })
        .orderBy('position')
        .select<ProjectDetail['participants']>('first_name as firstName', 'last_name as lastName'),
      this.db('ledger_entries')
        .where({ project_id: row.id })
        .groupBy('kind')
        .select<{ kind: string; total: number }[]>('kind', this.db.raw('sum(amount_cents)::bigint as total')),
      this.db('project_history')
        .where({ project_id: row.id })
        .orderBy([{ column: 'created_at' }, { column: 'id' }])
        .select<ProjectDetail['history']>({
          at: 'created_at',
          fromStatus: 'from_status',
          toStatus: 'to_status',
          actorLabel: 'actor_label',
          reason: 'reason',
          documentId: 'document_id',
        }),
    ]);
    const total = (kind: string) => ledgerRows.find((entry) => entry.kind === kind)?.total ?? 0;
    const ledger = {
      depositedCents: total('eigen_bijdrage'),
      subsidyCents: total('subsidie'),
      paidCents: -total('betaling_dienstverlener'),
      refundedCents: -(total('terugbetaling') + total('subsidie_terug')),
      balanceCents: ledgerRows.reduce((sum, entry) => sum + entry.total, 0),
    };
    return { ...row, participants, ledger, history };
  }
}

/**
 * Ends a connection left in an unknown state (a COPY stopped half-way): its
 * server process ends with it. The pool drops it at its next checkout (knex
 * marks a pg connection that ended as disposed).
 */
async function endConnection(connection: pg.Client): Promise<void> {
  await connection.end().catch(() => undefined);
}
