import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { codaFile } from '../../support/bank-statements.js';
import { TEST_TODAY } from '../../support/clock.js';
import { decodeEntities } from '../../support/html.js';
import { markupErrorsOf, type CheckedPage } from '../../support/nu-checker.js';
import { routesOf } from '../../support/routes.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  demoAgent,
  newAgent,
  signInAsProvider,
  signInWithSaml,
  type Agent,
  type DemoRole,
} from '../../support/session.js';
import { createTestCompany, formBody, startDraft, trainingProject } from '../applications/support.js';
import { imported } from '../deposits/support.js';

/**
 * Issue 21: the Nu Html Checker finds no error on any page of any role. Each
 * role's pages are crawled from its home (every same-origin link, at most
 * PER_ROUTE URLs per route), each form is sent empty once and the page with
 * its errors kept is read; the pages only a journey reaches (the application
 * and registration wizards with valid answers, the onboarding, an imported
 * bank statement) are walked; the pages only a failure shows (403, 404, 429,
 * 503) are provoked. All pages go to one run of vnu.jar (one JVM).
 */

let testApp: TestApp;
let patterns: { pattern: string; regex: RegExp; literals: number }[];

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  patterns = routesOf(testApp.app)
    .filter((route) => route.method === 'get')
    .map((route) => ({
      pattern: route.path,
      regex: new RegExp(
        `^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`,
      ),
      literals: route.path.split('/').filter((segment) => segment && !segment.startsWith(':')).length,
    }))
    .sort((a, b) => b.literals - a.literals);
});
afterAll(async () => {
  await testApp.close();
});

/** Each role's home, and the searches a link does not lead to (a result list, "Bedoelde u …?", a refused value). */
const ROLES: { role: DemoRole | 'new entrepreneur'; home: string; searches?: string[] }[] = [
  {
    role: 'signed out',
    home: '/',
    searches: [
      '/dienstverleners/zoeken?naam=Leiestreek',
      '/dienstverleners/zoeken?naam=Leistreek',
      '/dienstverleners/zoeken?nummer=DV.X',
    ],
  },
  {
    role: 'head office',
    home: '/dienstverlener',
    searches: ['/dienstverlener/projecten?onderneming=testonderneming&bedragVan=abc'],
  },
  { role: 'department user', home: '/dienstverlener' },
  { role: 'entrepreneur', home: '/onderneming' },
  { role: 'agency staff', home: '/beheer' },
  // Lotte Vermeulen, whose company is not onboarded yet: conditions, size and details first.
  { role: 'new entrepreneur', home: '/onderneming' },
];

/** Sends a form of the page at `path` (its CSRF token) with these fields; returns the answer. */
async function send(agent: Agent, path: string, fields: Record<string, string | string[]>) {
  const token = await csrfTokenOf(agent, path);
  return agent
    .post(path)
    .type('form')
    .send(formBody({ _csrf: token, ...fields }));
}

/**
 * The application wizard walked through with valid answers (each step also
 * sent empty first, for its errors), up to the submitted project's pages.
 */
