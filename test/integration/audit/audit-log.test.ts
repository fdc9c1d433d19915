import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/db/audit-chain.js';
import { recordAudit } from '../../../src/db/audit-log.js';
import { createKnex } from '../../../src/db/knex.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { bodyRowsOf, expectFieldError, hrefOf, textOf } from '../../support/html.js';
import { demoAgent, type Agent } from '../../support/session.js';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

let testApp: TestApp;
let staff: Agent;
const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
});
afterAll(async () => {
  await testApp.close();
});

const ZERO_HASH = '0'.repeat(64);

/** An audit row written in plain SQL, as any writer could. */
async function insertRow(
  target: Knex | Knex.Transaction,
  values: {
    action?: string;
    entityType?: string;
    entityId?: string;
    actorLabel?: string;
    details?: Record<string, unknown>;
    occurredAt?: string;
  } = {},
): Promise<{ id: number; chain_seq: number; prev_hash: string; hash: string }> {
  const [row] = await target('audit_log')
    .insert({
      actor_type: 'agency',
      actor_id: 7,
      actor_label: values.actorLabel ?? 'Sofie Maes',
      action: values.action ?? 'registration.approve',
      entity_type: values.entityType ?? 'registration',
      entity_id: values.entityId ?? '12',
      details: JSON.stringify(values.details ?? {}),
      ...(values.occurredAt ? { occurred_at: values.occurredAt } : {}),
    })
    .returning(['id', 'chain_seq', 'prev_hash', 'hash']);
  // Outside a transaction the row is committed, and chained, once the insert returns: read it back.
  const stored = target.isTransaction
    ? row
    : await target('audit_log').where({ id: row.id }).first('id', 'chain_seq', 'prev_hash', 'hash');
  return stored as { id: number; chain_seq: number; prev_hash: string; hash: string };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

async function rowCount(target: Knex): Promise<number> {
  const [row] = await target('audit_log').count<{ count: string }[]>({ count: '*' });
  return Number(row?.count);
}

describe('the audit table is append-only', () => {
  it('refuses an UPDATE, a DELETE and a TRUNCATE made directly in SQL, and keeps the row', async () => {
    const row = await insertRow(db(), { details: { reason: 'origineel' } });
    await expect(
      db().raw(`update audit_log set details = '{"reason":"vervalst"}' where id = ?`, [row.id]),
    ).rejects.toThrow('audit_log is append-only: UPDATE is refused');
    await expect(db().raw('delete from audit_log where id = ?', [row.id])).rejects.toThrow(
      'audit_log is append-only: DELETE is refused',
    );
    await expect(db().raw('truncate audit_log')).rejects.toThrow(
      'audit_log is append-only: TRUNCATE is refused',
    );
    expect(await db()('audit_log').where({ id: row.id }).first('details', 'hash')).toEqual({
      details: { reason: 'origineel' },
      hash: row.hash,
    });
  });
});

describe('the hash chain', () => {
  it('chains every insert: the next position, the previous row hash, and sha256 over both as documented', async () => {
    const last = await db()('audit_log').orderBy('chain_seq', 'desc').first('chain_seq', 'hash');
    const first = await insertRow(db(), {
      occurredAt: '2026-11-10T09:00:00.123Z',
      entityId: '12',
      details: { status: { old: 'A', new: 'G' }, reason: 'In orde' },
    });
    expect(first.chain_seq).toBe(Number(last?.chain_seq ?? 0) + 1);
    expect(first.prev_hash).toBe(last?.hash ?? ZERO_HASH);
    // The documented content: a JSON array as PostgreSQL's jsonb writes it (keys by length, then bytes).
    const content =
      `[${first.chain_seq}, ${first.id}, "2026-11-10T09:00:00.123000Z", "agency", 7, "Sofie Maes", ` +
      `"registration.approve", "registration", "12", {"reason": "In orde", "status": {"new": "G", "old": "A"}}, null]`;
    expect(first.hash).toBe(sha256Hex(first.prev_hash + content));

    // recordAudit is chained alike.
    await recordAudit(db(), {
      actor: { type: 'agency', id: 7, label: 'Sofie Maes' },
      action: 'registration.suspend',
      entityType: 'registration',
      entityId: 12,
      details: { reason: 'Klacht' },
    });
    const second = await db()('audit_log').orderBy('chain_seq', 'desc').first('chain_seq', 'prev_hash');
    expect(second).toEqual({ chain_seq: first.chain_seq + 1, prev_hash: first.hash });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, count: await rowCount(db()) });
  });

  it('stays whole when 10 transactions write audit rows at the same time', async () => {
    const before = await rowCount(db());
    const pool = createKnex(testApp.database.url, 12);
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          pool.transaction(async (trx) => {
            await recordAudit(trx, {
              actor: { type: 'system', id: null, label: 'Systeem' },
              action: 'project.lapse',
              entityType: 'project',
              entityId: 1000 + index,
            });
            await trx.raw('select pg_sleep(0.01)');
            await insertRow(trx, {
              entityType: 'project',
              action: 'project.complete',
              entityId: String(1000 + index),
            });
          }),
        ),
      );
    } finally {
      await pool.destroy();
    }
    const result = await verifyAuditChain(db());
    expect(result).toMatchObject({ ok: true, count: before + 20 });
    const positions = await db()('audit_log').orderBy('chain_seq').pluck<number[]>('chain_seq');
    expect(positions).toEqual(Array.from({ length: before + 20 }, (_, index) => index + 1));
  });

  it("takes the chain's lock at commit only: an open transaction with an audit row holds up no other writer", async () => {
    const pool = createKnex(testApp.database.url, 3);
    try {
      const longer = await pool.transaction();
      const held = await insertRow(longer, { entityId: '301' });
      // Not chained before its transaction commits.
      expect(held).toMatchObject({ chain_seq: null, prev_hash: null, hash: null });
      // Another writer commits while the first is still open, without waiting for it.
      const quick = await pool.transaction(async (trx) => {
        await trx.raw("set local lock_timeout = '2s'");
        return (await insertRow(trx, { entityId: '302' })).id;
      });
      await longer.commit();
      const [first, second] = await db()('audit_log')
        .whereIn('id', [quick, held.id])
        .orderBy('chain_seq')
        .select('id', 'chain_seq', 'prev_hash');
      // Chained in commit order: the quick one first, the one opened earlier right after it.
      expect(first?.id).toBe(quick);
      expect(second).toMatchObject({ id: held.id, chain_seq: Number(first?.chain_seq) + 1 });
      expect(await verifyAuditChain(db())).toMatchObject({ ok: true, count: await rowCount(db()) });
    } finally {
      await pool.destroy();
    }
  });

  it('chains a row that came with a chain of its own, and refuses to change a row before its commit', async () => {
    const last = await db()('audit_log').max<{ max: string }>('chain_seq as max').first();
    const forged = await db().transaction(async (trx) => {
      const [row] = await trx('audit_log')
        .insert({
          actor_type: 'agency',
          actor_label: 'Sofie Maes',
          action: 'registration.approve',
          entity_type: 'registration',
          entity_id: '12',
          chain_seq: 1,
          prev_hash: ZERO_HASH,
          hash: ZERO_HASH,
        })
        .returning('id');
      return row.id as number;
    });
    expect(await db()('audit_log').where({ id: forged }).first('chain_seq')).toEqual({
      chain_seq: Number(last?.max) + 1,
    });
    await expect(
      db().transaction(async (trx) => {
        const row = await insertRow(trx, { details: { reason: 'origineel' } });
        await trx.raw(`update audit_log set details = '{"reason":"vervalst"}' where id = ?`, [row.id]);
      }),
    ).rejects.toThrow('audit_log is append-only: UPDATE is refused');
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, count: await rowCount(db()) });
  });

  describe('on a database that was tampered with (as the superuser, triggers disabled)', () => {
    let tampered: TestDatabase;
    let rows: { id: number; chain_seq: number; hash: string }[];

    beforeAll(async () => {
      tampered = await createTestDatabase({ demo: true });
      for (let index = 0; index < 5; index += 1) {
        await insertRow(tampered.db, { entityId: String(200 + index), details: { reason: `rij ${index}` } });
      }
      rows = await tampered.db('audit_log').orderBy('chain_seq').select('id', 'chain_seq', 'hash');
      expect(await verifyAuditChain(tampered.db)).toEqual({
        ok: true,
        count: rows.length,
        lastHash: rows.at(-1)?.hash,
      });
    });
    afterAll(async () => {
      await tampered.destroy();
    });

    async function withoutAppendOnly(change: (target: Knex) => Promise<unknown>) {
      await tampered.db.raw('alter table audit_log disable trigger audit_log_append_only');
      try {
        await change(tampered.db);
      } finally {
        await tampered.db.raw('alter table audit_log enable trigger audit_log_append_only');
      }
    }

    it('reports a row whose content was altered, at exactly that row', async () => {
      const victim = rows.at(-3)!;
      await withoutAppendOnly((target) =>
        target.raw(`update audit_log set details = '{"reason":"vervalst"}' where id = ?`, [victim.id]),
      );
      expect(await verifyAuditChain(tampered.db, { batchRows: 2 })).toEqual({
        ok: false,
        count: victim.chain_seq - 1,
        problem: 'content_changed',
        id: victim.id,
        position: victim.chain_seq,
        expectedPosition: victim.chain_seq,
      });
    });

    it('reports the row after one that was altered and hashed again', async () => {
      const victim = rows.at(-3)!;
      const next = rows.at(-2)!;
      await withoutAppendOnly((target) =>
        target.raw('update audit_log a set hash = audit_log_row_hash(a.prev_hash, a) where id = ?', [
          victim.id,
        ]),
      );
      expect(await verifyAuditChain(tampered.db)).toMatchObject({
        ok: false,
        problem: 'link_broken',
        id: next.id,
        position: next.chain_seq,
      });
    });

    it('reports a deleted middle row at the row after it', async () => {
      const victim = rows.at(-2)!;
      const next = rows.at(-1)!;
      // Put the earlier tampering right first, so that only the deletion remains.
      await withoutAppendOnly(async (target) => {
        const victimBefore = rows.at(-3)!;
        await target.raw(`update audit_log set details = '{"reason":"rij 2"}' where id = ?`, [
          victimBefore.id,
        ]);
        await target.raw('update audit_log set hash = ? where id = ?', [victimBefore.hash, victimBefore.id]);
      });
      expect(await verifyAuditChain(tampered.db)).toMatchObject({ ok: true, count: rows.length });

      await withoutAppendOnly((target) => target('audit_log').where({ id: victim.id }).delete());
      expect(await verifyAuditChain(tampered.db)).toEqual({
        ok: false,
        count: victim.chain_seq - 1,
        problem: 'missing_row',
        id: next.id,
        position: next.chain_seq,
        expectedPosition: victim.chain_seq,
      });
    });

    it('npm run audit:verify exits 0 on a good chain and 1 naming the broken row', async () => {
      const verify = (url: string) =>
        run('npm', ['run', '--silent', 'audit:verify'], {
          cwd: projectRoot,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATABASE_URL: url },
        }).then(
          ({ stdout }) => ({ code: 0, stdout }),
          (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
        );

      const good = await verify(testApp.database.url);
      expect(good.code).toBe(0);
      expect(good.stdout).toContain(`De auditketen is intact: ${await rowCount(db())} rijen gecontroleerd.`);

      const next = rows.at(-1)!;
      const broken = await verify(tampered.url);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(
        `De auditketen is gebroken bij rij ${next.id} (positie ${next.chain_seq} in de keten): positie ${next.chain_seq - 1} ontbreekt (verwijderde rij).`,
      );
    });
  });
});

