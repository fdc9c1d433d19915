import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER, DEMO_SECOND_PROVIDER } from '../../../seeds/demo.js';
import { createApiToken } from '../../support/api.js';
import request from 'supertest';
import { clockOnDay } from '../../../src/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { bodyRowsOf, expectFieldError, flashTextsOf, inputValueOf } from '../../support/html.js';
import { signInAs } from '../../support/saml.js';
import {
  csrfTokenOf,
  demoAgent,
  devPerson,
  newAgent,
  signInAsProvider,
  type Agent,
} from '../../support/session.js';

/** Issue 23: the head office's personal access tokens at /dienstverlener/api-toegang. */
let testApp: TestApp;
let headOffice: Agent;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  headOffice = await demoAgent(testApp, 'head office');
});
afterAll(async () => {
  await testApp.close();
});

const PAGE = '/dienstverlener/api-toegang';
const db = () => testApp.database.db;

async function post(agent: Agent, path: string, body: Record<string, string>) {
  const csrf = await csrfTokenOf(agent, PAGE);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: csrf, ...body });
}

async function tokenRow(name: string) {
  return db()('api_tokens').where({ name }).first();
}

async function departmentId(name: string): Promise<number> {
  const row = await db()('departments').where({ name }).first<{ id: number }>('id');
  return row.id;
}