async function wizardPages(): Promise<CheckedPage[]> {
  const pages: CheckedPage[] = [];
  const company = await createTestCompany(testApp.database.db, testApp.app, testApp.container, {
    year: Number(TEST_TODAY.slice(0, 4)),
  });
  const { agent } = company;
  const draft = await startDraft(agent);
  const steps: [string, Record<string, string | string[]>][] = [
    ['activiteit', { naceCode: '62010' }],
    ['project', trainingProject(TEST_TODAY)],
    ['deelnemers', { firstName: ['An', 'Bert'], lastName: ['Claes', 'De Smet'] }],
    ['dienstverlener', { registrationNumber: 'DV.O218724' }],
  ];
  const keep = async (path: string, what: string) => {
    const page = await agent.get(path);
    expect(isHtml(page), `${path}: ${page.status}`).toBe(true);
    pages.push({ url: `wizard GET ${path}${what} (${page.status})`, html: page.text });
  };
  for (const [slug, fields] of steps) {
    const path = `${draft}/${slug}`;
    await keep(path, '');
    if (slug === 'dienstverlener') await keep(`${path}?zoek=opleiding`, '');
    await send(agent, path, {});
    await keep(path, ' after an empty POST');
    const answered = await send(agent, path, fields);
    expect(answered.status, `${path}: ${answered.text.slice(0, 200)}`).toBe(303);
  }
  const summary = `${draft}/overzicht`;
  await keep(summary, '');
  await send(agent, summary, {});
  await keep(summary, ' after an empty POST');
  const summaryPage = await agent.get(summary);
  const shown = /name="shownSubsidyCents" value="([^"]*)"/.exec(summaryPage.text)?.[1];
  const submitted = await send(agent, summary, {
    declaration: 'ja',
    ...(shown ? { shownSubsidyCents: shown } : {}),
  });
  expect(submitted.status).toBe(303);
  await keep(String(submitted.headers.location), ' after submitting');
  return pages;
}

/**
 * A registration request walked through by the second demo provider (training approved, no
 * advice yet), each step also sent empty first, up to the submitted request's page.
 */
async function registrationWizardPages(): Promise<CheckedPage[]> {
  const pages: CheckedPage[] = [];
  const agent = newAgent(testApp.app);
  expect((await signInAsProvider(agent, '0456789034', 'kmo-demo-2026')).headers.location).toBe(
    '/dienstverlener',
  );
  const start = await agent.get('/dienstverlener/registraties/nieuw?nieuw=1').expect(302);
  const base = /^(\/dienstverlener\/registraties\/nieuw\/[0-9a-f-]{36})\//.exec(
    String(start.headers.location),
  )?.[1];
  if (!base) throw new Error(`the registration wizard did not start: ${String(start.headers.location)}`);
  const keep = async (path: string, what = '') => {
    const page = await agent.get(path);
    expect(isHtml(page), `${path}: ${page.status}`).toBe(true);
    pages.push({ url: `second provider GET ${path}${what} (${page.status})`, html: page.text });
  };
  const steps: [string, Record<string, string>][] = [
    ['niveau', { level: 'MZ' }],
    ['dienst', { service: 'advies' }],
    ['basis', { basis: 'privaat', auditBureau: 'SGS Belgium' }],
    ['verklaring-op-eer', { declaration: 'ja' }],
  ];
  for (const [slug, fields] of steps) {
    const path = `${base}/${slug}`;
    await keep(path);
    await send(agent, path, {});
    await keep(path, ' after an empty POST');
    expect((await send(agent, path, fields)).status).toBe(303);
  }
  await keep(`${base}/overzicht`);
  const submitted = await send(agent, `${base}/overzicht`, {});
  expect(submitted.status).toBe(303);
  await keep(String(submitted.headers.location), ' after submitting');
  return pages;
}

/** The new entrepreneur's onboarding past the size: conditions, details (empty, then complete). */
async function onboardingPages(agent: Agent): Promise<CheckedPage[]> {
  const pages: CheckedPage[] = [];
  const keep = async (path: string, what = '') => {
    const page = await agent.get(path).redirects(3);
    expect(isHtml(page), `${path}: ${page.status}`).toBe(true);
    pages.push({ url: `new entrepreneur GET ${path}${what} (${page.status})`, html: page.text });
  };
  await keep('/onderneming/voorwaarden');
  expect((await send(agent, '/onderneming/grootte', { size: 'klein' })).status).toBe(303);
  await keep('/onderneming/grootte', ' after confirming');
  await keep('/onderneming/gegevens');
  await send(agent, '/onderneming/gegevens', {});
  await keep('/onderneming/gegevens', ' after an empty POST');
  const details = await send(agent, '/onderneming/gegevens', {
    iban: 'BE68 5390 0754 7034',
    bic: 'bbru bebb',
    turnover: '1.250.000,00',
    employeesFte: '7,5',
    naceCode: '31.090',
  });
  expect(details.status).toBe(303);
  await keep(String(details.headers.location), ' after the details');
  return pages;
}

