import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { ProjectStatus } from '../../src/domain/project-status.js';
import type { CaughtMail } from '../../src/dev/mail-catcher.js';
import type { TestApp } from './app.js';
import { flashTextsOf } from './html.js';
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
