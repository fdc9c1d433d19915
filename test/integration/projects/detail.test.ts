import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { headingOf, textOf } from '../../support/html.js';
import { newAgent, signInAsProvider, signInWithSaml, type Agent } from '../../support/session.js';

/**
 * The provider's project detail page (issue 5): company, service, theme,
 * training kind, hours, participants, registration, every amount and the
 * status history. Every expected value is read and formatted here, in SQL
 * or written out, never by the code under test.
 */

let testApp: TestApp;
let headOffice: Agent;
let departmentUser: Agent;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  headOffice = newAgent(testApp.app);
  expect((await signInAsProvider(headOffice, '0123456749', 'kmo-demo-2026')).status).toBe(303);
  departmentUser = newAgent(testApp.app);
  await signInWithSaml(departmentUser, testApp.container, 'department-user');
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const projectPath = (projectNumber: string) => `/dienstverlener/projecten/${projectNumber}`;

/** What the page shows of a subtheme: "theme – subtheme", as DOMAIN.md §5 lists them. */
const themeTexts: Record<string, string> = {
  'it.software': 'IT – Software',
  'it.cybersecurity': 'IT – Cybersecurity',
  'hr.werving': 'HR – Werving en selectie',
  'hr.arbeidsorganisatie': 'HR – Arbeidsorganisatie',
  'hr.welzijn': 'HR – Welzijn op het werk',
  'productie.kwaliteitscontrole': 'Productie en kwaliteit – Kwaliteitscontrole',
  'productie.veiligheid': 'Productie en kwaliteit – Veiligheid op het werk',
};
const trainingKindTexts: Record<string, string> = {
  extern: 'Klassikaal (extern)',
  online: 'Afstandsleren (online)',
  incompany: 'In-company',
};