/** Pages only a failure shows: 403, 404 for a bad link token, 429 and 503. */
async function failurePages(): Promise<CheckedPage[]> {
  const pages: CheckedPage[] = [];
  // Another audience's page: 403.
  const entrepreneur = await demoAgent(testApp, 'entrepreneur');
  const forbidden = await entrepreneur.get('/beheer');
  expect(forbidden.status).toBe(403);
  pages.push({ url: 'entrepreneur GET /beheer (403)', html: forbidden.text });

  // Links from mails with a token that is not (or no longer) valid; the development IdP's page.
  const stranger = newAgent(testApp.app);
  for (const path of ['/dienstverlener/login-herstellen/onbekend', '/dienstverlener/uitnodiging/onbekend']) {
    const page = await stranger.get(path);
    pages.push({ url: `signed out GET ${path} (${page.status})`, html: page.text });
  }
  const idp = String((await stranger.get('/auth/saml/login').expect(302)).headers.location);
  const idpPage = await stranger.get(idp.replace(/^https?:\/\/[^/]+/, ''));
  pages.push({ url: `signed out GET /dev/idp (${idpPage.status})`, html: idpPage.text });

  // The database is away: a second app on the same database whose statements give up after
  // 300 ms, while the session table is locked. A page and a posted form get the 503 page.
  const impatient = await createTestApp({
    shareDatabaseWith: testApp,
    environment: { DATABASE_STATEMENT_TIMEOUT_MS: '300' },
  });
  try {
    const visitor = newAgent(impatient.app);
    const token = await csrfTokenOf(visitor, '/dienstverlener/aanmelden');
    await testApp.database.db.transaction(async (trx) => {
      await trx.raw('lock table session in access exclusive mode');
      const page = await visitor.get('/dienstverlener/aanmelden');
      expect(page.status).toBe(503);
      pages.push({ url: `signed out GET /dienstverlener/aanmelden (503)`, html: page.text });
      const posted = await visitor
        .post('/dienstverlener/aanmelden')
        .type('form')
        .send(
          formBody({ _csrf: token, street: 'Kerkstraat', houseNumber: '1', name: 'Opleidingen <b>& Co</b>' }),
        );
      expect(posted.status).toBe(503);
      pages.push({ url: `signed out POST /dienstverlener/aanmelden (503)`, html: posted.text });
    });
  } finally {
    await impatient.close();
  }

  // Too many sign-ins started from one address: 429 (last: it blocks SAML sign-in from here).
  let tooMany = await stranger.get('/auth/saml/login');
  for (let count = 0; count < 120 && tooMany.status !== 429; count += 1)
    tooMany = await stranger.get('/auth/saml/login');
  expect(tooMany.status).toBe(429);
  pages.push({ url: 'signed out GET /auth/saml/login (429)', html: tooMany.text });
  return pages;
}

/** URLs per route pattern the crawl visits (the other projects, registrations … look the same). */
const PER_ROUTE = 3;

/** Links the crawl does not follow: downloads (not HTML) and the sign-in flows that would change whose session it is. */
const notFollowed = (pathname: string) =>
  /\.(pdf|csv|css|js|png|svg|ico|xml)$/.test(pathname) ||
  pathname.startsWith('/auth/') ||
  pathname.startsWith('/dev/idp') ||
  pathname === '/logout';

function routeOf(pathname: string): string {
  return patterns.find((candidate) => candidate.regex.test(pathname))?.pattern ?? pathname;
}

