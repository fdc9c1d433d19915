import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { dmy, euro } from '../../support/format.js';
import {
  bodyRowsOf,
  errorSummaryOf,
  expectFieldError,
  headingOf,
  hrefOf,
  inputValueOf,
  textOf,
} from '../../support/html.js';
import { demoAgent, type Agent } from '../../support/session.js';

let testApp: TestApp;
let staff: Agent;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

/** The project numbers the result table links to, in the order shown. */
function projectNumbersOn(html: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/href="\/beheer\/projecten\/([0-9]{4}KMO[0-9]{6})"/g)].map(
    (match) => match[1] ?? '',
  );
}

/** "260 projecten gevonden" → 260; "1 project gevonden" → 1. */
function foundOn(html: string): number {
  const match = /([0-9.]+) projecten? gevonden/.exec(textOf(html));
  if (!match) throw new Error('no count on the page');
  return Number((match[1] ?? '').replace(/\./g, ''));
}

/** The project numbers the database holds for a condition, newest application first (as the page orders them). */
async function expectedNumbers(
  where: (query: ReturnType<ReturnType<typeof db>>) => unknown,
): Promise<string[]> {
  const query = db()('projects as pr')
    .join('companies as c', 'c.id', 'pr.company_id')
    .join('provider_organisations as p', 'p.id', 'pr.provider_id')
    .leftJoin('registrations as r', 'r.id', 'pr.registration_id')
    .orderBy([
      { column: 'pr.application_date', order: 'desc' },
      { column: 'pr.id', order: 'desc' },
    ]);
  where(query);
  return (await query.pluck('pr.project_number')) as string[];
}

async function search(query: Record<string, string>) {
  const response = await staff.get('/beheer/projecten').query(query);
  expect(response.status).toBe(200);
  return response;
}

