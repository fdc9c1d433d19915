import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../../src/domain/errors.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  bodyRowsOf,
  errorSummaryOf,
  expectFieldError,
  flashTextsOf,
  headingOf,
  textOf,
} from '../../support/html.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  demoAgent,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';

const DEMO_PROVIDER = '0123456749';
const SECOND_PROVIDER = '0456789034';
const HEAD_OFFICE_MAIL = 'info@dienstverlener-kmo.test';
const TRAINING_DEPARTMENT_MAIL = 'opleidingen@dienstverlener-kmo.test';
const LONG_REASON =
  'Het projectbedrag klopt niet: de onderneming volgde maar twee van de vijf opleidingsdagen en de factuur vermeldt er vijf.';

let testApp: TestApp;
let staff: Agent;
/** The newest caught mail's id when the test started: the mailbox keeps every earlier test's mails. */
let lastMailBefore = 0;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = newAgent(testApp.app);
  await signInWithSaml(staff, testApp.container, 'agency-staff');
});
afterAll(async () => {
  await testApp.close();
});
beforeEach(async () => {
  // Each test sees only the reports and mails it makes (the demo data has no reports).
  await testApp.container.mail.idle();
  await db()('project_reports').delete();
  await db()('mail_outbox').delete();
  lastMailBefore = Math.max(0, ...testApp.mailbox.list().map((mail) => mail.id));
});

const db = () => testApp.database.db;
const reportPath = (id: number | string) => `/beheer/meldingen/${id}`;
const projectPath = (projectNumber: string) => `/dienstverlener/projecten/${projectNumber}`;

interface Project {
  id: number;
  projectNumber: string;
  companyName: string;
}

/** The n-th finished (Afgewerkt) project of the demo provider's head office or training department, by SQL. */
async function finishedProject(
  index: number,
  unit: 'head office' | 'training department' = 'head office',
): Promise<Project> {
  const query = db()('projects as pr')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .join('companies as c', 'c.id', 'pr.company_id')
    .where({ 'pr.status': 'Afgewerkt', 'p.enterprise_number': DEMO_PROVIDER })
    .orderBy('pr.id')
    .offset(index)
    .first({ id: 'pr.id', projectNumber: 'pr.project_number', companyName: 'c.name' });
  if (unit === 'head office') query.whereNull('pr.department_id');
  else {
    query.whereIn(
      'pr.department_id',
      db()('departments').where({ name: 'Departement Opleidingen' }).select('id'),
    );
  }
  const row = (await query) as Project | undefined;
  if (!row) throw new Error(`the demo data has no finished project number ${index} of the ${unit}`);
  return row;
}

/** A report written straight into the table, as the provider's "melden" leaves it. */
async function newReport(
  project: Project,
  values: {
    reason?: string;
    createdAt?: string;
    notes?: string[];
    closed?: { at: string; note: string };
  } = {},
): Promise<number> {
  const [row] = await db()('project_reports')
    .insert({
      project_id: project.id,
      reason: values.reason ?? 'De factuur vermeldt meer uren dan gegeven.',
      reported_by_type: 'provider',
      reported_by_id: null,
      reported_by_label: 'Dienstverlener kmo-portefeuille',
      created_at: values.createdAt ?? '2026-11-10 09:00:00 Europe/Brussels',
      handled_at: values.closed ? `${values.closed.at} Europe/Brussels` : null,
      handled_by_label: values.closed ? 'Sofie Maes' : null,
      closing_note: values.closed?.note ?? null,
    })
    .returning('id');
  const id = row.id as number;
  for (const [index, text] of (values.notes ?? []).entries()) {
    await db()('project_report_notes').insert({
      report_id: id,
      text,
      author_label: 'Sofie Maes',
      created_at: `2026-11-1${index + 1} 10:00:00 Europe/Brussels`,
    });
  }
  return id;
}

function reportRow(id: number) {
  return db()('project_reports')
    .where({ id })
    .first('handled_at', 'handled_by_id', 'handled_by_label', 'closing_note');
}

