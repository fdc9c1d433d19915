import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/auth/password.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  headingOf,
  inputValueOf,
  labelOf,
  textOf,
  titleOf,
} from '../../support/html.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';

const DEMO_LOGIN = '0123456749';
const DEMO_PASSWORD = 'kmo-demo-2026';
const GOOD_PASSWORD = 'fietsen langs de Leie in mei';
const PAGE = '/dienstverlener/login-wijzigen';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

async function signedInHeadOffice(login = DEMO_LOGIN, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const response = await signInAsProvider(agent, login, password);
  expect(response.headers.location).toBe('/dienstverlener');
  return agent;
}

interface ChangeForm {
  newLogin: string;
  oldPassword: string;
  newPassword: string;
  newPasswordRepeated: string;
}

async function submitChange(agent: Agent, form: ChangeForm) {
  const token = await csrfTokenOf(agent, PAGE);
  return agent
    .post(PAGE)
    .type('form')
    .send({ _csrf: token, ...form });
}

function demoAccount() {
  return testApp.database
    .db('provider_accounts as a')
    .join('provider_organisations as p', 'p.id', 'a.provider_id')
    .where('p.enterprise_number', DEMO_LOGIN)
    .first<{ login: string; password_hash: string; must_change_password: boolean }>(
      'a.login',
      'a.password_hash',
      'a.must_change_password',
    );
}

/** The login changes recorded for the demo provider's account. */
async function auditRows() {
  const account = await testApp.database
    .db('provider_accounts as a')
    .join('provider_organisations as p', 'p.id', 'a.provider_id')
    .where('p.enterprise_number', DEMO_LOGIN)
    .first<{ id: number }>('a.id');
  return testApp.database
    .db('audit_log')
    .where({
      action: 'provider_account.change_login',
      entity_type: 'provider_account',
      entity_id: String(account?.id),
    })
    .orderBy('id')
    .select('actor_type', 'actor_label', 'entity_type', 'details');
}