function sameOriginPath(href: string, base: string): string | undefined {
  if (!href || href.startsWith('#') || /^(mailto|tel|javascript|data):/i.test(href)) return undefined;
  const url = new URL(href, `http://portal.test${base}`);
  if (url.origin !== 'http://portal.test') return undefined;
  return url.pathname + url.search;
}

const isHtml = (response: { headers: Record<string, string> }) =>
  (response.headers['content-type'] ?? '').startsWith('text/html');

interface Form {
  action: string;
  multipart: boolean;
  fields: { name: string; value: string }[];
}

/** The POST forms of a page with at least one field a person fills in, every such field left empty. */
function postFormsOf(html: string, pagePath: string): Form[] {
  const forms: Form[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    if (!/method="post"/i.test(attributes)) continue;
    const action = sameOriginPath(
      decodeEntities(/action="([^"]*)"/.exec(attributes)?.[1] ?? pagePath),
      pagePath,
    );
    if (!action) continue;
    const fields: { name: string; value: string }[] = [];
    let fillable = false;
    for (const control of body.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
      const tag = control[1];
      const controlAttributes = control[2] ?? '';
      const name = /\bname="([^"]*)"/.exec(controlAttributes)?.[1];
      if (!name) continue;
      const type = /\btype="([^"]*)"/.exec(controlAttributes)?.[1] ?? 'text';
      if (tag === 'input' && type === 'hidden') {
        fields.push({ name, value: decodeEntities(/\bvalue="([^"]*)"/.exec(controlAttributes)?.[1] ?? '') });
      } else if (!(tag === 'input' && ['submit', 'button'].includes(type))) {
        fillable = true;
        if (type !== 'file' && type !== 'checkbox' && type !== 'radio') fields.push({ name, value: '' });
      }
    }
    if (fillable) forms.push({ action, multipart: /multipart\/form-data/.test(attributes), fields });
  }
  return forms;
}

/**
 * A role's pages: from its home, every same-origin link (at most PER_ROUTE
 * URLs per route pattern), then every form sent empty once (per route of its
 * action) and the page that shows its errors.
 */
async function crawl(
  agent: Agent,
  role: string,
  home: string,
  searches: string[] = [],
): Promise<CheckedPage[]> {
  const pages: CheckedPage[] = [];
  const seen = new Set<string>();
  const perRoute = new Map<string, number>();
  const forms = new Map<string, Form & { page: string }>();
  const queue: string[] = [];

  const admit = (path: string) => {
    const pathname = path.split('?')[0] ?? path;
    if (seen.has(path) || notFollowed(pathname)) return;
    const route = routeOf(pathname);
    const count = perRoute.get(route) ?? 0;
    if (count >= PER_ROUTE) return;
    perRoute.set(route, count + 1);
    seen.add(path);
    queue.push(path);
  };

  const take = (
    path: string,
    response: { status: number; text: string; headers: Record<string, string> },
  ) => {
    if (!isHtml(response)) return;
    pages.push({ url: `${role} GET ${path} (${response.status})`, html: response.text });
    for (const link of response.text.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
      const target = sameOriginPath(decodeEntities(link[1] ?? ''), path);
      if (target) admit(target);
    }
    for (const form of postFormsOf(response.text, path)) {
      const route = routeOf(form.action.split('?')[0] ?? form.action);
      if (!forms.has(route)) forms.set(route, { ...form, page: path });
    }
  };

  for (const start of [home, '/', ...searches]) admit(start);
  while (queue.length > 0) {
    const path = queue.shift() as string;
    const response = await agent.get(path);
    if (response.status >= 300 && response.status < 400) {
      const target = sameOriginPath(String(response.headers.location ?? ''), path);
      if (target) admit(target);
      continue;
    }
    take(path, response);
  }

  // Each form once, empty: the page it answers with, or the one it redirects to with the kept errors.
  for (const form of forms.values()) {
    const token = csrfTokenIn((await agent.get(form.page)).text);
    const fields = form.fields.map((field) => (field.name === '_csrf' ? { ...field, value: token } : field));
    let request = agent.post(form.action);
    if (form.multipart) {
      for (const field of fields) request = request.field(field.name, field.value);
    } else {
      request = request
        .type('form')
        .send(new URLSearchParams(fields.map((field) => [field.name, field.value])).toString());
    }
    const answer = await request;
    if (answer.status >= 300 && answer.status < 400) {
      const target = sameOriginPath(String(answer.headers.location ?? ''), form.action);
      if (!target || notFollowed(target.split('?')[0] ?? target)) continue;
      const shown = await agent.get(target);
      if (isHtml(shown))
        pages.push({
          url: `${role} GET ${target} after an empty POST ${form.action} (${shown.status})`,
          html: shown.text,
        });
    } else if (isHtml(answer)) {
      pages.push({ url: `${role} POST ${form.action} empty (${answer.status})`, html: answer.text });
    }
  }

  // A page that does not exist.
  const missing = await agent.get('/bestaat-niet');
  pages.push({ url: `${role} GET /bestaat-niet (${missing.status})`, html: missing.text });
  return pages;
}

