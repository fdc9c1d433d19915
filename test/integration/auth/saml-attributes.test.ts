import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  companyIdOf,
  expectSignedOut,
  signInAs,
  storedSession,
  type TestPerson,
} from '../../support/saml.js';
import { devPerson, newAgent } from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

/** A person the demo data does not know: everything about her comes from the IdP's attributes. */
const lotte: TestPerson = {
  nationalRegisterNumber: '85073003328',
  firstName: 'Lotte',
  lastName: 'Wouters',
  email: 'Lotte.Wouters@Example.TEST',
  roles: ['KMO-Ondernemer:0876543270'],
};

async function personRow(nationalRegisterNumber: string) {
  return db()('persons').where({ national_register_number: nationalRegisterNumber }).first<
    | {
        id: number;
        national_register_number: string;
        first_name: string;
        last_name: string;
        email: string | null;
      }
    | undefined
  >('id', 'national_register_number', 'first_name', 'last_name', 'email');
}

async function representedEnterprises(personId: number): Promise<string[]> {
  return db()('company_representatives as r')
    .join('companies as c', 'c.id', 'r.company_id')
    .where('r.person_id', personId)
    .orderBy('c.enterprise_number')
    .pluck('c.enterprise_number');
}

async function isAgencyStaff(personId: number): Promise<boolean> {
  return (await db()('agency_staff').where({ person_id: personId }).first('person_id')) !== undefined;
}

describe('the person comes from the IdP’s attributes', () => {
  it('records a new person with national register number, names and (lower-case) e-mail', async () => {
    expect(await personRow('85073003328')).toBeUndefined();
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, lotte);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/onderneming');
    expect(await personRow('85073003328')).toMatchObject({
      national_register_number: '85073003328',
      first_name: 'Lotte',
      last_name: 'Wouters',
      email: 'lotte.wouters@example.test',
    });
    const page = await agent.get('/onderneming').expect(200);
    expect(page.text).toContain('Aangemeld als <strong>Lotte Wouters</strong> (Testonderneming_C)');
  });

  it('updates the names and e-mail at the next sign-in, keeping one row per person', async () => {
    const before = await personRow('85073003328');
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      ...lotte,
      firstName: 'Charlotte',
      lastName: 'Wouters-Peeters',
      email: 'charlotte@example.test',
    });
    expect(response.status).toBe(303);
    const after = await personRow('85073003328');
    expect(after).toEqual({
      id: before?.id,
      national_register_number: '85073003328',
      first_name: 'Charlotte',
      last_name: 'Wouters-Peeters',
      email: 'charlotte@example.test',
    });
    const page = await agent.get('/onderneming').expect(200);
    expect(page.text).toContain(
      'Aangemeld als <strong>Charlotte Wouters-Peeters</strong> (Testonderneming_C)',
    );
  });

  it('clears an e-mail the IdP no longer sends', async () => {
    const agent = newAgent(testApp.app);
    expect((await signInAs(agent, testApp.container, { ...lotte, email: null })).status).toBe(303);
    expect((await personRow('85073003328'))?.email).toBeNull();
  });
});

describe('the enterprises follow the KMO-Ondernemer values', () => {
  const bart: TestPerson = {
    nationalRegisterNumber: '79120512345',
    firstName: 'Bart',
    lastName: 'Janssens',
    email: 'bart.janssens@example.test',
    // Written as the IdP may send them: with dots, or bare.
    roles: ['KMO-Ondernemer:0765.432.146', 'KMO-Ondernemer:0876543270'],
  };

  it('records the person as representative of every enterprise named, and offers both', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, bart);
    expect(response.headers.location).toBe('/aanmelden/kies');
    const person = await personRow('79120512345');
    expect(await representedEnterprises(person!.id)).toEqual(['0765432146', '0876543270']);
    const choice = await agent.get('/aanmelden/kies').expect(200);
    expect(choice.text).toContain('Testonderneming_A en B');
    expect(choice.text).toContain('Testonderneming_C');
  });

  it('withdraws an enterprise the IdP no longer names: it is no longer offered', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      ...bart,
      roles: ['KMO-Ondernemer:0876543270'],
    });
    // One enterprise left: no choice, straight to its wallet.
    expect(response.headers.location).toBe('/onderneming');
    const person = await personRow('79120512345');
    expect(await representedEnterprises(person!.id)).toEqual(['0876543270']);
    const choice = await agent.get('/aanmelden/kies').expect(200);
    expect(choice.text).toContain('Testonderneming_C');
    expect(choice.text).not.toContain('Testonderneming_A en B');
    const wallet = await agent.get('/onderneming').expect(200);
    expect(wallet.text).toContain('Aangemeld als <strong>Bart Janssens</strong> (Testonderneming_C)');
    expect(wallet.text).not.toContain('Wissel van onderneming');
  });

  it('refuses the withdrawn enterprise even when its key is posted to the choice', async () => {
    const agent = newAgent(testApp.app);
    await signInAs(agent, testApp.container, { ...bart, roles: ['KMO-Ondernemer:0876543270'] });
    const choice = await agent.get('/aanmelden/kies').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(choice.text)?.[1];
    const withdrawn = await companyIdOf(db(), '0765432146');
    const posted = await agent
      .post('/aanmelden/kies')
      .type('form')
      .send({ _csrf: token, capacity: `onderneming-${withdrawn}` })
      .expect(303);
    expect(posted.headers.location).toBe('/aanmelden/kies');
    const wallet = await agent.get('/onderneming').expect(200);
    expect(wallet.text).toContain('(Testonderneming_C)');
    expect((await storedSession(agent, db()))?.principal).toMatchObject({
      kind: 'entrepreneur',
      companyId: await companyIdOf(db(), '0876543270'),
    });
  });

  it('answers 403 "Geen toegang" to an entrepreneur whose enterprise the portal does not know', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      ...bart,
      roles: ['KMO-Ondernemer:0417497106'],
    });
    expect(response.status).toBe(403);
    expect(response.text).toContain('<h1>Geen toegang tot de kmo-portefeuille</h1>');
    expect(response.text).toContain('U bent aangemeld als Bart Janssens');
    await expectSignedOut(agent, db());
    // Nor does the IdP's word make the person a representative of some other enterprise.
    const person = await personRow('79120512345');
    expect(await representedEnterprises(person!.id)).toEqual([]);
  });
});

