import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER } from '../../../seeds/demo.js';
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

const path = '/dienstverlener/gegevens';

/** The demo provider's data as the form shows it (seeds/demo.ts). */
const current = {
  street: 'Kunstlaan',
  houseNumber: '56',
  box: '',
  postcode: '1000',
  municipality: 'Brussel',
  contactName: 'Katrien Wouters',
  contactEmail: 'info@dienstverlener-kmo.test',
  contactPhone: '+32 2 123 45 67',
  iban: 'BE71 0961 2345 6769',
  bic: 'GKCCBEBB',
};

async function headOffice(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const response = await signInAsProvider(agent, DEMO_PROVIDER.login, DEMO_PROVIDER.password);
  expect(response.status).toBe(303);
  return agent;
}

async function submit(agent: Agent, body: Record<string, string>) {
  const token = await csrfTokenOf(agent, path);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

async function organisation() {
  return testApp.database
    .db('provider_organisations')
    .where({ enterprise_number: DEMO_PROVIDER.enterpriseNumber })
    .first();
}

async function auditCount(): Promise<number> {
  const [row] = await testApp.database.db('audit_log').count<{ count: string }[]>({ count: '*' });
  return Number(row?.count);
}

/** Puts the demo provider's data back as seeded, so every test starts from `current`. */
async function restore() {
  await testApp.database
    .db('provider_organisations')
    .where({ enterprise_number: DEMO_PROVIDER.enterpriseNumber })
    .update({
      street: 'Kunstlaan',
      house_number: '56',
      box: null,
      postcode: '1000',
      municipality: 'Brussel',
      contact_name: 'Katrien Wouters',
      contact_email: 'info@dienstverlener-kmo.test',
      contact_phone: '+32 2 123 45 67',
      iban: 'BE71096123456769',
      bic: 'GKCCBEBB',
    });
}

describe('the company data page', () => {
  it('shows legal name and enterprise number, not editable, and the form with the current data', async () => {
    await restore();
    const agent = await headOffice();
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('<dt class="summary-list__key">Maatschappelijke naam</dt>');
    expect(page.text).toContain(DEMO_PROVIDER.legalName);
    expect(page.text).toContain('0123.456.749');
    expect(page.text).not.toContain('name="legalName"');
    expect(page.text).not.toContain('name="enterpriseNumber"');
    for (const [name, value] of Object.entries(current)) {
      expect(page.text).toMatch(
        new RegExp(`name="${name}" type="[a-z]+" value="${value.replace(/\+/g, '\\+')}"`),
      );
    }
  });

  it('is on the head office menu and in its navigation', async () => {
    const agent = await headOffice();
    const menu = await agent.get('/dienstverlener').expect(200);
    expect(menu.text).toContain(
      `<a class="card__link" href="${path}">Gegevens van de organisatie wijzigen</a>`,
    );
    expect(menu.text).toContain(`href="${path}">Gegevens</a>`);
  });
});

describe('changing the company data', () => {
  it('saves the changed fields and writes one audit row with only their old and new values', async () => {
    await restore();
    const agent = await headOffice();
    const before = await auditCount();
    const response = await submit(agent, {
      ...current,
      street: 'Wetstraat',
      box: '4',
      contactPhone: '02 987 65 43',
      iban: 'be68 5390 0754 7034',
      bic: 'gkcc bebb',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(path);

    expect(await organisation()).toMatchObject({
      street: 'Wetstraat',
      house_number: '56',
      box: '4',
      contact_phone: '02 987 65 43',
      iban: 'BE68539007547034',
      bic: 'GKCCBEBB',
      legal_name: DEMO_PROVIDER.legalName,
      enterprise_number: DEMO_PROVIDER.enterpriseNumber,
    });
    expect(await auditCount()).toBe(before + 1);
    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'provider_organisation.update', entity_type: 'provider_organisation' })
      .orderBy('id', 'desc')
      .first();
    expect(audit).toMatchObject({
      actor_type: 'provider',
      actor_label: DEMO_PROVIDER.legalName,
      entity_id: String((await organisation()).id),
    });
    expect(audit.details).toEqual({
      street: { old: 'Kunstlaan', new: 'Wetstraat' },
      box: { old: null, new: '4' },
      contactPhone: { old: '+32 2 123 45 67', new: '02 987 65 43' },
      iban: { old: 'BE71096123456769', new: 'BE68539007547034' },
    });

    const page = await agent.get(path).expect(200);
    expect(page.text).toContain(
      'De gegevens van uw organisatie zijn gewijzigd: straat, bus, telefoonnummer, IBAN.',
    );
    expect(page.text).toContain('name="iban" type="text" value="BE68 5390 0754 7034"');
  });

  it('writes nothing when nothing changed, and says so', async () => {
    await restore();
    const agent = await headOffice();
    const before = await auditCount();
    const rowBefore = await organisation();
    const response = await submit(agent, current);
    expect(response.status).toBe(303);
    expect(await auditCount()).toBe(before);
    expect(await organisation()).toEqual(rowBefore);
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain(
      'U hebt niets gewijzigd: de gegevens van uw organisatie blijven zoals ze waren.',
    );
  });

  it('accepts an account in another SEPA country without a BIC', async () => {
    await restore();
    const agent = await headOffice();
    const response = await submit(agent, { ...current, iban: 'NL91 ABNA 0417 1643 00', bic: '' });
    expect(response.status).toBe(303);
    expect(await organisation()).toMatchObject({ iban: 'NL91ABNA0417164300', bic: '' });
    const audit = await testApp.database
      .db('audit_log')
      .where({ action: 'provider_organisation.update' })
      .orderBy('id', 'desc')
      .first();
    expect(audit.details).toEqual({
      iban: { old: 'BE71096123456769', new: 'NL91ABNA0417164300' },
      bic: { old: 'GKCCBEBB', new: '' },
    });
  });

  const long = (length: number) => 'a'.repeat(length);
  it.each([
    ['street', { street: '' }, 'Vul de straat in.'],
    ['street', { street: long(101) }, 'De straat heeft hoogstens 100 tekens.'],
    ['houseNumber', { houseNumber: '' }, 'Vul het huisnummer in.'],
    ['houseNumber', { houseNumber: '12345678901' }, 'Het huisnummer heeft hoogstens 10 tekens.'],
    ['box', { box: '12345678901' }, 'Het busnummer heeft hoogstens 10 tekens.'],
    ['postcode', { postcode: '' }, 'Vul de postcode in.'],
    ['postcode', { postcode: '999' }, 'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.'],
    ['municipality', { municipality: '' }, 'Vul de gemeente in.'],
    ['municipality', { municipality: long(101) }, 'De gemeente heeft hoogstens 100 tekens.'],
    ['contactName', { contactName: '' }, 'Vul de naam van de contactpersoon in.'],
    ['contactName', { contactName: long(101) }, 'De naam van de contactpersoon heeft hoogstens 100 tekens.'],
    ['contactEmail', { contactEmail: '' }, 'Vul het e-mailadres van de contactpersoon in.'],
    [
      'contactEmail',
      { contactEmail: 'info.dienstverlener' },
      'Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.',
    ],
    ['contactEmail', { contactEmail: `${long(250)}@x.be` }, 'Een e-mailadres heeft hoogstens 254 tekens.'],
    ['contactPhone', { contactPhone: '' }, 'Vul het telefoonnummer in.'],
    [
      'contactPhone',
      { contactPhone: 'bel ons' },
      'Vul een geldig telefoonnummer in, bijvoorbeeld +32 2 123 45 67.',
    ],
    [
      'contactPhone',
      { contactPhone: '123 45' },
      'Vul een geldig telefoonnummer in, bijvoorbeeld +32 2 123 45 67.',
    ],
    ['iban', { iban: '' }, 'Vul het rekeningnummer (IBAN) in.'],
    [
      'iban',
      { iban: 'BE68 5390 0754 7035' },
      'Vul een geldig IBAN-rekeningnummer van een SEPA-land in, bijvoorbeeld BE71 0961 2345 6769.',
    ],
    [
      'iban',
      { iban: 'BR97 0036 0305 0000 1000 9795 493P 1' },
      'Vul een geldig IBAN-rekeningnummer van een SEPA-land in, bijvoorbeeld BE71 0961 2345 6769.',
    ],
    ['bic', { bic: 'GKCC' }, 'Vul een geldige BIC in: 8 of 11 letters en cijfers, bijvoorbeeld GKCCBEBB.'],
    ['bic', { bic: '' }, 'Vul de BIC in. Bij een Belgisch rekeningnummer is die verplicht.'],
    [
      'bic',
      { bic: 'ABNANL2A' },
      'Deze BIC hoort niet bij een Belgische bank: de vijfde en zesde letter zijn BE.',
    ],
  ] as const)(
    'refuses %s %j with its message, keeps the input and writes nothing',
    async (field, change, message) => {
      await restore();
      const agent = await headOffice();
      const before = await auditCount();
      const rowBefore = await organisation();
      const body = { ...current, street: 'Wetstraat', ...change };
      const response = await submit(agent, body);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(path);
      expect(await auditCount()).toBe(before);
      expect(await organisation()).toEqual(rowBefore);

      const page = await agent.get(path).expect(200);
      expectFieldError(page.text, field, message, 'Gegevens van de organisatie');
      // The user's input is kept, not the stored data (Wetstraat was never saved).
      if (field !== 'street') expect(page.text).toContain('name="street" type="text" value="Wetstraat"');
      const posted = body[field];
      if (posted.length <= 100)
        expect(page.text).toMatch(
          new RegExp(`name="${field}" type="[a-z]+" value="${posted.replace(/\+/g, '\\+')}"`),
        );
    },
  );

  it('refuses a post without a CSRF token', async () => {
    await restore();
    const agent = await headOffice();
    const before = await auditCount();
    const rowBefore = await organisation();
    const response = await agent
      .post(path)
      .type('form')
      .send({ ...current, street: 'Wetstraat' })
      .expect(403);
    expect(response.text).toContain('Dit formulier is verlopen of werd niet vanop deze website verstuurd');
    expect(await auditCount()).toBe(before);
    expect(await organisation()).toEqual(rowBefore);
  });
});

describe('a department user', () => {
  it('cannot see or change the company data (403) and has no menu card for it', async () => {
    await restore();
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'department-user');
    const menu = await agent.get('/dienstverlener').expect(200);
    expect(menu.text).not.toContain('Gegevens van de organisatie wijzigen');
    expect(menu.text).not.toContain(`href="${path}"`);

    const page = await agent.get(path).expect(403);
    expect(page.text).toContain('Alleen de maatschappelijke zetel kan dit.');
    const before = await auditCount();
    const rowBefore = await organisation();
    const token = await csrfTokenOf(agent, '/dienstverlener');
    await agent
      .post(path)
      .type('form')
      .send({ _csrf: token, ...current, street: 'Wetstraat' })
      .expect(403);
    expect(await auditCount()).toBe(before);
    expect(await organisation()).toEqual(rowBefore);
  });
});
