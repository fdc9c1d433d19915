import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { decodeEntities } from '../../support/html.js';
import { decodeQrCode, pdfFirstPagePng, pdffonts, pdftotext } from '../../support/pdf-tools.js';
import { newAgent, signInWithSaml, type Agent } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';
import { plusDays } from '../../support/format.js';

/*
 * What users typed comes back out of the PDFs (read by poppler's pdftotext), and
 * the SEPA payment QR code of the deposit instructions (page and PDF) scans
 * (zbarimg) to the transfer's values. Values written here as the EPC069-12
 * guideline and the spec have them, independent of the code.
 */

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;
const company = 'Testonderneming_A en B';

const typed = 'Café Ëlise – “test” € 1.198,35';
const title = `🚀 Opleiding ${typed} Ελληνικά Привет`;
const projectNumber = '2026KMO999701';
const settled = '2026KMO999702';
const pdfPath = (number: string) => `/onderneming/projecten/${number}/stortingsinstructies.pdf`;
const pagePath = (number: string) => `/onderneming/projecten/${number}/storting`;
const sheetPath = (number: string) => `/onderneming/projecten/${number}/projectfiche.pdf`;

async function companyId(): Promise<number> {
  const row = await db()('companies').where({ name: company }).first<{ id: number }>('id');
  if (!row) throw new Error(`no demo company ${company}`);
  return row.id;
}

async function entrepreneur(): Promise<Agent> {
  const agent = newAgent(testApp.app);
  await signInWithSaml(agent, testApp.container, 'entrepreneur', `onderneming-${await companyId()}`);
  return agent;
}

/** A Bevestigd training project: own contribution € 1.198,35 of € 1.711,93. */
async function insertProject(number: string, communication: string, status = 'Bevestigd'): Promise<number> {
  const registration = await db()('registrations')
    .where({ number: 'DV.O218724' })
    .first<{ id: number; provider_id: number }>('id', 'provider_id');
  if (!registration) throw new Error('no demo registration DV.O218724');
  const applied = plusDays(TEST_TODAY, -18);
  const [row] = await db()('projects')
    .insert({
      project_number: number,
      company_id: await companyId(),
      provider_id: registration.provider_id,
      registration_id: registration.id,
      service: 'opleiding',
      title,
      training_kind: 'extern',
      subtheme: 'it.software',
      nace_code: '43222',
      company_size: 'klein',
      hours: 16,
      participant_count: 1,
      agreement_date: plusDays(applied, -10),
      start_date: plusDays(applied, -3),
      application_date: applied,
      deposit_deadline: plusDays(applied, 30),
      registration_cost_cents: 200_000,
      project_amount_cents: 171_193,
      subsidy_cents: 51_358,
      own_contribution_cents: 119_835,
      subsidy_rate_bp: 3000,
      structured_communication: communication,
      status,
    })
    .returning<{ id: number }[]>('id');
  if (!row) throw new Error('project not inserted');
  await db()('project_participants').insert({
    project_id: row.id,
    position: 1,
    first_name: 'Ζωή 👩‍💻',
    last_name: 'Пётр Ørsted',
  });
  return row.id;
}

beforeAll(async () => {
  await insertProject(projectNumber, '123456789002');
  await insertProject(settled, '987654321009', 'ProjectGeannuleerd');
});

/** Every font embedded, none of the standard 14 (which only know Latin-1). */
async function expectOnlyEmbeddedUnicodeFonts(pdf: Buffer): Promise<void> {
  const fonts = await pdffonts(pdf);
  expect(fonts.length).toBeGreaterThan(0);
  for (const font of fonts) {
    expect(font).toEqual({ name: expect.stringMatching(/\+DejaVuSans(-Bold)?$/), embedded: true });
  }
}

/** The EPC069-12 lines a Belgian banking app reads, element by element. */
function epcFields(text: string) {
  const lines = text.split(/\r?\n/);
  return {
    serviceTag: lines[0],
    version: lines[1],
    characterSet: lines[2],
    identification: lines[3],
    bic: lines[4],
    name: lines[5],
    iban: lines[6],
    amount: lines[7],
    purpose: lines[8],
    structuredRemittance: lines[9],
    unstructuredRemittance: lines[10],
    lineCount: lines.length,
  };
}

const expectedEpc = {
  serviceTag: 'BCD',
  version: '002',
  characterSet: '1',
  identification: 'SCT',
  bic: 'BBRUBEBB',
  name: 'Pluxee Belgium nv',
  iban: 'BE68539007547034',
  amount: 'EUR1198.35',
  purpose: '',
  structuredRemittance: '123456789002',
  unstructuredRemittance: undefined,
  lineCount: 10,
};

