import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { TEST_TODAY } from '../../support/clock.js';
import { dmy, plusDays } from '../../support/format.js';
import {
  errorSummaryOf,
  escapeHtml,
  expectFieldError,
  fieldErrorOf,
  flashTextsOf,
  inputValueOf,
  textOf,
} from '../../support/html.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  demoAgent,
  newAgent,
  signInWithSaml,
  type Agent,
} from '../../support/session.js';

let testApp: TestApp;
let staff: Agent;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = newAgent(testApp.app);
  await signInWithSaml(staff, testApp.container, 'agency-staff');
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const tomorrow = plusDays(TEST_TODAY, 1);

/** Every row of one rule, newest first, as stored. */
async function rowsOf(key: string) {
  return db()('rule_parameters')
    .where({ key })
    .orderBy('valid_from', 'desc')
    .select('id', 'valid_from', 'value', 'note', 'created_by_id', 'created_by_label');
}

async function auditsOf(key: string) {
  return db()('audit_log')
    .where({ action: 'rule_parameter.add' })
    .whereRaw("details->>'key' = ?", [key])
    .orderBy('id');
}

/** Opens a rule's page as staff and posts its form with these fields. */
async function addValue(slug: string, fields: Record<string, string>, agent: Agent = staff) {
  const page = await agent.get(`/beheer/regels/${slug}`);
  expect(page.status).toBe(200);
  return agent
    .post(`/beheer/regels/${slug}`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...fields });
}

/** The rows, as text, of the table with this caption. */
function tableRows(html: string, caption: string): string[] {
  const start = html.indexOf(`>${escapeHtml(caption)}</caption>`);
  expect(start, `a table "${caption}"`).toBeGreaterThan(-1);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html.slice(start))?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => textOf(row[1] ?? ''));
}

/** The text between one h3 and the next, where the rules page shows one rule. */
function ruleSection(html: string, label: string): string {
  const start = html.indexOf(`<h3>${escapeHtml(label)}</h3>`);
  expect(start, `a rule "${label}"`).toBeGreaterThan(-1);
  const end = html.indexOf('<h3>', start + 4);
  return html.slice(start, end === -1 ? undefined : end);
}

const WHEN = /\d\d\/\d\d\/\d{4} \d\d:\d\d$/;