function notesOf(id: number) {
  return db()('project_report_notes').where({ report_id: id }).orderBy('id');
}

function auditsOf(id: number, action: string) {
  return db()('audit_log').where({ entity_type: 'project_report', entity_id: String(id), action });
}

async function staffPersonId(): Promise<number> {
  const person = await db()('persons').where({ email: 'sofie.maes@vlaio.test' }).first('id');
  return person.id as number;
}

/** Sends what is in the outbox and returns the mails this test caused about the project's closed report. */
async function closedMails(project: Project) {
  await testApp.container.mail.idle();
  await testApp.container.mail.flush();
  return testApp.mailbox
    .list()
    .filter((mail) => mail.id > lastMailBefore)
    .filter((mail) => mail.subject === `Uw melding over project ${project.projectNumber} is afgesloten`);
}

/** Opens the report's page as staff and posts one of its forms. */
async function post(id: number, form: 'notities' | 'afsluiten', fields: Record<string, string>) {
  const page = await staff.get(reportPath(id)).expect(200);
  return staff
    .post(`${reportPath(id)}/${form}`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
}

/** The page a post redirected to (the report's detail). */
async function after(response: { status: number; headers: Record<string, string> }) {
  expect(response.status).toBe(303);
  return staff.get(response.headers.location as string).expect(200);
}

describe('the agency home', () => {
  it('counts the open reports and links to the list', async () => {
    expect(textOf((await staff.get('/beheer')).text)).toContain('0 meldingen zijn open');
    await newReport(await finishedProject(0));
    expect(textOf((await staff.get('/beheer')).text)).toContain('1 melding is open');
    await newReport(await finishedProject(1), { notes: ['Gebeld met de onderneming.'] });
    await newReport(await finishedProject(2), { closed: { at: '2026-11-20 10:00:00', note: 'Opgelost.' } });
    const home = await staff.get('/beheer');
    expect(textOf(home.text)).toContain('2 meldingen zijn open');
    expect(home.text).toMatch(/<a href="\/beheer\/meldingen">2 meldingen zijn open<\/a>/);
  });
});

describe('the list', () => {
  it('says when there are no reports', async () => {
    const response = await staff.get('/beheer/meldingen');
    expect(response.status).toBe(200);
    expect(headingOf(response.text)).toBe('Meldingen');
    expect(bodyRowsOf(response.text)).toEqual(['Er zijn geen open meldingen.']);
    const all = await staff.get('/beheer/meldingen').query({ status: 'alle' });
    expect(bodyRowsOf(all.text)).toEqual(['Er zijn nog geen meldingen.']);
    const closed = await staff.get('/beheer/meldingen').query({ status: 'afgesloten' });
    expect(bodyRowsOf(closed.text)).toEqual(['Er zijn nog geen afgesloten meldingen.']);
  });

  it('shows the open reports oldest first by default, and filters on closed and all', async () => {
    const [first, second, third] = [
      await finishedProject(0),
      await finishedProject(0, 'training department'),
      await finishedProject(1),
    ];
    const closed = await newReport(first, {
      reason: 'Dubbel betaald.',
      createdAt: '2026-10-01 08:15:00 Europe/Brussels',
      closed: { at: '2026-10-20 10:00:00', note: 'Terugbetaald.' },
    });
    const fresh = await newReport(second, {
      reason: LONG_REASON,
      createdAt: '2026-11-10 14:07:00 Europe/Brussels',
    });
    const followedUp = await newReport(third, {
      reason: 'Te laat ingediend.',
      createdAt: '2026-11-05 09:30:00 Europe/Brussels',
      notes: ['Dossier opgevraagd.'],
    });
    const rowOf = {
      closed: `${first.projectNumber} ${first.companyName} Dienstverlener kmo-portefeuille 01/10/2026 08:15 Dubbel betaald. Afgesloten`,
      fresh: `${second.projectNumber} ${second.companyName} Dienstverlener kmo-portefeuille – Departement Opleidingen 10/11/2026 14:07 Het projectbedrag klopt niet: de onderneming volgde maar twee van de vijf… Nieuw`,
      followedUp: `${third.projectNumber} ${third.companyName} Dienstverlener kmo-portefeuille 05/11/2026 09:30 Te laat ingediend. In opvolging`,
    };

    const open = await staff.get('/beheer/meldingen');
    expect(bodyRowsOf(open.text)).toEqual([rowOf.followedUp, rowOf.fresh]);
    expect(textOf(open.text)).toContain('2 meldingen zijn open');
    expect(open.text).toContain(`<a href="${reportPath(fresh)}">${second.projectNumber}</a>`);
    expect(open.text).toContain('<strong class="tag tag--yellow">Nieuw</strong>');
    expect(open.text).toContain('<strong class="tag tag--blue">In opvolging</strong>');
    expect(open.text).not.toContain(reportPath(closed));

    const onlyClosed = await staff.get('/beheer/meldingen').query({ status: 'afgesloten' });
    expect(bodyRowsOf(onlyClosed.text)).toEqual([rowOf.closed]);
    expect(onlyClosed.text).toContain('<strong class="tag tag--green">Afgesloten</strong>');
    expect(onlyClosed.text).toMatch(/<option value="afgesloten" selected>/);

    // All: the open ones first (oldest first), then the closed ones.
    const all = await staff.get('/beheer/meldingen').query({ status: 'alle' });
    expect(bodyRowsOf(all.text)).toEqual([rowOf.followedUp, rowOf.fresh, rowOf.closed]);
    expect(all.text).toContain(`href="${reportPath(followedUp)}"`);

    // An unknown filter value shows the default (open).
    const unknown = await staff.get('/beheer/meldingen').query({ status: 'xyz' });
    expect(bodyRowsOf(unknown.text)).toEqual([rowOf.followedUp, rowOf.fresh]);
  });
});

describe('the detail', () => {
  it("shows the report, the project's key facts with a link, and both forms while open", async () => {
    const project = await finishedProject(0);
    const id = await newReport(project, {
      reason: `${LONG_REASON}\nBijlage volgt.`,
      createdAt: '2026-11-10 14:07:00 Europe/Brussels',
    });
    const company = await db()('companies').where({ name: project.companyName }).first('enterprise_number');
    const response = await staff.get(reportPath(id));
    expect(response.status).toBe(200);
    expect(headingOf(response.text)).toBe(`Melding over project ${project.projectNumber}`);
    const text = textOf(response.text);
    expect(text).toContain('Gemeld door Dienstverlener kmo-portefeuille');
    expect(text).toContain('Gemeld op 10/11/2026 14:07');
    expect(text).toContain(`Reden ${LONG_REASON} Bijlage volgt.`);
    expect(text).toContain(`Projectnummer ${project.projectNumber}`);
    expect(text).toContain('Status Afgewerkt');
    const enterpriseNumber = String(company.enterprise_number);
    const formatted = `${enterpriseNumber.slice(0, 4)}.${enterpriseNumber.slice(4, 7)}.${enterpriseNumber.slice(7)}`;
    expect(text).toContain(`Onderneming ${project.companyName} (${formatted})`);
    expect(text).toContain('Dienstverlener Dienstverlener kmo-portefeuille');
    expect(response.text).toContain(`href="/beheer/projecten/${project.projectNumber}"`);
    expect(text).toContain('Nieuw');
    expect(text).toContain('Er zijn nog geen notities.');
    expect(response.text).toContain(`action="${reportPath(id)}/notities"`);
    expect(response.text).toContain(`action="${reportPath(id)}/afsluiten"`);
  });

  it('answers 404 for a report that does not exist, on GET and on both POSTs', async () => {
    expect((await staff.get(reportPath(999999))).status).toBe(404);
    expect((await staff.get(reportPath('abc'))).status).toBe(404);
    const token = await csrfTokenOf(staff, '/beheer/meldingen');
    for (const form of ['notities', 'afsluiten']) {
      const response = await staff
        .post(`${reportPath(999999)}/${form}`)
        .type('form')
        .send({ _csrf: token, note: 'x', closingNote: 'x' });
      expect(response.status).toBe(404);
    }
    expect(await db()('project_report_notes')).toHaveLength(0);
  });
});

describe('a follow-up note', () => {
  it('is saved with its author and an audit row; the report is in follow-up, notes newest last', async () => {
    const project = await finishedProject(0);
    const id = await newReport(project);
    const page = await after(await post(id, 'notities', { note: '  Onderneming gebeld: factuur volgt.  ' }));
    expect(flashTextsOf(page.text)).toEqual(['Gelukt: De notitie is bewaard.']);
    expect(textOf(page.text)).toContain('In opvolging');

    const notes = await notesOf(id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      text: 'Onderneming gebeld: factuur volgt.',
      author_id: await staffPersonId(),
      author_label: 'Sofie Maes',
    });
    const audits = await auditsOf(id, 'project_report.add_note');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_type: 'agency', actor_label: 'Sofie Maes' });
    expect(audits[0].details).toMatchObject({
      projectId: project.id,
      text: 'Onderneming gebeld: factuur volgt.',
    });

    const second = await after(await post(id, 'notities', { note: 'Factuur ontvangen.' }));
    const rows = bodyRowsOf(second.text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Sofie Maes Onderneming gebeld: factuur volgt\.$/);
    expect(rows[1]).toMatch(/Sofie Maes Factuur ontvangen\.$/);
    expect(await db()('project_reports').where({ id }).first('handled_at')).toEqual({ handled_at: null });
  });

  it('refuses an empty note with a message beside the field and in the summary; nothing saved', async () => {
    const id = await newReport(await finishedProject(0));
    for (const note of ['', '   \n ']) {
      const page = await after(await post(id, 'notities', { note }));
      expectFieldError(page.text, 'note', 'Schrijf de notitie.', 'Melding over project');
      expect(errorSummaryOf(page.text)).toEqual([{ field: 'note', message: 'Schrijf de notitie.' }]);
    }
    const missing = await after(await post(id, 'notities', {}));
    expectFieldError(missing.text, 'note', 'Schrijf de notitie.');
    expect(await notesOf(id)).toHaveLength(0);
    expect(await auditsOf(id, 'project_report.add_note')).toHaveLength(0);
    // The error is shown once: the next visit shows the page without it.
    expect(errorSummaryOf((await staff.get(reportPath(id))).text)).toEqual([]);
  });

  it('refuses a note longer than 2000 characters and keeps the text; 2000 is accepted', async () => {
    const id = await newReport(await finishedProject(0));
    const tooLong = 'a'.repeat(2001);
    const page = await after(await post(id, 'notities', { note: tooLong }));
    expectFieldError(page.text, 'note', 'Houd de notitie korter dan 2000 tekens.');
    expect(page.text).toContain(`>${tooLong}</textarea>`);
    expect(await notesOf(id)).toHaveLength(0);

    await after(await post(id, 'notities', { note: 'b'.repeat(2000) }));
    expect(await notesOf(id)).toHaveLength(1);
  });
});