describe('login change at /dienstverlener/login-wijzigen', () => {
  it('shows the current login and marks the login and the current password required', async () => {
    const agent = await signedInHeadOffice();
    const page = await agent.get(PAGE).expect(200);
    expect(headingOf(page.text)).toBe('Login en wachtwoord wijzigen');
    expect(textOf(page.text)).toContain('Huidige login 0123456749');
    expect(textOf(page.text)).toContain('Velden met "(verplicht)" moet u invullen.');
    expect(labelOf(page.text, 'newLogin')).toBe('Nieuwe login (verplicht)');
    expect(labelOf(page.text, 'oldPassword')).toBe('Huidig wachtwoord (verplicht)');
    // Only a new login, both password fields left empty, keeps the password.
    expect(labelOf(page.text, 'newPassword')).toBe('Nieuw wachtwoord');
    expect(labelOf(page.text, 'newPasswordRepeated')).toBe('Nieuw wachtwoord (herhaal)');
    expect(textOf(page.text)).toContain('Laat beide wachtwoordvelden leeg als u enkel uw login wijzigt.');
    expect(inputValueOf(page.text, 'newLogin')).toBe('0123456749');
    for (const name of ['oldPassword', 'newPassword', 'newPasswordRepeated']) {
      expect(page.text).toMatch(new RegExp(`<input[^>]*name="${name}"[^>]*type="password"[^>]*value=""`));
    }
  });

  const refusals: { name: string; form: ChangeForm; errors: { field: string; message: string }[] }[] = [
    {
      name: 'a wrong old password',
      form: {
        newLogin: 'kmo-dienstverlener',
        oldPassword: 'niet-mijn-wachtwoord',
        newPassword: GOOD_PASSWORD,
        newPasswordRepeated: GOOD_PASSWORD,
      },
      errors: [{ field: 'oldPassword', message: 'Uw huidige wachtwoord is niet juist.' }],
    },
    {
      name: 'new passwords that differ',
      form: {
        newLogin: 'kmo-dienstverlener',
        oldPassword: DEMO_PASSWORD,
        newPassword: GOOD_PASSWORD,
        newPasswordRepeated: 'fietsen langs de Leie in juni',
      },
      errors: [{ field: 'newPasswordRepeated', message: 'De twee nieuwe wachtwoorden zijn niet gelijk.' }],
    },
    {
      name: 'a new password shorter than 12 characters',
      form: {
        newLogin: 'kmo-dienstverlener',
        oldPassword: DEMO_PASSWORD,
        newPassword: 'Leie-fiets!',
        newPasswordRepeated: 'Leie-fiets!',
      },
      errors: [{ field: 'newPassword', message: 'Kies een wachtwoord van minstens 12 tekens.' }],
    },
    {
      name: 'a new password that contains the login',
      form: {
        newLogin: 'kmo-dienstverlener',
        oldPassword: DEMO_PASSWORD,
        newPassword: 'Zomer-KMO-Dienstverlener-77',
        newPasswordRepeated: 'Zomer-KMO-Dienstverlener-77',
      },
      errors: [{ field: 'newPassword', message: 'Uw wachtwoord mag uw login niet bevatten.' }],
    },
    {
      name: 'a new password that contains the enterprise number typed with dots',
      form: {
        newLogin: '0123456749',
        oldPassword: DEMO_PASSWORD,
        newPassword: 'fiets 0123.456.749 Leie',
        newPasswordRepeated: 'fiets 0123.456.749 Leie',
      },
      errors: [{ field: 'newPassword', message: 'Uw wachtwoord mag uw login niet bevatten.' }],
    },
    {
      name: 'a common password',
      form: {
        newLogin: 'kmo-dienstverlener',
        oldPassword: DEMO_PASSWORD,
        newPassword: 'password1234',
        newPasswordRepeated: 'password1234',
      },
      errors: [
        {
          field: 'newPassword',
          message:
            'Dit wachtwoord is te gemakkelijk te raden. Kies een langere zin of een combinatie van woorden die niet voor de hand ligt.',
        },
      ],
    },
    {
      name: 'the login of the second demo provider (its enterprise number)',
      form: {
        newLogin: '0456.789.034',
        oldPassword: DEMO_PASSWORD,
        newPassword: GOOD_PASSWORD,
        newPasswordRepeated: GOOD_PASSWORD,
      },
      errors: [
        {
          field: 'newLogin',
          message:
            'Een ondernemingsnummer kan enkel de login zijn van de organisatie zelf. Kies een andere login.',
        },
      ],
    },
    {
      name: 'a malformed login',
      form: {
        newLogin: 'kmo dienst!',
        oldPassword: DEMO_PASSWORD,
        newPassword: GOOD_PASSWORD,
        newPasswordRepeated: GOOD_PASSWORD,
      },
      errors: [
        {
          field: 'newLogin',
          message:
            'Een login heeft 6 tot 64 tekens: letters, cijfers, punt, koppelteken, liggend streepje of @, en begint met een letter of cijfer.',
        },
      ],
    },
    {
      name: 'a login longer than any login can be (300 characters)',
      form: {
        newLogin: 'a'.repeat(300),
        oldPassword: DEMO_PASSWORD,
        newPassword: GOOD_PASSWORD,
        newPasswordRepeated: GOOD_PASSWORD,
      },
      errors: [
        {
          field: 'newLogin',
          message:
            'Een login heeft 6 tot 64 tekens: letters, cijfers, punt, koppelteken, liggend streepje of @, en begint met een letter of cijfer.',
        },
      ],
    },
    {
      name: 'the same login with both password fields empty (nothing to change)',
      form: { newLogin: DEMO_LOGIN, oldPassword: DEMO_PASSWORD, newPassword: '', newPasswordRepeated: '' },
      errors: [
        { field: 'newPassword', message: 'Vul een nieuw wachtwoord in.' },
        { field: 'newPasswordRepeated', message: 'Herhaal uw nieuwe wachtwoord.' },
      ],
    },
    {
      name: 'empty fields',
      form: { newLogin: ' ', oldPassword: '', newPassword: '', newPasswordRepeated: '' },
      errors: [
        { field: 'newLogin', message: 'Vul uw nieuwe login in.' },
        { field: 'oldPassword', message: 'Vul uw huidige wachtwoord in.' },
        { field: 'newPassword', message: 'Vul een nieuw wachtwoord in.' },
        { field: 'newPasswordRepeated', message: 'Herhaal uw nieuwe wachtwoord.' },
      ],
    },
  ];

  it.each(refusals)(
    'refuses $name, beside the field and in the summary, keeping the new login',
    async (refusal) => {
      const before = await demoAccount();
      const agent = await signedInHeadOffice();
      const response = await submitChange(agent, refusal.form);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(PAGE);

      const page = (await agent.get(PAGE).expect(200)).text;
      expect(titleOf(page)).toBe('Fout: Login en wachtwoord wijzigen – kmo-portefeuille');
      expect(errorSummaryOf(page)).toEqual(refusal.errors);
      for (const { field, message } of refusal.errors) expect(fieldErrorOf(page, field)).toBe(message);
      for (const field of ['newLogin', 'oldPassword', 'newPassword', 'newPasswordRepeated']) {
        if (!refusal.errors.some((error) => error.field === field))
          expect(fieldErrorOf(page, field)).toBeUndefined();
      }
      // The new login comes back as typed; no password ever does.
      expect(inputValueOf(page, 'newLogin')).toBe(refusal.form.newLogin);
      for (const name of ['oldPassword', 'newPassword', 'newPasswordRepeated'] as const) {
        expect(inputValueOf(page, name)).toBe('');
        if (refusal.form[name] !== '') expect(page).not.toContain(refusal.form[name]);
      }
      expect(textOf(page)).toContain('Huidige login 0123456749');

      expect(await demoAccount()).toEqual(before);
      expect(await auditRows()).toEqual([]);
    },
  );

  it('refuses a login another provider chose', async () => {
    // The second provider chooses a login of its own, through the same page.
    const second = await signedInHeadOffice('0456789034', 'kmo-demo-2026');
    const chosen = await submitChange(second, {
      newLogin: 'leiestreek-opleidingen',
      oldPassword: 'kmo-demo-2026',
      newPassword: 'heftruck en ADR in Kortrijk',
      newPasswordRepeated: 'heftruck en ADR in Kortrijk',
    });
    expect(chosen.headers.location).toBe('/dienstverlener');

    const before = await demoAccount();
    const agent = await signedInHeadOffice();
    await submitChange(agent, {
      newLogin: 'Leiestreek-Opleidingen',
      oldPassword: DEMO_PASSWORD,
      newPassword: GOOD_PASSWORD,
      newPasswordRepeated: GOOD_PASSWORD,
    });
    const page = (await agent.get(PAGE).expect(200)).text;
    expect(errorSummaryOf(page)).toEqual([
      { field: 'newLogin', message: 'Deze login is al in gebruik. Kies een andere.' },
    ]);
    expect(fieldErrorOf(page, 'newLogin')).toBe('Deze login is al in gebruik. Kies een andere.');
    expect(inputValueOf(page, 'newLogin')).toBe('Leiestreek-Opleidingen');
    expect(await demoAccount()).toEqual(before);
    expect(await auditRows()).toEqual([]);
  });

  it('refuses the page to a department user (SAML)', async () => {
    const before = await demoAccount();
    const agent = newAgent(testApp.app);
    await signInWithSaml(agent, testApp.container, 'department-user');
    const menu = await agent.get('/dienstverlener').expect(200);
    expect(textOf(menu.text)).not.toContain('Login en wachtwoord wijzigen');

    const page = await agent.get(PAGE).expect(403);
    expect(headingOf(page.text)).toBe('Geen toegang');
    expect(textOf(page.text)).toContain('Alleen de maatschappelijke zetel kan dit.');
    expect(page.text).not.toContain('name="oldPassword"');

    const posted = await agent
      .post(PAGE)
      .type('form')
      .send({
        _csrf: csrfTokenIn(menu.text),
        newLogin: 'overgenomen-login',
        oldPassword: DEMO_PASSWORD,
        newPassword: GOOD_PASSWORD,
        newPasswordRepeated: GOOD_PASSWORD,
      });
    expect(posted.status).toBe(403);
    expect(await demoAccount()).toEqual(before);
  });

  it('changes login and password together, with an audit row', async () => {
    const before = await demoAccount();
    const agent = await signedInHeadOffice();
    const response = await submitChange(agent, {
      newLogin: 'KMO-Dienstverlener',
      oldPassword: DEMO_PASSWORD,
      newPassword: GOOD_PASSWORD,
      newPasswordRepeated: GOOD_PASSWORD,
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/dienstverlener');
    const menu = await agent.get('/dienstverlener').expect(200);
    expect(flashTextsOf(menu.text)).toEqual([
      'Gelukt: Uw login en wachtwoord zijn gewijzigd. Uw login is nu kmo-dienstverlener.',
    ]);
    expect(textOf((await agent.get(PAGE).expect(200)).text)).toContain('Huidige login kmo-dienstverlener');

    const after = await demoAccount();
    expect(after?.login).toBe('kmo-dienstverlener');
    expect(after?.password_hash).toMatch(/^\$argon2id\$/);
    expect(after?.password_hash).not.toBe(before?.password_hash);
    expect(after?.password_hash).not.toContain(GOOD_PASSWORD);
    expect(await auditRows()).toEqual([
      {
        actor_type: 'provider',
        actor_label: 'Dienstverlener kmo-portefeuille',
        entity_type: 'provider_account',
        details: {
          login: { old: '0123456749', new: 'kmo-dienstverlener' },
          password: 'gewijzigd',
          // The sessions of the earlier tests' agents, signed in as this account.
          endedSessions: expect.any(Number) as number,
        },
      },
    ]);

    // Sign out, then only the new combination opens the menu.
    const signOut = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfTokenIn(menu.text) });
    expect(signOut.status).toBe(303);
    await agent.get('/dienstverlener').expect(302);

    const refusedPages = [
      await signInAsProvider(newAgent(testApp.app), 'kmo-dienstverlener', DEMO_PASSWORD),
      await signInAsProvider(newAgent(testApp.app), DEMO_LOGIN, GOOD_PASSWORD),
      await signInAsProvider(newAgent(testApp.app), DEMO_LOGIN, DEMO_PASSWORD),
    ];
    for (const refused of refusedPages) expect(refused.headers.location).toBe('/dienstverlener/login');

    const fresh = newAgent(testApp.app);
    expect((await signInAsProvider(fresh, 'KMO-dienstverlener', GOOD_PASSWORD)).headers.location).toBe(
      '/dienstverlener',
    );
    expect(textOf((await fresh.get('/dienstverlener').expect(200)).text)).toContain(
      'Aangemeld als Dienstverlener kmo-portefeuille',
    );
  });
});