describe('creating a token', () => {
  it('offers the form with "Alle departementen" and an expiry one year from today, and a menu link', async () => {
    const menu = await headOffice.get('/dienstverlener').expect(200);
    expect(menu.text).toContain(`href="${PAGE}"`);
    const page = await headOffice.get(PAGE).expect(200);
    expect(page.text).toContain('<h1>API-toegang</h1>');
    expect(page.text).toMatch(/<option value="" selected>Alle departementen<\/option>/);
    expect(page.text).toContain('>Departement Opleidingen</option>');
    // The test clock's today is 18/11/2026.
    expect(inputValueOf(page.text, 'expiresOn')).toBe('18/11/2027');
    expect(page.text).toContain('U hebt nog geen tokens.');
  });

  it('shows the token once, stores only its hash, and writes an audit row without it', async () => {
    const { token, html } = await createApiToken(headOffice, { name: 'Facturatie', expiresOn: '31/12/2026' });
    expect(token).toMatch(/^kmo_[A-Za-z0-9_-]{43}$/);
    expect(html).toContain('U ziet het maar één keer');
    expect(html).toMatch(/<input[^>]*id="token"[^>]*readonly[^>]*>/);

    const row = await tokenRow('Facturatie');
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // Nothing in the row holds the token or its random part.
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(row.expires_on).toBe('2026-12-31');
    expect(row.department_id).toBeNull();

    const audit = await db()('audit_log')
      .where({ action: 'api_token.created', entity_id: String(row.id) })
      .first();
    expect(audit.actor_label).toBe(DEMO_PROVIDER.legalName);
    expect(audit.details).toEqual({ name: 'Facturatie', departmentId: null, expiresOn: '2026-12-31' });
    expect(JSON.stringify(audit)).not.toContain(token.slice(4));

    // Never again: the list shows its name and state, not the token.
    const list = await headOffice.get(PAGE).expect(200);
    expect(list.text).not.toContain(token);
    const line = bodyRowsOf(list.text).find((text) => text.startsWith('Facturatie'));
    expect(line).toContain('Alle departementen');
    expect(line).toContain('31/12/2026');
    expect(line).toContain('Nog niet gebruikt');
    expect(line).toContain('Actief');
  });

  it('shows when a token was last used, and an expired token as Verlopen, refused by the API', async () => {
    const { token } = await createApiToken(headOffice, { name: 'Kort leven', expiresOn: '20/11/2026' });
    const called = await request(testApp.app)
      .get('/api/v1/registrations')
      .set('Authorization', `Bearer ${token}`);
    expect(called.status).toBe(200);
    const used = bodyRowsOf((await headOffice.get(PAGE).expect(200)).text).find((text) =>
      text.startsWith('Kort leven'),
    );
    // The call was just now: the list no longer says the token is unused.
    expect(used).not.toContain('Nog niet gebruikt');
    expect(used).toContain('Actief');

    // Three days later the same token has expired: the list says so, and the API refuses it.
    const later = await createTestApp({ shareDatabaseWith: testApp, clock: clockOnDay('2026-11-21') });
    try {
      const agent = await demoAgent(later, 'head office');
      const page = await agent.get(PAGE).expect(200);
      const expired = bodyRowsOf(page.text).find((text) => text.startsWith('Kort leven'));
      expect(expired).toContain('Verlopen');
      expect(expired).not.toContain('Actief');
      const refused = await request(later.app)
        .get('/api/v1/registrations')
        .set('Authorization', `Bearer ${token}`);
      expect(refused.status).toBe(401);

      // An expired token gives no access any more: nothing to revoke. The list offers no link, the
      // confirmation page says why instead of asking, and a revocation posted anyway changes nothing.
      const row = await tokenRow('Kort leven');
      const revokePath = `${PAGE}/${row.id}/intrekken`;
      expect(page.text).not.toContain(`href="${revokePath}"`);
      const confirm = await agent.get(revokePath).expect(200);
      expect(confirm.text).toContain('<h1>Token Kort leven</h1>');
      expect(confirm.text).toContain('Dit token is verlopen op 20/11/2026');
      expect(confirm.text).not.toContain('Token intrekken</button>');
      const posted = await post(agent, revokePath, {});
      expect(posted.status).toBe(303);
      const after = await agent.get(PAGE).expect(200);
      expect(flashTextsOf(after.text).join(' ')).toContain('Dit token is verlopen');
      expect((await tokenRow('Kort leven')).revoked_at).toBeNull();
      const audits = await db()('audit_log').where({
        action: 'api_token.revoked',
        entity_id: String(row.id),
      });
      expect(audits).toHaveLength(0);
    } finally {
      await later.close();
    }
  });

  it("scopes a token to one of the provider's departments", async () => {
    const id = await departmentId(DEMO_PROVIDER.trainingDepartmentName);
    await createApiToken(headOffice, { name: 'CRM opleidingen', departmentId: String(id) });
    expect((await tokenRow('CRM opleidingen')).department_id).toBe(id);
    const list = await headOffice.get(PAGE).expect(200);
    expect(bodyRowsOf(list.text).find((text) => text.startsWith('CRM opleidingen'))).toContain(
      'Departement Departement Opleidingen',
    );
  });

  it.each([
    ['an empty name', { name: '  ' }, 'name', 'Vul een naam in voor het token.'],
    ['a name of 101 characters', { name: 'x'.repeat(101) }, 'name', 'De naam heeft hoogstens 100 tekens.'],
    [
      'a name in use by an active token',
      { name: 'facturatie' },
      'name',
      'U hebt al een actief token met deze naam. Kies een andere naam.',
    ],
    [
      "another provider's department",
      { departmentId: 'OTHER' },
      'departmentId',
      'Kies een departement uit de lijst, of "Alle departementen".',
    ],
    [
      'no department id',
      { departmentId: 'abc' },
      'departmentId',
      'Kies een departement uit de lijst, of "Alle departementen".',
    ],
    ['no expiry date', { expiresOn: '' }, 'expiresOn', 'Vul de vervaldatum in.'],
    [
      'an impossible date',
      { expiresOn: '31/02/2027' },
      'expiresOn',
      'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2027.',
    ],
    ['today', { expiresOn: '18/11/2026' }, 'expiresOn', 'Kies een vervaldatum na vandaag.'],
    [
      'more than a year ahead',
      { expiresOn: '19/11/2027' },
      'expiresOn',
      'Een token is hoogstens één jaar geldig. Kies een vervaldatum tot en met één jaar na vandaag.',
    ],
  ])('refuses %s beside the field, keeps the input, saves nothing', async (_case, change, field, message) => {
    const before = await db()('api_tokens').count<{ count: string }[]>('* as count');
    const form: Record<string, string> = {
      name: 'Nieuw token',
      departmentId: '',
      expiresOn: '01/06/2027',
      ...change,
    };
    if (form.departmentId === 'OTHER') {
      const other = await db()('departments as d')
        .join('provider_organisations as p', 'p.id', 'd.provider_id')
        .whereNot('p.enterprise_number', DEMO_PROVIDER.enterpriseNumber)
        .first<{ id: number } | undefined>('d.id');
      // The second demo provider has no department: one is added for it here.
      const id =
        other?.id ??
        (
          await db()('departments')
            .insert({
              provider_id: (
                await db()('provider_organisations')
                  .where({ enterprise_number: DEMO_SECOND_PROVIDER.enterpriseNumber })
                  .first('id')
              ).id,
              name: 'Afdeling Kortrijk',
              contact_email: 'kortrijk@leiestreek-opleidingen.test',
            })
            .returning('id')
        )[0].id;
      form.departmentId = String(id);
    }
    const response = await post(headOffice, PAGE, form);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(PAGE);
    const page = await headOffice.get(PAGE).expect(200);
    expectFieldError(page.text, field, message);
    if (field !== 'name') expect(inputValueOf(page.text, 'name')).toBe(form.name);
    if (field !== 'expiresOn') expect(inputValueOf(page.text, 'expiresOn')).toBe(form.expiresOn);
    expect(await db()('api_tokens').count<{ count: string }[]>('* as count')).toEqual(before);
  });

  it('lets the local administrator (head office through SAML) create a token', async () => {
    const agent = newAgent(testApp.app);
    await signInAs(agent, testApp.container, devPerson('provider-administrator'));
    await createApiToken(agent, { name: 'Door de lokale beheerder' });
    expect((await tokenRow('Door de lokale beheerder')).created_by).toContain('lokale beheerder');
  });
});

