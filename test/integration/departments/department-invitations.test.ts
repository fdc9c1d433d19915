import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import type { Clock } from '../../../src/clock.js';
import { todayInBrussels } from '../../../src/domain/dates.js';
import * as createDepartmentInvitations from '../../../migrations/20261208040000_create_department_invitations.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectFieldError, flashTextsOf } from '../../support/html.js';
import { signInAs, storedSession, type TestPerson } from '../../support/saml.js';
import {
  csrfTokenOf,
  demoAgent,
  devPerson,
  newAgent,
  signInAsProvider,
  type Agent,
} from '../../support/session.js';

/** The app's clock, moved forward by the tests that let an invitation expire. */
let now = new Date('2026-11-18T12:00:00Z');
const clock: Clock = { now: () => new Date(now), today: () => todayInBrussels(now) };

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true, clock });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const LIST = '/dienstverlener/departementen';

/** A person the demo data does not know, with the provider right the IdP grants for the demo provider. */
function personWithRight(nationalRegisterNumber: string, firstName: string, roles?: string[]): TestPerson {
  return {
    nationalRegisterNumber,
    firstName,
    lastName: 'Uitgenodigd',
    email: `${firstName.toLowerCase()}@elders.test`,
    roles: roles ?? [`KMO-Dienstverlener:${DEMO_PROVIDER.enterpriseNumber}`],
  };
}

async function headOffice(login: string = DEMO_PROVIDER.login): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, login, DEMO_PROVIDER.password)).status).toBe(303);
  return agent;
}

