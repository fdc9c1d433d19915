import type { Express } from 'express';
import request from 'supertest';

type Response = Awaited<ReturnType<ReturnType<typeof request>['get']>>;

/**
 * A browser reaching the production app through its one trusted proxy: every
 * request says it came over HTTPS from `ip`. It keeps the session cookie
 * itself, because supertest's agent sends a Secure cookie to https URLs only.
 */
export class ProxiedClient {
  private cookie: string | undefined;
  /** Every Set-Cookie header the app sent, newest last. */
  readonly setCookies: string[] = [];

  constructor(
    private readonly app: Express,
    private readonly ip: string,
  ) {}

  get(path: string): Promise<Response> {
    return this.keep(this.headers(request(this.app).get(path)));
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.keep(this.headers(request(this.app).post(path)).type('form').send(form));
  }

  private headers<T extends request.Test>(test: T): T {
    test.set('X-Forwarded-Proto', 'https').set('X-Forwarded-For', this.ip);
    if (this.cookie) test.set('Cookie', this.cookie);
    return test;
  }

  private async keep(pending: request.Test): Promise<Response> {
    const response = await pending;
    const header = response.headers['set-cookie'] as string[] | string | undefined;
    for (const line of Array.isArray(header) ? header : header ? [header] : []) {
      this.setCookies.push(line);
      const pair = line.split(';')[0];
      if (pair?.startsWith('kmo.sid=')) this.cookie = pair;
    }
    return response;
  }
}
