import { describe, expect, it } from 'vitest';
import { pdffonts, pdftotext } from '../../../test/support/pdf-tools.js';
import { declarationOnHonourPdf, registrationCertificatePdf } from './registration.pdf.js';

// A provider as users typed it: accents, a typographic dash and quotes, €, Greek, Cyrillic, an emoji.
const provider = {
  legalName: '🚀 Café Ëlise – “test” € 1.198,35 bv',
  enterpriseNumber: '0123456749',
  legalForm: 'Besloten vennootschap',
  address: 'Ελληνικά-straat 1, 8500 Kortrijk (Привет)',
};

async function expectEmbeddedDejaVuOnly(pdf: Buffer): Promise<void> {
  for (const font of await pdffonts(pdf)) {
    expect(font).toEqual({ name: expect.stringMatching(/\+DejaVuSans(-Bold)?$/), embedded: true });
  }
}

describe('the registration PDFs print what the provider typed (read back with pdftotext)', () => {
  it('the declaration on honour', async () => {
    const pdf = await declarationOnHonourPdf({
      provider,
      levelLabel: 'Hoofdzetel',
      service: 'advies',
      basis: 'kennisinstelling',
      auditBureau: 'Kiwa Belgium',
      date: '2026-11-18',
    });
    const text = await pdftotext(pdf);
    expect(text).toContain('Dienstverlener: □ Café Ëlise – “test” € 1.198,35 bv');
    expect(text).toContain('Adres maatschappelijke zetel: Ελληνικά-straat 1, 8500 Kortrijk (Привет)');
    expect(text).toContain('Ondernemingsnummer: 0123.456.749');
    await expectEmbeddedDejaVuOnly(pdf);
  });

  it('the registration certificate', async () => {
    const pdf = await registrationCertificatePdf({
      provider,
      departmentName: 'Départment Ωmega',
      number: 'DV.A218725',
      service: 'opleiding',
      validFrom: '2026-11-23',
      validUntil: '2031-11-22',
      conditional: false,
    });
    const text = await pdftotext(pdf);
    expect(text).toContain('□ Café Ëlise – “test” € 1.198,35 bv');
    expect(text).toContain('Départment Ωmega');
    expect(text).toContain('Geldig van: 23/11/2026');
    await expectEmbeddedDejaVuOnly(pdf);
  });
});