/** `123456` → `€ 1.234,56`. */
function euro(cents: number): string {
  const whole = Math.trunc(Math.abs(cents) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, '.');
  const rest = String(Math.abs(cents) % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}€ ${whole},${rest}`;
}

interface Chosen {
  id: number;
  project_number: string;
  company: string;
  provider: string;
  department: string | null;
  registration: string;
  service: string;
  title: string;
  training_kind: string | null;
  subtheme: string;
  hours: string;
  amount: number;
  own: number;
  subsidy: number;
  deposited: number;
  paid: number;
  refunded: number;
  balance: number;
  agreement: string;
  start: string;
  applied: string;
  deadline: string;
}

/** A training of the Opleidingen department with participants, a deposit and a payment, and a history. */
async function trainingWithPayments(): Promise<Chosen> {
  const ledger = (kind: string) =>
    `coalesce((select sum(l.amount_cents) from ledger_entries l where l.project_id = pr.id and l.kind = '${kind}'), 0)::bigint`;
  const row: Record<string, unknown> | undefined = await db()('projects as pr')
    .join('companies as c', 'c.id', 'pr.company_id')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .join('departments as d', 'd.id', 'pr.department_id')
    .join('registrations as r', 'r.id', 'pr.registration_id')
    .where({
      'p.enterprise_number': '0123456749',
      'd.name': 'Departement Opleidingen',
      'pr.service': 'opleiding',
    })
    .whereIn('pr.subtheme', Object.keys(themeTexts))
    .whereExists(db()('project_participants as pp').whereRaw('pp.project_id = pr.id'))
    .whereExists(
      db()('ledger_entries as l').whereRaw("l.project_id = pr.id and l.kind = 'betaling_dienstverlener'"),
    )
    .whereRaw('(select count(*) from project_history h where h.project_id = pr.id) >= 2')
    .orderBy('pr.id')
    .first({
      id: 'pr.id',
      project_number: 'pr.project_number',
      company: 'c.name',
      provider: 'p.legal_name',
      department: 'd.name',
      registration: 'r.number',
      service: 'pr.service',
      title: 'pr.title',
      training_kind: 'pr.training_kind',
      subtheme: 'pr.subtheme',
      hours: db().raw(`replace(trim(trailing '.' from trim(trailing '0' from pr.hours::text)), '.', ',')`),
      amount: 'pr.project_amount_cents',
      own: 'pr.own_contribution_cents',
      subsidy: 'pr.subsidy_cents',
      deposited: db().raw(ledger('eigen_bijdrage')),
      paid: db().raw(`-${ledger('betaling_dienstverlener')}`),
      refunded: db().raw(`-(${ledger('terugbetaling')} + ${ledger('subsidie_terug')})`),
      balance: db().raw(
        'coalesce((select sum(l.amount_cents) from ledger_entries l where l.project_id = pr.id), 0)::bigint',
      ),
      agreement: db().raw(`to_char(pr.agreement_date, 'DD/MM/YYYY')`),
      start: db().raw(`to_char(pr.start_date, 'DD/MM/YYYY')`),
      applied: db().raw(`to_char(pr.application_date, 'DD/MM/YYYY')`),
      deadline: db().raw(`to_char(pr.deposit_deadline, 'DD/MM/YYYY')`),
    });
  if (!row) throw new Error('the demo data has no such project');
  const numbers = ['amount', 'own', 'subsidy', 'deposited', 'paid', 'refunded', 'balance'];
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, numbers.includes(key) ? Number(value) : value]),
  ) as unknown as Chosen;
}

describe('the project detail page', () => {
  it('shows the company, service, theme, training kind, hours, registration and dates', async () => {
    const project = await trainingWithPayments();
    const text = textOf((await headOffice.get(projectPath(project.project_number)).expect(200)).text);
    expect(text).toContain(`Projectnummer ${project.project_number}`);
    expect(text).toContain(`Onderneming ${project.company}`);
    expect(text).toContain(`Dienstverlener ${project.provider} – ${project.department}`);
    expect(text).toContain(`Registratienummer ${project.registration}`);
    expect(text).toContain('Dienst Opleiding');
    expect(text).toContain(`Titel ${project.title}`);
    expect(text).toContain(`Soort opleiding ${trainingKindTexts[project.training_kind ?? '']}`);
    expect(text).toContain(`Thema ${themeTexts[project.subtheme]}`);
    expect(text).toContain(`Aantal uren ${project.hours}`);
    expect(text).toContain(`Datum overeenkomst ${project.agreement}`);
    expect(text).toContain(`Start van de dienstverlening ${project.start}`);
    expect(text).toContain(`Aanvraagdatum ${project.applied}`);
    expect(text).toContain(`Uiterste stortingsdatum ${project.deadline}`);
  });

  it('shows every amount: project, own contribution, subsidy, deposited, paid, refunded and the balance', async () => {
    const project = await trainingWithPayments();
    expect(project.paid).toBeGreaterThan(0);
    const text = textOf((await headOffice.get(projectPath(project.project_number)).expect(200)).text);
    expect(text).toContain(
      [
        `Projectbedrag ${euro(project.amount)}`,
        `Eigen bijdrage ${euro(project.own)}`,
        `Subsidie ${euro(project.subsidy)}`,
        `Gestort ${euro(project.deposited)}`,
        `Betaald aan de dienstverlener ${euro(project.paid)}`,
        `Teruggestort ${euro(project.refunded)}`,
        `Saldo ${euro(project.balance)}`,
      ].join(' '),
    );
  });

  it('lists the participants in their order', async () => {
    const project = await trainingWithPayments();
    const participants: { name: string }[] = await db()('project_participants')
      .where({ project_id: project.id })
      .orderBy('position')
      .select(db().raw(`first_name || ' ' || last_name as name`));
    const text = textOf((await headOffice.get(projectPath(project.project_number)).expect(200)).text);
    expect(text).toContain(`Deelnemers ${participants.map((participant) => participant.name).join(' ')}`);
  });

  it('shows the status history, oldest first, with Brussels date and time as dd/mm/yyyy hh:mm', async () => {
    const project = await trainingWithPayments();
    const statusTexts: Record<string, string> = {
      Bevestigd: 'Bevestigd',
      Lopend: 'Lopend',
      Afgewerkt: 'Afgewerkt',
    };
    const history: { at: string; status: string; actor: string }[] = await db()('project_history')
      .where({ project_id: project.id })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select({
        at: db().raw(`to_char(created_at at time zone 'Europe/Brussels', 'DD/MM/YYYY HH24:MI')`),
        status: 'to_status',
        actor: 'actor_label',
      });
    expect(history.length).toBeGreaterThanOrEqual(2);
    const text = textOf((await headOffice.get(projectPath(project.project_number)).expect(200)).text);
    const rows = history.map(
      (entry) => `${entry.at} ${statusTexts[entry.status] ?? entry.status} ${entry.actor}`,
    );
    let from = text.indexOf('Historiek');
    for (const row of rows) {
      const at = text.indexOf(row, from);
      expect(at, row).toBeGreaterThan(from);
      from = at;
    }
  });

  it("is the department user's as well, for a project of its department", async () => {
    const project = await trainingWithPayments();
    const page = await departmentUser.get(projectPath(project.project_number)).expect(200);
    expect(headingOf(page.text)).toContain(project.project_number);
  });
});
