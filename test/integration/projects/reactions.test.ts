import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidTransitionError } from '../../../src/domain/errors.js';
import type { ProjectStatus } from '../../../src/domain/project-status.js';
import type { Actor } from '../../../src/domain/actor.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { pdfWith, tinyJpeg, tinyPng } from '../../support/documents.js';
import { errorSummaryOf, fieldErrorOf, flashTextsOf, headingOf, textOf } from '../../support/html.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';
import {
  historyOf,
  mailsAbout,
  outboxAbout,
  statusOf,
  warningAfter,
  type DemoProject,
} from '../../support/projects.js';

const DEMO_PROVIDER = '0123456749';
const SECOND_PROVIDER = '0456789034';
const PASSWORD = 'kmo-demo-2026';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const projectPath = (projectNumber: string) => `/dienstverlener/projecten/${projectNumber}`;
const reactionPath = (projectNumber: string, slug: string) => `${projectPath(projectNumber)}/${slug}`;

async function headOffice(login = DEMO_PROVIDER): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, login, PASSWORD)).status).toBe(303);
  return agent;
}

async function departmentUser(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  await signInWithSaml(agent, testApp.container, 'department-user');
  return agent;
}

/** Projects used by a test: each test takes its own, so none depends on another's changes. */
const taken = new Set<number>();

/**
 * An unused demo project in this status, found by SQL (never a hard-coded
 * number), kept for this test. There are few recent Bevestigd projects: a test
 * that changes nothing peeks at one instead (peekProject).
 */
async function takeProject(
  status: ProjectStatus,
  options: Parameters<typeof peekProject>[1] = {},
): Promise<DemoProject> {
  const project = await peekProject(status, options);
  taken.add(project.id);
  return project;
}

