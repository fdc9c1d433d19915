import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectStatus } from '../../../src/domain/project-status.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  headingOf,
  textOf,
  titleOf,
} from '../../support/html.js';
import { csrfTokenIn, csrfTokenOf, type Agent } from '../../support/session.js';
import {
  cancelPath,
  entrepreneurFor,
  MEDIUM_COMPANY,
  ProjectPicker,
  projectPath,
  providerAddressesOf,
  SMALL_COMPANY,
  todayIso,
} from './support.js';
import {
  mailsAbout,
  outboxAbout,
  statusOf,
  warningAfter,
  type DemoProject,
  historyOf,
} from '../../support/projects.js';

/**
 * Cancelling a project from the wallet (issue 6): Bevestigd → ProjectGeannuleerd
 * with action cancel by the company, only before any own contribution was
 * deposited; the provider is mailed. Second clicks and stale pages change nothing.
 */

let testApp: TestApp;
let db: Knex;
const picker = new ProjectPicker(() => db);
let agent: Agent;
/** The medium company has only a few Bevestigd projects: some tests take the small one's. */
let small: Agent;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  db = testApp.database.db;
  agent = await entrepreneurFor(testApp, MEDIUM_COMPANY);
  small = await entrepreneurFor(testApp, SMALL_COMPANY);
});
afterAll(async () => {
  await testApp.close();
});

async function confirmAndPost(project: DemoProject, fields: Record<string, string>) {
  const page = await agent.get(cancelPath(project.projectNumber)).expect(200);
  return agent
    .post(cancelPath(project.projectNumber))
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
}