async function departmentId(name: string, enterpriseNumber = DEMO_PROVIDER.enterpriseNumber) {
  const row = await db()('departments as d')
    .join('provider_organisations as p', 'p.id', 'd.provider_id')
    .where({ 'd.name': name, 'p.enterprise_number': enterpriseNumber })
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

/** Invites an address to a department as the agent and returns the link the mail carries (its path). */
async function invite(agent: Agent, department: number, email: string): Promise<string> {
  const before = await db()('mail_outbox').max<{ max: number | null }[]>({ max: 'id' });
  const response = await postForm(agent, `${LIST}/${department}/uitnodigingen`, { email });
  expect(response.status).toBe(303);
  const mail = await db()('mail_outbox')
    .where('id', '>', before[0]?.max ?? 0)
    .where({ to_address: email.trim().toLowerCase() })
    .first<{ text_body: string; html_body: string; subject: string } | undefined>();
  if (!mail) throw new Error(`no invitation mailed to ${email}`);
  const link = /https?:\/\/\S+\/dienstverlener\/uitnodiging\/([A-Za-z0-9_-]+)/.exec(mail.text_body);
  if (!link?.[1]) throw new Error(`no link in ${mail.text_body}`);
  return `/dienstverlener/uitnodiging/${link[1]}`;
}

async function snapshot() {
  const [members, invitations, audit] = await Promise.all([
    db()('department_users').orderBy(['person_id', 'department_id']).select('person_id', 'department_id'),
    db()('department_invitations').orderBy('id').select('id', 'accepted_at', 'revoked_at', 'accepted_by'),
    // Signing in is audited too; these tests count the changes to departments.
    db()('audit_log').whereNot('action', 'like', '%sign_in').count<{ count: string }[]>({ count: '*' }),
  ]);
  return { members, invitations, audit: Number(audit[0]?.count) };
}

async function personId(nationalRegisterNumber: string): Promise<number> {
  const row = await db()('persons')
    .where({ national_register_number: nationalRegisterNumber })
    .first<{ id: number } | undefined>('id');
  if (!row) throw new Error(`no person ${nationalRegisterNumber}`);
  return row.id;
}

describe('the head office invites a person to a department', () => {
  it('mails a single-use link, stores only its hash, lists it as open and audits it', async () => {
    const agent = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const path = await invite(agent, advice, ' Nele@Elders.TEST ');
    const token = path.split('/').pop()!;

    const row = await db()('department_invitations').orderBy('id', 'desc').first();
    expect(row.email).toBe('nele@elders.test');
    expect(row.department_id).toBe(advice);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(
      7 * 24 * 3600 * 1000,
    );

    const mail = await db()('mail_outbox').where({ to_address: 'nele@elders.test' }).first();
    expect(mail.subject).toBe(
      'Uitnodiging voor Departement Advies van Dienstverlener kmo-portefeuille (kmo-portefeuille)',
    );
    expect(mail.text_body).toContain('geldig tot 25/11/2026 13:00');
    expect(mail.text_body).toContain('Gebruikersbeheer van de Vlaamse overheid');

    const audit = await db()('audit_log')
      .where({ action: 'department.invite' })
      .orderBy('id', 'desc')
      .first();
    expect(audit).toMatchObject({
      actor_type: 'provider',
      entity_type: 'department',
      entity_id: String(advice),
    });
    expect(audit.details).toMatchObject({ invitationId: row.id, email: 'nele@elders.test' });

    const page = await agent.get(LIST).expect(200);
    expect(flashTextsOf(page.text).join(' ')).toContain(
      'We hebben een uitnodiging gestuurd naar nele@elders.test.',
    );
    expect(page.text).toContain(
      '<caption class="table__caption">Openstaande uitnodigingen voor Departement Advies</caption>',
    );
    expect(page.text).toContain('<th scope="row" class="table__cell">nele@elders.test</th>');
    expect(page.text).toContain(`action="/dienstverlener/departementen/uitnodigingen/${row.id}/intrekken"`);
  });

  it('sends one invitation on a second click, or ten at the same moment, and says one is open', async () => {
    const agent = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const email = 'dubbel@elders.test';
    const mailsTo = async () =>
      Number(
        (await db()('mail_outbox').where({ to_address: email }).count<{ count: string }[]>({ count: '*' }))[0]
          ?.count,
      );
    await invite(agent, advice, email);
    const again = await postForm(agent, `${LIST}/${advice}/uitnodigingen`, { email: 'Dubbel@Elders.test' });
    expect(again.status).toBe(303);
    expect(flashTextsOf((await agent.get(LIST).expect(200)).text).join(' ')).toContain(
      'dubbel@elders.test heeft al een openstaande uitnodiging voor dit departement.',
    );
    expect(await mailsTo()).toBe(1);

    const other = 'tien@elders.test';
    const token = await csrfTokenOf(agent, LIST);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        agent.post(`${LIST}/${advice}/uitnodigingen`).type('form').send({ _csrf: token, email: other }),
      ),
    );
    expect(
      await db()('department_invitations')
        .where({ department_id: advice, email: other })
        .count<{ count: string }[]>({ count: '*' }),
    ).toEqual([{ count: 1 }]);
    expect(
      Number(
        (await db()('mail_outbox').where({ to_address: other }).count<{ count: string }[]>({ count: '*' }))[0]
          ?.count,
      ),
    ).toBe(1);
  });

  it.each([
    ['', 'Vul het e-mailadres in van de persoon die u uitnodigt.'],
    ['geen-adres', 'Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.'],
    [`${'a'.repeat(250)}@x.be`, 'Een e-mailadres heeft hoogstens 254 tekens.'],
  ])(
    'refuses the address %j with its message next to the field, and sends nothing',
    async (email, message) => {
      const agent = await headOffice();
      const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
      const before = await snapshot();
      const mails = await db()('mail_outbox').count<{ count: string }[]>({ count: '*' });
      const response = await postForm(agent, `${LIST}/${advice}/uitnodigingen`, { email });
      expect(response.status).toBe(303);
      expect(await snapshot()).toEqual(before);
      expect(await db()('mail_outbox').count<{ count: string }[]>({ count: '*' })).toEqual(mails);
      const page = await agent.get(LIST).expect(200);
      expectFieldError(page.text, `uitnodiging-${advice}`, message, 'Departementen');
      if (email.length < 100) expect(page.text).toContain(`value="${email}"`);
    },
  );

  it('cannot invite to, or withdraw an invitation of, another provider', async () => {
    const first = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    await invite(first, advice, 'ander@elders.test');
    const invitation = await db()('department_invitations').orderBy('id', 'desc').first();

    const second = await headOffice(DEMO_SECOND_PROVIDER.login);
    const before = await snapshot();
    const invited = await postForm(second, `${LIST}/${advice}/uitnodigingen`, { email: 'x@elders.test' });
    expect(invited.status).toBe(303);
    expect(flashTextsOf((await second.get(LIST)).text).join(' ')).toContain(
      'Dit departement bestaat niet (meer).',
    );
    await postForm(second, `${LIST}/uitnodigingen/${invitation.id}/intrekken`).then((r) =>
      expect(r.status).toBe(404),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses wrong roles and a post without CSRF token', async () => {
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const before = await snapshot();
    const department = await demoAgent(testApp, 'department user');
    const refused = await postForm(department, `${LIST}/${advice}/uitnodigingen`, { email: 'x@elders.test' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Alleen de maatschappelijke zetel kan dit.');
    for (const role of ['entrepreneur', 'agency staff'] as const) {
      const agent = await demoAgent(testApp, role);
      expect((await agent.get(LIST)).status).toBe(403);
    }
    const agent = await headOffice();
    await agent
      .post(`${LIST}/${advice}/uitnodigingen`)
      .type('form')
      .send({ email: 'zonder-token@elders.test' })
      .expect(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the invitee accepts', () => {
  it('is sent to the SAML sign-in and back, accepts once and then works for the department', async () => {
    const office = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const path = await invite(office, advice, 'bram@elders.test');

    // Not signed in: to the SAML sign-in, with the link as the way back.
    const invitee = newAgent(testApp.app);
    const opened = await invitee.get(path).expect(303);
    expect(opened.headers.location).toBe(`/auth/saml/login?RelayState=${encodeURIComponent(path)}`);
    const bram = personWithRight('85010112387', 'Bram');
    const signedIn = await signInAs(invitee, testApp.container, bram, { relayState: path });
    expect(signedIn.headers.location).toBe(path);

    const page = await invitee.get(path).expect(200);
    expect(page.text).toContain('<h1>Uitnodiging voor Departement Advies</h1>');
    expect(page.text).toContain('Uitnodiging aanvaarden');
    // Only looking changed nothing.
    const id = await personId(bram.nationalRegisterNumber);
    expect(await db()('department_users').where({ person_id: id })).toEqual([]);

    const before = await snapshot();
    const accepted = await postForm(invitee, path, {}, path);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe(LIST);
    expect(await db()('department_users').where({ person_id: id }).pluck('department_id')).toEqual([advice]);
    const invitation = await db()('department_invitations').orderBy('id', 'desc').first();
    expect(invitation.accepted_by).toBe(id);
    expect(new Date(invitation.accepted_at)).toEqual(now);
    expect((await snapshot()).audit).toBe(before.audit + 1);
    const list = await invitee.get(LIST).expect(200);
    expect(flashTextsOf(list.text).join(' ')).toContain(
      'U bent nu lid van Departement Advies van Dienstverlener kmo-portefeuille.',
    );
    expect(list.text).toContain(DEMO_PROVIDER.adviceDepartmentRegistrationNumber);
    expect(list.text).not.toContain(DEMO_PROVIDER.trainingDepartmentRegistrationNumber);
    // The session acts for the department it just joined (read again on that page).
    expect((await storedSession(invitee, db()))?.principal).toMatchObject({
      kind: 'department',
      departmentIds: [advice],
    });

    // The head office sees the member.
    const officePage = await office.get(LIST).expect(200);
    expect(officePage.text).toContain('<th scope="row" class="table__cell">Bram Uitgenodigd</th>');

    // A second click: refused, nothing changes.
    const after = await snapshot();
    const again = await postForm(invitee, path, {}, LIST);
    expect(again.status).toBe(410);
    expect(again.text).toContain(
      'is al aanvaard. Een uitnodiging werkt maar één keer. Er is niets gewijzigd.',
    );
    expect(await snapshot()).toEqual(after);
  });

  it('refuses a person without the right for that provider, and tells them where the right is granted', async () => {
    const office = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const path = await invite(office, advice, 'dirk@elders.test');
    const dirk = personWithRight('79020212335', 'Dirk', [
      `KMO-Dienstverlener:${DEMO_SECOND_PROVIDER.enterpriseNumber}`,
    ]);
    const agent = newAgent(testApp.app);
    await signInAs(agent, testApp.container, dirk, { relayState: path });
    const before = await snapshot();
    const page = await agent.get(path).expect(403);
    expect(page.text).toContain(
      'U hebt het gebruikersrecht "Dienstverlener kmo-portefeuille, departementen" voor Dienstverlener kmo-portefeuille niet.',
    );
    expect(page.text).toContain(
      'De lokale beheerder van Dienstverlener kmo-portefeuille kent dat recht toe in het Gebruikersbeheer',
    );
    const posted = await postForm(agent, path, {}, LIST);
    expect(posted.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an entrepreneur without the right, who lands on the refusal after signing in', async () => {
    const office = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const path = await invite(office, advice, 'jan.peeters@testonderneming.test');
    const agent = newAgent(testApp.app);
    const signedIn = await signInAs(agent, testApp.container, devPerson('entrepreneur'), {
      relayState: path,
    });
    expect(signedIn.headers.location).toBe('/aanmelden/kies');
    const before = await snapshot();
    const posted = await postForm(agent, path, {}, path);
    expect(posted.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an expired link and leaves it expired', async () => {
    const office = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const path = await invite(office, advice, 'els@elders.test');
    const els = personWithRight('82030312375', 'Els');
    const agent = newAgent(testApp.app);
    await signInAs(agent, testApp.container, els, { relayState: path });
    const token = await csrfTokenOf(agent, path);
    const saved = now;
    now = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
    try {
      const before = await snapshot();
      const posted = await agent.post(path).type('form').send({ _csrf: token });
      expect(posted.status).toBe(410);
      expect(posted.text).toContain('is verlopen op 25/11/2026 13:00. Er is niets gewijzigd.');
      expect(await snapshot()).toEqual(before);
      // The head office no longer lists it as open, and cannot withdraw it.
      const invitation = await db()('department_invitations').orderBy('id', 'desc').first();
      expect((await office.get(LIST)).text).not.toContain(
        '<th scope="row" class="table__cell">els@elders.test</th>',
      );
      await postForm(office, `${LIST}/uitnodigingen/${invitation.id}/intrekken`);
      expect(flashTextsOf((await office.get(LIST)).text).join(' ')).toContain(
        'Deze uitnodiging is al aanvaard, ingetrokken of verlopen. Er is niets gewijzigd.',
      );
      expect(await snapshot()).toEqual(before);
    } finally {
      now = saved;
    }
  });

  it('refuses a withdrawn link; withdrawing twice is refused too', async () => {
    const office = await headOffice();
    const advice = await departmentId(DEMO_PROVIDER.adviceDepartmentName);
    const path = await invite(office, advice, 'tom@elders.test');
    const invitation = await db()('department_invitations').orderBy('id', 'desc').first();
    const tom = personWithRight('80040412310', 'Tom');
    const agent = newAgent(testApp.app);
    await signInAs(agent, testApp.container, tom, { relayState: path });
    const token = await csrfTokenOf(agent, path);

    const revoke = `${LIST}/uitnodigingen/${invitation.id}/intrekken`;
    expect((await postForm(office, revoke)).status).toBe(303);
    expect(flashTextsOf((await office.get(LIST)).text).join(' ')).toContain(
      'De uitnodiging is ingetrokken: de link werkt niet meer.',
    );
    const audit = await db()('audit_log')
      .where({ action: 'department.invitation_revoke' })
      .orderBy('id', 'desc')
      .first();
    expect(audit.details).toMatchObject({ invitationId: invitation.id, email: 'tom@elders.test' });

    const before = await snapshot();
    const posted = await agent.post(path).type('form').send({ _csrf: token });
    expect(posted.status).toBe(410);
    expect(posted.text).toContain(
      'heeft de uitnodiging voor Departement Advies ingetrokken. Er is niets gewijzigd.',
    );
    await postForm(office, revoke);
    expect(flashTextsOf((await office.get(LIST)).text).join(' ')).toContain(
      'Deze uitnodiging is al aanvaard, ingetrokken of verlopen. Er is niets gewijzigd.',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 to an unknown or malformed link, and 403 to an acceptance without CSRF token', async () => {
    const agent = newAgent(testApp.app);
    await signInAs(agent, testApp.container, personWithRight('81050512308', 'Jef'));
    const unknown = `/dienstverlener/uitnodiging/${'A'.repeat(43)}`;
    expect((await agent.get(unknown)).status).toBe(404);
    expect((await agent.get('/dienstverlener/uitnodiging/kort')).status).toBe(404);
    // A NUL byte anywhere in a request gets the Dutch 400 page before any route (web/bad-bytes.ts).
    expect((await agent.get('/dienstverlener/uitnodiging/%00')).status).toBe(400);

    const office = await headOffice();
    const path = await invite(
      office,
      await departmentId(DEMO_PROVIDER.adviceDepartmentName),
      'jef@elders.test',
    );
    const before = await snapshot();
    await agent.post(path).type('form').send({}).expect(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('no silent join by e-mail', () => {
  it('does not let a stranger in whose address the head office gave as a department contact', async () => {
    const office = await headOffice();
    const added = await postForm(office, LIST, {
      name: 'Departement Vreemd',
      contactEmail: 'vreemde@elders.test',
    });
    expect(added.status).toBe(303);
    const strange = await departmentId('Departement Vreemd');

    const stranger = personWithRight('77060612395', 'Vreemde');
    const agent = newAgent(testApp.app);
    const signedIn = await signInAs(agent, testApp.container, { ...stranger, email: 'Vreemde@Elders.test' });
    expect(signedIn.headers.location).toBe('/dienstverlener');
    const id = await personId(stranger.nationalRegisterNumber);
    expect(await db()('department_users').where({ person_id: id })).toEqual([]);
    expect((await storedSession(agent, db()))?.principal).toMatchObject({
      kind: 'department',
      departmentIds: [],
    });
    const page = await agent.get(LIST).expect(200);
    expect(page.text).not.toContain('Departement Vreemd');
    expect(page.text).toContain('U bent nog geen lid van een departement.');
    expect(strange).toBeGreaterThan(0);
  });

  it('made the people the old e-mail match had let in explicit members in the migration', async () => {
    const trx = await db().transaction();
    try {
      const [person] = await trx('persons')
        .insert({
          national_register_number: '76070712351',
          first_name: 'Oud',
          last_name: 'Lid',
          email: 'ADVIES@dienstverlener-kmo.test',
        })
        .returning<{ id: number }[]>('id');
      const [other] = await trx('persons')
        .insert({
          national_register_number: '76070712450',
          first_name: 'Geen',
          last_name: 'Lid',
          email: 'iemand@elders.test',
        })
        .returning<{ id: number }[]>('id');
      await trx.schema.dropTable('department_invitations');
      await createDepartmentInvitations.up(trx);
      const advice = await trx('departments').where({ name: DEMO_PROVIDER.adviceDepartmentName }).first('id');
      expect(await trx('department_users').where({ person_id: person!.id }).pluck('department_id')).toEqual([
        advice.id,
      ]);
      expect(await trx('department_users').where({ person_id: other!.id })).toEqual([]);
      // The demo member stays a member of her department only.
      const eva = await trx('persons')
        .where({ national_register_number: devPerson('department-user').nationalRegisterNumber })
        .first('id');
      expect(
        await trx('department_users').where({ person_id: eva.id }).count<{ count: string }[]>({ count: '*' }),
      ).toEqual([{ count: 1 }]);
    } finally {
      await trx.rollback();
    }
  });
});
