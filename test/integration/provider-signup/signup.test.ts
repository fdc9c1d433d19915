import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { csrfTokenOf, newAgent, signInAsProvider, type Agent } from '../../support/session.js';
import { escapeHtml, expectFieldError } from '../../support/html.js';
import { waitFor } from '../../support/wait.js';

const SIGNUP = '/dienstverlener/aanmelden';
const DONE = '/dienstverlener/aanmelden/bevestiging';

type Fields = Record<string, string | string[] | undefined>;

/** A complete, valid sign-up; each test changes what it needs. */
const valid: Fields = {
  legalName: 'Opleidingen Noord bv',
  enterpriseNumber: '0412.345.614',
  legalForm: 'bv',
  street: 'Veldstraat',
  houseNumber: '12',
  box: '',
  postcode: '9000',
  municipality: 'Gent',
  contactName: 'An De Smet',
  email: 'an@opleidingen-noord.test',
  phone: '09 123 45 67',
  iban: 'BE68 5390 0754 7034',
  bic: 'GKCCBEBB',
  expertise: ['it', 'hr'],
  presentation: 'Wij geven praktijkgerichte opleidingen over software en HR aan kmo’s in Oost-Vlaanderen.',
  notAuditBureau: 'ja',
};

/** The form body as a browser sends it: a repeated key per checked box, nothing for an unchecked one. */
function formBody(fields: Fields, csrfToken?: string): string {
  const body = new URLSearchParams();
  if (csrfToken !== undefined) body.append('_csrf', csrfToken);
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return body.toString();
}

async function postSignup(agent: Agent, fields: Fields) {
  const token = await csrfTokenOf(agent, SIGNUP);
  return agent.post(SIGNUP).type('form').send(formBody(fields, token));
}

async function counts(testApp: TestApp) {
  const db = testApp.database.db;
  const count = async (table: string, where: Record<string, unknown> = {}) =>
    Number((await db(table).where(where).count<{ count: string }[]>({ count: '*' }))[0]?.count);
  return {
    organisations: await count('provider_organisations'),
    accounts: await count('provider_accounts'),
    audit: await count('audit_log', { action: 'provider_organisation.sign_up' }),
    mails: await count('mail_outbox'),
  };
}

/** Sends what the outbox holds and waits for a background run, so the mailbox is complete. */
async function deliverMail(testApp: TestApp) {
  await testApp.container.mail.flush();
  await testApp.container.mail.idle();
}

