import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DepositImportService } from '../../../src/features/deposits/deposit-import.service.js';
import type { ProjectReactionRepository } from '../../../src/features/projects/project-reaction.repository.js';
import { startJobs } from '../../../src/jobs/jobs.js';
import { jobDepsOf } from '../../../src/runtime.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { codaFile } from '../../support/bank-statements.js';
import { TEST_TODAY } from '../../support/clock.js';
import { hrefOf, textOf } from '../../support/html.js';
import { statusOf, warningAfter } from '../../support/projects.js';
import { csrfTokenIn, demoAgent, type Agent } from '../../support/session.js';
import { waitFor } from '../../support/wait.js';
import { exceptionsPath, importIdOf, importPath, insertProject, upload } from './support.js';

/*
 * Issue 18, "memory flat": the upload stores a statement's credits as pending
 * and a background job books them in chunks, each chunk one transaction. What
 * a chunk boundary, a chunk that fails, many workers at once and the real
 * pg-boss worker do to the bookings and to the import's page.
 */

let testApp: TestApp;
let staff: Agent;
let account: string;
const db = () => testApp.database.db;
let sequence = 400;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
  account = testApp.container.config.paymentInstitution.iban.replace(/\s+/g, '');
});
afterAll(async () => {
  await testApp.close();
});

const payer = {
  counterpartyName: 'Testbedrijf bv',
  counterpartyIban: 'BE71096123456769',
  counterpartyBic: 'GKCCBEBB',
};
const OWN_CONTRIBUTION = 119_835;

type Projects = Pick<ProjectReactionRepository, 'mailContext'>;

/** An import service of our own on the test's database: small chunks, or a dependency that fails. */
function importService(options: { chunkSize?: number; lockTimeoutMs?: number; projects?: Projects } = {}) {
  const { container } = testApp;
  return new DepositImportService(db(), {
    deposits: container.repositories.deposits,
    projects: options.projects ?? container.repositories.projectReactions,
    publicUrl: container.config.publicUrl,
    onMailQueued: () => container.mail.kick(),
    accountIban: account,
    enqueue: () => Promise.resolve(),
    logger: container.logger,
    sizes: { chunkSize: options.chunkSize, lockTimeoutMs: options.lockTimeoutMs },
  });
}

/** A statement of these credits (a communication, or an amount and a communication). */
function statementOf(credits: (string | { amountCents: number; structuredCommunication: string })[]) {
  sequence += 1;
  return codaFile({
    account,
    statements: [
      {
        sequence,
        date: TEST_TODAY,
        openingBalanceCents: 0,
        movements: credits.map((credit) =>
          typeof credit === 'string'
            ? { amountCents: OWN_CONTRIBUTION, structuredCommunication: credit, ...payer }
            : { ...credit, ...payer },
        ),
      },
    ],
  });
}

/** Uploads through the form; the job has not run. */
async function uploadOnly(file: Buffer): Promise<number> {
  return importIdOf(await upload(staff, file));
}

interface ImportRecord {
  status: string;
  credits: number;
  processed: number;
  booked: number;
  exceptions: number;
  already_imported: number;
}
const importRecord = (id: number) =>
  db()('bank_statement_imports')
    .where({ id })
    .first<ImportRecord>('status', 'credits', 'processed', 'booked', 'exceptions', 'already_imported');

/** Each movement of the import, in movement order: its outcome, or its exception's reason. */
async function outcomesOf(importId: number): Promise<string[]> {
  const rows: { outcome: string; exception_reason: string | null }[] = await db()('bank_movements as m')
    .join('bank_statements as s', 's.id', 'm.bank_statement_id')
    .where('s.import_id', importId)
    .orderBy('m.id')
    .select('m.outcome', 'm.exception_reason');
  return rows.map((row) => row.exception_reason ?? row.outcome);
}

const depositsOf = async (projectId: number) =>
  (await db()('ledger_entries').where({ project_id: projectId, kind: 'eigen_bijdrage' })).length;