describe('a login change and the sessions of the account', () => {
  beforeAll(putBack);
  it('changing only the login keeps the password', async () => {
    const before = await demoAccount();
    const agent = await signedInHeadOffice();
    const response = await submitChange(agent, {
      newLogin: 'alleen-de-login',
      oldPassword: DEMO_PASSWORD,
      newPassword: '',
      newPasswordRepeated: '',
    });
    expect(response.headers.location).toBe('/dienstverlener');
    const menu = await agent.get('/dienstverlener').expect(200);
    expect(flashTextsOf(menu.text)).toEqual([
      'Gelukt: Uw login is gewijzigd. Uw login is nu alleen-de-login. Uw wachtwoord blijft hetzelfde.',
    ]);
    expect((await demoAccount())?.password_hash).toBe(before?.password_hash);
    expect(
      (await signInAsProvider(newAgent(testApp.app), 'alleen-de-login', DEMO_PASSWORD)).headers.location,
    ).toBe('/dienstverlener');
    expect((await auditRows()).at(-1)?.details).toEqual({
      login: { old: DEMO_LOGIN, new: 'alleen-de-login' },
      password: 'ongewijzigd',
      endedSessions: expect.any(Number) as number,
    });
    await putBack();
  });

  it.each([
    ['a password change', DEMO_LOGIN, GOOD_PASSWORD],
    ['a login change', 'andere-login', ''],
  ])(
    '%s ends every other session of the account and keeps this one',
    async (_name, newLogin, newPassword) => {
      const other = await signedInHeadOffice();
      const third = await signedInHeadOffice();
      // A department user of the same provider is another person: untouched.
      const department = newAgent(testApp.app);
      await signInWithSaml(department, testApp.container, 'department-user');
      await department.get('/dienstverlener').expect(200);

      const agent = await signedInHeadOffice();
      const response = await submitChange(agent, {
        newLogin,
        oldPassword: DEMO_PASSWORD,
        newPassword,
        newPasswordRepeated: newPassword,
      });
      expect(response.headers.location).toBe('/dienstverlener');
      await agent.get('/dienstverlener').expect(200);
      for (const ended of [other, third]) {
        expect((await ended.get('/dienstverlener').expect(302)).headers.location).toBe(
          '/dienstverlener/login',
        );
      }
      await department.get('/dienstverlener').expect(200);
      await putBack();
    },
  );
});

