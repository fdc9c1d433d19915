import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  csrfTokenOf,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';
import { expectFieldError } from '../../support/html.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const listPath = '/dienstverlener/vestigingen';
const newPath = '/dienstverlener/vestigingen/nieuw';
const detailPath = (id: number | string) => `/dienstverlener/vestigingen/${id}`;
const editPath = (id: number | string) => `/dienstverlener/vestigingen/${id}/wijzigen`;

const validAddress = {
  street: 'Sint-Pietersnieuwstraat',
  houseNumber: '41',
  box: 'B2',
  postcode: '9000',
  municipality: 'Gent',
};

async function signedInHeadOffice(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const response = await signInAsProvider(agent, DEMO_PROVIDER.login, DEMO_PROVIDER.password);
  expect(response.status).toBe(303);
  return agent;
}

async function signedInSecondProvider(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const response = await signInAsProvider(agent, DEMO_SECOND_PROVIDER.login, DEMO_SECOND_PROVIDER.password);
  expect(response.status).toBe(303);
  return agent;
}

/** Posts a form with the CSRF token of the page it is on. */
async function postForm(agent: Agent, path: string, body: Record<string, string>) {
  const token = await csrfTokenOf(agent, path);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

async function providerIdOf(enterpriseNumber: string): Promise<number> {
  const row = await testApp.database
    .db('provider_organisations')
    .where({ enterprise_number: enterpriseNumber })
    .first('id');
  if (!row) throw new Error(`no provider ${enterpriseNumber}`);
  return row.id as number;
}

/** The demo provider's establishment in Schaarbeek, found by SQL. */
async function schaarbeekId(): Promise<number> {
  const row = await testApp.database
    .db('establishments')
    .where({ provider_id: await providerIdOf(DEMO_PROVIDER.enterpriseNumber), postcode: '1030' })
    .first('id');
  if (!row) throw new Error('no demo establishment');
  return row.id as number;
}

async function counts() {
  const [establishments, audit] = await Promise.all([
    testApp.database.db('establishments').count<{ count: string }[]>({ count: '*' }),
    testApp.database.db('audit_log').count<{ count: string }[]>({ count: '*' }),
  ]);
  return { establishments: Number(establishments[0]?.count), audit: Number(audit[0]?.count) };
}

describe('the list of establishments', () => {
  it('shows the head office address first, then the own establishments only', async () => {
    const agent = await signedInHeadOffice();
    const page = await agent.get(listPath).expect(200);
    const headOffice = page.text.indexOf('Kunstlaan 56');
    const schaarbeek = page.text.indexOf('Koning Albert II-Laan 30 bus 12');
    expect(headOffice).toBeGreaterThan(0);
    expect(schaarbeek).toBeGreaterThan(headOffice);
    expect(page.text).toContain('1000 Brussel');
    expect(page.text).toContain('1030 Schaarbeek');
    expect(page.text).toContain('Maatschappelijke zetel');
    expect(page.text).toContain(`href="${detailPath(await schaarbeekId())}"`);
    expect(page.text).toContain(`href="${newPath}"`);
    expect(page.text).not.toContain('Doorniksesteenweg');
    expect(page.text).not.toContain('U hebt nog geen vestigingen toegevoegd.');
  });

  it('explains what to do when the provider has no establishments yet', async () => {
    await testApp.database
      .db('establishments')
      .where({ provider_id: await providerIdOf(DEMO_SECOND_PROVIDER.enterpriseNumber) })
      .delete();
    const agent = await signedInSecondProvider();
    const page = await agent.get(listPath).expect(200);
    expect(page.text).toContain('Doorniksesteenweg 214');
    expect(page.text).toContain(
      'U hebt nog geen vestigingen toegevoegd. Geeft u ook opleidingen of advies op een ander adres dan de maatschappelijke zetel? Voeg dat adres dan toe als vestiging.',
    );
  });
});

describe('adding an establishment', () => {
  it('adds it, shows it, lists it and writes an audit row with the new values', async () => {
    const agent = await signedInHeadOffice();
    const form = await agent.get(newPath).expect(200);
    expect(form.text).toContain('<h1>Vestiging toevoegen</h1>');
    const before = await counts();

    const response = await postForm(agent, newPath, validAddress);
    expect(response.status).toBe(303);
    const created = await testApp.database
      .db('establishments')
      .where({ provider_id: await providerIdOf(DEMO_PROVIDER.enterpriseNumber), postcode: '9000' })
      .first();
    expect(created).toMatchObject({
      street: 'Sint-Pietersnieuwstraat',
      house_number: '41',
      box: 'B2',
      municipality: 'Gent',
    });
    expect(response.headers.location).toBe(detailPath(created.id));

    const detail = await agent.get(detailPath(created.id)).expect(200);
    expect(detail.text).toContain('De vestiging is toegevoegd.');
    expect(detail.text).toContain('Vestiging Sint-Pietersnieuwstraat 41 bus B2, 9000 Gent');
    expect(detail.text).toContain(`href="${editPath(created.id)}"`);

    const list = await agent.get(listPath).expect(200);
    expect(list.text).toContain('Sint-Pietersnieuwstraat 41 bus B2');
    expect(list.text).toContain('9000 Gent');

    expect(await counts()).toEqual({ establishments: before.establishments + 1, audit: before.audit + 1 });
    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'establishment.create', entity_type: 'establishment', entity_id: String(created.id) })
      .first();
    expect(audit).toMatchObject({ actor_type: 'provider', actor_label: DEMO_PROVIDER.legalName });
    expect(audit.details).toEqual({
      street: { old: null, new: 'Sint-Pietersnieuwstraat' },
      houseNumber: { old: null, new: '41' },
      box: { old: null, new: 'B2' },
      postcode: { old: null, new: '9000' },
      municipality: { old: null, new: 'Gent' },
    });
  });

  it('trims the input and stores an empty box as none', async () => {
    const agent = await signedInHeadOffice();
    const response = await postForm(agent, newPath, {
      street: '  Grote Markt ',
      houseNumber: ' 1 ',
      box: '  ',
      postcode: ' 2000 ',
      municipality: ' Antwerpen ',
    });
    expect(response.status).toBe(303);
    const created = await testApp.database.db('establishments').where({ postcode: '2000' }).first();
    expect(created).toMatchObject({
      street: 'Grote Markt',
      house_number: '1',
      box: null,
      municipality: 'Antwerpen',
    });
  });

  const long = (length: number) => 'a'.repeat(length);
  it.each([
    ['street', { street: '' }, 'Vul de straat in.'],
    ['street', { street: '   ' }, 'Vul de straat in.'],
    ['street', { street: long(101) }, 'De straat heeft hoogstens 100 tekens.'],
    ['houseNumber', { houseNumber: '' }, 'Vul het huisnummer in.'],
    ['houseNumber', { houseNumber: '12345678901' }, 'Het huisnummer heeft hoogstens 10 tekens.'],
    ['box', { box: '12345678901' }, 'Het busnummer heeft hoogstens 10 tekens.'],
    ['postcode', { postcode: '' }, 'Vul de postcode in.'],
    ['postcode', { postcode: '0999' }, 'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.'],
    ['postcode', { postcode: '10000' }, 'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.'],
    ['postcode', { postcode: 'B-1000' }, 'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.'],
    ['municipality', { municipality: '' }, 'Vul de gemeente in.'],
    ['municipality', { municipality: long(101) }, 'De gemeente heeft hoogstens 100 tekens.'],
  ] as const)(
    'refuses %s %j with its message, keeps the input and writes nothing',
    async (field, change, message) => {
      const agent = await signedInHeadOffice();
      const before = await counts();
      const body = { ...validAddress, ...change };
      const response = await postForm(agent, newPath, body);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(newPath);
      expect(await counts()).toEqual(before);

      const page = await agent.get(newPath).expect(200);
      expectFieldError(page.text, field, message);
      for (const [name, value] of Object.entries(body)) {
        if (value.length <= 100 && value.trim() !== '')
          expect(page.text).toContain(`name="${name}" type="text" value="${value}"`);
      }
      // The kept state is shown once: a reload shows the empty form again.
      const reloaded = await agent.get(newPath).expect(200);
      expect(reloaded.text).not.toContain(message);
    },
  );

  it('refuses a box posted twice', async () => {
    const agent = await signedInHeadOffice();
    const before = await counts();
    const token = await csrfTokenOf(agent, newPath);
    const response = await agent
      .post(newPath)
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(token)}&street=Veldstraat&houseNumber=1&box=1&box=2&postcode=9000&municipality=Gent`,
      );
    expect(response.status).toBe(303);
    expect(await counts()).toEqual(before);
    const page = await agent.get(newPath).expect(200);
    expectFieldError(page.text, 'box', 'Vul een geldig busnummer in.');
  });

  it('lists every missing field in the order of the form', async () => {
    const agent = await signedInHeadOffice();
    const before = await counts();
    await postForm(agent, newPath, {});
    expect(await counts()).toEqual(before);
    const page = await agent.get(newPath).expect(200);
    const messages = [
      'Vul de straat in.',
      'Vul het huisnummer in.',
      'Vul de postcode in.',
      'Vul de gemeente in.',
    ];
    const positions = messages.map((message) => page.text.indexOf(`">${message}</a></li>`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('refuses a post without a CSRF token', async () => {
    const agent = await signedInHeadOffice();
    const before = await counts();
    const response = await agent.post(newPath).type('form').send(validAddress).expect(403);
    expect(response.text).toContain('Dit formulier is verlopen of werd niet vanop deze website verstuurd');
    expect(await counts()).toEqual(before);
  });
});