const historyOf = async (projectId: number) =>
  (await db()('project_history').where({ project_id: projectId, action: 'receive_deposit' })).length;

async function importAuditsOf(importId: number) {
  const rows: { details: { importId: number; booked: number; exceptions: number; movements: number } }[] =
    await db()('audit_log').where({ action: 'bank_statement.import' }).select('details');
  return rows.map((row) => row.details).filter((details) => details.importId === importId);
}

const pageText = async (importId: number) => textOf((await staff.get(importPath(importId)).expect(200)).text);

describe('chunks', () => {
  it('books across chunk boundaries in movement order: the same project paid in a later chunk is "paid twice"', async () => {
    const [first, second, third] = [
      await insertProject(db()),
      await insertProject(db()),
      await insertProject(db()),
    ];
    const id = await uploadOnly(
      statementOf([
        first.structuredCommunication,
        second.structuredCommunication,
        // Chunk 2: a new project, and the second one again.
        third.structuredCommunication,
        second.structuredCommunication,
        // Chunk 3: a communication no project has.
        '999999999939',
      ]),
    );
    expect(await importRecord(id)).toMatchObject({ status: 'wachtend', credits: 5, processed: 0 });
    expect(await importService({ chunkSize: 2 }).processImport(id)).toBe('klaar');

    expect(await outcomesOf(id)).toEqual([
      'booked',
      'booked',
      'booked',
      'already_paid',
      'unknown_communication',
    ]);
    expect(await importRecord(id)).toMatchObject({
      status: 'klaar',
      credits: 5,
      processed: 5,
      booked: 3,
      exceptions: 2,
    });
    for (const project of [first, second, third]) {
      expect(await statusOf(db(), project)).toBe('Lopend');
      expect(await depositsOf(project.id)).toBe(1);
    }
    const audits = await importAuditsOf(id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ movements: 5, booked: 3, exceptions: 2 });

    const page = await staff.get(importPath(id)).expect(200);
    const text = textOf(page.text);
    expect(text).toContain('Klaar Verwerkt: 5 van 5 bewegingen.');
    expect(text).toContain('Geboekt 3');
    expect(text).toContain('Uitzonderingen 2');
    expect(text).not.toContain('Vernieuwen');
    expect(hrefOf(page.text, 'Naar de stortingen zonder match')).toBe(exceptionsPath);
    // Done: no polling script, and the progress is a polite status region.
    expect(page.text).not.toContain('/js/import-progress.js');
    expect(page.text).toMatch(/role="status" aria-live="polite"/);

    // Running it again changes nothing.
    expect(await importService({ chunkSize: 2 }).processImport(id)).toBe('klaar');
    expect(await importAuditsOf(id)).toHaveLength(1);
    expect(await depositsOf(second.id)).toBe(1);
  });
});

