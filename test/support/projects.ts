import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { ProjectStatus } from '../../src/domain/project-status.js';
import type { CaughtMail } from '../../src/dev/mail-catcher.js';
import { DEMO_PROVIDER } from '../../seeds/demo.js';
import type { TestApp } from './app.js';
import { flashTextsOf, textOf } from './html.js';
import type { Agent } from './session.js';

/** A project of the demo data (or one a test made), by id and number. */
export interface DemoProject {
  id: number;
  projectNumber: string;
}

/** The project's status as the database holds it. */
export async function statusOf(db: Knex, project: DemoProject): Promise<ProjectStatus> {
  const row = await db('projects').where({ id: project.id }).first<{ status: ProjectStatus }>('status');
  return row.status;
}

/** The project's history rows of one action, oldest first. */
export function historyOf(db: Knex, project: DemoProject, action: string) {
  return db('project_history').where({ project_id: project.id, action }).orderBy('id');
}

/** The outbox rows whose subject names the project, oldest first. */
export function outboxAbout(db: Knex, project: DemoProject) {
  return db('mail_outbox').whereLike('subject', `%${project.projectNumber}%`).orderBy('id');
}

/** Sends what is in the outbox and returns what the mail catcher received about the project. */
export async function mailsAbout(testApp: TestApp, project: DemoProject): Promise<CaughtMail[]> {
  await testApp.container.mail.idle();
  await testApp.container.mail.flush();
  return testApp.mailbox.list().filter((mail) => mail.subject.includes(project.projectNumber));
}

/** The flash message on the page a refused or stale post redirects to. */
export async function warningAfter(
  agent: Agent,
  response: { status: number; headers: Record<string, string> },
): Promise<string> {
  expect(response.status).toBe(303);
  const page = await agent.get(response.headers.location as string).expect(200);
  return flashTextsOf(page.text).join(' ');
}

/**
 * Rows to insert into `projects`: copies of the demo provider's first
 * head-office project (by id), one per element of `overrides`, each with a
 * project number of `year` that no project has yet and a structured
 * communication past every one in the table. Returned, not inserted, so a
 * test can insert them as it likes (one statement, a transaction each, at
 * the same moment). Two calls must not run at the same time.
 */
export async function demoProjectCopies(
  db: Knex,
  overrides: Record<string, unknown>[],
  options: { year?: number } = {},
): Promise<Record<string, unknown>[]> {
  const year = options.year ?? 2018;
  const source = await db('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .where('p.enterprise_number', DEMO_PROVIDER.enterpriseNumber)
    .whereNull('pr.department_id')
    .orderBy('pr.id')
    .first<Record<string, unknown> | undefined>('pr.*');
  if (!source) throw new Error('the demo provider has no head-office project to copy');
  const { id: _id, created_at: _created, updated_at: _updated, ...row } = source;
  const last = await db('projects')
    .select({
      lastNumber: db.raw(
        `coalesce(max(substring(project_number from 8)::int) filter (where project_number like ?), 0)`,
        [`${year}KMO%`],
      ),
      lastCommunication: db.raw('max(structured_communication::bigint)'),
    })
    .first<{ lastNumber: number; lastCommunication: string }>();
  const { lastNumber, lastCommunication } = last;
  return overrides.map((columns, index) => ({
    ...row,
    project_number: `${year}KMO${String(lastNumber + 1 + index).padStart(6, '0')}`,
    structured_communication: String(Number(lastCommunication) + 1 + index).padStart(12, '0'),
    ...columns,
  }));
}

/** The number in the providers' overview's "N projecten gevonden" (dots as thousands separators). */
export function projectsFoundOf(html: string): number {
  const match = /([0-9.]+) (?:project|projecten) gevonden/.exec(textOf(html));
  if (!match?.[1]) throw new Error('no count on the page');
  return Number(match[1].replace(/\./g, ''));
}