describe('agency rights follow the KMO-Beheerder role', () => {
  const nora: TestPerson = {
    nationalRegisterNumber: '92021498765',
    firstName: 'Nora',
    lastName: 'Vermeulen',
    email: 'nora.vermeulen@vlaio.test',
    roles: ['KMO-Beheerder'],
  };

  it('grants agency staff with the role and lands on /beheer', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, nora);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/beheer');
    const person = await personRow('92021498765');
    expect(await isAgencyStaff(person!.id)).toBe(true);
    const page = await agent.get('/beheer').expect(200);
    expect(page.text).toContain('<h1>Beheer kmo-portefeuille</h1>');
    expect(page.text).toContain('Aangemeld als <strong>Nora Vermeulen</strong>');
  });

  it('withdraws it when the role is gone: /beheer is then refused', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      ...nora,
      roles: ['KMO-Ondernemer:0765432146'],
    });
    expect(response.headers.location).toBe('/onderneming');
    const person = await personRow('92021498765');
    expect(await isAgencyStaff(person!.id)).toBe(false);
    await agent.get('/beheer').expect(403);
  });

  it('answers 403 "Geen toegang" once no right is left', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, { ...nora, roles: [] });
    expect(response.status).toBe(403);
    expect(response.text).toContain('<h1>Geen toegang tot de kmo-portefeuille</h1>');
    expect(response.text).toContain('Geen toegang tot de kmo-portefeuille – kmo-portefeuille</title>');
    await expectSignedOut(agent, db());
    const person = await personRow('92021498765');
    expect(await isAgencyStaff(person!.id)).toBe(false);
    expect(await representedEnterprises(person!.id)).toEqual([]);
  });
});