describe('the Nu Html Checker', () => {
  it('finds no error on any page of any role', { timeout: 300_000 }, async () => {
    const pages: CheckedPage[] = [];
    // A bank statement imported, with a credit nobody's communication matches: the crawl of the
    // agency's pages reaches the import, its statement and the exception with its decisions.
    const staff = await demoAgent(testApp, 'agency staff');
    await imported(
      testApp,
      staff,
      codaFile({
        account: testApp.container.config.paymentInstitution.iban.replace(/\s+/g, ''),
        statements: [
          {
            sequence: 1,
            date: TEST_TODAY,
            openingBalanceCents: 0,
            movements: [
              {
                counterpartyName: 'Bakkerij Peeters bv',
                counterpartyIban: 'BE71096123456769',
                counterpartyBic: 'GKCCBEBB',
                bankReference: 'MARKUP-1',
                amountCents: 70_000,
                structuredCommunication: null,
              },
            ],
          },
        ],
      }),
    );
    for (const { role, home, searches } of ROLES) {
      const agent = role === 'new entrepreneur' ? newAgent(testApp.app) : await demoAgent(testApp, role);
      if (role === 'new entrepreneur') await signInWithSaml(agent, testApp.container, 'new-entrepreneur');
      pages.push(...(await crawl(agent, role, home, searches)));
      if (role === 'new entrepreneur') pages.push(...(await onboardingPages(agent)));
    }
    pages.push(...(await wizardPages()));
    pages.push(...(await registrationWizardPages()));
    pages.push(...(await failurePages()));

    process.stdout.write(`markup: ${pages.length} pages checked\n`);
    // The crawl reaches each audience's detail pages, not only their lists.
    const reached = new Set(pages.map((page) => routeOf(/ (\/[^ ?]*)/.exec(page.url)?.[1] ?? '')));
    for (const route of [
      '/dienstverleners/:id',
      '/dienstverlener/projecten/:projectNumber',
      '/dienstverlener/registraties/:id',
      '/dienstverlener/vestigingen/:id/wijzigen',
      '/onderneming/projecten/:projectNumber/storting',
      '/onderneming/gegevens',
      '/beheer/projecten/:projectNumber',
      '/beheer/registraties/:id',
      '/beheer/stopzettingen/:projectNumber',
      '/beheer/stortingen/inlezingen/:id',
      '/beheer/stortingen/uitzonderingen/:id',
      '/beheer/regels/:slug',
      '/dev/mailbox/:id',
    ])
      expect(reached, route).toContain(route);
    expect(pages.length).toBeGreaterThan(200);
    const errors = await markupErrorsOf(pages);
    expect(
      errors.map((error) => `${error.url}:${error.line ?? '?'}: ${error.message} [${error.extract ?? ''}]`),
    ).toEqual([]);
  });
});
