import type { Knex } from 'knex';
import { structuredCommunicationFromSequence } from '../../../src/domain/belgian-identifiers.js';
import type { ProjectStatus } from '../../../src/domain/project-status.js';
import type { CaughtMail } from '../../../src/dev/mail-catcher.js';
import type { TestApp } from '../../support/app.js';

/**
 * Shared helpers of the deadline tests: companies and projects of our own
 * with exact dates (a demo project row copied and changed), and the mails a
 * run sends, read back from the development mailbox.
 */

/** The demo provider (DESIGN.md: 0123.456.749) and its training department, as seeded. */
export const PROVIDER_EMAIL = 'info@dienstverlener-kmo.test';
export const TRAINING_DEPARTMENT_EMAIL = 'opleidingen@dienstverlener-kmo.test';

/** 12 digits → `+++123/4567/89012+++`, as DOMAIN.md §5 writes it. */
export function structured(digits: string): string {
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

let sequence = 0;
const next = () => (sequence += 1);

/** A valid enterprise number: 0 + 7 digits + mod-97 check digits. */
function enterpriseNumber(serial: number): string {
  const firstEight = `0${String(serial).padStart(7, '0')}`;
  return `${firstEight}${String(97 - (Number(firstEight) % 97)).padStart(2, '0')}`;
}

/** A valid national register number for someone born 02/02/1982 with this serial. */
function nationalRegisterNumber(serial: number): string {
  const base = `820202${String(serial).padStart(3, '0')}`;
  return `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`;
}

export interface TestCompany {
  id: number;
  name: string;
  enterpriseNumber: string;
  email: string | null;
}

/** A company of our own; without `email`, a unique address. */
export async function createCompany(
  db: Knex,
  options: { email?: string | null; name?: string } = {},
): Promise<TestCompany> {
  const serial = 4_000_000 + next();
  const name = options.name ?? `Deadlinebedrijf ${serial} bv`;
  const email = options.email === undefined ? `boekhouding${serial}@deadlinebedrijf.test` : options.email;
  const number = enterpriseNumber(serial);
  const [row] = await db('companies')
    .insert({
      enterprise_number: number,
      name,
      legal_form: 'BV',
      street: 'Stationsstraat',
      house_number: String(serial % 1000),
      postcode: '2800',
      municipality: 'Mechelen',
      iban: 'BE71096123456769',
      bic: 'GKCCBEBB',
      nace_code: '62010',
      proposed_size: 'klein',
      email,
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('company insert returned no row');
  return { id: row.id, name, enterpriseNumber: number, email };
}

/** A person who represents the company (e-mail optional). */
export async function addRepresentative(
  db: Knex,
  companyId: number,
  person: { firstName: string; lastName: string; email: string | null },
): Promise<number> {
  const [row] = await db('persons')
    .insert({
      national_register_number: nationalRegisterNumber(next()),
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.email,
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('person insert returned no row');
  await db('company_representatives').insert({ person_id: row.id, company_id: companyId });
  return row.id;
}

export interface TestProject {
  id: number;
  projectNumber: string;
  structuredCommunication: string;
  title: string;
}

export interface ProjectOptions {
  companyId: number;
  status: ProjectStatus;
  applicationDate: string;
  depositDeadline: string;
  /** The demo provider's training department, or its head office (default). */
  department?: 'training';
  ownContributionCents?: number;
  subsidyCents?: number;
}

/** A project of the demo provider for our company: a demo project row copied, with exact dates and figures. */
export async function createProject(db: Knex, options: ProjectOptions): Promise<TestProject> {
  const template = (await db('projects')
    .whereNull('department_id')
    .where({ service: 'opleiding' })
    .orderBy('id')
    .first()) as Record<string, unknown> | undefined;
  if (!template) throw new Error('no demo project to copy');
  const serial = next();
  const projectNumber = `${options.applicationDate.slice(0, 4)}KMO97${String(serial).padStart(4, '0')}`;
  const structuredCommunication = structuredCommunicationFromSequence(9_700_000_000 + serial);
  const own = options.ownContributionCents ?? 70_000;
  const subsidy = options.subsidyCents ?? 30_000;
  const departmentId =
    options.department === 'training'
      ? (
          await db('departments')
            .where({ contact_email: TRAINING_DEPARTMENT_EMAIL })
            .first<{ id: number }>('id')
        ).id
      : null;
  const title = `Deadlineproject ${serial}`;
  const [row] = await db('projects')
    .insert({
      ...template,
      id: undefined,
      created_at: undefined,
      updated_at: undefined,
      verified: false,
      verified_at: null,
      company_id: options.companyId,
      department_id: departmentId,
      project_number: projectNumber,
      structured_communication: structuredCommunication,
      title,
      status: options.status,
      application_date: options.applicationDate,
      agreement_date: options.applicationDate,
      start_date: options.applicationDate,
      deposit_deadline: options.depositDeadline,
      registration_cost_cents: own + subsidy,
      project_amount_cents: own + subsidy,
      subsidy_cents: subsidy,
      own_contribution_cents: own,
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('project insert returned no row');
  return { id: row.id, projectNumber, structuredCommunication, title };
}

/** Books a ledger entry (positive into the wallet, negative out of it). */
export async function book(
  db: Knex,
  projectId: number,
  kind: 'eigen_bijdrage' | 'subsidie' | 'betaling_dienstverlener',
  amountCents: number,
  bookedOn: string,
): Promise<void> {
  await db('ledger_entries').insert({
    project_id: projectId,
    kind,
    amount_cents: amountCents,
    booked_on: bookedOn,
  });
}

/** Sends everything in the outbox (50 per flush) and waits for background sends. */
export async function deliverAll(testApp: TestApp): Promise<void> {
  await testApp.container.mail.idle();
  for (;;) {
    const { sent, failed } = await testApp.container.mail.flush();
    if (sent + failed === 0) break;
  }
  await testApp.container.mail.idle();
}

/**
 * A day after every deadline of the demo data (seeded for the day the run starts): a
 * run on it lapses the demo's Bevestigd projects once, so that later runs in
 * the test (2029 and after) only concern the projects the test made.
 */
export const AFTER_DEMO_DEADLINES = '2029-01-01';

/** The mails that arrived in the mailbox since it held `countBefore` (it lists the newest first). */
export function mailsSince(testApp: TestApp, countBefore: number): CaughtMail[] {
  const all = testApp.mailbox.list();
  return all.slice(0, all.length - countBefore);
}

/** Runs the deadline run for `today` and returns the mails it caused. */
export async function runAndCollect(testApp: TestApp, today: string): Promise<CaughtMail[]> {
  const before = testApp.mailbox.list().length;
  await testApp.container.services.deadlines.run(today);
  await deliverAll(testApp);
  return mailsSince(testApp, before);
}

/** The mails to this address. */
export function mailsTo(mails: readonly CaughtMail[], address: string): CaughtMail[] {
  return mails.filter((mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** The mails naming this project number in their subject. */
export function mailsAbout(mails: readonly CaughtMail[], projectNumber: string): CaughtMail[] {
  return mails.filter((mail) => mail.subject.includes(projectNumber));
}
