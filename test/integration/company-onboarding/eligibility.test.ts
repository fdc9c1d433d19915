import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { textOf } from '../../support/html.js';
import { csrfTokenIn } from '../../support/session.js';
import { applicationPath, newEntrepreneur, onboardingCompany, resetOnboardingCompany } from './support.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

describe('a company the official data make ineligible', () => {
  it('is sent to the explanation instead of the application, and the wallet says so', async () => {
    await resetOnboardingCompany(db());
    const company = await onboardingCompany(db());
    await db()('companies')
      .where({ id: company.id })
      .update({ postcode: '1000', municipality: 'Brussel', legal_form: 'VZW' });
    try {
      const agent = await newEntrepreneur(testApp);
      const start = await agent.get(applicationPath);
      expect(start.status).toBe(302);
      expect(start.headers.location).toBe('/onderneming/voorwaarden');
      const page = await agent.get('/onderneming/voorwaarden').expect(200);
      const text = textOf(page.text);
      expect(text).toContain('Uw onderneming komt niet in aanmerking');
      expect(text).toContain(
        'Uw onderneming is gevestigd in 1000 Brussel, buiten het Vlaamse Gewest. De kmo-portefeuille is er voor ondernemingen met een exploitatiezetel in Vlaanderen.',
      );
      expect(text).toContain('Uw onderneming is een vereniging zonder winstoogmerk (vzw).');
      // A post to the wizard is stopped too.
      const posted = await agent
        .post(`${applicationPath}/00000000-0000-4000-8000-000000000000/activiteit`)
        .type('form')
        .send({ _csrf: csrfTokenIn(page.text), naceCode: '62010' });
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toBe('/onderneming/voorwaarden');
      const wallet = await agent.get('/onderneming').expect(200);
      expect(textOf(wallet.text)).toContain(
        'Uw onderneming komt niet in aanmerking voor de kmo-portefeuille',
      );
    } finally {
      await db()('companies').where({ id: company.id }).update({
        postcode: company.postcode,
        municipality: company.municipality,
        legal_form: company.legal_form,
      });
    }
  });

  it('an eligible company reads that it meets the conditions', async () => {
    await resetOnboardingCompany(db());
    const agent = await newEntrepreneur(testApp);
    const page = await agent.get('/onderneming/voorwaarden').expect(200);
    expect(textOf(page.text)).toContain('Uw onderneming voldoet aan deze voorwaarden.');
  });
});