describe('changing an establishment', () => {
  it('shows the form with the current address', async () => {
    const agent = await signedInHeadOffice();
    const id = await schaarbeekId();
    const page = await agent.get(editPath(id)).expect(200);
    expect(page.text).toContain('<h1>Vestiging wijzigen</h1>');
    expect(page.text).toContain('name="street" type="text" value="Koning Albert II-Laan"');
    expect(page.text).toContain('name="box" type="text" value="12"');
    expect(page.text).toContain('name="postcode" type="text" value="1030"');
    expect(page.text).toContain(`action="${editPath(id)}"`);
  });

  it('saves the change and writes an audit row with the old and new value of what changed', async () => {
    const agent = await signedInHeadOffice();
    const [created] = await testApp.database
      .db('establishments')
      .insert({
        provider_id: await providerIdOf(DEMO_PROVIDER.enterpriseNumber),
        postcode: '3000',
        municipality: 'Leuven',
        street: 'Bondgenotenlaan',
        house_number: '10',
        box: null,
      })
      .returning('id');
    const id = created.id as number;
    const before = await counts();

    const response = await postForm(agent, editPath(id), {
      street: 'Bondgenotenlaan',
      houseNumber: '12',
      box: '3',
      postcode: '3000',
      municipality: 'Leuven',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(detailPath(id));
    const row = await testApp.database.db('establishments').where({ id }).first();
    expect(row).toMatchObject({ house_number: '12', box: '3', street: 'Bondgenotenlaan' });

    const detail = await agent.get(detailPath(id)).expect(200);
    expect(detail.text).toContain('De vestiging is gewijzigd.');
    expect(detail.text).toContain('Vestiging Bondgenotenlaan 12 bus 3, 3000 Leuven');

    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'establishment.update', entity_type: 'establishment', entity_id: String(id) })
      .first();
    expect(audit).toMatchObject({ actor_type: 'provider', actor_label: DEMO_PROVIDER.legalName });
    expect(audit.details).toEqual({ houseNumber: { old: '10', new: '12' }, box: { old: null, new: '3' } });
  });

  it('writes nothing when nothing changed, and says so', async () => {
    const agent = await signedInHeadOffice();
    const id = await schaarbeekId();
    const before = await counts();
    const response = await postForm(agent, editPath(id), {
      street: 'Koning Albert II-Laan',
      houseNumber: '30',
      box: '12',
      postcode: '1030',
      municipality: 'Schaarbeek',
    });
    expect(response.status).toBe(303);
    expect(await counts()).toEqual(before);
    const detail = await agent.get(detailPath(id)).expect(200);
    expect(detail.text).toContain('U hebt niets gewijzigd: het adres van de vestiging blijft zoals het was.');
  });

  it('refuses an invalid change, keeps the input and changes nothing', async () => {
    const agent = await signedInHeadOffice();
    const id = await schaarbeekId();
    const before = await counts();
    const rowBefore = await testApp.database.db('establishments').where({ id }).first();
    const response = await postForm(agent, editPath(id), {
      street: 'Nieuwe Straat',
      houseNumber: '',
      box: '',
      postcode: '999',
      municipality: 'Schaarbeek',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(editPath(id));
    expect(await counts()).toEqual(before);
    expect(await testApp.database.db('establishments').where({ id }).first()).toEqual(rowBefore);

    const page = await agent.get(editPath(id)).expect(200);
    expectFieldError(page.text, 'houseNumber', 'Vul het huisnummer in.');
    expectFieldError(
      page.text,
      'postcode',
      'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.',
    );
    expect(page.text).toContain('name="street" type="text" value="Nieuwe Straat"');
    expect(page.text).toContain('name="postcode" type="text" value="999"');
    expect(page.text).toContain('name="box" type="text" value=""');
  });

  it('refuses a change without a CSRF token', async () => {
    const agent = await signedInHeadOffice();
    const id = await schaarbeekId();
    const before = await counts();
    await agent.post(editPath(id)).type('form').send(validAddress).expect(403);
    expect(await counts()).toEqual(before);
  });
});

describe('who may see which establishment', () => {
  it("answers 404 for another provider's establishment: view, change form and change", async () => {
    const agent = await signedInSecondProvider();
    const id = await schaarbeekId();
    const before = await counts();
    const rowBefore = await testApp.database.db('establishments').where({ id }).first();

    const detail = await agent.get(detailPath(id)).expect(404);
    expect(detail.text).toContain('Deze vestiging bestaat niet of hoort niet bij uw organisatie.');
    expect(detail.text).not.toContain('Koning Albert II-Laan');
    await agent.get(editPath(id)).expect(404);
    const token = await csrfTokenOf(agent, listPath);
    await agent
      .post(editPath(id))
      .type('form')
      .send({ _csrf: token, ...validAddress })
      .expect(404);
    // An invalid form for a foreign id is not found either (not a validation round trip).
    await agent.post(editPath(id)).type('form').send({ _csrf: token, street: '' }).expect(404);

    expect(await counts()).toEqual(before);
    expect(await testApp.database.db('establishments').where({ id }).first()).toEqual(rowBefore);
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999', '2147483647'])('answers 404 for the id %s', async (id) => {
    const agent = await signedInHeadOffice();
    await agent.get(detailPath(id)).expect(404);
    await agent.get(editPath(id)).expect(404);
  });

  it('refuses a department user with 403 everywhere', async () => {
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'department-user');
    const id = await schaarbeekId();
    const before = await counts();
    for (const path of [listPath, newPath, detailPath(id), editPath(id)]) {
      const page = await agent.get(path).expect(403);
      expect(page.text).toContain('Alleen de maatschappelijke zetel kan dit.');
    }
    const token = await csrfTokenOf(agent, '/dienstverlener');
    await agent
      .post(newPath)
      .type('form')
      .send({ _csrf: token, ...validAddress })
      .expect(403);
    await agent
      .post(editPath(id))
      .type('form')
      .send({ _csrf: token, ...validAddress })
      .expect(403);
    expect(await counts()).toEqual(before);
  });

  it('sends a visitor who is not signed in to the login page', async () => {
    const response = await newAgent(testApp.app).get(listPath).expect(302);
    expect(response.headers.location).toBe('/dienstverlener/login');
  });
});
