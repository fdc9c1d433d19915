import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { headingOf, hrefOf, textOf, titleOf } from '../../support/html.js';
import { demoAgent } from '../../support/session.js';

/** Issue 21: the footer's "Toegankelijkheid" and "Privacy" are real pages (DESIGN.md URLs). */

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

describe('the footer pages', () => {
  it('every page links to both, for every kind of user', async () => {
    for (const [role, path] of [
      ['signed out', '/'],
      ['entrepreneur', '/onderneming'],
      ['head office', '/dienstverlener'],
      ['agency staff', '/beheer'],
    ] as const) {
      const response = await (await demoAgent(testApp, role)).get(path).expect(200);
      const footer = /<footer[\s\S]*<\/footer>/.exec(response.text)?.[0] ?? '';
      expect(hrefOf(footer, 'Toegankelijkheid'), role).toBe('/toegankelijkheid');
      expect(hrefOf(footer, 'Privacy'), role).toBe('/privacy');
    }
  });

  it('/toegankelijkheid is an accessibility statement in the Flemish model', async () => {
    const response = await (await demoAgent(testApp, 'signed out')).get('/toegankelijkheid').expect(200);
    expect(titleOf(response.text)).toBe('Toegankelijkheidsverklaring – kmo-portefeuille');
    expect(headingOf(response.text)).toBe('Toegankelijkheidsverklaring');
    const headings = [...response.text.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((match) =>
      textOf(match[1] ?? ''),
    );
    expect(headings).toEqual(
      expect.arrayContaining([
        'Nalevingsstatus',
        'Niet-toegankelijke inhoud',
        'Opstelling van deze verklaring',
        'Feedback en contactgegevens',
        'Handhavingsprocedure',
      ]),
    );
    const text = textOf(response.text);
    expect(text).toContain(
      'gedeeltelijk conform met de Web Content Accessibility Guidelines (WCAG) 2.1, niveau AA',
    );
    expect(text).toContain('geen getagde PDF');
    expect(text).toMatch(/opgesteld op [0-9]{1,2} [a-z]+ [0-9]{4}/);
    expect(text).toContain('Vlaamse Ombudsdienst');
    expect(response.text).toContain('href="mailto:klachten@vlaamseombudsdienst.be"');
  });

  it('/privacy says what is stored, why, how long, who receives it and who to contact', async () => {
    const response = await (await demoAgent(testApp, 'entrepreneur')).get('/privacy').expect(200);
    expect(titleOf(response.text)).toBe('Privacyverklaring – kmo-portefeuille');
    const headings = [...response.text.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((match) =>
      textOf(match[1] ?? ''),
    );
    expect(headings).toEqual([
      'Wie is verantwoordelijk?',
      'Welke persoonsgegevens?',
      'Waarom en op welke rechtsgrond?',
      'Hoe lang bewaren we de gegevens?',
      'Wie krijgt de gegevens?',
      'Uw rechten',
      'Contact: de functionaris voor gegevensbescherming',
      'Klacht',
      'Over deze website',
    ]);
    const text = textOf(response.text);
    expect(text).toContain('kmo-portefeuille');
    expect(text).toContain('besluit van de Vlaamse Regering van 26 februari 2016');
    expect(text).toContain('tien jaar');
    // The payment institution is configuration (Sodexo became Pluxee): the page names the configured one.
    expect(text).toContain(testApp.container.config.paymentInstitution.name);
    expect(text).toContain('Vlaamse Toezichtcommissie');
    expect(text).toContain('Gegevensbeschermingsautoriteit');
  });
});
