import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/app.js';
import { createLogger } from '../../../src/logger.js';
import { errorHandler } from '../../../src/web/errors.js';
import { viewLocals } from '../../../src/web/locals.js';
import { requestLogging } from '../../../src/web/request-logging.js';
import { configureViews } from '../../../src/web/views.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { capturedLogger } from '../../support/log.js';

let testApp: TestApp;
let app: Express;
beforeAll(async () => {
  testApp = await createTestApp();
  app = testApp.app;
});
afterAll(async () => {
  await testApp.close();
});

describe('health endpoints', () => {
  it('/healthz answers that the process is up', async () => {
    const response = await request(app).get('/healthz').expect(200);
    expect(response.type).toBe('application/json');
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('/readyz answers that the database is reachable', async () => {
    const response = await request(app).get('/readyz').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('pages', () => {
  it('renders the home page in Dutch with the quick links', async () => {
    const response = await request(app).get('/').expect(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain('<html lang="nl-BE"');
    expect(response.text).toContain('href="/dienstverleners/zoeken"');
    expect(response.text).toContain('href="/dienstverlener/login"');
    expect(response.text).toContain('href="/dienstverlener/aanmelden"');
    expect(response.text).toContain('href="/auth/saml/login"');
    expect(response.text).toMatch(/14 kalenderdagen/);
  });

  it('sends strict security headers and a request id', async () => {
    const response = await request(app).get('/').expect(200);
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the stylesheet from our own origin, with an ETag for revalidation', async () => {
    const response = await request(app).get('/css/main.css').expect(200);
    expect(response.type).toBe('text/css');
    const etag = response.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    await request(app).get('/css/main.css').set('If-None-Match', etag).expect(304);
  });

  it('sends a page without an ETag: pages are not revalidated but sent again', async () => {
    const response = await request(app).get('/').expect(200);
    expect(response.headers.etag).toBeUndefined();
  });

  it('answers an unknown address with a Dutch 404 page', async () => {
    const response = await request(app).get('/bestaat-niet').expect(404);
    expect(response.text).toContain('Pagina niet gevonden');
    expect(response.text).toContain('<html lang="nl-BE"');
  });

  it('answers 404 as JSON to a client that asks for JSON', async () => {
    const response = await request(app).get('/bestaat-niet').set('Accept', 'application/json').expect(404);
    expect(response.body.error).toBe('Pagina niet gevonden');
  });

  it('refuses a form post without a CSRF token with a Dutch 403 page', async () => {
    const response = await request(app).post('/').type('form').send({ naam: 'x' }).expect(403);
    expect(response.text).toContain('Dit formulier is verlopen of werd niet vanop deze website verstuurd');
  });

  it('does not make a session for a page without a form', async () => {
    const response = await request(app).get('/').expect(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('error pages', () => {
  /** The real view engine, locals and error handler around a route that fails. */
  function appThatFails(showDetails: boolean): Express {
    const failing = express();
    configureViews(failing, projectRoot, { cache: false });
    failing.use(requestLogging(createLogger('silent')));
    failing.use(viewLocals({ helpEmail: 'help@vlaio.test', devTools: false }));
    failing.get('/stuk', () => {
      throw new Error('geheime interne fout bij regel 42');
    });
    failing.use(errorHandler({ showDetails }));
    return failing;
  }

  it('shows a Dutch 500 page with a reference and no stack trace in production', async () => {
    const response = await request(appThatFails(false))
      .get('/stuk')
      .set('X-Request-Id', 'ref-12345')
      .expect(500);
    expect(response.text).toContain('Er ging iets mis');
    expect(response.text).toContain('ref-12345');
    expect(response.text).not.toContain('geheime interne fout');
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('shows the stack trace outside production, to help the developer', async () => {
    const response = await request(appThatFails(true)).get('/stuk').expect(500);
    expect(response.text).toContain('geheime interne fout bij regel 42');
  });

  it('logs an error raised after the response began (too late for a page), with the request id', async () => {
    const { logger, lines } = capturedLogger('info');
    const late = express();
    late.use(requestLogging(logger));
    late.get('/half', (_req, res, next) => {
      res.status(200).type('text/plain').write('het begin van een download');
      next(new Error('de bron viel halverwege weg'));
    });
    late.use(errorHandler({ showDetails: false }));

    // Express ends the connection: the client does not get a whole answer.
    await expect(request(late).get('/half').set('X-Request-Id', 'ref-laat')).rejects.toThrow();
    const loggedError = lines.find((line) => line.msg === 'error after the response began');
    expect(loggedError).toMatchObject({
      level: 50,
      err: { message: 'de bron viel halverwege weg' },
      req: { id: 'ref-laat' },
    });
  });
});
