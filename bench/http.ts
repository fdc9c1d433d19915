import { SESSION_COOKIE } from '../src/web/session.js';

/** Plain HTTP against the app under test: sign in as a head office, fetch a page. */

const REQUEST_TIMEOUT_MS = 60_000;

export interface Page {
  status: number;
  body: string;
  ms: number;
}

export async function getPage(url: string, headers: Record<string, string>): Promise<Page> {
  const started = performance.now();
  const response = await fetch(url, {
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/**
 * Signs in on /dienstverlener/login (login, password and the form's CSRF
 * token) and returns the `kmo.sid=…` cookie of the new session.
 */
export async function signIn(
  baseUrl: string,
  credentials: { login: string; password: string },
  headers: Record<string, string>,
): Promise<string> {
  const loginUrl = `${baseUrl}/dienstverlener/login`;
  const form = await fetch(loginUrl, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const html = await form.text();
  const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
  const firstCookie = sessionCookie(form.headers);
  if (form.status !== 200 || !token || !firstCookie) {
    throw new Error(`the login page answered ${form.status} without a CSRF token or session cookie`);
  }
  const answer = await fetch(loginUrl, {
    method: 'POST',
    headers: { ...headers, cookie: firstCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      login: credentials.login,
      password: credentials.password,
      _csrf: unescapeHtml(token),
    }),
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await answer.text();
  const location = answer.headers.get('location') ?? '';
  const cookie = sessionCookie(answer.headers);
  if (answer.status !== 303 || location !== '/dienstverlener' || !cookie) {
    throw new Error(`signing in as ${credentials.login} failed: ${answer.status} to "${location}"`);
  }
  return cookie;
}

function sessionCookie(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? '';
    if (pair.startsWith(`${SESSION_COOKIE}=`)) return pair;
  }
  return undefined;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
