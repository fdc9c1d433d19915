import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import { formatDate } from '../../../src/domain/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  csrfTokenOf,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';
import { expectFieldError } from '../../support/html.js';
import { waitFor } from '../../support/wait.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const path = '/dienstverlener/departementen';

async function signedIn(login: string, password: string): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const response = await signInAsProvider(agent, login, password);
  expect(response.status).toBe(303);
  return agent;
}

const headOffice = () => signedIn(DEMO_PROVIDER.login, DEMO_PROVIDER.password);
const secondProvider = () => signedIn(DEMO_SECOND_PROVIDER.login, DEMO_SECOND_PROVIDER.password);

async function addDepartment(agent: Agent, body: Record<string, string>) {
  const token = await csrfTokenOf(agent, path);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

async function counts() {
  const [departments, audit] = await Promise.all([
    testApp.database.db('departments').count<{ count: string }[]>({ count: '*' }),
    testApp.database.db('audit_log').count<{ count: string }[]>({ count: '*' }),
  ]);
  return { departments: Number(departments[0]?.count), audit: Number(audit[0]?.count) };
}

async function registration(number: string) {
  const row = await testApp.database.db('registrations').where({ number }).first();
  if (!row) throw new Error(`no registration ${number}`);
  return row as { id: number; department_id: number; valid_until: string };
}

describe('the head office', () => {
  it('sees its departments with contact e-mail and registrations, not those of others', async () => {
    const agent = await headOffice();
    const training = await registration(DEMO_PROVIDER.trainingDepartmentRegistrationNumber);
    const advice = await registration(DEMO_PROVIDER.adviceDepartmentRegistrationNumber);
    // A requested registration has no number and no expiry date yet.
    await testApp.database.db('registrations').insert({
      provider_id: (await testApp.database.db('departments').where({ id: advice.department_id }).first())
        .provider_id,
      department_id: advice.department_id,
      service: 'opleiding',
      basis: 'privaat',
      status: 'A',
    });

    const page = await agent.get(path).expect(200);
    expect(page.text).toContain(
      `<h2 id="departement-${training.department_id}">Departement Opleidingen</h2>`,
    );
    expect(page.text).toContain(`<h2 id="departement-${advice.department_id}">Departement Advies</h2>`);
    expect(page.text).toContain('opleidingen@dienstverlener-kmo.test');
    expect(page.text).toContain('advies@dienstverlener-kmo.test');
    const trainingSection = page.text.slice(
      page.text.indexOf('>Departement Opleidingen</h2>'),
      page.text.indexOf('>Departement Advies</h2>') > page.text.indexOf('>Departement Opleidingen</h2>')
        ? page.text.indexOf('>Departement Advies</h2>')
        : undefined,
    );
    expect(trainingSection).toContain('DV.O218721');
    expect(trainingSection).toContain('Opleiding');
    expect(trainingSection).toContain('Goedgekeurd');
    expect(trainingSection).toContain(formatDate(training.valid_until));
    expect(page.text).toContain('DV.A218723');
    expect(page.text).toContain('Nog geen nummer');
    expect(page.text).toContain('Aangevraagd');
    // The head office's own registration and the other provider's are not department registrations.
    expect(page.text).not.toContain(DEMO_PROVIDER.trainingRegistrationNumber);
    expect(page.text).not.toContain(DEMO_SECOND_PROVIDER.trainingRegistrationNumber);
    expect(page.text).toContain('<h2>Departement toevoegen</h2>');
    expect(page.text).toContain('name="contactEmail"');
  });

  it('adds a department and writes an audit row with the new values', async () => {
    const agent = await headOffice();
    const before = await counts();
    const response = await addDepartment(agent, {
      name: ' Departement Cybersecurity ',
      contactEmail: ' Cyber@Dienstverlener-KMO.test ',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(path);
    expect(await counts()).toEqual({ departments: before.departments + 1, audit: before.audit + 1 });

    const created = await testApp.database
      .db('departments')
      .where({ name: 'Departement Cybersecurity' })
      .first();
    expect(created.contact_email).toBe('cyber@dienstverlener-kmo.test');
    const owner = await testApp.database
      .db('provider_organisations')
      .where({ id: created.provider_id })
      .first();
    expect(owner.enterprise_number).toBe(DEMO_PROVIDER.enterpriseNumber);

    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'department.create', entity_type: 'department', entity_id: String(created.id) })
      .first();
    expect(audit).toMatchObject({ actor_type: 'provider', actor_label: DEMO_PROVIDER.legalName });
    expect(audit.details).toEqual({
      name: { old: null, new: 'Departement Cybersecurity' },
      contactEmail: { old: null, new: 'cyber@dienstverlener-kmo.test' },
    });

    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('Het departement Departement Cybersecurity is toegevoegd.');
    expect(page.text).toContain(`<h2 id="departement-${created.id}">Departement Cybersecurity</h2>`);
    expect(page.text).toContain('Dit departement heeft nog geen registraties.');
  });

  it.each([
    ['name', { name: '' }, 'Vul de naam van het departement in.'],
    ['name', { name: 'x'.repeat(101) }, 'De naam heeft hoogstens 100 tekens.'],
    [
      'name',
      { name: 'departement opleidingen' },
      'Uw organisatie heeft al een departement met deze naam. Kies een andere naam.',
    ],
    ['contactEmail', { contactEmail: '' }, 'Vul het e-mailadres van het departement in.'],
    [
      'contactEmail',
      { contactEmail: 'geen-adres' },
      'Vul een geldig e-mailadres in, bijvoorbeeld opleidingen@bedrijf.be.',
    ],
    [
      'contactEmail',
      { contactEmail: `${'a'.repeat(250)}@x.be` },
      'Een e-mailadres heeft hoogstens 254 tekens.',
    ],
    [
      'contactEmail',
      { contactEmail: 'ADVIES@dienstverlener-kmo.test' },
      'Dit e-mailadres is al in gebruik bij een ander departement. Kies een ander e-mailadres.',
    ],
  ] as const)(
    'refuses %s %j with its message, keeps the input and writes nothing',
    async (field, change, message) => {
      const agent = await headOffice();
      const before = await counts();
      const body = {
        name: 'Departement Energie',
        contactEmail: 'energie@dienstverlener-kmo.test',
        ...change,
      };
      const response = await addDepartment(agent, body);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(path);
      expect(await counts()).toEqual(before);

      const page = await agent.get(path).expect(200);
      expectFieldError(page.text, field, message, 'Departementen');
      if (body.name.length <= 100)
        expect(page.text).toContain(`name="name" type="text" value="${body.name}"`);
      if (body.contactEmail.length <= 254)
        expect(page.text).toContain(`name="contactEmail" type="email" value="${body.contactEmail}"`);
    },
  );

  it('refuses an e-mail address that a department of another provider uses', async () => {
    const agent = await secondProvider();
    const before = await counts();
    await addDepartment(agent, {
      name: 'Departement Advies',
      contactEmail: 'advies@dienstverlener-kmo.test',
    });
    expect(await counts()).toEqual(before);
    const page = await agent.get(path).expect(200);
    expectFieldError(
      page.text,
      'contactEmail',
      'Dit e-mailadres is al in gebruik bij een ander departement. Kies een ander e-mailadres.',
      'Departementen',
    );
    // The same name is fine at another provider: names are unique per provider.
    expect(page.text).not.toContain('Uw organisatie heeft al een departement met deze naam.');
  });

  it('shows both messages when name and e-mail address are missing', async () => {
    const agent = await headOffice();
    const before = await counts();
    await addDepartment(agent, {});
    expect(await counts()).toEqual(before);
    const page = await agent.get(path).expect(200);
    expectFieldError(page.text, 'name', 'Vul de naam van het departement in.', 'Departementen');
    expectFieldError(
      page.text,
      'contactEmail',
      'Vul het e-mailadres van het departement in.',
      'Departementen',
    );
  });

  it('adds only one of two simultaneous departments with the same e-mail address', async () => {
    const [first, second] = await Promise.all([headOffice(), headOffice()]);
    const before = await counts();
    const [tokenA, tokenB] = await Promise.all([csrfTokenOf(first, path), csrfTokenOf(second, path)]);
    const responses = await Promise.all([
      first.post(path).type('form').send({
        _csrf: tokenA,
        name: 'Departement Tegelijk A',
        contactEmail: 'tegelijk@dienstverlener-kmo.test',
      }),
      second.post(path).type('form').send({
        _csrf: tokenB,
        name: 'Departement Tegelijk B',
        contactEmail: 'tegelijk@dienstverlener-kmo.test',
      }),
    ]);
    expect(responses.map((response) => response.status)).toEqual([303, 303]);
    expect(await counts()).toEqual({ departments: before.departments + 1, audit: before.audit + 1 });
    const pages = await Promise.all([first.get(path), second.get(path)]);
    const refused = pages.filter((page) =>
      page.text.includes('Dit e-mailadres is al in gebruik bij een ander departement.'),
    );
    expect(refused).toHaveLength(1);
  });

  it.each([
    [
      'contactEmail',
      { name: 'Departement Wacht A', contactEmail: 'wacht@dienstverlener-kmo.test' },
      { name: 'Departement Wacht B', contactEmail: 'wacht@dienstverlener-kmo.test' },
      'Dit e-mailadres is al in gebruik bij een ander departement. Kies een ander e-mailadres.',
    ],
    [
      'name',
      { name: 'Departement Wacht', contactEmail: 'wacht-a@dienstverlener-kmo.test' },
      { name: 'Departement Wacht', contactEmail: 'wacht-b@dienstverlener-kmo.test' },
      'Uw organisatie heeft al een departement met deze naam. Kies een andere naam.',
    ],
  ] as const)(
    'refuses %s taken by a transaction that commits after the check (unique index, 23505)',
    async (field, taken, posted, message) => {
      const { db } = testApp.database;
      const agent = await headOffice();
      const provider = await db('provider_organisations')
        .where({ enterprise_number: DEMO_PROVIDER.enterpriseNumber })
        .first('id');
      const before = await counts();
      const competitor = await db.transaction();
      await competitor('departments').insert({
        provider_id: provider.id,
        name: taken.name,
        contact_email: taken.contactEmail,
      });
      // The portal's check cannot see the uncommitted row; its insert waits on the unique index.
      const pending = addDepartment(agent, posted);
      const waiting = async () =>
        (
          await db.raw(
            "select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          )
        ).rows[0].count as number;
      await waitFor(async () => (await waiting()) > 0, {
        timeoutMs: 5_000,
        message: 'the insert never waited',
      });
      await competitor.commit();

      const response = await pending;
      expect(response.status).toBe(303);
      expect(await counts()).toEqual({ departments: before.departments + 1, audit: before.audit });
      const page = await agent.get(path).expect(200);
      expectFieldError(page.text, field, message, 'Departementen');
      expect(page.text).toContain(`name="contactEmail" type="email" value="${posted.contactEmail}"`);
    },
  );

  it('refuses a post without a CSRF token', async () => {
    const agent = await headOffice();
    const before = await counts();
    const response = await agent
      .post(path)
      .type('form')
      .send({ name: 'Departement Zonder Token', contactEmail: 'zonder-token@dienstverlener-kmo.test' })
      .expect(403);
    expect(response.text).toContain('Dit formulier is verlopen of werd niet vanop deze website verstuurd');
    expect(await counts()).toEqual(before);
  });

  it('explains what to do when the organisation has no departments', async () => {
    const agent = await secondProvider();
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('Uw organisatie heeft nog geen departementen.');
    expect(page.text).not.toContain('>Departement Opleidingen</h2>');
    expect(page.text).toContain('<h2>Departement toevoegen</h2>');
  });
});

describe('a department user', () => {
  it('sees only its own department, read-only', async () => {
    const agent = newAgent(testApp.app);
    const signIn = await signInWithSaml(agent, testApp.container, 'department-user');
    expect(signIn.headers.location).toBe('/dienstverlener');
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('Departement Opleidingen');
    expect(page.text).toContain('opleidingen@dienstverlener-kmo.test');
    expect(page.text).toContain(DEMO_PROVIDER.trainingDepartmentRegistrationNumber);
    expect(page.text).not.toContain('Departement Advies');
    expect(page.text).not.toContain(DEMO_PROVIDER.adviceDepartmentRegistrationNumber);
    expect(page.text).not.toContain('Departement toevoegen');
    expect(page.text).not.toContain('name="contactEmail"');
  });

  it('cannot add a department (403)', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'department-user');
    const before = await counts();
    const token = await csrfTokenOf(agent, path);
    const response = await agent
      .post(path)
      .type('form')
      .send({ _csrf: token, name: 'Departement Eva', contactEmail: 'eva@dienstverlener-kmo.test' })
      .expect(403);
    expect(response.text).toContain('Alleen de maatschappelijke zetel kan dit.');
    expect(await counts()).toEqual(before);
  });
});
