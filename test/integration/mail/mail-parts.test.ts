import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaughtMail } from '../../../src/dev/mail-catcher.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { decodeEntities, headingOf } from '../../support/html.js';
import { csrfTokenOf, newAgent } from '../../support/session.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

function parse(html: string) {
  const errors: string[] = [];
  const document = new DOMParser({
    errorHandler: (level: string, message: unknown) => errors.push(`${level}: ${String(message)}`),
  }).parseFromString(html, 'text/html');
  expect(errors).toEqual([]);
  return document;
}

function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Asks a new login for the demo provider: a mail through the outbox and real SMTP into the catcher. */
async function forgottenLoginMail(): Promise<CaughtMail> {
  const agent = newAgent(testApp.app);
  const token = await csrfTokenOf(agent, '/dienstverlener/login-vergeten');
  await agent
    .post('/dienstverlener/login-vergeten')
    .type('form')
    .send({ _csrf: token, enterpriseNumber: '0123.456.749', email: 'info@dienstverlener-kmo.test' })
    .expect(303);
  await testApp.container.mail.flush();
  return testApp.mailbox.waitFor(
    (mail) => mail.subject === 'Kies een nieuw wachtwoord voor de kmo-portefeuille',
  );
}

describe('a mail sent through the outbox', () => {
  let mail: CaughtMail;
  beforeAll(async () => {
    mail = await forgottenLoginMail();
  });

  it('arrives with a plain text part and an HTML part', () => {
    expect(mail.to).toEqual(['info@dienstverlener-kmo.test']);
    expect(mail.text).toContain('Uw login: 0123456749');
    expect(mail.text.endsWith('Met vriendelijke groeten,\nHet team kmo-portefeuille')).toBe(true);
    expect(mail.html).toBeDefined();
  });

  it('has an HTML part in Dutch, headed by the subject, linking to the mailed link, with the same facts', () => {
    const document = parse(mail.html ?? '');
    expect(document.documentElement?.getAttribute('lang')).toBe('nl');
    const headings = Array.from(document.getElementsByTagName('h1'));
    expect(headings.map((heading) => collapse(heading.textContent))).toEqual([
      'Kies een nieuw wachtwoord voor de kmo-portefeuille',
    ]);
    const links = Array.from(document.getElementsByTagName('a'));
    const resetUrl = /(https?:\/\/\S+\/dienstverlener\/login-herstellen\/\S+)/.exec(mail.text)?.[1];
    expect(resetUrl).toBeDefined();
    expect(links.map((link) => link.getAttribute('href'))).toEqual([resetUrl]);
    const text = collapse(document.getElementsByTagName('body')[0]?.textContent);
    expect(text).toContain('Uw login: 0123456749');
    expect(text).toContain('Beste Dienstverlener kmo-portefeuille,');
    expect(text).toContain('Agentschap Innoveren & Ondernemen');
    expect(text.endsWith('Met vriendelijke groeten, Het team kmo-portefeuille')).toBe(true);
  });

  it('shows both parts in the development mailbox, the HTML in a sandboxed frame', async () => {
    const response = await newAgent(testApp.app).get(`/dev/mailbox/${mail.id}`).expect(200);
    const page = response.text;
    expect(headingOf(page)).toBe('Kies een nieuw wachtwoord voor de kmo-portefeuille');
    const subheadings = [...page.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(subheadings).toEqual(expect.arrayContaining(['HTML-versie', 'Tekstversie']));

    const frame = /<iframe class="mail-html" sandbox srcdoc="([^"]*)" title="([^"]*)"><\/iframe>/.exec(page);
    expect(frame?.[2]).toBe('HTML-versie van de mail');
    // The attribute holds the mail's HTML escaped: no markup of the mail leaks into the page itself.
    expect(decodeEntities(frame?.[1] ?? '')).toBe(mail.html);
    expect(page.match(/<h1>/g)).toHaveLength(1);

    const pre = /<pre class="mail-body">([^<]*)<\/pre>/.exec(page);
    expect(decodeEntities(pre?.[1] ?? '')).toBe(mail.text);
  });
});