describe('PDFs print what users typed', () => {
  it('the deposit instructions: accents, €, quotes, Greek, Cyrillic; a placeholder for the emoji', async () => {
    const agent = await entrepreneur();
    const pdf = (await agent.get(pdfPath(projectNumber)).buffer(true).expect(200)).body as Buffer;
    const text = await pdftotext(pdf);
    expect(text).toContain(`Project: □ Opleiding ${typed} Ελληνικά Привет`);
    expect(text).toContain('Te storten bedrag: € 1.198,35');
    expect(text).not.toContain('Ø=Þ');
    await expectOnlyEmbeddedUnicodeFonts(pdf);
  });

  it('the project sheet: the title and the participants as typed', async () => {
    const agent = await entrepreneur();
    const pdf = (await agent.get(sheetPath(projectNumber)).buffer(true).expect(200)).body as Buffer;
    const text = await pdftotext(pdf);
    expect(text).toContain(`Titel: □ Opleiding ${typed} Ελληνικά Привет`);
    expect(text).toContain('1. Ζωή □ Пётр Ørsted');
    expect(text).toContain('Eigen bijdrage: € 1.198,35');
    await expectOnlyEmbeddedUnicodeFonts(pdf);
  });
});

describe('pay by scanning: the SEPA payment QR code (EPC069-12)', () => {
  it('on the page: an image that scans to the transfer, with an alt text that says the same', async () => {
    const agent = await entrepreneur();
    const html = (await agent.get(pagePath(projectNumber)).expect(200)).text;
    const image = /<img class="payment-qr__image" src="data:image\/png;base64,([^"]+)" alt="([^"]+)">/.exec(
      html,
    );
    expect(image).not.toBeNull();
    const decoded = await decodeQrCode(Buffer.from(image?.[1] ?? '', 'base64'));
    expect(epcFields(decoded)).toEqual(expectedEpc);
    expect(decodeEntities(image?.[2] ?? '')).toBe(
      'QR-code voor uw overschrijving: € 1.198,35 aan Pluxee Belgium nv, rekening BE68 5390 0754 7034, gestructureerde mededeling +++123/4567/89002+++',
    );
  });

  it('on the page: the IBAN and the communication are text, marked for the copy script that the page loads', async () => {
    const agent = await entrepreneur();
    const html = (await agent.get(pagePath(projectNumber)).expect(200)).text;
    expect(html).toContain(
      '<span data-copy="BE68539007547034" data-copy-label="het rekeningnummer">BE68 5390 0754 7034</span>',
    );
    expect(html).toContain(
      '<span data-copy="+++123/4567/89002+++" data-copy-label="de gestructureerde mededeling">+++123/4567/89002+++</span>',
    );
    expect(html).toContain('<script src="/js/copy-button.js" defer></script>');
    const script = await agent.get('/js/copy-button.js').expect(200);
    expect(script.text).toContain('navigator.clipboard');
    expect(script.text).toContain('Gekopieerd');
  });

  it('in the PDF: the printed code scans to the same fields', async () => {
    const agent = await entrepreneur();
    const pdf = (await agent.get(pdfPath(projectNumber)).buffer(true).expect(200)).body as Buffer;
    const decoded = await decodeQrCode(await pdfFirstPagePng(pdf));
    expect(epcFields(decoded)).toEqual(expectedEpc);
  });

  it('carries the configured beneficiary, account and BIC', async () => {
    const other = await createTestApp({
      demo: true,
      environment: {
        PAYMENT_INSTITUTION_NAME: 'Edenred Belgium nv',
        PAYMENT_INSTITUTION_IBAN: 'BE71096123456769',
        PAYMENT_INSTITUTION_BIC: 'GKCCBEBB',
      },
    });
    try {
      const project = await other.database
        .db('projects as pr')
        .join('companies as c', 'c.id', 'pr.company_id')
        .where({ 'pr.status': 'Bevestigd', 'c.name': company })
        .where('pr.deposit_deadline', '>=', TEST_TODAY)
        .first<{ number: string; companyId: number; cents: number; communication: string }>({
          number: 'pr.project_number',
          companyId: 'c.id',
          cents: 'pr.own_contribution_cents',
          communication: 'pr.structured_communication',
        });
      if (!project) throw new Error('no Bevestigd demo project before its deadline');
      const agent = newAgent(other.app);
      await signInWithSaml(agent, other.container, 'entrepreneur', `onderneming-${project.companyId}`);
      const pdf = (await agent.get(pdfPath(project.number)).buffer(true).expect(200)).body as Buffer;
      const fields = epcFields(await decodeQrCode(await pdfFirstPagePng(pdf)));
      expect(fields).toMatchObject({
        name: 'Edenred Belgium nv',
        iban: 'BE71096123456769',
        bic: 'GKCCBEBB',
        amount: `EUR${(project.cents / 100).toFixed(2)}`,
        structuredRemittance: project.communication,
      });
    } finally {
      await other.close();
    }
  });

  it('is not offered for a project that waits for no deposit', async () => {
    const agent = await entrepreneur();
    const html = (await agent.get(pagePath(settled)).expect(200)).text;
    expect(html).not.toContain('payment-qr');
    expect(html).not.toContain('data-copy=');
  });
});