describe('a chunk that fails', () => {
  it('leaves nothing of itself booked when a dependency throws midway; the rerun completes with exact counts', async () => {
    const projects = [
      await insertProject(db()),
      await insertProject(db()),
      await insertProject(db()),
      await insertProject(db()),
    ];
    const [, , third, fourth] = projects;
    const real = testApp.container.repositories.projectReactions;
    let failed = false;
    // The fourth project's mail context fails once: the third is booked in the same chunk before it.
    const flaky: Projects = {
      mailContext: (trx, projectId) => {
        if (projectId === fourth!.id && !failed) {
          failed = true;
          return Promise.reject(new Error('mail context unavailable'));
        }
        return real.mailContext(trx, projectId);
      },
    };
    const service = importService({ chunkSize: 2, projects: flaky });
    const id = await uploadOnly(statementOf(projects.map((project) => project.structuredCommunication)));

    await expect(service.processImport(id)).rejects.toThrow('mail context unavailable');
    expect(await outcomesOf(id)).toEqual(['booked', 'booked', 'pending', 'pending']);
    expect(await importRecord(id)).toMatchObject({ status: 'bezig', processed: 2, booked: 2, exceptions: 0 });
    for (const project of [third!, fourth!]) {
      expect(await statusOf(db(), project)).toBe('Bevestigd');
      expect(await depositsOf(project.id)).toBe(0);
      expect(await historyOf(project.id)).toBe(0);
    }
    expect(await importAuditsOf(id)).toEqual([]);
    const halfway = await staff.get(importPath(id)).expect(200);
    const halfwayText = textOf(halfway.text);
    expect(halfwayText).toContain('Bezig Verwerkt: 2 van 4 bewegingen.');
    expect(halfwayText).toContain('Vernieuwen');
    expect(hrefOf(halfway.text, 'Vernieuwen')).toBe(importPath(id));
    expect(halfway.text).toContain('/js/import-progress.js');

    expect(await service.processImport(id)).toBe('klaar');
    expect(await outcomesOf(id)).toEqual(['booked', 'booked', 'booked', 'booked']);
    expect(await importRecord(id)).toMatchObject({ status: 'klaar', processed: 4, booked: 4, exceptions: 0 });
    for (const project of projects) {
      expect(await statusOf(db(), project)).toBe('Lopend');
      expect(await depositsOf(project.id)).toBe(1);
      expect(await historyOf(project.id)).toBe(1);
    }
    expect(await importAuditsOf(id)).toHaveLength(1);
  });

  it('fails on a project locked by another transaction past the lock timeout, and completes once it is free', async () => {
    const [free, locked] = [await insertProject(db()), await insertProject(db())];
    const id = await uploadOnly(statementOf([free.structuredCommunication, locked.structuredCommunication]));
    const service = importService({ chunkSize: 1, lockTimeoutMs: 200 });
    const other = await db().transaction();
    try {
      await other('projects').where({ id: locked.id }).forUpdate().select('id');
      await expect(service.processImport(id)).rejects.toThrow(/lock timeout/);
      expect(await outcomesOf(id)).toEqual(['booked', 'pending']);
      expect(await depositsOf(locked.id)).toBe(0);
    } finally {
      await other.rollback();
    }
    expect(await service.processImport(id)).toBe('klaar');
    expect(await outcomesOf(id)).toEqual(['booked', 'booked']);
    expect(await importRecord(id)).toMatchObject({ status: 'klaar', processed: 2, booked: 2 });
  });
});

describe('many workers', () => {
  it('ten concurrent runs of the same import book every deposit exactly once, in movement order', async () => {
    const projects = [];
    for (let index = 0; index < 11; index += 1) projects.push(await insertProject(db()));
    const communications = projects.map((project) => project.structuredCommunication);
    // The first project pays again as the 8th credit: that one is the exception.
    const credits = [...communications.slice(0, 7), communications[0]!, ...communications.slice(7)];
    const id = await uploadOnly(statementOf(credits));
    const service = importService({ chunkSize: 3 });

    const statuses = await Promise.all(Array.from({ length: 10 }, () => service.processImport(id)));
    expect(statuses).toEqual(Array(10).fill('klaar'));
    expect(await outcomesOf(id)).toEqual([
      ...Array(7).fill('booked'),
      'already_paid',
      ...Array(4).fill('booked'),
    ]);
    expect(await importRecord(id)).toMatchObject({
      status: 'klaar',
      credits: 12,
      processed: 12,
      booked: 11,
      exceptions: 1,
    });
    for (const project of projects) {
      expect(await depositsOf(project.id)).toBe(1);
      expect(await historyOf(project.id)).toBe(1);
    }
    expect(await importAuditsOf(id)).toHaveLength(1);
  });
});

