import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectFieldError, flashTextsOf } from '../../support/html.js';
import { projectsFoundOf } from '../../support/projects.js';
import { signInAs, storedSession } from '../../support/saml.js';
import {
  csrfTokenOf,
  demoAgent,
  devPerson,
  newAgent,
  signInAsProvider,
  type Agent,
} from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const LIST = '/dienstverlener/departementen';
const PROJECTS = '/dienstverlener/projecten';

async function headOffice(login: string = DEMO_PROVIDER.login): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, login, DEMO_PROVIDER.password)).status).toBe(303);
  return agent;
}

/** The demo provider's local administrator, signed in through the development IdP. */
async function localAdministrator(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect(
    (await signInAs(agent, testApp.container, devPerson('provider-administrator'))).headers.location,
  ).toBe('/dienstverlener');
  return agent;
}

async function departmentId(name: string): Promise<number> {
  const row = await db()('departments as d')
    .join('provider_organisations as p', 'p.id', 'd.provider_id')
    .where({ 'd.name': name, 'p.enterprise_number': DEMO_PROVIDER.enterpriseNumber })
    .first<{ id: number } | undefined>('d.id');
  if (!row) throw new Error(`no department ${name}`);
  return row.id;
}

async function postForm(agent: Agent, path: string, body: Record<string, string> = {}, from = LIST) {
  const token = await csrfTokenOf(agent, from);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

async function flashes(agent: Agent): Promise<string> {
  return flashTextsOf((await agent.get(LIST).expect(200)).text).join(' ');
}

async function snapshot() {
  const [departments, members, audit] = await Promise.all([
    db()('departments').orderBy('id').select('id', 'name', 'contact_email'),
    db()('department_users').orderBy(['person_id', 'department_id']).select('person_id', 'department_id'),
    db()('audit_log').whereNot('action', 'like', '%sign_in').count<{ count: string }[]>({ count: '*' }),
  ]);
  return { departments, members, audit: Number(audit[0]?.count) };
}

describe.each([
  ['the head office', headOffice, 'provider', DEMO_PROVIDER.legalName],
  [
    'the local administrator through SAML',
    localAdministrator,
    'provider',
    'Katrien Wouters (Dienstverlener kmo-portefeuille), lokale beheerder',
  ],
] as const)('%s', (_label, signIn, actorType, actorLabel) => {
  it('changes a department, with an audit row of what changed', async () => {
    const agent = await signIn();
    const added = await postForm(agent, LIST, {
      name: `Departement Wijzig ${actorLabel.length}`,
      contactEmail: `wijzig-${actorLabel.length}@dienstverlener-kmo.test`,
    });
    expect(added.status).toBe(303);
    const id = await departmentId(`Departement Wijzig ${actorLabel.length}`);
    const edit = `${LIST}/${id}/wijzigen`;
    const form = await agent.get(edit).expect(200);
    expect(form.text).toContain(`<h1>Departement Wijzig ${actorLabel.length} wijzigen</h1>`);

    const response = await postForm(
      agent,
      edit,
      {
        name: `Departement Gewijzigd ${actorLabel.length}`,
        contactEmail: `wijzig-${actorLabel.length}@dienstverlener-kmo.test`,
      },
      edit,
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`${LIST}#departement-${id}`);
    expect((await db()('departments').where({ id }).first()).name).toBe(
      `Departement Gewijzigd ${actorLabel.length}`,
    );
    const audit = await db()('audit_log')
      .where({ action: 'department.update', entity_id: String(id) })
      .first();
    expect(audit).toMatchObject({ actor_type: actorType, actor_label: actorLabel });
    expect(audit.details).toEqual({
      name: {
        old: `Departement Wijzig ${actorLabel.length}`,
        new: `Departement Gewijzigd ${actorLabel.length}`,
      },
    });
    expect(await flashes(agent)).toContain(
      `Het departement Departement Gewijzigd ${actorLabel.length} is gewijzigd.`,
    );
  });

  it('refuses a name its organisation already uses, keeps the input and changes nothing', async () => {
    const agent = await signIn();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const edit = `${LIST}/${advice}/wijzigen`;
    const before = await snapshot();
    await postForm(
      agent,
      edit,
      { name: 'departement opleidingen', contactEmail: 'advies@dienstverlener-kmo.test' },
      edit,
    );
    expect(await snapshot()).toEqual(before);
    const page = await agent.get(edit).expect(200);
    expectFieldError(
      page.text,
      'name',
      'Uw organisatie heeft al een departement met deze naam. Kies een andere naam.',
      'Departement Advies wijzigen',
    );
    expect(page.text).toContain('name="name" type="text" value="departement opleidingen"');
  });

  it('refuses an empty name and an invalid address with their messages', async () => {
    const agent = await signIn();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const edit = `${LIST}/${advice}/wijzigen`;
    const before = await snapshot();
    await postForm(agent, edit, { name: ' ', contactEmail: 'geen-adres' }, edit);
    expect(await snapshot()).toEqual(before);
    const page = await agent.get(edit).expect(200);
    expectFieldError(page.text, 'name', 'Vul de naam van het departement in.', 'Departement Advies wijzigen');
    expectFieldError(
      page.text,
      'contactEmail',
      'Vul een geldig e-mailadres in, bijvoorbeeld opleidingen@bedrijf.be.',
      'Departement Advies wijzigen',
    );
  });

  it('removes a department nothing refers to, with its open invitations; a second click is refused', async () => {
    const agent = await signIn();
    const name = `Departement Weg ${actorLabel.length}`;
    await postForm(agent, LIST, { name, contactEmail: `weg-${actorLabel.length}@dienstverlener-kmo.test` });
    const id = await departmentId(name);
    await postForm(agent, `${LIST}/${id}/uitnodigingen`, { email: 'weg@elders.test' });
    expect(await db()('department_invitations').where({ department_id: id })).toHaveLength(1);

    const remove = `${LIST}/${id}/verwijderen`;
    expect((await postForm(agent, remove)).status).toBe(303);
    expect(await db()('departments').where({ id })).toEqual([]);
    expect(await db()('department_invitations').where({ department_id: id })).toEqual([]);
    const audit = await db()('audit_log')
      .where({ action: 'department.delete', entity_id: String(id) })
      .first();
    expect(audit).toMatchObject({ actor_type: actorType, actor_label: actorLabel });
    expect(await flashes(agent)).toContain('Het departement is verwijderd.');

    const before = await snapshot();
    await postForm(agent, remove);
    expect(await flashes(agent)).toContain('Dit departement bestaat niet (meer).');
    expect(await snapshot()).toEqual(before);
  });

  it('keeps a department that has registrations or projects', async () => {
    const agent = await signIn();
    const training = await departmentId(DEMO_PROVIDER.trainingDepartmentName);
    const before = await snapshot();
    await postForm(agent, `${LIST}/${training}/verwijderen`);
    expect(await flashes(agent)).toContain(
      'Dit departement heeft registraties of projecten. Die blijven bij het departement, daarom kunt u het niet verwijderen.',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('cannot change or remove another provider’s department (404, nothing changed)', async () => {
    const agent = await signIn();
    const provider = await db()('provider_organisations')
      .where({ enterprise_number: DEMO_SECOND_PROVIDER.enterpriseNumber })
      .first('id');
    const [foreign] = await db()('departments')
      .insert({
        provider_id: provider.id,
        name: `Vreemd ${actorLabel.length}`,
        contact_email: `vreemd-${actorLabel.length}@leiestreek.test`,
      })
      .returning<{ id: number }[]>('id');
    const before = await snapshot();
    await agent.get(`${LIST}/${foreign!.id}/wijzigen`).expect(404);
    const token = await csrfTokenOf(agent, LIST);
    await agent
      .post(`${LIST}/${foreign!.id}/wijzigen`)
      .type('form')
      .send({ _csrf: token, name: 'X', contactEmail: 'x@x.be' })
      .expect(404);
    await postForm(agent, `${LIST}/${foreign!.id}/verwijderen`);
    expect(await flashes(agent)).toContain('Dit departement bestaat niet (meer).');
    await agent.get(`${LIST}/abc/wijzigen`).expect(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe('removing a person from a department', () => {
  it('shows a renamed department in its members’ header at their next click, without signing in again', async () => {
    const office = await headOffice();
    const training = await departmentId(DEMO_PROVIDER.trainingDepartmentName);
    const evaAgent = await demoAgent(testApp, 'department user');
    expect((await evaAgent.get('/dienstverlener').expect(200)).text).toContain(
      `${DEMO_PROVIDER.trainingDepartmentName} – ${DEMO_PROVIDER.legalName}`,
    );
    const edit = `${LIST}/${training}/wijzigen`;
    const current = await db()('departments').where({ id: training }).first('contact_email');
    const renamed = 'Departement Vorming';
    expect(
      (await postForm(office, edit, { name: renamed, contactEmail: current.contact_email }, edit)).status,
    ).toBe(303);
    try {
      const page = await evaAgent.get('/dienstverlener').expect(200);
      expect(page.text).toContain(`${renamed} – ${DEMO_PROVIDER.legalName}`);
      expect(page.text).not.toContain(DEMO_PROVIDER.trainingDepartmentName);
    } finally {
      await db()('departments')
        .where({ id: training })
        .update({ name: DEMO_PROVIDER.trainingDepartmentName });
    }
  });

  it('ends the membership: the person loses the department at their next click, and at the next sign-in', async () => {
    const office = await headOffice();
    const training = await departmentId(DEMO_PROVIDER.trainingDepartmentName);
    const eva = await db()('persons')
      .where({ national_register_number: devPerson('department-user').nationalRegisterNumber })
      .first('id');
    const page = await office.get(LIST).expect(200);
    expect(page.text).toContain(
      '<caption class="table__caption">Leden van Departement Opleidingen</caption>',
    );
    expect(page.text).toContain('<th scope="row" class="table__cell">Eva Claes</th>');

    const remove = `${LIST}/${training}/leden/${eva.id}/verwijderen`;
    // A department user, another provider and a post without token cannot.
    const before = await snapshot();
    const evaAgent = await demoAgent(testApp, 'department user');
    expect((await postForm(evaAgent, remove)).status).toBe(403);
    const second = await headOffice(DEMO_SECOND_PROVIDER.login);
    await postForm(second, remove);
    expect(await flashes(second)).toContain('Dit departement bestaat niet (meer).');
    await office.post(remove).type('form').send({}).expect(403);
    expect(await snapshot()).toEqual(before);

    expect((await evaAgent.get(LIST).expect(200)).text).toContain(
      DEMO_PROVIDER.trainingDepartmentRegistrationNumber,
    );
    const evaProjectsBefore = projectsFoundOf((await evaAgent.get(PROJECTS).expect(200)).text);
    expect(evaProjectsBefore).toBeGreaterThan(0);
    expect((await postForm(office, remove)).status).toBe(303);
    expect(await db()('department_users').where({ person_id: eva.id })).toEqual([]);
    // Eva's session from before the removal: the department is gone at once, header included.
    const evaNow = await evaAgent.get(LIST).expect(200);
    expect(evaNow.text).not.toContain(DEMO_PROVIDER.trainingDepartmentRegistrationNumber);
    expect(evaNow.text).not.toContain(DEMO_PROVIDER.trainingDepartmentName);
    expect((await storedSession(evaAgent, db()))?.principal).toMatchObject({ departmentIds: [] });
    // Left with no department, she sees none of the provider's projects: the overview counts 0
    // (the kept count under an empty scope), says so, and the export holds the header line only.
    const evaProjects = await evaAgent.get(PROJECTS).expect(200);
    expect(projectsFoundOf(evaProjects.text)).toBe(0);
    expect(evaProjects.text).toContain('Er zijn geen projecten met een aanvraag in');
    expect(evaProjects.text).not.toMatch(/KMO[0-9]{6}/);
    const evaExport = await evaAgent.get(`${PROJECTS}.csv`).expect(200);
    expect(
      evaExport.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(1);
    const audit = await db()('audit_log').where({ action: 'department.member_remove' }).first();
    expect(audit.details).toEqual({ personId: eva.id, name: 'Eva Claes' });
    expect(await flashes(office)).toContain('De persoon is geen lid meer van het departement.');

    const after = await snapshot();
    await postForm(office, remove);
    expect(await flashes(office)).toContain('Deze persoon is geen lid (meer) van dit departement.');
    expect(await snapshot()).toEqual(after);

    const again = newAgent(testApp.app);
    await signInAs(again, testApp.container, devPerson('department-user'));
    expect((await storedSession(again, db()))?.principal).toMatchObject({
      kind: 'department',
      departmentIds: [],
    });
    const list = await again.get(LIST).expect(200);
    expect(list.text).not.toContain(DEMO_PROVIDER.trainingDepartmentRegistrationNumber);

    // Put Eva back for the other tests of this file.
    await db()('department_users').insert({ person_id: eva.id, department_id: training });
  });
});
