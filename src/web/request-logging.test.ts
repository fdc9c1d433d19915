import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { capturedLogger } from '../../test/support/log.js';
import { requestLogging, withoutSecrets } from './request-logging.js';

/** An app with the request log written to an array, one parsed line each. */
function loggedApp() {
  const { logger, lines } = capturedLogger('info');
  const app = express();
  app.use(requestLogging(logger));
  app.get('/dienstverlener/login-herstellen/:token', (_req, res) => {
    res.cookie('kmo.sid', 'geheim').send('ok');
  });
  app.get('/stuk', () => {
    throw new Error('kapot');
  });
  return { app, lines };
}

describe('the request log', () => {
  it('writes one line per request: id, method, URL without a token, address, status; no headers', async () => {
    const { app, lines } = loggedApp();
    await request(app)
      .get('/dienstverlener/login-herstellen/AbC-123?x=1')
      .set('Cookie', 'kmo.sid=s%3Ageheim')
      .set('X-Request-Id', 'ref-1')
      .expect(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    const line = lines[0] as {
      req: Record<string, unknown>;
      res: Record<string, unknown>;
      responseTime: unknown;
    };
    expect(line.req).toEqual({
      id: 'ref-1',
      method: 'GET',
      url: '/dienstverlener/login-herstellen/[verborgen]?x=1',
      remoteAddress: expect.stringMatching(/127\.0\.0\.1/) as unknown,
    });
    expect(line.res).toEqual({ statusCode: 200 });
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/geheim|AbC-123/);
  });

  it('logs a failed request at error level', async () => {
    const { app, lines } = loggedApp();
    await request(app).get('/stuk').expect(500);
    await new Promise((resolve) => setImmediate(resolve));
    const line = lines.at(-1) as { level: number; err?: { message?: string }; res: { statusCode: number } };
    expect(line.level).toBe(50);
    expect(line.res.statusCode).toBe(500);
  });
});

describe('withoutSecrets', () => {
  it('hides the token of a forgotten-login link and of a department invitation', () => {
    expect(withoutSecrets('/dienstverlener/login-herstellen/AbC-123_xyz')).toBe(
      '/dienstverlener/login-herstellen/[verborgen]',
    );
    expect(withoutSecrets('/dienstverlener/uitnodiging/AbC-123_xyz?x=1')).toBe(
      '/dienstverlener/uitnodiging/[verborgen]?x=1',
    );
  });

  it('leaves other URLs as they are', () => {
    for (const url of [
      '/dienstverlener/departementen/3/uitnodigingen',
      '/dienstverlener/projecten?q=a',
      '/',
    ]) {
      expect(withoutSecrets(url)).toBe(url);
    }
  });
});
