import { buildSamlResponse, parseRedirectAuthnRequest } from '../src/dev/saml-response.js';
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

/**
 * Signs a person in through SAML as the IdP would: starts the sign-in at
 * /auth/saml/login, signs a response for its AuthnRequest with the IdP key
 * the benchmark generated (the app trusts its certificate) and posts it to
 * the ACS. Returns the `kmo.sid=…` cookie of the new session.
 */
export async function signInWithSaml(
  baseUrl: string,
  saml: {
    idpKey: { privateKey: string; certificate: string };
    idpEntityId: string;
    callbackUrl: string;
    audience: string;
  },
  person: { nationalRegisterNumber: string; attributes: Record<string, string[]> },
  headers: Record<string, string>,
): Promise<string> {
  const login = await fetch(`${baseUrl}/auth/saml/login`, {
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await login.text();
  const location = new URL(login.headers.get('location') ?? '', baseUrl);
  const samlRequest = location.searchParams.get('SAMLRequest');
  const request = samlRequest ? parseRedirectAuthnRequest(samlRequest) : undefined;
  if (login.status !== 302 || !request) {
    throw new Error(`the SAML sign-in answered ${login.status} without an AuthnRequest`);
  }
  const response = buildSamlResponse({
    issuer: saml.idpEntityId,
    destination: saml.callbackUrl,
    audience: saml.audience,
    inResponseTo: request.id,
    nameId: person.nationalRegisterNumber,
    attributes: person.attributes,
    key: saml.idpKey,
  });
  const relayState = location.searchParams.get('RelayState');
  const firstCookie = sessionCookie(login.headers);
  // The login is bound to the browser that started it: the ACS wants its kmo.saml cookie.
  const binding = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('kmo.saml='));
  const cookies = [firstCookie, binding].filter(Boolean).join('; ');
  const answer = await fetch(`${baseUrl}/auth/saml/acs`, {
    method: 'POST',
    headers: {
      ...headers,
      ...(cookies ? { cookie: cookies } : {}),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ SAMLResponse: response, ...(relayState ? { RelayState: relayState } : {}) }),
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await answer.text();
  const cookie = sessionCookie(answer.headers);
  if (answer.status !== 303 || !cookie) {
    throw new Error(`the SAML sign-in failed: ${answer.status} to "${answer.headers.get('location') ?? ''}"`);
  }
  return cookie;
}

/** The CSRF token of the first form on a page. */
export function csrfTokenIn(html: string): string | undefined {
  const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
  return token === undefined ? undefined : unescapeHtml(token);
}
