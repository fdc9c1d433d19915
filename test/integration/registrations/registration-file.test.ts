import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../../src/domain/documents.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { pdfWith, tinyPng } from '../../support/documents.js';
import {
  errorSummaryOf,
  fieldErrorOf,
  flashTextsOf,
  hrefOf,
  inputValueOf,
  textOf,
} from '../../support/html.js';
import { pdfText } from '../../support/pdf.js';
import {
  csrfTokenIn,
  csrfTokenOf,
  demoAgent,
  newAgent,
  signInAsProvider,
  type Agent,
} from '../../support/session.js';

let testApp: TestApp;
let staff: Agent;
let headOffice: Agent;
let signedPdf: Buffer;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
  headOffice = await demoAgent(testApp, 'head office');
  signedPdf = await pdfWith('Verklaring op eer, ondertekend door Pieter Janssens');
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

/** A registration of the demo provider's head office (or of its training department), inserted as it stands. */
async function newRegistration(values: {
  status?: string;
  basis?: string;
  service?: 'opleiding' | 'advies';
  department?: 'Departement Opleidingen';
  provider?: string;
}): Promise<number> {
  const provider = await db()('provider_organisations')
    .where({ enterprise_number: values.provider ?? '0123456749' })
    .first('id');
  const department = values.department
    ? await db()('departments').where({ name: values.department }).first('id')
    : undefined;
  const status = values.status ?? 'A';
  const approved = !['A'].includes(status);
  const [row] = await db()('registrations')
    .insert({
      provider_id: provider.id,
      department_id: department?.id ?? null,
      service: values.service ?? 'advies',
      basis: values.basis ?? 'privaat',
      audit_bureau: values.basis === 'publiek' ? null : 'Kiwa Belgium',
      status,
      number: approved ? `DV.A9${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}` : null,
      valid_from: approved ? '2022-01-01' : null,
      valid_until: approved ? '2026-12-31' : null,
    })
    .returning('id');
  return row.id as number;
}

async function registrationRow(id: number) {
  return db()('registrations').where({ id }).first();
}

async function auditRows(id: number, action: string) {
  return db()('audit_log').where({ entity_type: 'registration', entity_id: String(id), action });
}

interface Upload {
  content: Buffer;
  filename: string;
  contentType: string;
}

/** Posts a multipart upload form as a browser does: the token first, then the file. */
function postUpload(agent: Agent, path: string, field: string, token: string | undefined, upload?: Upload) {
  const request = agent.post(path);
  if (token !== undefined) void request.field('_csrf', token);
  if (upload)
    void request.attach(field, upload.content, {
      filename: upload.filename,
      contentType: upload.contentType,
    });
  if (token === undefined && !upload) void request.field('leeg', '');
  return request;
}

const pdfUpload = (content: Buffer, filename = 'verklaring getekend.pdf'): Upload => ({
  content,
  filename,
  contentType: 'application/pdf',
});

/** The provider's upload of its signed declaration, with the token of its detail page. */
async function uploadDeclaration(agent: Agent, id: number, upload: Upload) {
  const token = await csrfTokenOf(agent, '/dienstverlener');
  return postUpload(
    agent,
    `/dienstverlener/registraties/${id}/verklaring-op-eer`,
    'verklaring',
    token,
    upload,
  );
}

async function uploadAuditReportAsStaff(id: number, upload: Upload) {
  const token = await csrfTokenOf(staff, `/beheer/registraties/${id}`);
  return postUpload(staff, `/beheer/registraties/${id}/auditrapport`, 'auditrapport', token, upload);
}

async function recordDate(id: number, ontvangenOp: string) {
  const token = await csrfTokenOf(staff, `/beheer/registraties/${id}`);
  return staff
    .post(`/beheer/registraties/${id}/verklaring-op-eer`)
    .type('form')
    .send({ _csrf: token, ontvangenOp });
}