describe('closing a report', () => {
  it('requires a closing note: the message beside the field and in the summary, nothing changed', async () => {
    const project = await finishedProject(0);
    const id = await newReport(project);
    const page = await after(await post(id, 'afsluiten', { closingNote: ' ' }));
    const message = 'Schrijf een slotnotitie: de dienstverlener krijgt ze per mail.';
    expectFieldError(page.text, 'closingNote', message, 'Melding over project');
    expect(errorSummaryOf(page.text)).toEqual([{ field: 'closingNote', message }]);
    expect(await reportRow(id)).toMatchObject({ handled_at: null, closing_note: null });
    expect(await auditsOf(id, 'project_report.close')).toHaveLength(0);
    expect(await closedMails(project)).toHaveLength(0);

    const long = await after(await post(id, 'afsluiten', { closingNote: 'c'.repeat(2001) }));
    expectFieldError(long.text, 'closingNote', 'Houd de notitie korter dan 2000 tekens.');
    expect(await reportRow(id)).toMatchObject({ handled_at: null });
  });

  it('closes with the closing note: handled by, an audit row, a mail to the provider, shown closed', async () => {
    const project = await finishedProject(0);
    const id = await newReport(project, {
      reason: 'Dubbel gefactureerd.',
      createdAt: '2026-11-10 14:07:00 Europe/Brussels',
      notes: ['Nagevraagd.'],
    });
    const page = await after(
      await post(id, 'afsluiten', { closingNote: 'De onderneming betaalde het teveel terug.' }),
    );
    expect(flashTextsOf(page.text)).toEqual([
      'Gelukt: De melding is afgesloten. De dienstverlener krijgt de slotnotitie per mail.',
    ]);
    const row = await reportRow(id);
    expect(row).toMatchObject({
      handled_by_id: await staffPersonId(),
      handled_by_label: 'Sofie Maes',
      closing_note: 'De onderneming betaalde het teveel terug.',
    });
    expect(row?.handled_at).toBeInstanceOf(Date);

    const audits = await auditsOf(id, 'project_report.close');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_type: 'agency', actor_label: 'Sofie Maes' });
    expect(audits[0].details).toMatchObject({
      projectId: project.id,
      closingNote: 'De onderneming betaalde het teveel terug.',
    });

    const mails = await closedMails(project);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([HEAD_OFFICE_MAIL]);
    expect(mails[0]?.text).toContain('Beste Dienstverlener kmo-portefeuille,');
    expect(mails[0]?.text).toContain('uw melding van 10/11/2026');
    expect(mails[0]?.text).toContain('Uw melding: Dubbel gefactureerd.');
    expect(mails[0]?.text).toContain('De onderneming betaalde het teveel terug.');
    expect(mails[0]?.text).toContain(projectPath(project.projectNumber));
    // The internal follow-up notes stay with the agency.
    expect(mails[0]?.text).not.toContain('Nagevraagd.');

    const text = textOf(page.text);
    expect(text).toContain('Afgesloten door Sofie Maes');
    expect(text).toContain('Slotnotitie De onderneming betaalde het teveel terug.');
    expect(page.text).toContain('<strong class="tag tag--green">Afgesloten</strong>');
    expect(page.text).not.toContain(`action="${reportPath(id)}/notities"`);
    expect(page.text).not.toContain(`action="${reportPath(id)}/afsluiten"`);
    expect(textOf((await staff.get('/beheer')).text)).toContain('0 meldingen zijn open');
  });

  it("mails both the head office and the department for a department's project", async () => {
    const project = await finishedProject(0, 'training department');
    const id = await newReport(project);
    await after(await post(id, 'afsluiten', { closingNote: 'Afgehandeld.' }));
    const mails = await closedMails(project);
    expect(mails.map((mail) => mail.to).sort()).toEqual([[HEAD_OFFICE_MAIL], [TRAINING_DEPARTMENT_MAIL]]);
    expect(mails[0]?.text).toContain('Beste Dienstverlener kmo-portefeuille – Departement Opleidingen,');
  });
});