describe('/beheer/audit', () => {
  const label = 'Auditor Paginatest';

  beforeAll(async () => {
    // 55 rows of one made-up person, the oldest first: more than one page of 50.
    for (let index = 0; index < 55; index += 1) {
      await insertRow(db(), {
        actorLabel: label,
        action: 'mail.resend',
        entityType: 'mail',
        entityId: String(900 + index),
        occurredAt: `2026-10-${String(1 + (index % 28)).padStart(2, '0')}T10:00:00Z`,
      });
    }
    await insertRow(db(), {
      actorLabel: 'Gert Vervalser',
      action: 'provider_account.change_login',
      entityType: 'provider_account',
      entityId: '31',
      occurredAt: '2026-11-05T22:30:00Z',
      details: {
        login: { old: 'oude-login', new: 'nieuwe-login' },
        password: '$argon2id$v=19$m=65536,t=3,p=4$geheim',
        amountCents: 119835,
      },
    });
    await insertRow(db(), {
      actorLabel: 'Gert Vervalser',
      action: 'registration.approve',
      entityType: 'registration',
      entityId: '3',
      occurredAt: '2026-11-06T08:15:00Z',
      details: { status: { old: 'A', new: 'G' }, documentId: null },
    });
  });

  it('shows who did what to which object when, newest first, with old and new values and no secrets', async () => {
    const response = await staff.get('/beheer/audit').query({ persoon: 'vervalser' });
    expect(response.status).toBe(200);
    expect(bodyRowsOf(response.text)).toEqual([
      '06/11/2026 09:15 Gert Vervalser Registratie goedgekeurd Registratie 3 Status: Aangevraagd (A) → Goedgekeurd (G) Document-id: (leeg)',
      '05/11/2026 23:30 Gert Vervalser Login gewijzigd Login dienstverlener 31 Login: oude-login → nieuwe-login Wachtwoord: (niet getoond) Bedrag: € 1.198,35',
    ]);
    expect(response.text).not.toContain('argon2');
    expect(hrefOf(response.text, 'Registratie 3')).toBe('/beheer/registraties/3');
  });

  it('filters by object, action and period, and pages through the rows', async () => {
    const firstPage = await staff.get('/beheer/audit').query({ persoon: 'paginatest', actie: 'mail.resend' });
    expect(textOf(firstPage.text)).toContain('55 auditrijen');
    expect(bodyRowsOf(firstPage.text)).toHaveLength(50);
    expect(bodyRowsOf(firstPage.text)[0]).toBe(
      '27/10/2026 11:00 Auditor Paginatest Mail opnieuw verstuurd Mail 954',
    );
    const next = hrefOf(firstPage.text, 'Volgende pagina ›');
    expect(next).toBe('/beheer/audit?persoon=paginatest&actie=mail.resend&pagina=2');
    const secondPage = await staff.get(next!);
    expect(bodyRowsOf(secondPage.text)).toHaveLength(5);
    expect(bodyRowsOf(secondPage.text).at(-1)).toBe(
      '01/10/2026 12:00 Auditor Paginatest Mail opnieuw verstuurd Mail 900',
    );

    const one = await staff.get('/beheer/audit').query({ object: 'mail', objectId: '927' });
    // 28 October is winter time in Brussels (UTC+1), 1 October summer time (UTC+2).
    expect(bodyRowsOf(one.text)).toEqual([
      '28/10/2026 11:00 Auditor Paginatest Mail opnieuw verstuurd Mail 927',
    ]);
    expect(hrefOf(one.text, 'Mail 927')).toBe('/beheer/mails/927');

    const period = await staff
      .get('/beheer/audit')
      .query({ persoon: 'paginatest', van: '27/10/2026', tot: '28102026' });
    // Newest written first.
    expect(bodyRowsOf(period.text)).toEqual([
      '27/10/2026 11:00 Auditor Paginatest Mail opnieuw verstuurd Mail 954',
      '28/10/2026 11:00 Auditor Paginatest Mail opnieuw verstuurd Mail 927',
      '27/10/2026 11:00 Auditor Paginatest Mail opnieuw verstuurd Mail 926',
    ]);

    // A Brussels day: 23:30 in Brussels on 5 November is 22:30 UTC.
    const day = await staff.get('/beheer/audit').query({ van: '05/11/2026', tot: '05/11/2026' });
    expect(bodyRowsOf(day.text)).toEqual([
      expect.stringMatching(/^05\/11\/2026 23:30 Gert Vervalser Login gewijzigd /),
    ]);
  });

  it("links a row about a project to the project's sheet, by the project's number", async () => {
    const project = await db()('projects')
      .orderBy('id')
      .first<{ id: number; project_number: string }>('id', 'project_number');
    expect(project).toBeDefined();
    await insertRow(db(), {
      actorLabel: 'Auditor Projectlink',
      action: 'project.confirm',
      entityType: 'project',
      entityId: String(project.id),
      occurredAt: '2026-11-07T08:00:00Z',
    });
    const page = await staff.get('/beheer/audit').query({ persoon: 'projectlink' }).expect(200);
    expect(hrefOf(page.text, `Project ${project.id}`)).toBe(`/beheer/projecten/${project.project_number}`);
  });

  it('explains a wrong filter in Dutch, keeps what was typed and applies the rest', async () => {
    const response = await staff
      .get('/beheer/audit')
      .query({ persoon: 'vervalser', van: '31/02/2026', actie: 'iets.anders' });
    expect(response.status).toBe(200);
    expectFieldError(response.text, 'van', 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.', 'Audit');
    expectFieldError(response.text, 'actie', 'Kies een actie uit de lijst.', 'Audit');
    expect(response.text).toContain('value="31/02/2026"');
    expect(bodyRowsOf(response.text)).toHaveLength(2);

    const backwards = await staff.get('/beheer/audit').query({ van: '05/11/2026', tot: '01/11/2026' });
    expectFieldError(
      backwards.text,
      'tot',
      'De datum "tot en met" mag niet vóór de datum "van" liggen.',
      'Audit',
    );
  });

  it('counts one row in the singular, and says so when a search finds nothing', async () => {
    const one = await staff
      .get('/beheer/audit')
      .query({ persoon: 'vervalser', actie: 'registration.approve' });
    expect(textOf(one.text)).toContain('1 auditrij ');
    const none = await staff.get('/beheer/audit').query({ persoon: 'niemand die bestaat' });
    expect(none.status).toBe(200);
    expect(textOf(none.text)).toContain('0 auditrijen');
    expect(bodyRowsOf(none.text).map(textOf)).toEqual([
      'Er zijn geen auditrijen die aan deze filters voldoen.',
    ]);
    expect(hrefOf(none.text, 'Filters wissen')).toBe('/beheer/audit');
  });

  it('checks the chain on request', async () => {
    const page = await staff.get('/beheer/audit').query({ persoon: 'vervalser' });
    const check = hrefOf(page.text, 'Controleer de keten');
    expect(check).toBe('/beheer/audit?persoon=vervalser&keten=controleren');
    const checked = await staff.get(check!);
    expect(textOf(checked.text)).toContain(
      `Keten intact: De auditketen is intact: ${await rowCount(db())} rijen gecontroleerd.`,
    );
  });

  it.each(['signed out', 'head office', 'department user', 'entrepreneur'] as const)(
    'is refused to the %s',
    async (role) => {
      const agent = await demoAgent(testApp, role);
      const response = await agent.get('/beheer/audit');
      if (role === 'signed out') {
        expect(response.status).toBe(302);
        expect(response.headers.location).toBe('/auth/saml/login?RelayState=%2Fbeheer%2Faudit');
      } else {
        expect(response.status).toBe(403);
        expect(textOf(response.text)).toContain('U hebt geen toegang tot deze pagina.');
      }
      expect(response.text).not.toContain('Vervalser');
    },
  );
});