describe('the rules page', () => {
  it('shows the rules by group, each with the value in force today and its history, newest first', async () => {
    const response = await staff.get('/beheer/regels');
    expect(response.status).toBe(200);
    const headings = [...response.text.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual([
      'Steunpercentages',
      'Steunplafond',
      'Minimale bedragen',
      'Termijnen',
      'Registraties',
    ]);

    // DOMAIN.md §6: 40 % from 1 April 2016, 30 % from 1 December 2019.
    const small = ruleSection(response.text, 'Steunpercentage kleine onderneming');
    expect(textOf(small)).toContain('Vandaag van kracht 30 % (sinds 01/12/2019)');
    const history = tableRows(small, 'Historiek: Steunpercentage kleine onderneming');
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(
      /^01\/12\/2019 30 % van kracht Bijsturing van de kmo-portefeuille .* Referentiegegevens /,
    );
    expect(history[0]).toMatch(WHEN);
    expect(history[1]).toMatch(
      /^01\/04\/2016 40 % vervangen Besluit van de Vlaamse Regering van 26 februari 2016 /,
    );

    const ceiling = ruleSection(
      response.text,
      'Steunplafond per kalenderjaar, opleiding en advies samen, kleine onderneming',
    );
    expect(textOf(ceiling)).toContain('Vandaag van kracht € 7.500,00 (sinds 01/01/2020)');
    expect(
      tableRows(
        ceiling,
        'Historiek: Steunplafond per kalenderjaar, opleiding en advies samen, kleine onderneming',
      ).map((row) => row.slice(0, 30)),
    ).toEqual(['01/01/2020 € 7.500,00 van krac', '01/04/2016 € 10.000,00 vervang']);
    expect(textOf(ruleSection(response.text, 'Minimaal projectbedrag advies'))).toContain(
      'Vandaag van kracht € 500,00 (sinds 01/04/2016)',
    );
    expect(
      textOf(ruleSection(response.text, 'Advies komt enkel in aanmerking voor het thema cybersecurity')),
    ).toContain('Vandaag van kracht Ja (sinds 01/02/2026)');
    expect(
      textOf(
        ruleSection(
          response.text,
          'Aanvraag uiterlijk dit aantal kalenderdagen na de start van de dienstverlening',
        ),
      ),
    ).toContain('Vandaag van kracht 14 dagen (sinds 01/04/2016)');
    expect(textOf(response.text)).toContain(
      'Betalingstermijn: diensten afgewerkt en betaald uiterlijk op 31 december, dit aantal jaren na het aanvraagjaar',
    );
    expect(
      textOf(ruleSection(response.text, 'Geldigheid van een registratie (goedkeuring of verlenging)')),
    ).toContain('Vandaag van kracht 5 jaar (sinds 01/04/2016)');
    expect(
      textOf(
        ruleSection(
          response.text,
          'Geldigheid van een voorwaardelijke registratie (startende dienstverlener)',
        ),
      ),
    ).toContain('Vandaag van kracht 2 jaar (sinds 01/04/2016)');
    expect(response.text).toContain('href="/beheer/regels/steunpercentage-klein"');
    // Nothing planned: no "Gepland" row. The link names its rule for a screen reader, without " :".
    expect(textOf(small)).not.toContain('Gepland');
    expect(small).toContain(
      '>Nieuwe waarde toevoegen<span class="visually-hidden"> voor Steunpercentage kleine onderneming</span></a>',
    );
  });

  it('answers 404 for a rule that does not exist', async () => {
    expect((await staff.get('/beheer/regels/bestaat-niet')).status).toBe(404);
    const token = await csrfTokenOf(staff, '/beheer/regels');
    const response = await staff
      .post('/beheer/regels/subsidy_rate_bp.klein')
      .type('form')
      .send({ _csrf: token, value: '10', validFrom: dmy(tomorrow), note: 'x' });
    expect(response.status).toBe(404);
  });
});

describe('adding a value', () => {
  it('adds a value from a date to come: stored with who added it, shown as planned, audited with the old value', async () => {
    const response = await addValue('stortingstermijn', {
      value: '21',
      validFrom: '01/01/2027',
      note: 'Besluit van de Vlaamse Regering van 4 december 2026: storting binnen 21 dagen.',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/beheer/regels/stortingstermijn');

    const staffPerson = await db()('persons').where({ first_name: 'Sofie', last_name: 'Maes' }).first('id');
    const [newest, ...older] = await rowsOf('deposit_deadline_days');
    expect(newest).toMatchObject({
      valid_from: '2027-01-01',
      value: 21,
      note: 'Besluit van de Vlaamse Regering van 4 december 2026: storting binnen 21 dagen.',
      created_by_id: staffPerson.id,
      created_by_label: 'Sofie Maes',
    });
    expect(older.map((row) => [row.valid_from, row.value, row.created_by_label])).toEqual([
      ['2016-04-01', 30, null],
    ]);

    const audits = await auditsOf('deposit_deadline_days');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor_type: 'agency',
      actor_id: staffPerson.id,
      actor_label: 'Sofie Maes',
      entity_type: 'rule_parameter',
      entity_id: String(newest.id),
    });
    expect(audits[0].details).toEqual({
      key: 'deposit_deadline_days',
      validFrom: '2027-01-01',
      oldValue: 30,
      newValue: 21,
      note: 'Besluit van de Vlaamse Regering van 4 december 2026: storting binnen 21 dagen.',
    });

    const page = await staff.get('/beheer/regels/stortingstermijn');
    expect(flashTextsOf(page.text)).toEqual([
      'Gelukt: Storting van de eigen bijdrage binnen dit aantal kalenderdagen na de aanvraag: 21 dagen vanaf 01/01/2027.',
    ]);
    const text = textOf(page.text);
    // Today's value is unchanged; the new one waits for its date.
    expect(text).toContain('Vandaag van kracht 30 dagen (sinds 01/04/2016)');
    expect(text).toContain('Gepland 21 dagen vanaf 01/01/2027');
    const history = tableRows(
      page.text,
      'Historiek: Storting van de eigen bijdrage binnen dit aantal kalenderdagen na de aanvraag',
    );
    expect(history[0]).toMatch(
      /^01\/01\/2027 21 dagen gepland Besluit van de Vlaamse Regering van 4 december 2026: storting binnen 21 dagen\. Sofie Maes \d\d\/\d\d\/\d{4} \d\d:\d\d$/,
    );
    expect(history[1]).toMatch(/^01\/04\/2016 30 dagen van kracht /);
    expect(page.text).toContain('<strong class="tag tag--blue">gepland</strong>');

    const overview = await staff.get('/beheer/regels');
    expect(
      textOf(
        ruleSection(
          overview.text,
          'Storting van de eigen bijdrage binnen dit aantal kalenderdagen na de aanvraag',
        ),
      ),
    ).toContain('Vandaag van kracht 30 dagen (sinds 01/04/2016) Gepland 21 dagen vanaf 01/01/2027');
  });

  it.each([
    ['steunpercentage-middelgroot', 'subsidy_rate_bp.middelgroot', '22,5', 2250, '22,5 %', 2000],
    ['verhoogd-steunpercentage-klein', 'subsidy_rate_bp_increased.klein', '47.25 %', 4725, '47,25 %', 4500],
    [
      'steunplafond-middelgroot',
      'yearly_ceiling_cents.middelgroot',
      '8.250,50',
      825_050,
      '€ 8.250,50',
      750_000,
    ],
    ['steunplafond-klein', 'yearly_ceiling_cents.klein', '9000', 900_000, '€ 9.000,00', 750_000],
    ['minimum-advies', 'minimum_project_amount_cents.advies', '1.234,56', 123_456, '€ 1.234,56', 50_000],
    [
      'geldigheid-voorwaardelijke-registratie',
      'conditional_registration_validity_years',
      '3',
      3,
      '3 jaar',
      2,
    ],
    ['advies-enkel-cybersecurity', 'advice_only_cybersecurity', 'nee', 0, 'Nee', 1],
  ])('reads the value of %s in its unit: %s %j', async (slug, key, typed, stored, shown, oldValue) => {
    const response = await addValue(slug, { value: typed, validFrom: '01/03/2027', note: 'Nieuw besluit' });
    expect(response.status).toBe(303);
    const [newest] = await rowsOf(key);
    expect(newest).toMatchObject({ valid_from: '2027-03-01', value: stored });
    const [audit] = await auditsOf(key);
    expect(audit?.details).toMatchObject({ oldValue, newValue: stored });
    const page = await staff.get(`/beheer/regels/${slug}`);
    expect(textOf(page.text)).toContain(`Gepland ${shown} vanaf 01/03/2027`);
  });

  it('accepts tomorrow, the earliest date', async () => {
    const response = await addValue('aanvraagtermijn', {
      value: '15',
      validFrom: dmy(tomorrow),
      note: 'Vanaf morgen',
    });
    expect(response.status).toBe(303);
    const [newest] = await rowsOf('application_deadline_days');
    expect(newest).toMatchObject({ valid_from: tomorrow, value: 15 });
    expect(errorSummaryOf((await staff.get('/beheer/regels/aanvraagtermijn')).text)).toEqual([]);
  });
});

describe('refusing a value', () => {
  const label = 'Geldigheid van een registratie (goedkeuring of verlenging)';

  /** Posts to the registration validity, expects one refusal beside `field`, the input kept and nothing written. */
  async function expectRefused(
    slug: string,
    key: string,
    fields: Record<string, string>,
    field: string,
    message: string,
    title: string,
  ) {
    const before = await rowsOf(key);
    const auditsBefore = (await auditsOf(key)).length;
    const response = await addValue(slug, fields);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/beheer/regels/${slug}`);
    const page = await staff.get(`/beheer/regels/${slug}`);
    expectFieldError(page.text, field, message, title);
    expect(errorSummaryOf(page.text)).toEqual([{ field, message }]);
    if (fields.value !== undefined && slug !== 'advies-enkel-cybersecurity') {
      expect(inputValueOf(page.text, 'value')).toBe(fields.value);
    }
    expect(inputValueOf(page.text, 'validFrom')).toBe(fields.validFrom ?? '');
    expect(page.text).toContain(`>${escapeHtml(fields.note ?? '')}</textarea>`);
    expect(await rowsOf(key)).toEqual(before);
    expect(await auditsOf(key)).toHaveLength(auditsBefore);
    // Shown once: the next visit starts clean.
    expect(errorSummaryOf((await staff.get(`/beheer/regels/${slug}`)).text)).toEqual([]);
  }

  it.each([
    ['today', dmy(TEST_TODAY)],
    ['yesterday', dmy(plusDays(TEST_TODAY, -1))],
    ['a date long past', '01/01/2020'],
  ])('refuses %s as the start', async (_name, validFrom) => {
    await expectRefused(
      'geldigheid-registratie',
      'registration_validity_years',
      { value: '4', validFrom, note: 'Te vroeg' },
      'validFrom',
      'Een nieuwe waarde geldt ten vroegste vanaf morgen: kies 19/11/2026 of later.',
      label,
    );
  });

  it.each([
    [
      'an impossible date',
      '31/02/2027',
      'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 01/01/2027.',
    ],
    ['no date', '', 'Vul de datum in vanaf wanneer de nieuwe waarde geldt.'],
    ['text', 'volgend jaar', 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 01/01/2027.'],
  ])('refuses %s', async (_name, validFrom, message) => {
    await expectRefused(
      'geldigheid-registratie',
      'registration_validity_years',
      { value: '4', validFrom, note: 'Datum' },
      'validFrom',
      message,
      label,
    );
  });

  const percent =
    'Geef een percentage tussen 0 en 100 op, met hoogstens 2 cijfers na de komma, bijvoorbeeld 30 of 12,5.';
  const euro =
    'Geef een bedrag in euro op, met hoogstens 2 cijfers na de komma, bijvoorbeeld 7.500,00 of 7500.';
  const days = 'Geef een geheel aantal kalenderdagen op, van 1 tot 3650, bijvoorbeeld 14.';
  const years = 'Geef een geheel aantal jaren op, van 1 tot 50, bijvoorbeeld 5.';
  it.each([
    [
      'steunpercentage-klein',
      'subsidy_rate_bp.klein',
      'Steunpercentage kleine onderneming',
      '12,345',
      percent,
    ],
    ['steunpercentage-klein', 'subsidy_rate_bp.klein', 'Steunpercentage kleine onderneming', '101', percent],
    [
      'steunpercentage-klein',
      'subsidy_rate_bp.klein',
      'Steunpercentage kleine onderneming',
      'dertig',
      percent,
    ],
    [
      'steunpercentage-klein',
      'subsidy_rate_bp.klein',
      'Steunpercentage kleine onderneming',
      '',
      'Vul het nieuwe percentage in.',
    ],
    [
      'minimum-opleiding',
      'minimum_project_amount_cents.opleiding',
      'Minimaal projectbedrag opleiding',
      '7.500,001',
      euro,
    ],
    [
      'minimum-opleiding',
      'minimum_project_amount_cents.opleiding',
      'Minimaal projectbedrag opleiding',
      '1.23.4',
      euro,
    ],
    [
      'minimum-opleiding',
      'minimum_project_amount_cents.opleiding',
      'Minimaal projectbedrag opleiding',
      '-100',
      euro,
    ],
    [
      'minimum-opleiding',
      'minimum_project_amount_cents.opleiding',
      'Minimaal projectbedrag opleiding',
      '7,500.00',
      euro,
    ],
    [
      'stortingstermijn',
      'deposit_deadline_days',
      'Storting van de eigen bijdrage binnen dit aantal kalenderdagen na de aanvraag',
      '14,5',
      days,
    ],
    [
      'stortingstermijn',
      'deposit_deadline_days',
      'Storting van de eigen bijdrage binnen dit aantal kalenderdagen na de aanvraag',
      '0',
      days,
    ],
    ['geldigheid-registratie', 'registration_validity_years', label, '0', years],
    ['geldigheid-registratie', 'registration_validity_years', label, 'vijf', years],
    [
      'advies-enkel-cybersecurity',
      'advice_only_cybersecurity',
      'Advies komt enkel in aanmerking voor het thema cybersecurity',
      'misschien',
      'Kies Ja of Nee.',
    ],
  ])('refuses for %s the value %j', async (slug, key, title, value, message) => {
    await expectRefused(
      slug,
      key,
      { value, validFrom: '01/06/2027', note: 'Nieuw besluit' },
      'value',
      message,
      title,
    );
  });

  it('refuses a yes/no rule without a choice', async () => {
    await expectRefused(
      'advies-enkel-cybersecurity',
      'advice_only_cybersecurity',
      { validFrom: '01/06/2027', note: 'Nieuw besluit' },
      'value',
      'Kies Ja of Nee.',
      'Advies komt enkel in aanmerking voor het thema cybersecurity',
    );
  });

  it('refuses a value without a note', async () => {
    await expectRefused(
      'geldigheid-registratie',
      'registration_validity_years',
      { value: '4', validFrom: '01/06/2027', note: '   ' },
      'note',
      'Vul een toelichting in, bijvoorbeeld het besluit waarop de nieuwe waarde steunt.',
      label,
    );
  });

  it('shows every refusal of one post together', async () => {
    const response = await addValue('geldigheid-registratie', {
      value: 'vijf',
      validFrom: dmy(TEST_TODAY),
      note: '',
    });
    expect(response.status).toBe(303);
    const page = await staff.get('/beheer/regels/geldigheid-registratie');
    expect(errorSummaryOf(page.text).map((error) => error.field)).toEqual(['value', 'validFrom', 'note']);
    expect(fieldErrorOf(page.text, 'note')).toBe(
      'Vul een toelichting in, bijvoorbeeld het besluit waarop de nieuwe waarde steunt.',
    );
    expect(await auditsOf('registration_validity_years')).toHaveLength(0);
  });

  it('refuses a second value for the same rule and date, keeping the first', async () => {
    const first = await addValue('minimum-opleiding', {
      value: '150',
      validFrom: '01/02/2027',
      note: 'Eerste',
    });
    expect(first.status).toBe(303);
    await staff.get('/beheer/regels/minimum-opleiding');
    await expectRefused(
      'minimum-opleiding',
      'minimum_project_amount_cents.opleiding',
      { value: '200', validFrom: '01/02/2027', note: 'Tweede' },
      'validFrom',
      'Deze regel heeft al een waarde vanaf 01/02/2027. Kies een andere datum.',
      'Minimaal projectbedrag opleiding',
    );
    const [newest] = await rowsOf('minimum_project_amount_cents.opleiding');
    expect(newest).toMatchObject({ valid_from: '2027-02-01', value: 15_000, note: 'Eerste' });
  });

  it('takes ten concurrent posts for one rule and date as one: one row, one audit row', async () => {
    const page = await staff.get('/beheer/regels/betalingstermijn');
    const token = csrfTokenIn(page.text);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        staff
          .post('/beheer/regels/betalingstermijn')
          .type('form')
          .send({
            _csrf: token,
            value: String(index + 1),
            validFrom: '01/01/2028',
            note: `Poging ${index + 1}`,
          }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(303));
    const rows = (await rowsOf('completion_deadline_years')).filter((row) => row.valid_from === '2028-01-01');
    expect(rows).toHaveLength(1);
    const audits = await auditsOf('completion_deadline_years');
    expect(audits).toHaveLength(1);
    expect(audits[0].entity_id).toBe(String(rows[0]?.id));
    expect(audits[0].details).toMatchObject({ oldValue: 1, newValue: rows[0]?.value });
  });

  it('refuses a POST without a CSRF token', async () => {
    await staff.get('/beheer/regels/geldigheid-registratie');
    const response = await staff
      .post('/beheer/regels/geldigheid-registratie')
      .type('form')
      .send({ value: '4', validFrom: '01/06/2027', note: 'Zonder token' });
    expect(response.status).toBe(403);
    expect((await rowsOf('registration_validity_years')).map((row) => row.valid_from)).toEqual([
      '2016-04-01',
    ]);
  });
});

describe('who may set the rules', () => {
  it.each(['head office', 'department user', 'entrepreneur'] as const)(
    'answers 403 to the %s on GET and POST',
    async (role) => {
      const agent = await demoAgent(testApp, role);
      expect((await agent.get('/beheer/regels')).status).toBe(403);
      expect((await agent.get('/beheer/regels/geldigheid-registratie')).status).toBe(403);
      // A valid token of the agent's own session (the home page carries one).
      const token = await csrfTokenOf(agent, '/');
      const response = await agent
        .post('/beheer/regels/geldigheid-registratie')
        .type('form')
        .send({ _csrf: token, value: '9', validFrom: '01/06/2027', note: 'Verboden' });
      expect(response.status).toBe(403);
      expect(textOf(response.text)).toContain('U hebt geen toegang tot deze pagina.');
      expect((await rowsOf('registration_validity_years')).map((row) => row.valid_from)).toEqual([
        '2016-04-01',
      ]);
    },
  );
});