describe('a closed report', () => {
  it('refuses a new note and a second close clearly, changing nothing', async () => {
    const project = await finishedProject(0);
    const id = await newReport(project);
    // Both forms of the open page, as a second tab would still show them.
    const open = await staff.get(reportPath(id)).expect(200);
    const token = csrfTokenIn(open.text);
    await after(await post(id, 'afsluiten', { closingNote: 'Eerste afsluiting.' }));
    const closedRow = await reportRow(id);

    const note = await staff
      .post(`${reportPath(id)}/notities`)
      .type('form')
      .send({ _csrf: token, note: 'Te laat.' });
    expect(flashTextsOf((await after(note)).text)).toEqual([
      'Let op: Deze melding is afgesloten: er kunnen geen notities meer bij. Er is niets bewaard.',
    ]);
    const empty = await staff
      .post(`${reportPath(id)}/notities`)
      .type('form')
      .send({ _csrf: token, note: '' });
    const emptyPage = await after(empty);
    expect(errorSummaryOf(emptyPage.text)).toEqual([]);
    expect(flashTextsOf(emptyPage.text)[0]).toContain('Deze melding is afgesloten');

    const again = await staff
      .post(`${reportPath(id)}/afsluiten`)
      .type('form')
      .send({ _csrf: token, closingNote: 'Tweede afsluiting.' });
    expect(flashTextsOf((await after(again)).text)).toEqual([
      'Let op: Deze melding is al afgesloten. Er is niets gewijzigd.',
    ]);

    expect(await notesOf(id)).toHaveLength(0);
    expect(await reportRow(id)).toEqual(closedRow);
    expect(await auditsOf(id, 'project_report.close')).toHaveLength(1);
    expect(await auditsOf(id, 'project_report.add_note')).toHaveLength(0);
    expect(await closedMails(project)).toHaveLength(1);
  });

  it('is refused by the service itself, inside its transaction', async () => {
    const id = await newReport(await finishedProject(0), {
      closed: { at: '2026-11-20 10:00:00', note: 'Opgelost.' },
    });
    const actor = { type: 'agency' as const, id: await staffPersonId(), label: 'Sofie Maes' };
    const service = testApp.container.services.projectReports;
    await expect(service.addNote(id, { actor, text: 'Nog iets.' })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(service.close(id, { actor, text: 'Nog eens.' })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    expect(await notesOf(id)).toHaveLength(0);
    expect(await reportRow(id)).toMatchObject({ closing_note: 'Opgelost.' });
  });
});

describe('ten concurrent closes', () => {
  it('close the report once: one closing note, one audit row, one mail', async () => {
    const project = await finishedProject(0);
    const id = await newReport(project);
    const token = await csrfTokenOf(staff, reportPath(id));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        staff
          .post(`${reportPath(id)}/afsluiten`)
          .type('form')
          .send({ _csrf: token, closingNote: `Afsluiting ${index + 1}` }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    const row = await reportRow(id);
    expect(row?.closing_note).toMatch(/^Afsluiting (10|[1-9])$/);
    expect(await auditsOf(id, 'project_report.close')).toHaveLength(1);
    const mails = await closedMails(project);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain(row?.closing_note as string);
  });
});

describe('who may use the reports', () => {
  it('refuses a POST without a CSRF token', async () => {
    const id = await newReport(await finishedProject(0));
    await staff.get(reportPath(id));
    expect(
      (
        await staff
          .post(`${reportPath(id)}/notities`)
          .type('form')
          .send({ note: 'x' })
      ).status,
    ).toBe(403);
    expect(
      (
        await staff
          .post(`${reportPath(id)}/afsluiten`)
          .type('form')
          .send({ closingNote: 'x' })
      ).status,
    ).toBe(403);
    expect(await notesOf(id)).toHaveLength(0);
    expect(await reportRow(id)).toMatchObject({ handled_at: null });
  });

  it.each(['head office', 'department user', 'entrepreneur'] as const)(
    'answers 403 to the %s on every page and POST',
    async (role) => {
      const id = await newReport(await finishedProject(0, 'training department'));
      const agent = await demoAgent(testApp, role);
      expect((await agent.get('/beheer/meldingen')).status).toBe(403);
      expect((await agent.get(reportPath(id))).status).toBe(403);
      // A valid token of the agent's own session (the sign-out form on the home page carries it).
      const token = await csrfTokenOf(agent, '/');
      for (const [form, field] of [
        ['notities', 'note'],
        ['afsluiten', 'closingNote'],
      ] as const) {
        const response = await agent
          .post(`${reportPath(id)}/${form}`)
          .type('form')
          .send({ _csrf: token, [field]: 'Niet van mij.' });
        expect(response.status).toBe(403);
        expect(textOf(response.text)).toContain('U hebt geen toegang tot deze pagina.');
      }
      expect(await notesOf(id)).toHaveLength(0);
      expect(await reportRow(id)).toMatchObject({ handled_at: null });
    },
  );
});

describe("the provider's project page", () => {
  async function headOffice(login = DEMO_PROVIDER): Promise<Agent> {
    const agent = newAgent(testApp.app);
    expect((await signInAsProvider(agent, login, 'kmo-demo-2026')).status).toBe(303);
    return agent;
  }

  it('shows its report and its state: new, in follow-up, then closed with the closing note and date', async () => {
    const project = await finishedProject(3);
    const provider = await headOffice();
    const before = await provider.get(projectPath(project.projectNumber)).expect(200);
    expect(textOf(before.text)).not.toContain('Uw meldingen');

    // The provider reports through its own page.
    const confirm = await provider.get(`${projectPath(project.projectNumber)}/melden`).expect(200);
    await provider
      .post(`${projectPath(project.projectNumber)}/melden`)
      .type('form')
      .send({
        _csrf: csrfTokenIn(confirm.text),
        expectedFrom: 'Afgewerkt',
        reasonChoice: 'andere',
        reasonText: 'De onderneming betaalde twee keer.',
      })
      .expect(303);
    const report = await db()('project_reports').where({ project_id: project.id }).first('id', 'created_at');
    const reportedAt = (report.created_at as Date).toLocaleString('nl-BE', {
      timeZone: 'Europe/Brussels',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });

    const reported = textOf((await provider.get(projectPath(project.projectNumber))).text);
    expect(reported).toContain('Uw meldingen');
    expect(reported).toContain('Reden De onderneming betaalde twee keer.');
    expect(reported).toContain('Stand van zaken Nieuw');
    expect(reported).toContain(`Gemeld op ${reportedAt}`);
    expect(reported).not.toContain('Afgesloten op');

    // Staff see it in their list, follow it up and close it.
    expect((await staff.get('/beheer/meldingen')).text).toContain(`href="${reportPath(report.id)}"`);
    await after(await post(report.id, 'notities', { note: 'Interne notitie: dossier nakijken.' }));
    const following = textOf((await provider.get(projectPath(project.projectNumber))).text);
    expect(following).toContain('Stand van zaken In opvolging');
    expect(following).not.toContain('Interne notitie');

    await after(await post(report.id, 'afsluiten', { closingNote: 'Het teveel is teruggestort.' }));
    const closedRow = await reportRow(report.id);
    const closedOn = (closedRow?.handled_at as Date).toLocaleString('nl-BE', {
      timeZone: 'Europe/Brussels',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    const closed = await provider.get(projectPath(project.projectNumber));
    const closedText = textOf(closed.text);
    expect(closedText).toContain('Stand van zaken Afgesloten');
    expect(closedText).toContain(`Afgesloten op ${closedOn}`);
    expect(closedText).toContain('Slotnotitie van het agentschap Het teveel is teruggestort.');
    expect(closed.text).toContain('<strong class="tag tag--green">Afgesloten</strong>');
  });

  it('is not shown to another provider, nor to a department user outside the scope', async () => {
    const headOfficeProject = await finishedProject(0);
    const departmentProject = await finishedProject(0, 'training department');
    await newReport(headOfficeProject, { reason: 'Melding van de zetel.' });
    await newReport(departmentProject, { reason: 'Melding van het departement.' });

    const other = await headOffice(SECOND_PROVIDER);
    const foreign = await other.get(projectPath(headOfficeProject.projectNumber));
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('Melding van de zetel.');

    // The department user (Departement Opleidingen) sees its department's report, not the head office's.
    const department = await demoAgent(testApp, 'department user');
    const own = await department.get(projectPath(departmentProject.projectNumber)).expect(200);
    expect(textOf(own.text)).toContain('Reden Melding van het departement.');
    const outside = await department.get(projectPath(headOfficeProject.projectNumber));
    expect(outside.status).toBe(404);
    expect(outside.text).not.toContain('Melding van de zetel.');

    // The head office sees both.
    const provider = await headOffice();
    expect(textOf((await provider.get(projectPath(departmentProject.projectNumber))).text)).toContain(
      'Reden Melding van het departement.',
    );
  });
});
