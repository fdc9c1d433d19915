import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import type { Principal } from '../../../src/auth/principal.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectFieldError } from '../../support/html.js';
import { csrfTokenOf, newAgent, signInAsProvider, type Agent } from '../../support/session.js';

/** Issue 21: the same establishment address can't be added twice. */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const newPath = '/dienstverlener/vestigingen/nieuw';
const editPath = (id: number) => `/dienstverlener/vestigingen/${id}/wijzigen`;

async function signIn(provider: { login: string; password: string }): Promise<Agent> {
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, provider.login, provider.password)).status).toBe(303);
  return agent;
}

async function postForm(agent: Agent, path: string, body: Record<string, string>) {
  const token = await csrfTokenOf(agent, path);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

async function providerIdOf(enterpriseNumber: string): Promise<number> {
  const row = await db()('provider_organisations').where({ enterprise_number: enterpriseNumber }).first('id');
  return row.id as number;
}

async function counts() {
  const [establishments, audit] = await Promise.all([
    db()('establishments').count<{ count: string }[]>({ count: '*' }),
    db()('audit_log').count<{ count: string }[]>({ count: '*' }),
  ]);
  return { establishments: Number(establishments[0]?.count), audit: Number(audit[0]?.count) };
}

describe('an establishment address', () => {
  it('cannot be added twice, even typed in other case and spacing: a Dutch error beside the street, the input kept', async () => {
    const agent = await signIn(DEMO_PROVIDER);
    const first = await postForm(agent, newPath, {
      street: 'Kerkstraat',
      houseNumber: '5',
      box: '',
      postcode: '9000',
      municipality: 'Gent',
    });
    expect(first.status).toBe(303);
    expect(first.headers.location).toMatch(/^\/dienstverlener\/vestigingen\/\d+$/);
    const before = await counts();

    const second = await postForm(agent, newPath, {
      street: ' KERKSTRAAT ',
      houseNumber: '5',
      box: '',
      postcode: '9000',
      municipality: 'Sint-Amandsberg',
    });
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(newPath);
    expect(await counts()).toEqual(before);
    const page = await agent.get(newPath).expect(200);
    expectFieldError(
      page.text,
      'street',
      'U hebt al een vestiging op dit adres (Kerkstraat 5, 9000 Gent). Vul een ander adres in, of open die vestiging in de lijst.',
    );
    expect(page.text).toContain('name="municipality" type="text" value="Sint-Amandsberg"');

    // Another box is another address.
    const otherBox = await postForm(agent, newPath, {
      street: 'Kerkstraat',
      houseNumber: '5',
      box: '2',
      postcode: '9000',
      municipality: 'Gent',
    });
    expect(otherBox.headers.location).toMatch(/^\/dienstverlener\/vestigingen\/\d+$/);
    // Another provider may have an establishment at the same address.
    const other = await postForm(await signIn(DEMO_SECOND_PROVIDER), newPath, {
      street: 'Kerkstraat',
      houseNumber: '5',
      box: '',
      postcode: '9000',
      municipality: 'Gent',
    });
    expect(other.headers.location).toMatch(/^\/dienstverlener\/vestigingen\/\d+$/);
  });

  it("cannot be given by a change to another establishment's address", async () => {
    const agent = await signIn(DEMO_PROVIDER);
    const providerId = await providerIdOf(DEMO_PROVIDER.enterpriseNumber);
    const existing = await db()('establishments')
      .where({ provider_id: providerId, postcode: '1030' })
      .first();
    const added = await postForm(agent, newPath, {
      street: 'Veldstraat',
      houseNumber: '10',
      box: '',
      postcode: '9000',
      municipality: 'Gent',
    });
    const id = Number(/(\d+)$/.exec(String(added.headers.location))?.[1]);
    const before = await counts();
    const refused = await postForm(agent, editPath(id), {
      street: existing.street as string,
      houseNumber: existing.house_number as string,
      box: existing.box as string,
      postcode: existing.postcode as string,
      municipality: existing.municipality as string,
    });
    expect(refused.headers.location).toBe(editPath(id));
    expect(await counts()).toEqual(before);
    expect(await db()('establishments').where({ id }).first()).toMatchObject({ street: 'Veldstraat' });
    const page = await agent.get(editPath(id)).expect(200);
    expect(page.text).toContain(
      'U hebt al een vestiging op dit adres (Koning Albert II-Laan 30 bus 12, 1030',
    );
    // Saving its own address unchanged is no duplicate of itself.
    const same = await postForm(agent, editPath(id), {
      street: 'Veldstraat',
      houseNumber: '10',
      box: '',
      postcode: '9000',
      municipality: 'Gent',
    });
    expect(same.headers.location).toBe(`/dienstverlener/vestigingen/${id}`);
  });

  it('is added once when two adds of it run at the same time; the other gets the same answer', async () => {
    const providerId = await providerIdOf(DEMO_PROVIDER.enterpriseNumber);
    const principal: Extract<Principal, { kind: 'provider' }> = {
      kind: 'provider',
      accountId: 1,
      providerId,
      displayName: DEMO_PROVIDER.legalName,
      mustChangePassword: false,
    };
    const address = {
      street: 'Molenstraat',
      houseNumber: '7',
      box: null,
      postcode: '8500',
      municipality: 'Kortrijk',
    };
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        testApp.container.services.establishments.add(principal, {
          ...address,
          street: index % 2 === 0 ? address.street : 'molenstraat ',
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === 'added')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'same-address')).toHaveLength(3);
    const rows = await db()('establishments').where({ provider_id: providerId, postcode: '8500' });
    expect(rows).toHaveLength(1);
    expect(
      await db()('audit_log').where({ action: 'establishment.create', entity_id: String(rows[0].id) }),
    ).toHaveLength(1);
  });

  it('is unique in the database itself, whatever writes it', async () => {
    const providerId = await providerIdOf(DEMO_SECOND_PROVIDER.enterpriseNumber);
    const row = {
      provider_id: providerId,
      street: 'Stationsplein',
      house_number: '1',
      box: null,
      postcode: '3000',
      municipality: 'Leuven',
    };
    await db()('establishments').insert(row);
    await expect(
      db()('establishments').insert({ ...row, street: 'STATIONSPLEIN  ', house_number: ' 1' }),
    ).rejects.toMatchObject({ code: '23505', constraint: 'establishments_provider_address_key' });
  });
});
