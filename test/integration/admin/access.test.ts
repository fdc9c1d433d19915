import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { textOf } from '../../support/html.js';
import { concreteRoute, routesOf } from '../../support/routes.js';
import { csrfTokenOf, demoAgent, type Agent } from '../../support/session.js';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

/** A concrete URL for a route pattern: every parameter gets a plausible value (the guard answers first). */
const concrete = (path: string) => concreteRoute(path);

const agencyRoutes = () => routesOf(testApp.app).filter((route) => route.path.startsWith('/beheer'));

describe('the agency pages', () => {
  it('are found in the router, so the matrix below covers every one of them', () => {
    const paths = agencyRoutes().map((route) => `${route.method.toUpperCase()} ${route.path}`);
    // The pages of the issue that exist on every version of the back office.
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /beheer',
        'GET /beheer/registraties',
        'GET /beheer/registraties/:id',
        'POST /beheer/registraties/:id/:decision',
        'GET /beheer/mails',
        'POST /beheer/mails/:id/opnieuw',
      ]),
    );
  });

  it('link only to pages that open: every /beheer link of the home and the menu answers 200 to staff', async () => {
    const staff = await demoAgent(testApp, 'agency staff');
    const home = await staff.get('/beheer');
    const links = [
      ...new Set(
        [...home.text.matchAll(/href="(\/beheer[^"]*)"/g)].map((match) =>
          (match[1] ?? '').replaceAll('&amp;', '&'),
        ),
      ),
    ];
    expect(links.length).toBeGreaterThan(8);
    const answers = await Promise.all(links.map(async (link) => `${link} ${(await staff.get(link)).status}`));
    expect(answers).toEqual(links.map((link) => `${link} 200`));
  });

  describe.each(['head office', 'department user', 'entrepreneur'] as const)('to the %s', (role) => {
    let agent: Agent;
    let token: string;
    beforeAll(async () => {
      agent = await demoAgent(testApp, role);
      // A valid token of the agent's own session: the refusal must come from the missing right, not from CSRF.
      token = await csrfTokenOf(agent, '/');
    });

    it('answer 403 with a Dutch explanation on every GET and POST', async () => {
      const answers: string[] = [];
      for (const route of agencyRoutes()) {
        const url = concrete(route.path);
        const response =
          route.method === 'get'
            ? await agent.get(url)
            : await agent.post(url).type('form').send({ _csrf: token, expectedFrom: 'A', reden: 'x' });
        answers.push(`${route.method.toUpperCase()} ${url} ${response.status}`);
        if (response.status === 403)
          expect(textOf(response.text)).toContain('U hebt geen toegang tot deze pagina.');
      }
      expect(answers).toEqual(answers.map((line) => line.replace(/\d+$/, '403')));
    });
  });

  it('send a signed-out visitor to sign in on every GET, and refuse every POST', async () => {
    const agent = await demoAgent(testApp, 'signed out');
    for (const route of agencyRoutes()) {
      const url = concrete(route.path);
      const response =
        route.method === 'get' ? await agent.get(url) : await agent.post(url).type('form').send({});
      expect([route.method, url, response.status]).toEqual([
        route.method,
        url,
        route.method === 'get' ? 302 : 403,
      ]);
      if (route.method === 'get')
        expect(response.headers.location).toMatch(/^\/auth\/saml\/login|^\/dev\/idp/);
    }
  });

  it('refuse every POST of agency staff without a CSRF token, also when the form is a file upload', async () => {
    // An upload route reads its token after the file (web/csrf.ts): a multipart post must be refused too.
    const staff = await demoAgent(testApp, 'agency staff');
    const answers: string[] = [];
    for (const route of agencyRoutes().filter((candidate) => candidate.method === 'post')) {
      const url = concrete(route.path);
      const response = await staff
        .post(url)
        .field('expectedFrom', 'A')
        .attach('bestand', Buffer.from('%PDF-1.4\n'), { filename: 'x.pdf', contentType: 'application/pdf' });
      answers.push(`${url} ${response.status}`);
    }
    expect(answers).toEqual(answers.map((line) => line.replace(/\d+$/, '403')));
  });

  it('refuse every POST of agency staff without a CSRF token', async () => {
    const staff = await demoAgent(testApp, 'agency staff');
    for (const route of agencyRoutes().filter((candidate) => candidate.method === 'post')) {
      const url = concrete(route.path);
      const response = await staff.post(url).type('form').send({ expectedFrom: 'A' });
      expect([url, response.status]).toEqual([url, 403]);
    }
  });
});