describe('a department user works for the departments granted', () => {
  async function departmentIdNamed(name: string): Promise<number> {
    const row = await db()('departments').where({ name }).first<{ id: number }>('id');
    return row.id;
  }

  it('lands the demo department user on /dienstverlener, for her department only', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, devPerson('department-user'));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/dienstverlener');
    const provider = await db()('provider_organisations')
      .where({ legal_name: 'Dienstverlener kmo-portefeuille' })
      .first<{ id: number }>('id');
    expect((await storedSession(agent, db()))?.principal).toEqual({
      kind: 'department',
      personId: (await personRow('90110415642'))!.id,
      providerId: provider.id,
      departmentIds: [await departmentIdNamed('Departement Opleidingen')],
      displayName: 'Eva Claes',
    });

    const menu = await agent.get('/dienstverlener').expect(200);
    expect(menu.text).toContain('<h1>Menu dienstverlener</h1>');
    expect(menu.text).toContain(
      'Aangemeld als <strong>Eva Claes</strong> (Departement Opleidingen – Dienstverlener kmo-portefeuille)</p>',
    );
    expect(menu.text).toContain('Registraties beheren');
    expect(menu.text).toContain('Overzicht projecten');
    // The head office's blocks are not there.
    expect(menu.text).not.toContain('Vestigingen beheren');
    expect(menu.text).not.toContain('Departementen aanmelden en beheren');
    expect(menu.text).not.toContain('Login en wachtwoord wijzigen');
  });

  it('joins no department because the e-mail matches its contact address: the right alone gives none', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      nationalRegisterNumber: '83050711122',
      firstName: 'Koen',
      lastName: 'Maes',
      email: 'Advies@Dienstverlener-kmo.test',
      roles: ['KMO-Dienstverlener:0123.456.749'],
    });
    expect(response.headers.location).toBe('/dienstverlener');
    const person = await personRow('83050711122');
    expect(await db()('department_users').where({ person_id: person!.id }).pluck('department_id')).toEqual(
      [],
    );
    const provider = await db()('provider_organisations')
      .where({ enterprise_number: '0123456749' })
      .first<{ id: number }>('id');
    expect((await storedSession(agent, db()))?.principal).toEqual({
      kind: 'department',
      personId: person!.id,
      providerId: provider.id,
      departmentIds: [],
      displayName: 'Koen Maes',
    });
    const page = await agent.get('/dienstverlener/departementen').expect(200);
    expect(page.text).toContain('U bent nog geen lid van een departement.');
    expect(page.text).not.toContain('Departement Advies');
  });

  it('gives a member nothing of a provider whose right the IdP no longer sends', async () => {
    // Eva is a member of Departement Opleidingen, but today the IdP grants her only the second provider.
    const agent = newAgent(testApp.app);
    const eva = devPerson('department-user');
    const response = await signInAs(agent, testApp.container, {
      ...eva,
      roles: ['KMO-Dienstverlener:0456789034'],
    });
    expect(response.headers.location).toBe('/dienstverlener');
    const second = await db()('provider_organisations')
      .where({ enterprise_number: '0456789034' })
      .first<{ id: number } | undefined>('id');
    expect(second).toBeDefined();
    expect((await storedSession(agent, db()))?.principal).toMatchObject({
      kind: 'department',
      providerId: second!.id,
      departmentIds: [],
    });
    const page = await agent.get('/dienstverlener/departementen').expect(200);
    expect(page.text).not.toContain('Departement Opleidingen');
  });

  it.each([
    ['the bare role without an enterprise number', ['KMO-Dienstverlener']],
    ['the right for an organisation the portal does not know', ['KMO-Dienstverlener:0999999912']],
    ['a malformed enterprise number', ['KMO-Dienstverlener:12345']],
  ])('answers 403, with the way to the right, to %s', async (_label, roles) => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      nationalRegisterNumber: '81111155566',
      firstName: 'Ilse',
      lastName: 'Goossens',
      email: 'opleidingen@dienstverlener-kmo.test',
      roles,
    });
    expect(response.status).toBe(403);
    expect(response.text).toContain('<h1>Geen toegang tot de kmo-portefeuille</h1>');
    expect(response.text).toContain(
      'De lokale beheerder van uw organisatie kent dat recht toe in het Gebruikersbeheer',
    );
    await expectSignedOut(agent, db());
  });
});

describe('a local administrator acts as the head office through SAML', () => {
  it('lands on the head office menu, without the login change', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, devPerson('provider-administrator'));
    expect(response.headers.location).toBe('/dienstverlener');
    const provider = await db()('provider_organisations')
      .where({ enterprise_number: '0123456749' })
      .first<{ id: number }>('id');
    expect((await storedSession(agent, db()))?.principal).toEqual({
      kind: 'provider',
      personId: (await personRow('78051234595'))!.id,
      providerId: provider.id,
      displayName: 'Katrien Wouters (Dienstverlener kmo-portefeuille)',
      mustChangePassword: false,
    });
    const menu = await agent.get('/dienstverlener').expect(200);
    expect(menu.text).toContain('Vestigingen beheren');
    expect(menu.text).toContain('Departementen aanmelden en beheren');
    expect(menu.text).not.toContain('Login en wachtwoord wijzigen');
    const change = await agent.get('/dienstverlener/login-wijzigen').expect(403);
    expect(change.text).toContain('U bent aangemeld als lokale beheerder via de Vlaamse overheid.');
  });

  it('is the administrator only of the organisation its role names', async () => {
    const agent = newAgent(testApp.app);
    const response = await signInAs(agent, testApp.container, {
      ...devPerson('provider-administrator'),
      roles: ['KMO-Dienstverlener-Beheerder:0456789034'],
    });
    expect(response.headers.location).toBe('/dienstverlener');
    const page = await agent.get('/dienstverlener/departementen').expect(200);
    expect(page.text).toContain('Uw organisatie heeft nog geen departementen.');
    expect(page.text).not.toContain('>Departement Opleidingen</h2>');
  });
});

describe('a sign-in without rights ends the earlier sign-in in that browser', () => {
  it('does not leave the previous person signed in', async () => {
    const agent = newAgent(testApp.app);
    expect((await signInAs(agent, testApp.container, devPerson('agency-staff'))).headers.location).toBe(
      '/beheer',
    );
    const response = await signInAs(agent, testApp.container, {
      nationalRegisterNumber: '70010112233',
      firstName: 'Wim',
      lastName: 'Claes',
      email: null,
      roles: [],
    });
    expect(response.status).toBe(403);
    expect(response.text).toContain('U bent aangemeld als Wim Claes');
    expect(response.text).not.toContain('Sofie Maes');
    await expectSignedOut(agent, db());
  });
});