describe('cancelling a Bevestigd project', () => {
  it('cancels with a reason: status, history, audit, the provider mailed; a second click changes nothing', async () => {
    const project = await picker.take({ company: MEDIUM_COMPANY, status: 'Bevestigd', deposited: false });
    const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(detail.text).toContain(`href="${cancelPath(project.projectNumber)}"`);

    const confirm = await agent.get(cancelPath(project.projectNumber)).expect(200);
    expect(headingOf(confirm.text)).toBe(`Project ${project.projectNumber} annuleren`);
    expect(textOf(confirm.text)).toContain('Dit kunt u niet ongedaan maken.');
    expect(confirm.text).toContain('name="expectedFrom" value="Bevestigd"');
    const token = csrfTokenIn(confirm.text);
    const reason = 'De opleiding werd verplaatst naar volgend jaar.';
    const first = await agent
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd', reason: `  ${reason} ` })
      .expect(303);
    expect(first.headers.location).toBe(projectPath(project.projectNumber));
    const page = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(flashTextsOf(page.text).join(' ')).toContain('Het project is geannuleerd.');
    expect(textOf(page.text)).toContain('Project geannuleerd');
    expect(textOf(page.text)).toContain(reason);
    expect(page.text).not.toContain(`href="${cancelPath(project.projectNumber)}"`);

    expect(await statusOf(db, project)).toBe('ProjectGeannuleerd');
    const history = await historyOf(db, project, 'cancel');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      from_status: 'Bevestigd',
      to_status: 'ProjectGeannuleerd',
      actor_type: 'entrepreneur',
      actor_label: `Jan Peeters (${MEDIUM_COMPANY})`,
      reason,
    });
    const audit = await db('audit_log').where({
      entity_type: 'project',
      entity_id: String(project.id),
      action: 'project.cancel',
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'entrepreneur' });
    expect(audit[0].details).toMatchObject({
      status: { old: 'Bevestigd', new: 'ProjectGeannuleerd' },
      reason,
    });

    const mails = await mailsAbout(testApp, project);
    const addresses = await providerAddressesOf(db, project);
    expect(mails.map((mail) => mail.to).sort()).toEqual(addresses.map((address) => [address]).sort());
    for (const mail of mails) {
      expect(mail.subject).toBe(`Project ${project.projectNumber} werd geannuleerd door de onderneming`);
      expect(mail.text).toContain(
        `${MEDIUM_COMPANY} heeft haar aanvraag in de kmo-portefeuille geannuleerd.`,
      );
      expect(mail.text).toContain(`Reden: ${reason}`);
      expect(mail.text).toContain('Onderneming: Testonderneming_C (0876.543.270)');
      expect(mail.text).toContain(`/dienstverlener/projecten/${project.projectNumber}`);
    }

    // The same form again (double click, back button): refused with the current status, nothing added.
    const second = await agent
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd', reason });
    expect(await warningAfter(agent, second)).toContain(
      'Dit project heeft intussen de status "Project geannuleerd". Annuleren kan daardoor niet meer.',
    );
    expect(await historyOf(db, project, 'cancel')).toHaveLength(1);
    expect(await outboxAbout(db, project)).toHaveLength(addresses.length);
  });

  it('cancels without a reason, and gives the subsidy back to the yearly ceiling', async () => {
    const project = await picker.take({ company: MEDIUM_COMPANY, status: 'Bevestigd', deposited: false });
    const { subsidy_cents: subsidy, application_date: applied } = await db('projects')
      .where({ id: project.id })
      .first('subsidy_cents', 'application_date');
    const grantedOn = async () =>
      /Al toegekend € ([0-9.]+,[0-9]{2})/.exec(
        textOf((await agent.get('/onderneming').expect(200)).text),
      )?.[1];
    const before = await grantedOn();

    const response = await confirmAndPost(project, { expectedFrom: 'Bevestigd' });
    expect(response.status).toBe(303);
    expect(await statusOf(db, project)).toBe('ProjectGeannuleerd');
    expect((await historyOf(db, project, 'cancel'))[0]?.reason).toBeNull();
    const mails = await mailsAbout(testApp, project);
    expect(mails[0]?.text).toContain('Reden: geen reden opgegeven');

    // The ceiling counts every non-annulled project of the year (DOMAIN.md §6): the subsidy comes free.
    const thisYear = todayIso().slice(0, 4);
    const toCents = (text: string | undefined) => Number((text ?? '').replace(/[.,]/g, ''));
    expect(before).toBeDefined();
    expect(toCents(await grantedOn())).toBe(
      toCents(before) - (String(applied).startsWith(thisYear) ? Number(subsidy) : 0),
    );
  });

  it('keeps a too long reason and says why, saving nothing', async () => {
    const project = await picker.peek({ company: MEDIUM_COMPANY, status: 'Bevestigd', deposited: false });
    const long = `Te lang. ${'x'.repeat(2000)}`;
    const response = await confirmAndPost(project, { expectedFrom: 'Bevestigd', reason: long });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(cancelPath(project.projectNumber));
    const page = await agent.get(cancelPath(project.projectNumber)).expect(200);
    expect(titleOf(page.text)).toMatch(/^Fout: /);
    expect(errorSummaryOf(page.text)).toEqual([
      { field: 'reason', message: 'Houd de reden korter dan 2000 tekens.' },
    ]);
    expect(fieldErrorOf(page.text, 'reason')).toBe('Houd de reden korter dan 2000 tekens.');
    expect(page.text).toContain(`>${long}</textarea>`);
    expect(await statusOf(db, project)).toBe('Bevestigd');
    expect(await historyOf(db, project, 'cancel')).toHaveLength(0);
    expect(await outboxAbout(db, project)).toHaveLength(0);
  });

  it('is refused once the own contribution was (partly) deposited', async () => {
    const project = await picker.take({ company: SMALL_COMPANY, status: 'Bevestigd', deposited: false });
    const token = await csrfTokenOf(small, cancelPath(project.projectNumber));
    await db('ledger_entries').insert({
      project_id: project.id,
      kind: 'eigen_bijdrage',
      amount_cents: 100,
      booked_on: '2026-11-20',
    });
    const detail = await small.get(projectPath(project.projectNumber)).expect(200);
    expect(detail.text).not.toContain(`href="${cancelPath(project.projectNumber)}"`);
    expect(textOf(detail.text)).toContain('Gedeeltelijk ontvangen: € 1,00 van');
    const confirm = await small.get(cancelPath(project.projectNumber)).expect(302);
    expect(confirm.headers.location).toBe(projectPath(project.projectNumber));
    const response = await small
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd' });
    expect(await warningAfter(small, response)).toContain(
      'U stortte de eigen bijdrage al (of een deel ervan)',
    );
    expect(await statusOf(db, project)).toBe('Bevestigd');
    expect(await historyOf(db, project, 'cancel')).toHaveLength(0);
    expect(await outboxAbout(db, project)).toHaveLength(0);
  });

  it('is refused in every other status: no button, no confirmation page, the post changes nothing', async () => {
    const statuses: ProjectStatus[] = [
      'Lopend',
      'Afgewerkt',
      'ProjectGeannuleerd',
      'Vervallen',
      'StopzettingAangevraagd',
      'Stopgezet',
    ];
    for (const status of statuses) {
      const project = await picker.peek({ company: MEDIUM_COMPANY, status });
      const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
      expect(detail.text, status).not.toContain(`href="${cancelPath(project.projectNumber)}"`);
      const confirm = await agent.get(cancelPath(project.projectNumber)).expect(302);
      expect(confirm.headers.location).toBe(projectPath(project.projectNumber));
      const before = (await db('project_history').where({ project_id: project.id })).length;
      const response = await agent
        .post(cancelPath(project.projectNumber))
        .type('form')
        .send({ _csrf: csrfTokenIn(detail.text), expectedFrom: status });
      expect(await warningAfter(agent, response), status).toContain('kunt u niet annuleren');
      expect(await statusOf(db, project)).toBe(status);
      expect(await db('project_history').where({ project_id: project.id })).toHaveLength(before);
      expect(await outboxAbout(db, project)).toHaveLength(0);
    }
  });

  it('refuses a stale page (another status shown) and a form without the status', async () => {
    const project = await picker.peek({ company: MEDIUM_COMPANY, status: 'Bevestigd', deposited: false });
    const token = await csrfTokenOf(agent, cancelPath(project.projectNumber));
    const stale = await agent
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Lopend' });
    expect(await warningAfter(agent, stale)).toContain('Dit project heeft intussen de status "Bevestigd".');
    const incomplete = await agent
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ _csrf: token });
    expect(await warningAfter(agent, incomplete)).toContain('Dit formulier is onvolledig of verouderd.');
    expect(await statusOf(db, project)).toBe('Bevestigd');
    expect(await historyOf(db, project, 'cancel')).toHaveLength(0);
  });

  it('refuses a post without a valid CSRF token (403)', async () => {
    const project = await picker.peek({ company: MEDIUM_COMPANY, status: 'Bevestigd', deposited: false });
    await agent
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ expectedFrom: 'Bevestigd' })
      .expect(403);
    await agent
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ _csrf: 'niet-het-juiste-token', expectedFrom: 'Bevestigd' })
      .expect(403);
    expect(await statusOf(db, project)).toBe('Bevestigd');
  });

  it("cannot cancel the other company's project (404)", async () => {
    const project = await picker.peek({ company: MEDIUM_COMPANY, status: 'Bevestigd', deposited: false });
    const token = await csrfTokenOf(small, '/onderneming');
    await small.get(cancelPath(project.projectNumber)).expect(404);
    await small
      .post(cancelPath(project.projectNumber))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd' })
      .expect(404);
    expect(await statusOf(db, project)).toBe('Bevestigd');
  });

  it('applies two concurrent cancels once', async () => {
    const project = await picker.take({ company: SMALL_COMPANY, status: 'Bevestigd', deposited: false });
    const token = await csrfTokenOf(small, cancelPath(project.projectNumber));
    const post = () =>
      small
        .post(cancelPath(project.projectNumber))
        .type('form')
        .send({ _csrf: token, expectedFrom: 'Bevestigd', reason: 'Dubbele aanvraag.' });
    const responses = await Promise.all([post(), post()]);
    expect(responses.map((response) => response.status)).toEqual([303, 303]);
    expect(await statusOf(db, project)).toBe('ProjectGeannuleerd');
    expect(await historyOf(db, project, 'cancel')).toHaveLength(1);
    const addresses = await providerAddressesOf(db, project);
    expect(await outboxAbout(db, project)).toHaveLength(addresses.length);
  });
});