describe('/beheer/projecten: the search', () => {
  it('lists every project, newest application first, 50 a page, with the count', async () => {
    const all = await expectedNumbers(() => undefined);
    const response = await search({});
    expect(headingOf(response.text)).toBe('Projecten zoeken');
    expect(foundOn(response.text)).toBe(all.length);
    expect(projectNumbersOn(response.text)).toEqual(all.slice(0, 50));
    // Each row: number, company with its enterprise number, provider, date, amount, status.
    const newest = await db()('projects as pr')
      .join('companies as c', 'c.id', 'pr.company_id')
      .join('provider_organisations as p', 'p.id', 'pr.provider_id')
      .leftJoin('departments as d', 'd.id', 'pr.department_id')
      .where('pr.project_number', all[0])
      .first(
        'c.name',
        'c.enterprise_number',
        'p.legal_name',
        'd.name as department',
        'pr.application_date',
        'pr.project_amount_cents',
      );
    const enterprise = String(newest.enterprise_number);
    const row = bodyRowsOf(response.text)[0] ?? '';
    expect(row).toContain(all[0]);
    expect(row).toContain(
      `${newest.name} (${enterprise.slice(0, 4)}.${enterprise.slice(4, 7)}.${enterprise.slice(7)})`,
    );
    expect(row).toContain(newest.legal_name);
    if (newest.department) expect(row).toContain(newest.department);
    expect(row).toContain(dmy(newest.application_date));
    expect(row).toContain(euro(Number(newest.project_amount_cents)));
    expect(response.text).toContain(`href="/beheer/projecten/${all[0]}"`);
  });

  it('pages through the list, keeping the search in the page links', async () => {
    const lopend = await expectedNumbers((query) => query.where('pr.status', 'Lopend'));
    const all = await expectedNumbers(() => undefined);
    const second = await search({ pagina: '2' });
    expect(projectNumbersOn(second.text)).toEqual(all.slice(50, 100));
    expect(textOf(second.text)).toContain(`Pagina 2 van ${Math.ceil(all.length / 50)}`);
    expect(hrefOf(second.text, '‹ Vorige pagina')).toBe('/beheer/projecten');

    expect(lopend.length).toBeGreaterThan(50);
    const first = await search({ status: 'Lopend' });
    const next = hrefOf(first.text, 'Volgende pagina ›');
    expect(next).toBe('/beheer/projecten?status=Lopend&pagina=2');
    const page2 = await staff.get(next ?? '');
    expect(projectNumbersOn(page2.text)).toEqual(lopend.slice(50, 100));

    // A page beyond the last shows the last, and says so.
    const beyond = await search({ status: 'Lopend', pagina: '99' });
    expect(textOf(beyond.text)).toContain('Pagina 99 bestaat niet');
    expect(projectNumbersOn(beyond.text)).toEqual(lopend.slice(50, 100));
  });

  it('finds a project number by its start or in full', async () => {
    const [newest] = await expectedNumbers(() => undefined);
    const prefix = (newest ?? '').slice(0, 9);
    const expected = await expectedNumbers((query) => query.where('pr.project_number', 'like', `${prefix}%`));
    expect(expected.length).toBeGreaterThan(1);
    const byPrefix = await search({ zoek: prefix.toLowerCase() });
    expect(foundOn(byPrefix.text)).toBe(expected.length);
    expect(projectNumbersOn(byPrefix.text)).toEqual(expected.slice(0, 50));

    const exact = await search({ zoek: newest ?? '' });
    expect(textOf(exact.text)).toContain('1 project gevonden');
    expect(projectNumbersOn(exact.text)).toEqual([newest]);
  });

  it("finds a company's name in another case, its underscore taken literally", async () => {
    const expected = await expectedNumbers((query) => query.where('c.name', 'Testonderneming_C'));
    const response = await search({ zoek: 'TESTONDERNEMING_c' });
    expect(foundOn(response.text)).toBe(expected.length);
    expect(projectNumbersOn(response.text)).toEqual(expected.slice(0, 50));
    // "_" is no wildcard: "Testonderneming C" names nothing.
    expect(textOf((await search({ zoek: 'testondernemingXC' })).text)).toContain('0 projecten gevonden');
  });

  it("finds a name whatever its accents and case, as the providers' overview does", async () => {
    await db()('companies').where({ name: 'Testonderneming_C' }).update({ name: 'Crèmerie Été_C' });
    try {
      const expected = await expectedNumbers((query) => query.where('c.name', 'Crèmerie Été_C'));
      expect(expected.length).toBeGreaterThan(0);
      for (const typed of ['creme', 'CRÈME', 'été', 'ETE_c']) {
        expect(foundOn((await search({ zoek: typed })).text), typed).toBe(expected.length);
      }
      for (const typed of ['creme', 'ÉTÉ']) {
        const companies = await staff.get('/beheer/ondernemingen').query({ zoek: typed });
        expect(textOf(companies.text), typed).toContain('1 onderneming gevonden');
      }
    } finally {
      await db()('companies').where({ name: 'Crèmerie Été_C' }).update({ name: 'Testonderneming_C' });
    }
  });

  it("finds a provider's or department's name", async () => {
    const second = await expectedNumbers((query) =>
      query.where('p.legal_name', 'Opleidingscentrum Leiestreek'),
    );
    expect(foundOn((await search({ zoek: 'leiestreek' })).text)).toBe(second.length);
    const advice = await expectedNumbers((query) =>
      query.whereIn('pr.department_id', db()('departments').select('id').where('name', 'Departement Advies')),
    );
    expect(foundOn((await search({ zoek: 'departement advies' })).text)).toBe(advice.length);
  });

  it('finds an enterprise number with or without dots, spaces or BE, of the company or the provider', async () => {
    const companyC = await expectedNumbers((query) => query.where('c.enterprise_number', '0876543270'));
    for (const typed of ['0876.543.270', '0876543270', 'BE0876543270', 'be 0876 543 270']) {
      const response = await search({ zoek: typed });
      expect(foundOn(response.text), typed).toBe(companyC.length);
      expect(projectNumbersOn(response.text)).toEqual(companyC.slice(0, 50));
    }
    const leiestreek = await expectedNumbers((query) => query.where('p.enterprise_number', '0456789034'));
    expect(foundOn((await search({ zoek: '0456.789.034' })).text)).toBe(leiestreek.length);
  });

  it('finds a registration number, in any case and with or without its dot', async () => {
    const expected = await expectedNumbers((query) => query.where('r.number', 'DV.A218723'));
    expect(expected.length).toBeGreaterThan(0);
    for (const typed of ['DV.A218723', 'dv.a218723', 'DVA218723']) {
      const response = await search({ zoek: typed });
      expect(foundOn(response.text), typed).toBe(expected.length);
      expect(projectNumbersOn(response.text)).toEqual(expected.slice(0, 50));
    }
  });

  it('filters on status, service and application dates, combined with the search', async () => {
    const stopped = await expectedNumbers((query) => query.where('pr.status', 'Stopgezet'));
    const response = await search({ status: 'Stopgezet' });
    expect(foundOn(response.text)).toBe(stopped.length);
    expect(projectNumbersOn(response.text)).toEqual(stopped.slice(0, 50));

    const range = await expectedNumbers((query) =>
      query
        .whereBetween('pr.application_date', ['2026-03-01', '2026-06-30'])
        .where('pr.service', 'opleiding'),
    );
    const ranged = await search({ van: '01/03/2026', tot: '30/06/2026', dienst: 'opleiding' });
    expect(foundOn(ranged.text)).toBe(range.length);
    expect(projectNumbersOn(ranged.text)).toEqual(range.slice(0, 50));

    const combined = await expectedNumbers((query) =>
      query
        .where('c.name', 'Testonderneming_A en B')
        .where('pr.status', 'Afgewerkt')
        .where('pr.application_date', '>=', '2026-01-01'),
    );
    const both = await search({ zoek: 'a en b', status: 'Afgewerkt', van: '1/1/2026' });
    expect(foundOn(both.text)).toBe(combined.length);
  });

  it('refuses an invalid date in Dutch, beside the field and in the summary, keeping the other values', async () => {
    const response = await search({
      zoek: 'leiestreek',
      status: 'Lopend',
      van: '31/02/2026',
      tot: '01/01/2020',
    });
    expectFieldError(response.text, 'van', 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.');
    expect(errorSummaryOf(response.text)).toEqual([
      { field: 'van', message: 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.' },
    ]);
    expect(inputValueOf(response.text, 'zoek')).toBe('leiestreek');
    expect(inputValueOf(response.text, 'van')).toBe('31/02/2026');
    expect(inputValueOf(response.text, 'tot')).toBe('01/01/2020');
    expect(response.text).toMatch(/<option value="Lopend" selected>/);
    // The refused date is left out; the rest still applies.
    const expected = await expectedNumbers((query) =>
      query
        .where('p.legal_name', 'Opleidingscentrum Leiestreek')
        .where('pr.status', 'Lopend')
        .where('pr.application_date', '<=', '2020-01-01'),
    );
    expect(foundOn(response.text)).toBe(expected.length);

    const reversed = await search({ van: '01/06/2026', tot: '01/05/2026' });
    expectFieldError(reversed.text, 'tot', 'De datum "tot en met" mag niet vóór de datum "van" liggen.');

    const unknownStatus = await search({ status: 'Onbekend' });
    expectFieldError(unknownStatus.text, 'status', 'Kies een status uit de lijst.');
  });
});

describe('/beheer/projecten/:projectnummer: the sheet', () => {
  it('shows the project, its parties, the full history with documents and every ledger entry with the balance', async () => {
    const project = await db()('projects as pr')
      .join('project_history as h', 'h.project_id', 'pr.id')
      .whereNotNull('h.document_id')
      .where('pr.status', 'StopzettingAangevraagd')
      .first(
        'pr.id',
        'pr.project_number',
        'pr.company_id',
        'pr.provider_id',
        'pr.registration_id',
        'h.document_id',
      );
    expect(project).toBeDefined();
    // An own contribution over a thousand euro, to see how amounts read.
    await db()('ledger_entries').insert({
      project_id: project.id,
      kind: 'eigen_bijdrage',
      amount_cents: 119_835,
      booked_on: '2026-11-02',
      reference: 'TEST-REF-1',
    });
    const response = await staff.get(`/beheer/projecten/${project.project_number}`);
    expect(response.status).toBe(200);
    const text = textOf(response.text);
    expect(headingOf(response.text)).toBe(`Project ${project.project_number}`);

    const history = await db()('project_history').where({ project_id: project.id }).orderBy('id');
    expect(history.length).toBeGreaterThan(1);
    for (const step of history) {
      expect(text).toContain(step.actor_label);
      if (step.reason) expect(text).toContain(step.reason);
    }
    const documentHref = `/beheer/projecten/${project.project_number}/documenten/${project.document_id}`;
    expect(response.text).toContain(`href="${documentHref}"`);
    const document = await staff.get(documentHref);
    expect(document.status).toBe(200);
    expect(document.headers['content-type']).toBe('application/pdf');

    const ledger = await db()('ledger_entries').where({ project_id: project.id });
    expect(ledger.length).toBeGreaterThan(1);
    for (const entry of ledger) expect(text).toContain(euro(Number(entry.amount_cents)));
    expect(text).toContain('€ 1.198,35');
    expect(text).toContain('TEST-REF-1');
    expect(text).toContain('Storting eigen bijdrage');
    const balance = ledger.reduce((sum, entry) => sum + Number(entry.amount_cents), 0);
    expect(text).toContain(`Saldo: ${euro(balance)}`);

    const participants = await db()('project_participants').where({ project_id: project.id });
    for (const participant of participants)
      expect(text).toContain(`${participant.first_name} ${participant.last_name}`);

    expect(response.text).toContain(`href="/beheer/ondernemingen/${project.company_id}"`);
    expect(response.text).toContain(`href="/beheer/dienstverleners/${project.provider_id}"`);
    expect(response.text).toContain(`href="/beheer/registraties/${project.registration_id}"`);
    // It waits for the agency's decision on the stop request: a link to that request.
    expect(hrefOf(response.text, 'Deze aanvraag tot stopzetting wacht op een beslissing')).toBe(
      `/beheer/stopzettingen/${project.project_number}`,
    );
    // Read only: no form beyond the layout's own (signing out).
    const posts = (html: string) => (html.match(/method="post"/gi) ?? []).length;
    expect(posts(response.text)).toBe(posts((await staff.get('/beheer')).text));
  });

  it('links to the report when a report on the project is open', async () => {
    const project = await db()('projects')
      .where({ status: 'Afgewerkt' })
      .whereNotExists(db()('project_reports').whereRaw('project_reports.project_id = projects.id'))
      .first('id', 'project_number');
    const before = await staff.get(`/beheer/projecten/${project.project_number}`);
    expect(hrefOf(before.text, 'Er is een open melding over dit project')).toBeUndefined();
    const [report] = await db()('project_reports')
      .insert({
        project_id: project.id,
        reason: 'De opleiding ging niet door.',
        reported_by_type: 'provider',
        reported_by_label: 'Dienstverlener kmo-portefeuille',
      })
      .returning('id');
    const after = await staff.get(`/beheer/projecten/${project.project_number}`);
    expect(hrefOf(after.text, 'Er is een open melding over dit project')).toBe(
      `/beheer/meldingen/${report.id}`,
    );
  });

  it('answers 404 to an unknown project number and to a document of another project', async () => {
    const unknown = await staff.get('/beheer/projecten/2026KMO999999');
    expect(unknown.status).toBe(404);
    expect(textOf(unknown.text)).toContain('Dit project bestaat niet.');
    expect((await staff.get('/beheer/projecten/iets-anders')).status).toBe(404);

    const withProof = await db()('project_history')
      .whereNotNull('document_id')
      .first('project_id', 'document_id');
    const other = await db()('projects').whereNot({ id: withProof.project_id }).first('project_number');
    expect(
      (await staff.get(`/beheer/projecten/${other.project_number}/documenten/${withProof.document_id}`))
        .status,
    ).toBe(404);
    expect((await staff.get(`/beheer/projecten/${other.project_number}/documenten/99999999999`)).status).toBe(
      404,
    );
  });
});

describe('/beheer/dienstverleners', () => {
  it('lists every provider by name, and finds one by name, enterprise number, registration number or department', async () => {
    const list = await staff.get('/beheer/dienstverleners');
    expect(list.status).toBe(200);
    const count = (await db()('provider_organisations').count<{ count: string }[]>('* as count'))[0]?.count;
    expect(textOf(list.text)).toContain(`${count} dienstverleners gevonden`);

    const cases: [string, string][] = [
      ['LEIESTREEK', 'Opleidingscentrum Leiestreek'],
      ['0456.789.034', 'Opleidingscentrum Leiestreek'],
      ['BE0123456749', 'Dienstverlener kmo-portefeuille'],
      ['dv.o207315', 'Opleidingscentrum Leiestreek'],
      ['DV.A218723', 'Dienstverlener kmo-portefeuille'],
      ['Departement Advies', 'Dienstverlener kmo-portefeuille'],
    ];
    for (const [typed, name] of cases) {
      const response = await staff.get('/beheer/dienstverleners').query({ zoek: typed });
      expect(textOf(response.text), typed).toContain('1 dienstverlener gevonden');
      expect(bodyRowsOf(response.text)[0], typed).toContain(name);
      expect(inputValueOf(response.text, 'zoek')).toBe(typed);
    }
    const none = await staff.get('/beheer/dienstverleners').query({ zoek: 'bestaat niet' });
    expect(textOf(none.text)).toContain('Er zijn geen dienstverleners die aan uw zoekopdracht voldoen.');

    const tooLong = await staff.get('/beheer/dienstverleners').query({ zoek: 'x'.repeat(201) });
    expectFieldError(tooLong.text, 'zoek', 'Vul hoogstens 200 tekens in.');
  });

  it("shows a provider's data, registrations, establishments and departments, never its password", async () => {
    const provider = await db()('provider_organisations')
      .where({ enterprise_number: '0123456749' })
      .first('id');
    const list = await staff.get('/beheer/dienstverleners').query({ zoek: '0123456749' });
    expect(hrefOf(list.text, 'Dienstverlener kmo-portefeuille')).toBe(
      `/beheer/dienstverleners/${provider.id}`,
    );

    const response = await staff.get(`/beheer/dienstverleners/${provider.id}`);
    expect(response.status).toBe(200);
    const text = textOf(response.text);
    expect(headingOf(response.text)).toBe('Dienstverlener kmo-portefeuille');
    expect(text).toContain('0123.456.749');
    const registrations = await db()('registrations').where({ provider_id: provider.id });
    for (const registration of registrations) {
      expect(response.text).toContain(`href="/beheer/registraties/${registration.id}"`);
      if (registration.number) expect(text).toContain(registration.number);
    }
    expect(text).toContain('Koning Albert II-Laan 30 bus 12');
    expect(text).toContain('Departement Opleidingen');
    expect(text).toContain('Departement Advies');
    const projectsHref = hrefOf(response.text, 'Projecten van deze dienstverlener');
    expect(projectsHref).toBe('/beheer/projecten?zoek=0123.456.749');
    const projects = await staff.get(projectsHref ?? '');
    const expected = await db()('projects')
      .where({ provider_id: provider.id })
      .count<{ count: string }[]>('* as count');
    expect(foundOn(projects.text)).toBe(Number(expected[0]?.count));

    const account = await db()('provider_accounts')
      .where({ provider_id: provider.id })
      .first('password_hash');
    expect(response.text).not.toContain(account.password_hash);
    expect(text).not.toMatch(/wachtwoord/i);
  });

  it('answers 404 to an unknown provider', async () => {
    expect((await staff.get('/beheer/dienstverleners/999999')).status).toBe(404);
    expect((await staff.get('/beheer/dienstverleners/abc')).status).toBe(404);
    expect((await staff.get('/beheer/dienstverleners/99999999999')).status).toBe(404);
  });
});

describe('/beheer/ondernemingen', () => {
  it('finds companies by name or enterprise number', async () => {
    const all = await staff.get('/beheer/ondernemingen');
    const count = (await db()('companies').count<{ count: string }[]>('* as count'))[0]?.count;
    expect(textOf(all.text)).toContain(`${count} ondernemingen gevonden`);

    const byName = await staff.get('/beheer/ondernemingen').query({ zoek: 'testonderneming' });
    expect(textOf(byName.text)).toContain('2 ondernemingen gevonden');
    for (const [typed, name] of [
      ['0765.432.146', 'Testonderneming_A en B'],
      ['BE0876543270', 'Testonderneming_C'],
      ['VERMEULEN', 'Vermeulen Interieur'],
    ]) {
      const response = await staff.get('/beheer/ondernemingen').query({ zoek: typed });
      expect(textOf(response.text), typed).toContain('1 onderneming gevonden');
      expect(bodyRowsOf(response.text)[0]).toContain(name);
    }
  });

  it("shows a company's data, its size per year and its projects", async () => {
    const company = await db()('companies').where({ enterprise_number: '0765432146' }).first('id', 'name');
    const list = await staff.get('/beheer/ondernemingen').query({ zoek: '0765432146' });
    expect(hrefOf(list.text, 'Testonderneming_A en B')).toBe(`/beheer/ondernemingen/${company.id}`);

    const response = await staff.get(`/beheer/ondernemingen/${company.id}`);
    expect(response.status).toBe(200);
    const text = textOf(response.text);
    expect(headingOf(response.text)).toBe('Testonderneming_A en B');
    expect(text).toContain('0765.432.146');
    const sizes = await db()('company_size_confirmations').where({ company_id: company.id });
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(text).toMatch(new RegExp(`${size.year} Kleine onderneming`));

    const projects = await expectedNumbers((query) => query.where('pr.company_id', company.id));
    expect(text).toContain(`${projects.length} projecten gevonden`);
    expect(projectNumbersOn(response.text.slice(response.text.indexOf('<h2>Projecten</h2>')))).toEqual(
      projects.slice(0, 50),
    );
    expect(hrefOf(response.text, 'Zoek in de projecten van deze onderneming')).toBe(
      '/beheer/projecten?zoek=0765.432.146',
    );
  });

  it('answers 404 to an unknown company', async () => {
    expect((await staff.get('/beheer/ondernemingen/999999')).status).toBe(404);
    expect((await staff.get('/beheer/ondernemingen/0')).status).toBe(404);
  });
});

describe('access', () => {
  it('links the searches from the agency home', async () => {
    const home = await staff.get('/beheer');
    expect(hrefOf(home.text, 'Projecten zoeken')).toBe('/beheer/projecten');
    expect(hrefOf(home.text, 'Dienstverleners zoeken')).toBe('/beheer/dienstverleners');
    expect(hrefOf(home.text, 'Ondernemingen zoeken')).toBe('/beheer/ondernemingen');
  });

  it.each(['head office', 'department user', 'entrepreneur'] as const)(
    'answers 403 to the %s',
    async (role) => {
      const agent = await demoAgent(testApp, role);
      const project = await db()('projects').first('project_number');
      const provider = await db()('provider_organisations').first('id');
      const company = await db()('companies').first('id');
      for (const path of [
        '/beheer/projecten',
        '/beheer/projecten?zoek=0123456749',
        `/beheer/projecten/${project.project_number}`,
        `/beheer/projecten/${project.project_number}/documenten/1`,
        '/beheer/dienstverleners',
        `/beheer/dienstverleners/${provider.id}`,
        '/beheer/ondernemingen',
        `/beheer/ondernemingen/${company.id}`,
      ]) {
        expect((await agent.get(path)).status, path).toBe(403);
      }
    },
  );
});