describe('a request of an ended session that is still running', () => {
  beforeAll(putBack);
  it('does not bring its session back when it ends after the password change', async () => {
    const other = await signedInHeadOffice();
    const dataPage = '/dienstverlener/gegevens';
    const token = await csrfTokenOf(other, dataPage);
    const seeded = await testApp.database
      .db('provider_organisations')
      .where({ enterprise_number: DEMO_LOGIN })
      .first<Record<string, string | null>>();
    // Hold the organisation's row, so that the other session's save of its data waits.
    const holder = await testApp.database.db.transaction();
    try {
      await holder.raw('select 1 from provider_organisations where enterprise_number = ? for no key update', [
        DEMO_LOGIN,
      ]);
      const pending = other
        .post(dataPage)
        .type('form')
        .send({
          _csrf: token,
          street: 'Wetstraat',
          houseNumber: String(seeded.house_number),
          box: '',
          postcode: String(seeded.postcode),
          municipality: String(seeded.municipality),
          contactName: String(seeded.contact_name),
          contactEmail: String(seeded.contact_email),
          contactPhone: String(seeded.contact_phone),
          iban: String(seeded.iban),
          bic: String(seeded.bic ?? ''),
        })
        .then((response) => response);
      await until(async () => {
        const { rows } = await testApp.database.db.raw<{ rows: { waiting: number }[] }>(
          "select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock'",
        );
        return (rows[0]?.waiting ?? 0) > 0;
      });

      const agent = await signedInHeadOffice();
      const response = await submitChange(agent, {
        newLogin: DEMO_LOGIN,
        oldPassword: DEMO_PASSWORD,
        newPassword: GOOD_PASSWORD,
        newPasswordRepeated: GOOD_PASSWORD,
      });
      expect(response.headers.location).toBe('/dienstverlener');
      await holder.rollback();
      // The other session's request ends now: saved, with its flash message put in its session.
      expect((await pending).status).toBe(303);
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
    }
    expect((await other.get('/dienstverlener').expect(302)).headers.location).toBe('/dienstverlener/login');
    await testApp.database
      .db('provider_organisations')
      .where({ enterprise_number: DEMO_LOGIN })
      .update({ street: seeded.street });
    await putBack();
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the condition did not come true within 5 s');
}

/** Puts the demo account back to the demo combination, so that later tests start from it. */
async function putBack() {
  const account = await testApp.database
    .db('provider_accounts as a')
    .join('provider_organisations as p', 'p.id', 'a.provider_id')
    .where('p.enterprise_number', DEMO_LOGIN)
    .first<{ id: number }>('a.id');
  await testApp.database
    .db('provider_accounts')
    .where({ id: account.id })
    .update({ login: DEMO_LOGIN, password_hash: await hashPassword(DEMO_PASSWORD) });
}