/** An unused demo project in this status for a test that leaves it as it is. */
async function peekProject(
  status: ProjectStatus,
  options: {
    provider?: string;
    unit?: 'head office' | 'training department';
    balance?: 'positive' | 'zero';
  } = {},
): Promise<DemoProject> {
  const query = db()('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .where({ 'pr.status': status, 'p.enterprise_number': options.provider ?? DEMO_PROVIDER })
    .whereNotIn('pr.id', [...taken])
    .orderBy('pr.id')
    .first({ id: 'pr.id', projectNumber: 'pr.project_number' });
  if (options.unit === 'head office') query.whereNull('pr.department_id');
  if (options.unit === 'training department') {
    query.whereIn(
      'pr.department_id',
      db()('departments').where({ name: 'Departement Opleidingen' }).select('id'),
    );
  }
  if (options.balance) {
    query.whereRaw(
      `coalesce((select sum(l.amount_cents) from ledger_entries l where l.project_id = pr.id), 0) ${
        options.balance === 'zero' ? '=' : '>'
      } 0`,
    );
  }
  const row = (await query) as DemoProject | undefined;
  if (!row) throw new Error(`the demo data has no unused ${status} project for this test`);
  return row;
}

async function companyEmailOf(project: DemoProject): Promise<string> {
  const row = await db()('projects as pr')
    .join('companies as c', 'c.id', 'pr.company_id')
    .where('pr.id', project.id)
    .first('c.email');
  return row.email as string;
}

/** Opens the confirmation page and posts its form (urlencoded) with these fields. */
async function react(agent: Agent, project: DemoProject, slug: string, fields: Record<string, string>) {
  const page = await agent.get(reactionPath(project.projectNumber, slug)).expect(200);
  return agent
    .post(reactionPath(project.projectNumber, slug))
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
}

interface Upload {
  content: Buffer;
  filename: string;
  contentType: string;
}

/** Posts the stop request's multipart form, as a browser sends it: token, fields, then the file. */
function postStop(agent: Agent, project: DemoProject, fields: Record<string, string>, upload?: Upload) {
  const request = agent.post(reactionPath(project.projectNumber, 'stopzetten'));
  for (const [name, value] of Object.entries(fields)) void request.field(name, value);
  if (upload)
    void request.attach('bewijs', upload.content, {
      filename: upload.filename,
      contentType: upload.contentType,
    });
  // Without any field or file supertest would send no multipart body at all.
  if (Object.keys(fields).length === 0 && !upload) void request.field('leeg', '');
  return request;
}

async function stopToken(agent: Agent, project: DemoProject): Promise<string> {
  const page = await agent.get(reactionPath(project.projectNumber, 'stopzetten')).expect(200);
  expect(page.text).toContain('enctype="multipart/form-data"');
  return csrfTokenIn(page.text);
}

describe('annulling a project (Bevestigd → ProjectGeannuleerd)', () => {
  it('annuls with a typical reason: status, history, audit, the reason mailed to the company; a second click changes nothing', async () => {
    const agent = await headOffice();
    const project = await takeProject('Bevestigd');
    const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(detail.text).toContain(`href="${reactionPath(project.projectNumber, 'annuleren')}"`);
    expect(detail.text).not.toContain(`href="${reactionPath(project.projectNumber, 'stopzetten')}"`);
    expect(detail.text).not.toContain(`href="${reactionPath(project.projectNumber, 'melden')}"`);

    const confirm = await agent.get(reactionPath(project.projectNumber, 'annuleren')).expect(200);
    expect(headingOf(confirm.text)).toBe(`Project annuleren: project ${project.projectNumber}`);
    expect(textOf(confirm.text)).toContain('Verkeerd projectbedrag.');
    const token = csrfTokenIn(confirm.text);
    const first = await agent
      .post(reactionPath(project.projectNumber, 'annuleren'))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd', reasonChoice: 'projectbedrag' })
      .expect(303);
    expect(first.headers.location).toBe(projectPath(project.projectNumber));
    const page = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(flashTextsOf(page.text).join(' ')).toContain('Het project is geannuleerd.');
    expect(textOf(page.text)).toContain('Project geannuleerd');
    expect(textOf(page.text)).toContain('Verkeerd projectbedrag.');
    expect(page.text).not.toContain(`href="${reactionPath(project.projectNumber, 'annuleren')}"`);

    expect(await statusOf(db(), project)).toBe('ProjectGeannuleerd');
    const history = await historyOf(db(), project, 'annul');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      from_status: 'Bevestigd',
      to_status: 'ProjectGeannuleerd',
      actor_type: 'provider',
      actor_label: 'Dienstverlener kmo-portefeuille',
      reason: 'Verkeerd projectbedrag.',
      document_id: null,
    });
    const audit = await db()('audit_log').where({
      entity_type: 'project',
      entity_id: String(project.id),
      action: 'project.annul',
    });
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({
      status: { old: 'Bevestigd', new: 'ProjectGeannuleerd' },
      reason: 'Verkeerd projectbedrag.',
    });

    const mails = await mailsAbout(testApp, project);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([await companyEmailOf(project)]);
    expect(mails[0]?.subject).toBe(
      `Uw aanvraag ${project.projectNumber} werd geannuleerd door de dienstverlener`,
    );
    expect(mails[0]?.text).toContain('Reden: Verkeerd projectbedrag.');
    expect(mails[0]?.text).toContain(`/onderneming/projecten/${project.projectNumber}`);

    // The same form again (double click, back button): refused with the current status, nothing added.
    const second = await agent
      .post(reactionPath(project.projectNumber, 'annuleren'))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd', reasonChoice: 'projectbedrag' });
    expect(await warningAfter(agent, second)).toContain(
      'Dit project heeft intussen de status "Project geannuleerd".',
    );
    expect(await historyOf(db(), project, 'annul')).toHaveLength(1);
    expect(await outboxAbout(db(), project)).toHaveLength(1);
  });

  it("stores the provider's own reason, and mails the representatives when the company has no address", async () => {
    const agent = await headOffice();
    const project = await takeProject('Bevestigd');
    const company = await db()('projects').where({ id: project.id }).first('company_id');
    const original = await db()('companies').where({ id: company.company_id }).first('email');
    await db()('companies').where({ id: company.company_id }).update({ email: null });
    try {
      const response = await react(agent, project, 'annuleren', {
        expectedFrom: 'Bevestigd',
        reasonChoice: 'andere',
        reasonText: '  De onderneming diende de aanvraag twee keer in.  ',
      });
      expect(response.status).toBe(303);
    } finally {
      await db()('companies').where({ id: company.company_id }).update({ email: original.email });
    }
    expect((await historyOf(db(), project, 'annul'))[0]?.reason).toBe(
      'De onderneming diende de aanvraag twee keer in.',
    );
    const mails = await mailsAbout(testApp, project);
    expect(mails.map((mail) => mail.to)).toEqual([['jan.peeters@testonderneming.test']]);
    expect(mails[0]?.text).toContain('Reden: De onderneming diende de aanvraag twee keer in.');
  });

  it('needs a reason: errors beside the fields and in the summary, the text typed kept', async () => {
    const agent = await headOffice();
    const project = await peekProject('Bevestigd');
    const path = reactionPath(project.projectNumber, 'annuleren');

    const none = await react(agent, project, 'annuleren', { expectedFrom: 'Bevestigd' });
    expect(none.status).toBe(303);
    expect(none.headers.location).toBe(path);
    let page = await agent.get(path).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([{ field: 'reasonChoice', message: 'Kies een reden.' }]);
    expect(fieldErrorOf(page.text, 'reasonChoice')).toBe('Kies een reden.');
    expect(textOf(/<title>[\s\S]*?<\/title>/.exec(page.text)?.[0] ?? '')).toMatch(/^Fout: /);

    await agent
      .post(path)
      .type('form')
      .send({
        _csrf: csrfTokenIn(page.text),
        expectedFrom: 'Bevestigd',
        reasonChoice: 'andere',
        reasonText: ' ',
      })
      .expect(303);
    page = await agent.get(path).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([
      { field: 'reasonText', message: 'Beschrijf de andere reden.' },
    ]);
    expect(page.text).toMatch(/id="reasonChoice-5" name="reasonChoice" value="andere" checked/);

    const long = `Een te lange reden. ${'x'.repeat(2000)}`;
    await agent
      .post(path)
      .type('form')
      .send({
        _csrf: csrfTokenIn(page.text),
        expectedFrom: 'Bevestigd',
        reasonChoice: 'andere',
        reasonText: long,
      })
      .expect(303);
    page = await agent.get(path).expect(200);
    expect(fieldErrorOf(page.text, 'reasonText')).toBe('Houd de reden korter dan 2000 tekens.');
    expect(page.text).toContain(`>${long}</textarea>`);

    expect(await statusOf(db(), project)).toBe('Bevestigd');
    expect(await historyOf(db(), project, 'annul')).toHaveLength(0);
  });

  it('is refused in every other status: no button, no confirmation page, the post changes nothing', async () => {
    const agent = await headOffice();
    for (const status of [
      'Lopend',
      'Afgewerkt',
      'ProjectGeannuleerd',
      'Vervallen',
      'StopzettingAangevraagd',
      'Stopgezet',
    ] as const) {
      const project = await peekProject(status);
      const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
      expect(detail.text, status).not.toContain(`href="${reactionPath(project.projectNumber, 'annuleren')}"`);
      const confirm = await agent.get(reactionPath(project.projectNumber, 'annuleren')).expect(302);
      expect(confirm.headers.location).toBe(projectPath(project.projectNumber));
      const before = (await db()('project_history').where({ project_id: project.id })).length;
      const response = await agent
        .post(reactionPath(project.projectNumber, 'annuleren'))
        .type('form')
        .send({ _csrf: csrfTokenIn(detail.text), expectedFrom: status, reasonChoice: 'projectbedrag' });
      expect(await warningAfter(agent, response), status).toContain('kunt u niet annuleren');
      expect(await statusOf(db(), project)).toBe(status);
      expect(await db()('project_history').where({ project_id: project.id })).toHaveLength(before);
      expect(await outboxAbout(db(), project)).toHaveLength(0);
    }
  });

  it('is refused once the own contribution was deposited', async () => {
    const agent = await headOffice();
    const project = await takeProject('Bevestigd');
    const { own_contribution_cents: amount } = await db()('projects').where({ id: project.id }).first();
    await db()('ledger_entries').insert({
      project_id: project.id,
      kind: 'eigen_bijdrage',
      amount_cents: amount,
      booked_on: '2026-11-20',
    });
    const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(detail.text).not.toContain(`href="${reactionPath(project.projectNumber, 'annuleren')}"`);
    await agent.get(reactionPath(project.projectNumber, 'annuleren')).expect(302);
    const response = await agent
      .post(reactionPath(project.projectNumber, 'annuleren'))
      .type('form')
      .send({ _csrf: csrfTokenIn(detail.text), expectedFrom: 'Bevestigd', reasonChoice: 'projectbedrag' });
    expect(await warningAfter(agent, response)).toContain(
      'De eigen bijdrage is al gestort: u kunt dit project niet meer annuleren.',
    );
    expect(await statusOf(db(), project)).toBe('Bevestigd');
    expect(await historyOf(db(), project, 'annul')).toHaveLength(0);
  });

  it('applies two simultaneous annuls once: one history row, one mail', async () => {
    const project = await takeProject('Bevestigd');
    const [first, second] = [await headOffice(), await headOffice()];
    const tokens = await Promise.all(
      [first, second].map((agent) => csrfTokenOf(agent, reactionPath(project.projectNumber, 'annuleren'))),
    );
    const responses = await Promise.all(
      [first, second].map((agent, index) =>
        agent
          .post(reactionPath(project.projectNumber, 'annuleren'))
          .type('form')
          .send({ _csrf: tokens[index], expectedFrom: 'Bevestigd', reasonChoice: 'laattijdig' }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([303, 303]);
    const messages = [
      flashTextsOf((await first.get(projectPath(project.projectNumber))).text).join(' '),
      flashTextsOf((await second.get(projectPath(project.projectNumber))).text).join(' '),
    ].sort();
    expect(messages).toEqual([
      'Gelukt: Het project is geannuleerd. De onderneming krijgt de reden per e-mail.',
      'Let op: Dit project heeft intussen de status "Project geannuleerd". "Project annuleren" kan daardoor niet meer. Bekijk de actuele gegevens.',
    ]);
    expect(await statusOf(db(), project)).toBe('ProjectGeannuleerd');
    expect(await historyOf(db(), project, 'annul')).toHaveLength(1);
    expect(await outboxAbout(db(), project)).toHaveLength(1);
    expect(await mailsAbout(testApp, project)).toHaveLength(1);
  });

  it('lets exactly one of two concurrent service calls win; the other gets a conflict', async () => {
    const project = await takeProject('Bevestigd');
    const provider = await db()('provider_organisations')
      .where({ enterprise_number: DEMO_PROVIDER })
      .first('id');
    const actor: Actor = { type: 'provider', id: null, label: 'Dienstverlener kmo-portefeuille' };
    const scope = { kind: 'provider', providerId: provider.id as number } as const;
    const input = { actor, expectedFrom: 'Bevestigd' as const, reason: 'Verkeerd projectbedrag.' };
    const service = testApp.container.services.projectReactions;
    const outcomes = await Promise.allSettled([
      service.annul(scope, project.projectNumber, input),
      service.annul(scope, project.projectNumber, input),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    expect(await historyOf(db(), project, 'annul')).toHaveLength(1);
    expect(await outboxAbout(db(), project)).toHaveLength(1);
  });

  it('warns on a stale page (Bevestigd shown, the project is now Lopend) and changes nothing', async () => {
    const agent = await headOffice();
    const project = await peekProject('Lopend');
    const token = await csrfTokenOf(agent, projectPath(project.projectNumber));
    const response = await agent
      .post(reactionPath(project.projectNumber, 'annuleren'))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd', reasonChoice: 'projectbedrag' });
    expect(await warningAfter(agent, response)).toBe(
      'Let op: Dit project heeft intussen de status "Lopend". "Project annuleren" kan daardoor niet meer. Bekijk de actuele gegevens.',
    );
    expect(await statusOf(db(), project)).toBe('Lopend');
    expect(await historyOf(db(), project, 'annul')).toHaveLength(0);
  });
});

describe('requesting a stop (Lopend → StopzettingAangevraagd)', () => {
  const agencyAddress = () => testApp.container.config.mail.agencyAddress;

  it('accepts a PDF, a PNG and a JPEG as proof, typed by their content, stored and mailed to the agency', async () => {
    const agent = await headOffice();
    const uploads: (Upload & { storedAs: string; storedType: string })[] = [
      {
        content: await pdfWith('Bewijs van de stopzetting'),
        filename: 'C:\\Documenten\\Bewijs stopzetting – été.pdf',
        contentType: 'application/pdf',
        storedAs: 'Bewijs-stopzetting-ete.pdf',
        storedType: 'application/pdf',
      },
      // The browser's claimed type and the extension are not trusted: the content says PNG.
      {
        content: tinyPng,
        filename: 'scan.jpg',
        contentType: 'image/jpeg',
        storedAs: 'scan.png',
        storedType: 'image/png',
      },
      {
        content: tinyJpeg,
        filename: '../../etc/foto.JPEG',
        contentType: 'application/octet-stream',
        storedAs: 'foto.jpg',
        storedType: 'image/jpeg',
      },
    ];
    for (const upload of uploads) {
      const project = await takeProject('Lopend', { balance: 'positive' });
      const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
      expect(detail.text).toContain(`href="${reactionPath(project.projectNumber, 'stopzetten')}"`);
      const token = await stopToken(agent, project);
      const response = await postStop(
        agent,
        project,
        { _csrf: token, expectedFrom: 'Lopend', reasonChoice: 'geannuleerd' },
        upload,
      ).expect(303);
      expect(response.headers.location).toBe(projectPath(project.projectNumber));

      expect(await statusOf(db(), project)).toBe('StopzettingAangevraagd');
      const [history] = await historyOf(db(), project, 'request_stop');
      expect(history).toMatchObject({
        from_status: 'Lopend',
        to_status: 'StopzettingAangevraagd',
        reason: 'De diensten werden geannuleerd of vroegtijdig stopgezet.',
      });
      const document = await db()('documents').where({ id: history.document_id }).first();
      expect(document).toMatchObject({
        filename: upload.storedAs,
        content_type: upload.storedType,
        size_bytes: upload.content.length,
        uploaded_by_type: 'provider',
      });
      expect(Buffer.compare(document.content as Buffer, upload.content)).toBe(0);

      const page = await agent.get(projectPath(project.projectNumber)).expect(200);
      expect(flashTextsOf(page.text).join(' ')).toContain('De stopzetting is aangevraagd.');
      expect(textOf(page.text)).toContain('Stopzetting aangevraagd');
      const href = `${projectPath(project.projectNumber)}/documenten/${history.document_id}`;
      expect(page.text).toContain(`href="${href}"`);
      const download = await agent
        .get(href)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(download.headers['content-type']).toBe(upload.storedType);
      expect(download.headers['content-disposition']).toBe(`attachment; filename=${upload.storedAs}`);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(download.body as Buffer, upload.content)).toBe(0);

      const mails = await mailsAbout(testApp, project);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.to).toEqual([agencyAddress()]);
      expect(mails[0]?.subject).toBe(`Aanvraag tot stopzetting van project ${project.projectNumber}`);
      const context = await db()('projects as pr')
        .join('companies as c', 'c.id', 'pr.company_id')
        .where('pr.id', project.id)
        .first('c.name');
      expect(mails[0]?.text).toContain(`Project: ${project.projectNumber}`);
      expect(mails[0]?.text).toContain(`Onderneming: ${context.name}`);
      expect(mails[0]?.text).toContain('Dienstverlener: Dienstverlener kmo-portefeuille');
      expect(mails[0]?.text).toContain('Reden: De diensten werden geannuleerd of vroegtijdig stopgezet.');
      // The link opens this very request in the agency's queue.
      expect(mails[0]?.text).toContain(`/beheer/stopzettingen/${project.projectNumber}`);
      expect(mails[0]?.attachments.map((attachment) => attachment.filename)).toEqual([upload.storedAs]);
      const audit = await db()('audit_log').where({
        entity_type: 'project',
        entity_id: String(project.id),
        action: 'project.request_stop',
      });
      expect(audit.map((row: { details: unknown }) => row.details)).toEqual([
        {
          status: { old: 'Lopend', new: 'StopzettingAangevraagd' },
          reason: 'De diensten werden geannuleerd of vroegtijdig stopgezet.',
          documentId: history.document_id,
        },
      ]);
    }
  });

  it('refuses a text file named .pdf, an empty file, no file and a file over 10 MB, in Dutch beside the field', async () => {
    const agent = await headOffice();
    const project = await takeProject('Lopend', { balance: 'positive' });
    const path = reactionPath(project.projectNumber, 'stopzetten');
    const documentsBefore = (await db()('documents').count<{ count: string }[]>('id as count'))[0]?.count;
    const oversized = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    oversized.write('%PDF-1.4\n');
    const cases: [string, Upload | undefined, string][] = [
      [
        'text as PDF',
        {
          content: Buffer.from('Dit is gewone tekst, geen PDF.\n'),
          filename: 'bewijs.pdf',
          contentType: 'application/pdf',
        },
        'Het bestand is geen PDF, JPEG of PNG. Kies een bestand van een van die soorten.',
      ],
      [
        'empty',
        { content: Buffer.alloc(0), filename: 'leeg.pdf', contentType: 'application/pdf' },
        'Het gekozen bestand is leeg.',
      ],
      ['none', undefined, 'Voeg een bewijsstuk toe: een PDF, JPEG of PNG van maximaal 10 MB.'],
      [
        'over 10 MB',
        { content: oversized, filename: 'groot.pdf', contentType: 'application/pdf' },
        'Het bestand is groter dan 10 MB. Kies een kleiner bestand.',
      ],
    ];
    for (const [name, upload, message] of cases) {
      const token = await stopToken(agent, project);
      const response = await postStop(
        agent,
        project,
        { _csrf: token, expectedFrom: 'Lopend', reasonChoice: 'andere', reasonText: `Eigen reden (${name})` },
        upload,
      );
      expect(response.status, name).toBe(303);
      expect(response.headers.location).toBe(path);
      const page = await agent.get(path).expect(200);
      expect(fieldErrorOf(page.text, 'bewijs'), name).toBe(message);
      expect(errorSummaryOf(page.text)).toEqual([{ field: 'bewijs', message }]);
      expect(page.text, name).toContain(`>Eigen reden (${name})</textarea>`);
    }
    expect(await statusOf(db(), project)).toBe('Lopend');
    expect(await historyOf(db(), project, 'request_stop')).toHaveLength(0);
    expect((await db()('documents').count<{ count: string }[]>('id as count'))[0]?.count).toBe(
      documentsBefore,
    );
  });

  it('needs a reason as well as the document', async () => {
    const agent = await headOffice();
    const project = await takeProject('Lopend', { balance: 'positive' });
    const token = await stopToken(agent, project);
    await postStop(agent, project, { _csrf: token, expectedFrom: 'Lopend' }).expect(303);
    const page = await agent.get(reactionPath(project.projectNumber, 'stopzetten')).expect(200);
    expect(errorSummaryOf(page.text)).toEqual([
      { field: 'reasonChoice', message: 'Kies een reden.' },
      { field: 'bewijs', message: 'Voeg een bewijsstuk toe: een PDF, JPEG of PNG van maximaal 10 MB.' },
    ]);
    expect(await statusOf(db(), project)).toBe('Lopend');
  });

  it('is refused in other statuses and when no own contribution is left in the wallet', async () => {
    const agent = await headOffice();
    const proof = {
      content: await pdfWith('Bewijs'),
      filename: 'bewijs.pdf',
      contentType: 'application/pdf',
    };
    for (const status of ['Bevestigd', 'Afgewerkt', 'StopzettingAangevraagd', 'Stopgezet'] as const) {
      const project = await peekProject(status);
      await agent.get(reactionPath(project.projectNumber, 'stopzetten')).expect(302);
      const token = await csrfTokenOf(agent, projectPath(project.projectNumber));
      const response = await postStop(
        agent,
        project,
        { _csrf: token, expectedFrom: status, reasonChoice: 'geannuleerd' },
        proof,
      );
      expect(await warningAfter(agent, response), status).toContain('kunt u geen stopzetting aanvragen');
      expect(await statusOf(db(), project)).toBe(status);
      expect(await historyOf(db(), project, 'request_stop')).toHaveLength(
        status === 'StopzettingAangevraagd' || status === 'Stopgezet' ? 1 : 0,
      );
    }

    const spent = await takeProject('Lopend', { balance: 'positive' });
    const { balance } = await db()('ledger_entries')
      .where({ project_id: spent.id })
      .first(db().raw('sum(amount_cents)::bigint as balance'));
    await db()('ledger_entries').insert({
      project_id: spent.id,
      kind: 'betaling_dienstverlener',
      amount_cents: -balance,
      booked_on: '2026-11-20',
    });
    const detail = await agent.get(projectPath(spent.projectNumber)).expect(200);
    expect(detail.text).not.toContain(`href="${reactionPath(spent.projectNumber, 'stopzetten')}"`);
    const response = await postStop(
      agent,
      spent,
      { _csrf: csrfTokenIn(detail.text), expectedFrom: 'Lopend', reasonChoice: 'geannuleerd' },
      proof,
    );
    expect(await warningAfter(agent, response)).toContain(
      'Er staat geen eigen bijdrage meer op de portefeuille',
    );
    expect(await statusOf(db(), spent)).toBe('Lopend');
  });
});

describe('the documents of a project', () => {
  /** A proof of the demo data: a stop request's PDF on one of this provider's projects. */
  async function seededProof(provider: string, unit?: 'head office') {
    const query = db()('project_history as ph')
      .join('projects as pr', 'pr.id', 'ph.project_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .where('p.enterprise_number', provider)
      .whereNotNull('ph.document_id')
      .orderBy('ph.id')
      .first({ projectId: 'pr.id', projectNumber: 'pr.project_number', documentId: 'ph.document_id' });
    if (unit === 'head office') query.whereNull('pr.department_id');
    return (await query) as { projectId: number; projectNumber: string; documentId: number };
  }

  it("downloads for the project's provider only: 404 for another provider, another project or a department outside", async () => {
    const own = await seededProof(DEMO_PROVIDER, 'head office');
    const foreign = await seededProof(SECOND_PROVIDER);
    const href = `${projectPath(own.projectNumber)}/documenten/${own.documentId}`;

    const agent = await headOffice();
    const download = await agent.get(href).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename=bewijs-stopzetting-${own.projectNumber}.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    // Another provider's document, also under one of our own project numbers.
    await agent.get(`${projectPath(foreign.projectNumber)}/documenten/${foreign.documentId}`).expect(404);
    await agent.get(`${projectPath(own.projectNumber)}/documenten/${foreign.documentId}`).expect(404);
    await agent.get(`${projectPath(own.projectNumber)}/documenten/abc`).expect(404);

    const second = await headOffice(SECOND_PROVIDER);
    await second.get(href).expect(404);
    const department = await departmentUser();
    await department.get(href).expect(404);
  });
});

describe('reporting a finished project (Afgewerkt, status unchanged)', () => {
  it('reports once: a project_reports row, audit, a mail to the agency; a second open report is refused', async () => {
    const agent = await headOffice();
    const project = await takeProject('Afgewerkt', { balance: 'zero' });
    const detail = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(detail.text).toContain(`href="${reactionPath(project.projectNumber, 'melden')}"`);
    const response = await react(agent, project, 'melden', {
      expectedFrom: 'Afgewerkt',
      reasonChoice: 'niet-in-aanmerking',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(projectPath(project.projectNumber));
    const page = await agent.get(projectPath(project.projectNumber)).expect(200);
    expect(flashTextsOf(page.text).join(' ')).toContain('Uw melding is naar het agentschap verstuurd.');
    expect(page.text).not.toContain(`href="${reactionPath(project.projectNumber, 'melden')}"`);

    expect(await statusOf(db(), project)).toBe('Afgewerkt');
    const reports = await db()('project_reports').where({ project_id: project.id });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      reason: 'De diensten komen niet in aanmerking voor de kmo-portefeuille.',
      reported_by_type: 'provider',
      reported_by_label: 'Dienstverlener kmo-portefeuille',
      handled_at: null,
    });
    const audit = await db()('audit_log').where({
      entity_type: 'project',
      entity_id: String(project.id),
      action: 'project.report',
    });
    expect(audit).toHaveLength(1);
    const mails = await mailsAbout(testApp, project);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([testApp.container.config.mail.agencyAddress]);
    expect(mails[0]?.subject).toBe(`Melding over project ${project.projectNumber}`);
    expect(mails[0]?.text).toContain('Reden: De diensten komen niet in aanmerking voor de kmo-portefeuille.');
    const report = await db()('project_reports').where({ project_id: project.id }).first('id');
    expect(mails[0]?.text).toContain(`/beheer/meldingen/${report.id}`);

    const again = await agent
      .post(reactionPath(project.projectNumber, 'melden'))
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), expectedFrom: 'Afgewerkt', reasonChoice: 'niet-in-aanmerking' });
    expect(await warningAfter(agent, again)).toContain('Er is al een melding over dit project');
    expect(await db()('project_reports').where({ project_id: project.id })).toHaveLength(1);
    expect(await outboxAbout(db(), project)).toHaveLength(1);
  });

  it('takes one of two simultaneous reports; the other is refused', async () => {
    const project = await takeProject('Afgewerkt', { balance: 'zero' });
    const provider = await db()('provider_organisations')
      .where({ enterprise_number: DEMO_PROVIDER })
      .first('id');
    const actor: Actor = { type: 'provider', id: null, label: 'Dienstverlener kmo-portefeuille' };
    const scope = { kind: 'provider', providerId: provider.id as number } as const;
    const service = testApp.container.services.projectReactions;
    const outcomes = await Promise.allSettled(
      ['Verkeerd projectbedrag.', 'Laattijdig ingediend.'].map((reason) =>
        service.report(scope, project.projectNumber, { actor, expectedFrom: 'Afgewerkt', reason }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(InvalidTransitionError);
    expect(await db()('project_reports').where({ project_id: project.id })).toHaveLength(1);
    expect(await outboxAbout(db(), project)).toHaveLength(1);
  });

  it('is refused in other statuses and while money is left on a finished project', async () => {
    const agent = await headOffice();
    for (const status of ['Bevestigd', 'Lopend', 'Stopgezet', 'Vervallen'] as const) {
      const project = await peekProject(status);
      await agent.get(reactionPath(project.projectNumber, 'melden')).expect(302);
      const response = await agent
        .post(reactionPath(project.projectNumber, 'melden'))
        .type('form')
        .send({
          _csrf: await csrfTokenOf(agent, projectPath(project.projectNumber)),
          expectedFrom: status,
          reasonChoice: 'laattijdig',
        });
      expect(await warningAfter(agent, response), status).toContain('niet melden');
      expect(await db()('project_reports').where({ project_id: project.id })).toHaveLength(0);
    }

    const unpaid = await takeProject('Afgewerkt', { balance: 'zero' });
    await db()('ledger_entries').insert({
      project_id: unpaid.id,
      kind: 'eigen_bijdrage',
      amount_cents: 10_000,
      booked_on: '2026-11-20',
    });
    const response = await agent
      .post(reactionPath(unpaid.projectNumber, 'melden'))
      .type('form')
      .send({
        _csrf: await csrfTokenOf(agent, projectPath(unpaid.projectNumber)),
        expectedFrom: 'Afgewerkt',
        reasonChoice: 'laattijdig',
      });
    expect(await warningAfter(agent, response)).toContain('er staat nog geld op de portefeuille');
    expect(await db()('project_reports').where({ project_id: unpaid.id })).toHaveLength(0);
  });
});

describe('who may react', () => {
  it("answers 404 for every reaction on another provider's project, and changes nothing", async () => {
    const agent = await headOffice();
    const token = await csrfTokenOf(agent, '/dienstverlener/projecten');
    const cases: [ProjectStatus, string][] = [
      ['Bevestigd', 'annuleren'],
      ['Lopend', 'stopzetten'],
      ['Afgewerkt', 'melden'],
    ];
    for (const [status, slug] of cases) {
      const project = await peekProject(status, { provider: SECOND_PROVIDER });
      const page = await agent.get(reactionPath(project.projectNumber, slug)).expect(404);
      expect(page.text).not.toContain(project.projectNumber);
      const fields = { _csrf: token, expectedFrom: status, reasonChoice: 'laattijdig' };
      if (slug === 'stopzetten') {
        await postStop(agent, project, fields, {
          content: await pdfWith('Bewijs'),
          filename: 'bewijs.pdf',
          contentType: 'application/pdf',
        }).expect(404);
      } else {
        await agent.post(reactionPath(project.projectNumber, slug)).type('form').send(fields).expect(404);
      }
      expect(await statusOf(db(), project)).toBe(status);
      expect(await db()('project_reports').where({ project_id: project.id })).toHaveLength(0);
    }
  });

  it("lets a department user react on its department's projects only; others answer 404", async () => {
    const agent = await departmentUser();
    const own = await takeProject('Lopend', { unit: 'training department', balance: 'positive' });
    await agent.get(reactionPath(own.projectNumber, 'stopzetten')).expect(200);

    const outside = await peekProject('Bevestigd', { unit: 'head office' });
    await agent.get(projectPath(outside.projectNumber)).expect(404);
    await agent.get(reactionPath(outside.projectNumber, 'annuleren')).expect(404);
    await agent
      .post(reactionPath(outside.projectNumber, 'annuleren'))
      .type('form')
      .send({
        _csrf: await csrfTokenOf(agent, reactionPath(own.projectNumber, 'stopzetten')),
        expectedFrom: 'Bevestigd',
        reasonChoice: 'laattijdig',
      })
      .expect(404);
    expect(await statusOf(db(), outside)).toBe('Bevestigd');

    const token = await stopToken(agent, own);
    await postStop(
      agent,
      own,
      { _csrf: token, expectedFrom: 'Lopend', reasonChoice: 'geannuleerd' },
      { content: tinyPng, filename: 'bewijs.png', contentType: 'image/png' },
    ).expect(303);
    expect(await statusOf(db(), own)).toBe('StopzettingAangevraagd');
    expect((await historyOf(db(), own, 'request_stop'))[0]).toMatchObject({
      actor_type: 'department',
      actor_label: expect.stringContaining('Eva Claes') as unknown,
    });
  });

  it('refuses a post without a valid CSRF token (403), the multipart stop request too', async () => {
    const agent = await headOffice();
    const bevestigd = await peekProject('Bevestigd');
    const lopend = await peekProject('Lopend', { balance: 'positive' });
    await agent
      .post(reactionPath(bevestigd.projectNumber, 'annuleren'))
      .type('form')
      .send({ expectedFrom: 'Bevestigd', reasonChoice: 'laattijdig' })
      .expect(403);
    // Only the upload route leaves its check until after multer: a multipart post elsewhere is checked at once.
    await agent
      .post(reactionPath(bevestigd.projectNumber, 'annuleren'))
      .field('expectedFrom', 'Bevestigd')
      .field('reasonChoice', 'laattijdig')
      .expect(403);
    const proof = {
      content: await pdfWith('Bewijs'),
      filename: 'bewijs.pdf',
      contentType: 'application/pdf',
    };
    const documentsBefore = (await db()('documents').count<{ count: string }[]>('id as count'))[0]?.count;
    const missing = await postStop(
      agent,
      lopend,
      { expectedFrom: 'Lopend', reasonChoice: 'geannuleerd' },
      proof,
    ).expect(403);
    expect(textOf(missing.text)).toContain('Dit formulier is verlopen');
    await postStop(
      agent,
      lopend,
      { _csrf: 'niet-het-juiste-token', expectedFrom: 'Lopend', reasonChoice: 'geannuleerd' },
      proof,
    ).expect(403);
    // A token of another session does not do either.
    const other = await headOffice();
    await postStop(
      agent,
      lopend,
      { _csrf: await stopToken(other, lopend), expectedFrom: 'Lopend', reasonChoice: 'geannuleerd' },
      proof,
    ).expect(403);
    expect(await statusOf(db(), bevestigd)).toBe('Bevestigd');
    expect(await statusOf(db(), lopend)).toBe('Lopend');
    expect((await db()('documents').count<{ count: string }[]>('id as count'))[0]?.count).toBe(
      documentsBefore,
    );
  });

  it('refuses the entrepreneur (403): the reactions are for providers', async () => {
    const company = await db()('companies').where({ name: 'Testonderneming_A en B' }).first('id');
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'entrepreneur', `onderneming-${company.id}`);
    const project = await peekProject('Bevestigd');
    await agent.get(reactionPath(project.projectNumber, 'annuleren')).expect(403);
    const token = await csrfTokenOf(agent, '/onderneming');
    await agent
      .post(reactionPath(project.projectNumber, 'annuleren'))
      .type('form')
      .send({ _csrf: token, expectedFrom: 'Bevestigd', reasonChoice: 'laattijdig' })
      .expect(403);
    const lopend = await peekProject('Lopend', { balance: 'positive' });
    await postStop(
      agent,
      lopend,
      { _csrf: token, expectedFrom: 'Lopend', reasonChoice: 'geannuleerd' },
      { content: tinyPng, filename: 'bewijs.png', contentType: 'image/png' },
    ).expect(403);
    expect(await statusOf(db(), project)).toBe('Bevestigd');
    expect(await statusOf(db(), lopend)).toBe('Lopend');
  });
});