/** Opens the decision page as staff and posts it, or posts with the detail page's token when the page refuses. */
async function approve(id: number, slug = 'goedkeuren') {
  const token = await csrfTokenOf(staff, `/beheer/registraties/${id}`);
  const expectedFrom = (await registrationRow(id)).status as string;
  return staff.post(`/beheer/registraties/${id}/${slug}`).type('form').send({ _csrf: token, expectedFrom });
}

describe("the demo request's file on the agency detail", () => {
  it('shows every answer of the five steps, the checklist, and why approval waits; after the audit report it approves', async () => {
    const id = (
      await db()('registrations as r')
        .join('provider_organisations as p', 'p.id', 'r.provider_id')
        .where({ 'p.enterprise_number': '0123456749', 'r.status': 'A', 'r.service': 'advies' })
        .first('r.id')
    ).id as number;
    const page = await staff.get(`/beheer/registraties/${id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    // The five steps: level, service, basis (Dutch label) with the bureau, the declaration, the submission.
    expect(text).toContain('Niveau Maatschappelijke zetel (de volledige organisatie)');
    expect(text).toContain('Dienst Advies');
    expect(text).toContain('Basis Private dienstverlener');
    expect(text).toContain('Auditbureau Nog niet gekozen');
    expect(text).toContain('Verklaring op eer Bij het indienen bevestigd');
    expect(text).toContain('Ingediend op 06/11/2026');
    // The demo seeds the paper declaration five days before the test day (18/11/2026), no audit report.
    expect(text).toContain('Onvolledig Het dossier is nog niet volledig: het auditrapport ontbreekt.');
    expect(text).toContain('Verklaring op eer Ontvangen Papieren verklaring ontvangen op 13/11/2026');
    expect(text).toContain('Auditrapport Ontbreekt');
    expect(text).toContain(
      'Goedkeuren (5 jaar) en Voorwaardelijk goedkeuren (2 jaar): nog niet mogelijk. Goedkeuren kan nog niet: het auditrapport ontbreekt.',
    );
    expect(page.text).not.toContain(`href="/beheer/registraties/${id}/goedkeuren"`);
    expect(page.text).toContain(`href="/beheer/registraties/${id}/weigeren"`);

    // The decision page refuses too, and so does a post.
    const decisionPage = await staff.get(`/beheer/registraties/${id}/goedkeuren`);
    expect(decisionPage.status).toBe(302);
    expect(flashTextsOf((await staff.get(`/beheer/registraties/${id}`)).text).join(' ')).toContain(
      'Goedkeuren kan nog niet: het auditrapport ontbreekt.',
    );
    expect((await approve(id)).status).toBe(303);
    expect(flashTextsOf((await staff.get(`/beheer/registraties/${id}`)).text).join(' ')).toContain(
      'Goedkeuren kan nog niet: het auditrapport ontbreekt.',
    );
    expect((await registrationRow(id)).status).toBe('A');
    expect(await db()('registration_history').where({ registration_id: id, to_status: 'G' })).toHaveLength(0);

    const report = await pdfWith('Auditrapport Kiwa Belgium: conform');
    const uploaded = await uploadAuditReportAsStaff(id, pdfUpload(report, 'Auditrapport Kiwa.pdf'));
    expect(uploaded.status).toBe(303);
    expect(uploaded.headers.location).toBe(`/beheer/registraties/${id}`);
    const complete = await staff.get(`/beheer/registraties/${id}`);
    expect(flashTextsOf(complete.text).join(' ')).toContain('Het auditrapport is opgeladen.');
    expect(textOf(complete.text)).toContain('Volledig Het dossier is volledig.');
    expect(textOf(complete.text)).toContain('Auditrapport Ontvangen Opgeladen door Sofie Maes');
    const download = hrefOf(complete.text, 'Download het auditrapport (PDF)');
    expect(download).toMatch(new RegExp(`^/beheer/registraties/${id}/documenten/\\d+$`));
    const file = await staff.get(download ?? '').buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('Auditrapport-Kiwa.pdf');
    expect(Buffer.compare(file.body as Buffer, report)).toBe(0);
    const [audit] = await auditRows(id, 'registration.upload_audit_report');
    expect(audit).toMatchObject({ actor_type: 'agency' });
    expect(audit.details).toMatchObject({
      auditReportDocumentId: { old: null, new: Number(download?.split('/').pop()) },
      filename: 'Auditrapport-Kiwa.pdf',
      sizeBytes: report.length,
    });
    // The audit page reads it in Dutch.
    const auditPage = textOf(
      (await staff.get('/beheer/audit').query({ actie: 'registration.upload_audit_report' })).text,
    );
    expect(auditPage).toContain('Auditrapport opgeladen');
    expect(auditPage).toContain('Bestandsnaam: Auditrapport-Kiwa.pdf');

    expect(complete.text).toContain(`href="/beheer/registraties/${id}/goedkeuren"`);
    expect((await approve(id)).status).toBe(303);
    expect((await registrationRow(id)).status).toBe('G');
  });
});

describe("the provider's signed declaration", () => {
  it('is uploaded as PDF on the detail page, shown with who and when, and downloadable by the provider and staff', async () => {
    const id = await newRegistration({ status: 'A' });
    const page = await headOffice.get(`/dienstverlener/registraties/${id}`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Verklaring op eer Ontbreekt Nog niet ontvangen.');
    expect(page.text).toContain('enctype="multipart/form-data"');
    // The declaration to sign is printed again from the registration's own answers.
    const printable = await headOffice
      .get(hrefOf(page.text, 'Download de verklaring op eer om te ondertekenen (PDF)') ?? '')
      .buffer(true);
    expect(printable.status).toBe(200);
    const printed = await pdfText(printable.body as Buffer);
    expect(printed).toContain('Dienstverlener kmo-portefeuille');
    expect(printed).toContain('Kiwa Belgium');

    const response = await postUpload(
      headOffice,
      `/dienstverlener/registraties/${id}/verklaring-op-eer`,
      'verklaring',
      csrfTokenIn(page.text),
      pdfUpload(signedPdf),
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/dienstverlener/registraties/${id}`);
    const after = await headOffice.get(`/dienstverlener/registraties/${id}`);
    expect(flashTextsOf(after.text).join(' ')).toContain('De ondertekende verklaring op eer is opgeladen.');
    expect(textOf(after.text)).toContain(
      'Verklaring op eer Ontvangen Ondertekende PDF opgeladen door Dienstverlener kmo-portefeuille op',
    );
    const row = await registrationRow(id);
    expect(row.declaration_document_id).toEqual(expect.any(Number));
    expect(row.declaration_received_on).toBeNull();
    const [audit] = await auditRows(id, 'registration.upload_declaration');
    expect(audit).toMatchObject({ actor_type: 'provider' });
    expect(audit.details).toMatchObject({
      declarationDocumentId: { old: null, new: row.declaration_document_id },
      filename: 'verklaring-getekend.pdf',
    });

    const own = await headOffice
      .get(hrefOf(after.text, 'Download de ondertekende verklaring (PDF)') ?? '')
      .buffer(true);
    expect(own.status).toBe(200);
    expect(Buffer.compare(own.body as Buffer, signedPdf)).toBe(0);
    const byStaff = await staff
      .get(`/beheer/registraties/${id}/documenten/${row.declaration_document_id}`)
      .buffer(true);
    expect(byStaff.status).toBe(200);
    expect(Buffer.compare(byStaff.body as Buffer, signedPdf)).toBe(0);
    // The agency's checklist names the upload and no longer asks for the declaration.
    expect(textOf((await staff.get(`/beheer/registraties/${id}`)).text)).toContain(
      'Het dossier is nog niet volledig: het auditrapport ontbreekt.',
    );
  });

  it('refuses a file that is not a PDF by its content, in Dutch beside the field, nothing stored', async () => {
    const id = await newRegistration({ status: 'A' });
    const documentsBefore = await db()('documents').count<{ count: number }[]>('id as count');
    const response = await uploadDeclaration(headOffice, id, {
      content: tinyPng,
      filename: 'verklaring.pdf',
      contentType: 'application/pdf',
    });
    expect(response.status).toBe(303);
    const page = await headOffice.get(`/dienstverlener/registraties/${id}`);
    expect(errorSummaryOf(page.text)).toEqual([
      { field: 'verklaring', message: 'Het bestand is geen PDF. Kies een PDF-bestand.' },
    ]);
    expect(fieldErrorOf(page.text, 'verklaring')).toBe('Het bestand is geen PDF. Kies een PDF-bestand.');
    expect((await registrationRow(id)).declaration_document_id).toBeNull();
    expect(await db()('documents').count<{ count: number }[]>('id as count')).toEqual(documentsBefore);

    await postUpload(
      headOffice,
      `/dienstverlener/registraties/${id}/verklaring-op-eer`,
      'verklaring',
      await csrfTokenOf(headOffice, '/dienstverlener'),
    );
    expect(errorSummaryOf((await headOffice.get(`/dienstverlener/registraties/${id}`)).text)).toEqual([
      {
        field: 'verklaring',
        message: 'Voeg de ondertekende verklaring op eer toe: een PDF van maximaal 10 MB.',
      },
    ]);
  });

  it('refuses a PDF over 10 MB', async () => {
    const id = await newRegistration({ status: 'A' });
    const large = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    signedPdf.copy(large);
    expect((await uploadDeclaration(headOffice, id, pdfUpload(large))).status).toBe(303);
    const page = await headOffice.get(`/dienstverlener/registraties/${id}`);
    expect(fieldErrorOf(page.text, 'verklaring')).toBe(
      'Het bestand is groter dan 10 MB. Kies een kleiner bestand.',
    );
    expect((await registrationRow(id)).declaration_document_id).toBeNull();
  });

  it('is accepted while a renewal or re-registration waits (G/V, L/H), refused in any other status', async () => {
    for (const status of ['G/V', 'L/H']) {
      const id = await newRegistration({ status });
      expect((await uploadDeclaration(headOffice, id, pdfUpload(signedPdf))).status).toBe(303);
      expect((await registrationRow(id)).declaration_document_id).toEqual(expect.any(Number));
    }
    const approved = await newRegistration({ status: 'G' });
    const page = await headOffice.get(`/dienstverlener/registraties/${approved}`);
    expect(page.text).not.toContain('name="verklaring"');
    expect((await uploadDeclaration(headOffice, approved, pdfUpload(signedPdf))).status).toBe(303);
    expect(
      flashTextsOf((await headOffice.get(`/dienstverlener/registraties/${approved}`)).text).join(' '),
    ).toContain(
      'Het dossier kan alleen aangevuld worden zolang een aanvraag op een beslissing wacht (status A, G/V of L/H).',
    );
    expect((await registrationRow(approved)).declaration_document_id).toBeNull();
    expect(await auditRows(approved, 'registration.upload_declaration')).toHaveLength(0);
  });

  it("answers 404 for another provider's registration and for a department user outside its departments", async () => {
    const foreign = await newRegistration({ status: 'A', provider: '0456789034' });
    const response = await uploadDeclaration(headOffice, foreign, pdfUpload(signedPdf));
    expect(response.status).toBe(404);
    expect((await headOffice.get(`/dienstverlener/registraties/${foreign}`)).status).toBe(404);
    expect((await registrationRow(foreign)).declaration_document_id).toBeNull();

    const departmentUser = await demoAgent(testApp, 'department user');
    const headOfficeOnly = await newRegistration({ status: 'A' });
    expect((await uploadDeclaration(departmentUser, headOfficeOnly, pdfUpload(signedPdf))).status).toBe(404);
    // Its own department's registration it may complete.
    const own = await newRegistration({
      status: 'A',
      service: 'opleiding',
      department: 'Departement Opleidingen',
    });
    expect((await uploadDeclaration(departmentUser, own, pdfUpload(signedPdf))).status).toBe(303);
    expect((await registrationRow(own)).declaration_document_id).toEqual(expect.any(Number));
  });

  it('refuses an upload without a CSRF token (403)', async () => {
    const id = await newRegistration({ status: 'A' });
    const response = await postUpload(
      headOffice,
      `/dienstverlener/registraties/${id}/verklaring-op-eer`,
      'verklaring',
      undefined,
      pdfUpload(signedPdf),
    );
    expect(response.status).toBe(403);
    expect((await registrationRow(id)).declaration_document_id).toBeNull();
  });
});