describe('provider sign-up on an empty portal', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('shows the form without signing in, with every field of DOMAIN.md §1', async () => {
    const page = await newAgent(testApp.app).get(SIGNUP).expect(200);
    expect(page.text).toContain('<h1>Uw organisatie aanmelden als dienstverlener</h1>');
    for (const name of [
      'legalName',
      'enterpriseNumber',
      'legalForm',
      'street',
      'houseNumber',
      'box',
      'postcode',
      'municipality',
      'contactName',
      'email',
      'phone',
      'iban',
      'bic',
      'expertise',
      'presentation',
      'notAuditBureau',
    ]) {
      expect(page.text).toContain(`name="${name}"`);
    }
    expect(page.text).toContain('Wij zijn geen auditbureau');
    expect(page.text).toContain('<option value="comm.v">Commanditaire vennootschap (comm.v)</option>');
    expect(page.text.match(/name="expertise"/g)).toHaveLength(11);
    expect(page.text).toContain('<script src="/js/character-count.js" defer></script>');
    expect(page.text).not.toContain('Login vergeten</a>');
  });

  it('is linked from the home page and the login page', async () => {
    const agent = newAgent(testApp.app);
    expect((await agent.get('/').expect(200)).text).toContain(`href="${SIGNUP}"`);
    expect((await agent.get('/dienstverlener/login').expect(200)).text).toContain(`href="${SIGNUP}"`);
  });

  it('creates the organisation, its account, an audit row and one mail, and the mailed login works', async () => {
    const before = await counts(testApp);
    const agent = newAgent(testApp.app);
    const response = await postSignup(agent, valid);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(DONE);

    const after = await counts(testApp);
    expect(after).toEqual({
      organisations: before.organisations + 1,
      accounts: before.accounts + 1,
      audit: before.audit + 1,
      mails: before.mails + 1,
    });

    const db = testApp.database.db;
    const organisation = await db('provider_organisations')
      .where({ enterprise_number: '0412345614' })
      .first();
    expect(organisation).toMatchObject({
      legal_name: 'Opleidingen Noord bv',
      legal_form: 'bv',
      street: 'Veldstraat',
      house_number: '12',
      box: null,
      postcode: '9000',
      municipality: 'Gent',
      contact_name: 'An De Smet',
      contact_email: 'an@opleidingen-noord.test',
      contact_phone: '+3291234567',
      iban: 'BE68539007547034',
      bic: 'GKCCBEBB',
      expertise: ['it', 'hr'],
      is_audit_bureau: false,
    });
    const account = await db('provider_accounts').where({ provider_id: organisation.id }).first();
    expect(account).toMatchObject({ login: '0412345614', must_change_password: true });
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    const audit = await db('audit_log').where({ action: 'provider_organisation.sign_up' }).first();
    expect(audit).toMatchObject({
      actor_type: 'anonymous',
      entity_type: 'provider_organisation',
      entity_id: String(organisation.id),
    });
    expect(audit.details).toMatchObject({ enterpriseNumber: '0412345614', login: '0412345614' });
    const outbox = await db('mail_outbox').orderBy('id', 'desc').first();
    expect(outbox.to_address).toBe('an@opleidingen-noord.test');

    await deliverMail(testApp);
    const mail = testApp.mailbox
      .list()
      .find((candidate) => candidate.to.includes('an@opleidingen-noord.test'));
    if (!mail) throw new Error('the sign-up mail did not reach the development mailbox');
    expect(mail.subject).toBe('Uw login voor de kmo-portefeuille');
    expect(mail.text).toContain('Login: 0412345614');
    expect(mail.text).toContain(`${testApp.container.config.publicUrl}/dienstverlener/login`);
    expect(mail.text).toContain('eigen wachtwoord kiezen');
    const oneTimePassword = /Eenmalig wachtwoord: (\S+)/.exec(mail.text)?.[1] ?? '';
    expect(oneTimePassword).toHaveLength(16);

    const done = await agent.get(DONE).expect(200);
    expect(done.text).toContain('Uw aanmelding is ontvangen');
    expect(done.text).toContain('<strong>an@opleidingen-noord.test</strong>');
    expect(done.text).not.toContain(oneTimePassword);

    const provider = newAgent(testApp.app);
    const signIn = await signInAsProvider(provider, '0412345614', oneTimePassword);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/dienstverlener/login-wijzigen');
  });

  it('sends the confirmation page back to the form when nobody signed up in this browser', async () => {
    const response = await newAgent(testApp.app).get(DONE).expect(302);
    expect(response.headers.location).toBe(SIGNUP);
  });

  it.each([
    ['legalName', 'empty', { legalName: '  ' }, 'Vul de maatschappelijke naam in.'],
    ['enterpriseNumber', 'empty', { enterpriseNumber: '' }, 'Vul het ondernemingsnummer in.'],
    [
      'enterpriseNumber',
      'wrong check digits (mod 97)',
      { enterpriseNumber: '0123.456.789' },
      'Dit ondernemingsnummer bestaat niet: de controlecijfers kloppen niet. Controleer het nummer.',
    ],
    [
      'enterpriseNumber',
      'too short',
      { enterpriseNumber: '0123.456' },
      'Een ondernemingsnummer heeft 10 cijfers, bijvoorbeeld 0123.456.749.',
    ],
    ['legalForm', 'none chosen', { legalForm: '' }, 'Kies de rechtsvorm.'],
    ['legalForm', 'not in the list', { legalForm: 'bvba-oud' }, 'Kies de rechtsvorm.'],
    ['street', 'empty', { street: '' }, 'Vul de straat in.'],
    ['houseNumber', 'empty', { houseNumber: '' }, 'Vul het huisnummer in.'],
    [
      'postcode',
      '999',
      { postcode: '999' },
      'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.',
    ],
    [
      'postcode',
      '10000',
      { postcode: '10000' },
      'Vul een Belgische postcode in: vier cijfers, van 1000 tot 9999.',
    ],
    ['municipality', 'empty', { municipality: '' }, 'Vul de gemeente in.'],
    ['contactName', 'empty', { contactName: '' }, 'Vul de naam van de contactpersoon in.'],
    ['email', 'empty', { email: '' }, 'Vul het e-mailadres in.'],
    [
      'email',
      'no domain',
      { email: 'an@opleidingen' },
      'Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.be.',
    ],
    ['phone', 'empty', { phone: '' }, 'Vul het telefoonnummer in.'],
    [
      'phone',
      'too short',
      { phone: '12 34' },
      'Vul een geldig telefoonnummer in, bijvoorbeeld 02 123 45 67, 0470 12 34 56 of +31 20 123 4567.',
    ],
    [
      'phone',
      'too long for Belgium',
      { phone: '0470 12 34 56 78' },
      'Vul een geldig telefoonnummer in, bijvoorbeeld 02 123 45 67, 0470 12 34 56 of +31 20 123 4567.',
    ],
    ['iban', 'empty', { iban: '' }, 'Vul het IBAN-rekeningnummer in.'],
    [
      'iban',
      'wrong check digits',
      { iban: 'BE69 5390 0754 7034' },
      'Dit IBAN-rekeningnummer bestaat niet: de controlecijfers kloppen niet. Controleer het nummer.',
    ],
    [
      'iban',
      'not a SEPA country',
      { iban: 'US12 3456 7890' },
      'Vul een IBAN-rekeningnummer van een SEPA-land in: twee letters en cijfers, bijvoorbeeld BE68 5390 0754 7034.',
    ],
    [
      'iban',
      'wrong length',
      { iban: 'BE68 5390 0754 703' },
      'Een IBAN-rekeningnummer uit BE heeft 16 tekens; dit heeft er 15.',
    ],
    [
      'bic',
      'missing for a Belgian IBAN',
      { bic: '' },
      'Vul de BIC van uw Belgische rekening in, bijvoorbeeld GKCCBEBB.',
    ],
    [
      'bic',
      'wrong shape',
      { bic: 'GKCC-BE' },
      'Een BIC heeft 8 of 11 letters en cijfers, bijvoorbeeld GKCCBEBB.',
    ],
    [
      'bic',
      'not Belgian for a Belgian IBAN',
      { bic: 'ABNANL2A' },
      'Deze BIC hoort niet bij een Belgische bank. Vul de BIC van uw Belgische rekening in.',
    ],
    ['expertise', 'none chosen', { expertise: undefined }, 'Kies minstens één expertisedomein.'],
    [
      'expertise',
      'not in the list',
      { expertise: ['it', 'toverkunst'] },
      'Kies expertisedomeinen uit de lijst.',
    ],
    ['presentation', 'empty', { presentation: '' }, 'Vul een korte voorstelling van uw organisatie in.'],
    [
      'presentation',
      'missing',
      { presentation: undefined },
      'Vul een korte voorstelling van uw organisatie in.',
    ],
    [
      'presentation',
      '2001 characters',
      { presentation: 'a'.repeat(2001) },
      'De voorstelling heeft hoogstens 2000 tekens; ze heeft er nu 2001.',
    ],
    [
      'notAuditBureau',
      'unchecked',
      { notAuditBureau: undefined },
      'Een auditbureau kan zich niet aanmelden als dienstverlener. Bevestig dat uw organisatie geen auditbureau is.',
    ],
  ] satisfies [string, string, Fields, string][])(
    'refuses %s: %s, with its message, and writes nothing',
    async (field, _case, change, message) => {
      const before = await counts(testApp);
      const agent = newAgent(testApp.app);
      const response = await postSignup(agent, {
        ...valid,
        enterpriseNumber: '0811.223.371',
        ...change,
      });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(SIGNUP);
      expect(await counts(testApp)).toEqual(before);

      const page = await agent.get(SIGNUP).expect(200);
      expect(page.text).toContain('<title>Fout: ');
      expect(page.text).toContain('Er is een probleem');
      expectFieldError(page.text, field, message);
      // Only that field is wrong.
      expect(page.text.match(/class="error-message"/g)).toHaveLength(1);
      // Shown once: a reload shows the empty form again.
      expect((await agent.get(SIGNUP).expect(200)).text).not.toContain('Er is een probleem');
    },
  );

  it('keeps every input after a refusal and lists the problems in the order of the page', async () => {
    const agent = newAgent(testApp.app);
    await postSignup(agent, {
      ...valid,
      enterpriseNumber: '0123.456.789',
      legalForm: 'vzw',
      box: '3B',
      postcode: '999',
      bic: '',
      expertise: ['energie', 'strategie'],
      presentation: 'Wij <b>begeleiden</b> "kmo’s".\r\nOok in het weekend.',
      notAuditBureau: undefined,
    });
    const page = (await agent.get(SIGNUP).expect(200)).text;
    expect(page).toContain('value="Opleidingen Noord bv"');
    expect(page).toContain('value="0123.456.789"');
    expect(page).toContain('<option value="vzw" selected>');
    expect(page).toContain('value="Veldstraat"');
    expect(page).toContain('value="12"');
    expect(page).toContain('value="3B"');
    expect(page).toContain('value="999"');
    expect(page).toContain('value="Gent"');
    expect(page).toContain('value="An De Smet"');
    expect(page).toContain('value="an@opleidingen-noord.test"');
    expect(page).toContain('value="09 123 45 67"');
    expect(page).toContain('value="BE68 5390 0754 7034"');
    expect(page).toMatch(/value="energie" checked/);
    expect(page).toMatch(/value="strategie" checked/);
    expect(page).not.toMatch(/value="it" checked/);
    expect(page).toContain(
      `${escapeHtml('Wij <b>begeleiden</b> "kmo’s".')}\r\nOok in het weekend.</textarea>`,
    );
    expect(page).not.toMatch(/value="ja" checked/);

    const summary = [...page.matchAll(/<li><a href="#([A-Za-z]+)">/g)].map((match) => match[1]);
    expect(summary).toEqual(['enterpriseNumber', 'postcode', 'bic', 'notAuditBureau']);
  });

  it('accepts a presentation of exactly 2000 characters, counting a line break as one', async () => {
    const agent = newAgent(testApp.app);
    const lines = Array.from({ length: 20 }, () => 'b'.repeat(99));
    const presentation = lines.join('\r\n') + 'c'.repeat(2000 - (20 * 99 + 19));
    const response = await postSignup(agent, { ...valid, enterpriseNumber: '0555.123.476', presentation });
    expect(response.headers.location).toBe(DONE);
    const row = await testApp.database
      .db('provider_organisations')
      .where({ enterprise_number: '0555123476' })
      .first();
    expect([...row.presentation]).toHaveLength(2000);
  });

  it.each([
    ['a Dutch IBAN with its BIC', '0666.778.889', 'NL91 ABNA 0417 1643 00', 'ABNANL2A', 'NL91ABNA0417164300'],
    [
      'a German IBAN without a BIC',
      '0987.654.394',
      'DE89 3704 0044 0532 0130 00',
      '',
      'DE89370400440532013000',
    ],
  ])('accepts %s', async (_label, enterpriseNumber, iban, bic, storedIban) => {
    const agent = newAgent(testApp.app);
    const response = await postSignup(agent, {
      ...valid,
      enterpriseNumber,
      iban,
      bic,
      phone: '+31 20 123 4567',
      email: `info-${storedIban.slice(0, 2).toLowerCase()}@voorbeeld.test`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(DONE);
    const row = await testApp.database
      .db('provider_organisations')
      .where({ enterprise_number: enterpriseNumber.replace(/\./g, '') })
      .first();
    expect(row).toMatchObject({ iban: storedIban, bic, contact_phone: '+31201234567' });
  });

  it('refuses a post without the CSRF token (403) and writes nothing', async () => {
    const before = await counts(testApp);
    const agent = newAgent(testApp.app);
    await agent.get(SIGNUP).expect(200);
    const response = await agent
      .post(SIGNUP)
      .type('form')
      .send(formBody({ ...valid, enterpriseNumber: '0412.345.713' }));
    expect(response.status).toBe(403);
    expect(await counts(testApp)).toEqual(before);
  });

  it('creates one organisation when the same form is posted twice (double click)', async () => {
    const before = await counts(testApp);
    const agent = newAgent(testApp.app);
    const token = await csrfTokenOf(agent, SIGNUP);
    const body = formBody(
      { ...valid, enterpriseNumber: '0203.201.340', email: 'dubbel@voorbeeld.test' },
      token,
    );
    const responses = await Promise.all([
      agent.post(SIGNUP).type('form').send(body),
      agent.post(SIGNUP).type('form').send(body),
    ]);
    expect(responses.map((response) => response.headers.location).sort()).toEqual([SIGNUP, DONE].sort());
    expect(await counts(testApp)).toEqual({
      organisations: before.organisations + 1,
      accounts: before.accounts + 1,
      audit: before.audit + 1,
      mails: before.mails + 1,
    });

    // And once more, after the first has finished: the clear message.
    const again = await agent.post(SIGNUP).type('form').send(body);
    expect(again.headers.location).toBe(SIGNUP);
    const page = await agent.get(SIGNUP).expect(200);
    expectFieldError(
      page.text,
      'enterpriseNumber',
      "Dit ondernemingsnummer is al aangemeld. Gebruik 'Login vergeten' als u uw login kwijt bent.",
    );
    expect(await counts(testApp)).toEqual({
      organisations: before.organisations + 1,
      accounts: before.accounts + 1,
      audit: before.audit + 1,
      mails: before.mails + 1,
    });
  });

  it('answers with the same message when another sign-up commits the number first (race)', async () => {
    const db = testApp.database.db;
    const before = await counts(testApp);
    const trx = await db.transaction();
    try {
      // Another sign-up, not yet committed: invisible to the check before the insert.
      await trx('provider_organisations').insert({
        enterprise_number: '0412345713',
        legal_name: 'Eerste aanmelder',
        legal_form: 'nv',
        street: 'Meir',
        house_number: '1',
        postcode: '2000',
        municipality: 'Antwerpen',
        contact_name: 'Eerste',
        contact_email: 'eerste@voorbeeld.test',
        contact_phone: '+3231234567',
        iban: 'BE68539007547034',
        bic: 'GKCCBEBB',
        presentation: 'Eerst.',
        expertise: ['it'],
      });
      const agent = newAgent(testApp.app);
      const pending = postSignup(agent, { ...valid, enterpriseNumber: '0412.345.713' }).then((r) => r);
      // Wait until the sign-up's insert waits for our row's unique-index entry, then commit.
      await waitFor(async () => {
        const result = await db.raw<{ rows: { waiting: number }[] }>(
          "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        return (result.rows[0]?.waiting ?? 0) > 0;
      });
      await trx.commit();
      const response = await pending;
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(SIGNUP);
      const page = await agent.get(SIGNUP).expect(200);
      expectFieldError(
        page.text,
        'enterpriseNumber',
        "Dit ondernemingsnummer is al aangemeld. Gebruik 'Login vergeten' als u uw login kwijt bent.",
      );
      expect(await counts(testApp)).toEqual({ ...before, organisations: before.organisations + 1 });
    } finally {
      if (!trx.isCompleted()) await trx.rollback();
    }
  });
});

describe('provider sign-up next to the demo data', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ demo: true });
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('refuses an enterprise number that is already signed up, with a link to "Login vergeten"', async () => {
    const before = await counts(testApp);
    const agent = newAgent(testApp.app);
    const response = await postSignup(agent, { ...valid, enterpriseNumber: 'BE 0123 456 749' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(SIGNUP);
    const page = await agent.get(SIGNUP).expect(200);
    expectFieldError(
      page.text,
      'enterpriseNumber',
      "Dit ondernemingsnummer is al aangemeld. Gebruik 'Login vergeten' als u uw login kwijt bent.",
    );
    expect(page.text).toContain('<a href="/dienstverlener/login-vergeten">Login vergeten</a>');
    expect(page.text).toContain('value="BE 0123 456 749"');
    expect(await counts(testApp)).toEqual(before);
  });
});