describe('who may', () => {
  it.each(['department user', 'entrepreneur', 'agency staff'] as const)(
    'refuses the %s with 403',
    async (role) => {
      const agent = await demoAgent(testApp, role);
      expect((await agent.get(PAGE)).status).toBe(403);
      const csrf = await csrfTokenOf(agent, '/');
      const created = await agent
        .post(PAGE)
        .type('form')
        .send({ _csrf: csrf, name: 'Niet toegestaan', departmentId: '', expiresOn: '01/06/2027' });
      expect(created.status).toBe(403);
      expect(await tokenRow('Niet toegestaan')).toBeUndefined();
    },
  );

  it('refuses a post without the CSRF token with 403 and creates nothing', async () => {
    const response = await headOffice
      .post(PAGE)
      .type('form')
      .send({ name: 'Zonder CSRF', departmentId: '', expiresOn: '01/06/2027' });
    expect(response.status).toBe(403);
    expect(await tokenRow('Zonder CSRF')).toBeUndefined();
  });

  it("answers 404 to another provider's token, on the confirmation and on the revocation", async () => {
    const other = newAgent(testApp.app);
    expect(
      (await signInAsProvider(other, DEMO_SECOND_PROVIDER.login, DEMO_SECOND_PROVIDER.password)).status,
    ).toBe(303);
    await createApiToken(other, { name: 'Leiestreek' });
    const row = await tokenRow('Leiestreek');
    expect((await headOffice.get(`${PAGE}/${row.id}/intrekken`)).status).toBe(404);
    expect((await post(headOffice, `${PAGE}/${row.id}/intrekken`, {})).status).toBe(404);
    expect((await tokenRow('Leiestreek')).revoked_at).toBeNull();
    // Nor does the list show it.
    expect((await headOffice.get(PAGE)).text).not.toContain('Leiestreek');
  });
});

describe('revoking a token', () => {
  it('asks for confirmation, revokes once with an audit row, and refuses the second click', async () => {
    await createApiToken(headOffice, { name: 'Te intrekken' });
    const row = await tokenRow('Te intrekken');
    const revokePath = `${PAGE}/${row.id}/intrekken`;
    const list = await headOffice.get(PAGE).expect(200);
    expect(list.text).toContain(`href="${revokePath}"`);
    const confirm = await headOffice.get(revokePath).expect(200);
    expect(confirm.text).toContain('<h1>Token Te intrekken intrekken</h1>');
    expect(confirm.text).toContain('Token intrekken</button>');

    const first = await post(headOffice, revokePath, {});
    expect(first.status).toBe(303);
    const after = await headOffice.get(PAGE).expect(200);
    expect(flashTextsOf(after.text).join(' ')).toContain('Het token Te intrekken is ingetrokken.');
    expect(bodyRowsOf(after.text).find((text) => text.startsWith('Te intrekken'))).toContain('Ingetrokken');
    expect((await tokenRow('Te intrekken')).revoked_at).not.toBeNull();

    const second = await post(headOffice, revokePath, {});
    expect(second.status).toBe(303);
    const refused = await headOffice.get(PAGE).expect(200);
    expect(flashTextsOf(refused.text).join(' ')).toContain('Dit token is al ingetrokken.');
    const audits = await db()('audit_log').where({ action: 'api_token.revoked', entity_id: String(row.id) });
    expect(audits).toHaveLength(1);
    expect(audits[0].details).toEqual({ name: 'Te intrekken' });

    // A revoked token's name may be used again.
    await createApiToken(headOffice, { name: 'Te intrekken' });
  });

  it('refuses a revocation without the CSRF token', async () => {
    await createApiToken(headOffice, { name: 'Blijft actief' });
    const row = await tokenRow('Blijft actief');
    expect((await headOffice.post(`${PAGE}/${row.id}/intrekken`).type('form').send({})).status).toBe(403);
    expect((await tokenRow('Blijft actief')).revoked_at).toBeNull();
  });
});