describe('the date staff received the paper declaration', () => {
  it('is recorded with who recorded it, and counts as the declaration received', async () => {
    const id = await newRegistration({ status: 'A', basis: 'publiek', service: 'opleiding' });
    const response = await recordDate(id, '17/11/2026');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/beheer/registraties/${id}`);
    const page = await staff.get(`/beheer/registraties/${id}`);
    expect(flashTextsOf(page.text).join(' ')).toContain(
      'Geregistreerd: de verklaring op eer is op 17/11/2026 ontvangen.',
    );
    expect(textOf(page.text)).toContain(
      'Verklaring op eer Ontvangen Papieren verklaring ontvangen op 17/11/2026 (geregistreerd door Sofie Maes',
    );
    expect(await registrationRow(id)).toMatchObject({ declaration_received_on: '2026-11-17' });
    const [audit] = await auditRows(id, 'registration.record_declaration');
    expect(audit.details).toEqual({ declarationReceivedOn: { old: null, new: '2026-11-17' } });
    // The provider sees it on its own page.
    expect(textOf((await headOffice.get(`/dienstverlener/registraties/${id}`)).text)).toContain(
      'Papieren verklaring ontvangen op 17/11/2026',
    );
  });

  it('refuses a date after today and one that does not exist, keeping what was typed', async () => {
    const id = await newRegistration({ status: 'A' });
    expect((await recordDate(id, '19/11/2026')).status).toBe(303);
    let page = await staff.get(`/beheer/registraties/${id}`);
    expect(errorSummaryOf(page.text)).toEqual([
      { field: 'ontvangenOp', message: 'De datum van ontvangst mag niet in de toekomst liggen.' },
    ]);
    expect(inputValueOf(page.text, 'ontvangenOp')).toBe('19/11/2026');

    await recordDate(id, '31/02/2026');
    page = await staff.get(`/beheer/registraties/${id}`);
    expect(fieldErrorOf(page.text, 'ontvangenOp')).toBe(
      'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.',
    );
    await recordDate(id, '');
    page = await staff.get(`/beheer/registraties/${id}`);
    expect(fieldErrorOf(page.text, 'ontvangenOp')).toBe(
      'Vul de datum in waarop de verklaring op eer ontvangen is.',
    );
    expect((await registrationRow(id)).declaration_received_on).toBeNull();
    expect(await auditRows(id, 'registration.record_declaration')).toHaveLength(0);
  });

  it('refuses a post without a CSRF token (403)', async () => {
    const id = await newRegistration({ status: 'A' });
    const response = await staff
      .post(`/beheer/registraties/${id}/verklaring-op-eer`)
      .type('form')
      .send({ ontvangenOp: '17/11/2026' });
    expect(response.status).toBe(403);
    expect((await registrationRow(id)).declaration_received_on).toBeNull();
  });
});

describe('the audit report', () => {
  it('is uploaded by the provider too, recorded as the provider; a non-PDF is refused on the agency page as well', async () => {
    const id = await newRegistration({ status: 'A' });
    const token = await csrfTokenOf(headOffice, `/dienstverlener/registraties/${id}`);
    const report = await pdfWith('Auditrapport door de dienstverlener opgeladen');
    const response = await postUpload(
      headOffice,
      `/dienstverlener/registraties/${id}/auditrapport`,
      'auditrapport',
      token,
      pdfUpload(report, 'rapport.pdf'),
    );
    expect(response.status).toBe(303);
    expect(textOf((await staff.get(`/beheer/registraties/${id}`)).text)).toContain(
      'Auditrapport Ontvangen Opgeladen door Dienstverlener kmo-portefeuille',
    );
    const [audit] = await auditRows(id, 'registration.upload_audit_report');
    expect(audit).toMatchObject({ actor_type: 'provider' });

    expect(
      (
        await uploadAuditReportAsStaff(id, {
          content: tinyPng,
          filename: 'scan.png',
          contentType: 'image/png',
        })
      ).status,
    ).toBe(303);
    const page = await staff.get(`/beheer/registraties/${id}`);
    expect(fieldErrorOf(page.text, 'auditrapport')).toBe('Het bestand is geen PDF. Kies een PDF-bestand.');
    // The report stays the provider's.
    expect((await registrationRow(id)).audit_report_uploaded_by).toBe('Dienstverlener kmo-portefeuille');
  });

  it('is not asked of a public provider: the pages say it is exempt, an upload is refused, the declaration alone allows approval', async () => {
    const id = await newRegistration({ status: 'A', basis: 'publiek', service: 'opleiding' });
    const agencyPage = await staff.get(`/beheer/registraties/${id}`);
    expect(textOf(agencyPage.text)).toContain(
      'Auditrapport Niet nodig Een publieke dienstverlener is vrijgesteld van de audit: er is geen auditrapport nodig.',
    );
    expect(agencyPage.text).not.toContain('name="auditrapport"');
    expect(textOf(agencyPage.text)).toContain(
      'Het dossier is nog niet volledig: de ondertekende verklaring op eer is nog niet ontvangen.',
    );
    const providerPage = await headOffice.get(`/dienstverlener/registraties/${id}`);
    expect(textOf(providerPage.text)).toContain(
      'U bent als publieke dienstverlener vrijgesteld van de audit: u hoeft geen auditrapport op te laden.',
    );
    expect(providerPage.text).not.toContain('name="auditrapport"');

    expect((await uploadAuditReportAsStaff(id, pdfUpload(signedPdf, 'rapport.pdf'))).status).toBe(303);
    expect(flashTextsOf((await staff.get(`/beheer/registraties/${id}`)).text).join(' ')).toContain(
      'Een publieke dienstverlener is vrijgesteld van de audit: er is geen auditrapport nodig.',
    );
    expect((await registrationRow(id)).audit_report_document_id).toBeNull();

    expect((await uploadDeclaration(headOffice, id, pdfUpload(signedPdf))).status).toBe(303);
    expect((await approve(id)).status).toBe(303);
    expect((await registrationRow(id)).status).toBe('G');
  });
});

describe('approval and the file', () => {
  it('is refused while the file is empty, with a clear message and nothing changed; allowed once complete', async () => {
    const id = await newRegistration({ status: 'A' });
    const detail = await staff.get(`/beheer/registraties/${id}`);
    expect(textOf(detail.text)).toContain(
      'Goedkeuren kan nog niet: de ondertekende verklaring op eer is nog niet ontvangen en het auditrapport ontbreekt.',
    );
    for (const slug of ['goedkeuren', 'voorwaardelijk-goedkeuren']) {
      expect((await approve(id, slug)).status).toBe(303);
      expect(flashTextsOf((await staff.get(`/beheer/registraties/${id}`)).text).join(' ')).toContain(
        'Goedkeuren kan nog niet: de ondertekende verklaring op eer is nog niet ontvangen en het auditrapport ontbreekt.',
      );
    }
    expect(await registrationRow(id)).toMatchObject({ status: 'A', number: null });
    expect(await db()('registration_history').where({ registration_id: id })).toHaveLength(0);

    expect((await recordDate(id, '18/11/2026')).status).toBe(303);
    expect((await approve(id)).status).toBe(303);
    expect((await registrationRow(id)).status).toBe('A');
    expect((await uploadAuditReportAsStaff(id, pdfUpload(signedPdf, 'audit.pdf'))).status).toBe(303);
    expect((await approve(id, 'voorwaardelijk-goedkeuren')).status).toBe(303);
    expect(await registrationRow(id)).toMatchObject({ status: 'G', conditional: true });
    // Once decided the file is closed: the forms are gone, the documents stay downloadable.
    const after = await staff.get(`/beheer/registraties/${id}`);
    expect(after.text).not.toContain('name="ontvangenOp"');
    expect(hrefOf(after.text, 'Download het auditrapport (PDF)')).toBeDefined();
  });

  it('asks the same of a renewal (G/V)', async () => {
    const id = await newRegistration({ status: 'G/V' });
    expect((await approve(id)).status).toBe(303);
    expect((await registrationRow(id)).status).toBe('G/V');
    await recordDate(id, '10/11/2026');
    await uploadAuditReportAsStaff(id, pdfUpload(signedPdf, 'audit.pdf'));
    expect((await approve(id)).status).toBe(303);
    expect((await registrationRow(id)).status).toBe('G');
  });
});

describe('who may see and change the file', () => {
  it("lets no other party download a registration's documents", async () => {
    const id = await newRegistration({ status: 'A' });
    await uploadDeclaration(headOffice, id, pdfUpload(signedPdf));
    const documentId = (await registrationRow(id)).declaration_document_id as number;
    const providerPath = `/dienstverlener/registraties/${id}/documenten/${documentId}`;
    const agencyPath = `/beheer/registraties/${id}/documenten/${documentId}`;

    const secondProvider = newAgent(testApp.app);
    await signInAsProvider(secondProvider, '0456789034', 'kmo-demo-2026');
    expect((await secondProvider.get(providerPath)).status).toBe(404);
    expect((await (await demoAgent(testApp, 'department user')).get(providerPath)).status).toBe(404);
    expect((await (await demoAgent(testApp, 'entrepreneur')).get(providerPath)).status).toBe(403);
    for (const role of ['head office', 'department user', 'entrepreneur'] as const) {
      expect((await (await demoAgent(testApp, role)).get(agencyPath)).status).toBe(403);
    }
    // A document id that is not this registration's is not found, for staff too.
    const other = await newRegistration({ status: 'A' });
    expect((await staff.get(`/beheer/registraties/${other}/documenten/${documentId}`)).status).toBe(404);
    expect(
      (await headOffice.get(`/dienstverlener/registraties/${other}/documenten/${documentId}`)).status,
    ).toBe(404);
  });

  it.each(['head office', 'department user', 'entrepreneur'] as const)(
    "answers 403 to the %s on the agency's file forms",
    async (role) => {
      const id = await newRegistration({ status: 'A' });
      const agent = await demoAgent(testApp, role);
      const token = await csrfTokenOf(agent, '/');
      const date = await agent
        .post(`/beheer/registraties/${id}/verklaring-op-eer`)
        .type('form')
        .send({ _csrf: token, ontvangenOp: '17/11/2026' });
      expect(date.status).toBe(403);
      const upload = await postUpload(
        agent,
        `/beheer/registraties/${id}/auditrapport`,
        'auditrapport',
        token,
        pdfUpload(signedPdf),
      );
      expect(upload.status).toBe(403);
      expect(await registrationRow(id)).toMatchObject({
        declaration_received_on: null,
        audit_report_document_id: null,
      });
    },
  );

  it("answers 403 to staff and the entrepreneur on the provider's upload", async () => {
    const id = await newRegistration({ status: 'A' });
    for (const agent of [staff, await demoAgent(testApp, 'entrepreneur')]) {
      const token = await csrfTokenOf(agent, '/');
      const response = await postUpload(
        agent,
        `/dienstverlener/registraties/${id}/verklaring-op-eer`,
        'verklaring',
        token,
        pdfUpload(signedPdf),
      );
      expect(response.status).toBe(403);
    }
    expect((await registrationRow(id)).declaration_document_id).toBeNull();
  });
});