describe('through pg-boss', () => {
  const jobDeps = () => jobDepsOf(testApp.container, testApp.container.logger);

  it('the upload enqueues the job and a worker books it', async () => {
    const project = await insertProject(db());
    const jobs = await startJobs(jobDeps(), testApp.database.url);
    try {
      const id = await uploadOnly(statementOf([project.structuredCommunication]));
      await waitFor(async () => (await importRecord(id)).status === 'klaar', {
        timeoutMs: 30_000,
        intervalMs: 200,
        message: 'the import job did not finish',
      });
      expect(await pageText(id)).toContain('Geboekt 1');
      expect(await statusOf(db(), project)).toBe('Lopend');
    } finally {
      await jobs.stop();
    }
  });

  it('after the last retry the import shows "mislukt"; the chunks booked before stay booked', async () => {
    const [project, other] = [await insertProject(db()), await insertProject(db())];
    const real = testApp.container.repositories.projectReactions;
    // Every booking of the second project fails: the first project's chunk is booked, the second never.
    const failing = importService({
      chunkSize: 1,
      projects: {
        mailContext: (trx, projectId) =>
          projectId === other.id
            ? Promise.reject(new Error('mail context unavailable'))
            : real.mailContext(trx, projectId),
      },
    });
    const jobs = await startJobs(
      {
        ...jobDeps(),
        depositImports: {
          service: failing,
          queue: testApp.container.depositImportQueue,
          jobOptions: { retryLimit: 1, retryDelay: 1, retryBackoff: false },
        },
      },
      testApp.database.url,
    );
    let id = 0;
    try {
      id = await uploadOnly(statementOf([project.structuredCommunication, other.structuredCommunication]));
      await waitFor(async () => (await importRecord(id)).status === 'mislukt', {
        timeoutMs: 30_000,
        intervalMs: 200,
        message: 'the import did not fail',
      });
    } finally {
      await jobs.stop();
    }
    expect(await importRecord(id)).toMatchObject({ status: 'mislukt', processed: 1, booked: 1 });
    expect(await statusOf(db(), project)).toBe('Lopend');
    expect(await statusOf(db(), other)).toBe('Bevestigd');
    const text = await pageText(id);
    expect(text).toContain('Mislukt');
    expect(text).toContain('Opnieuw proberen');
    expect(text).toContain('Het inlezen is 2 keer geprobeerd en telkens mislukt (mail context unavailable).');
    expect(text).toContain('Het inlezen is gestopt na 1 van 2 bewegingen. Wat verwerkt is, blijft geboekt');
    expect(text).toContain('Geboekt 1');
    // The statements list shows the import's state.
    const list = textOf((await staff.get('/beheer/stortingen').expect(200)).text);
    expect(list).toContain(`2026-${sequence}`);
    expect(list).toContain('Mislukt');

    // Staff start it again once the cause is gone: refused without a token and to other roles.
    const retryPath = `${importPath(id)}/opnieuw`;
    const token = csrfTokenIn((await staff.get(importPath(id)).expect(200)).text);
    expect((await staff.post(retryPath).type('form').send({})).status).toBe(403);
    const provider = await demoAgent(testApp, 'head office');
    const providerToken = csrfTokenIn((await provider.get('/dienstverlener').expect(200)).text);
    expect((await provider.post(retryPath).type('form').send({ _csrf: providerToken })).status).toBe(403);
    expect(await importRecord(id)).toMatchObject({ status: 'mislukt' });
    expect(
      await warningAfter(staff, await staff.post(retryPath).type('form').send({ _csrf: token })),
    ).toContain('Het inlezen is opnieuw gestart');
    expect(await importRecord(id)).toMatchObject({ status: 'wachtend' });
    // A second click changes nothing.
    expect(
      await warningAfter(staff, await staff.post(retryPath).type('form').send({ _csrf: token })),
    ).toContain('Deze inlezing is niet mislukt (stand: wachtend)');
    expect(
      await db()('audit_log').where({ action: 'bank_statement_import.retry', entity_id: String(id) }),
    ).toHaveLength(1);
    expect(await testApp.container.services.depositImport.processImport(id)).toBe('klaar');
    expect(await importRecord(id)).toMatchObject({ status: 'klaar', processed: 2, booked: 2 });
    expect(await statusOf(db(), other)).toBe('Lopend');
    expect(await depositsOf(project.id)).toBe(1);
    expect(await depositsOf(other.id)).toBe(1);
    expect(
      (
        await staff
          .post(`${importPath(999_999)}/opnieuw`)
          .type('form')
          .send({ _csrf: token })
      ).status,
    ).toBe(404);
  });
});
