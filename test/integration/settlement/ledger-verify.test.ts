import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { bodyRowsOf, textOf } from '../../support/html.js';
import { demoAgent, type Agent } from '../../support/session.js';

/**
 * Issue 18, the ledger balances: `npm run ledger:verify` checks every project
 * of the database (the demo data all balance), prints each one that does not
 * with the reason and exits 1; /beheer says so in one line, linked to the list.
 */

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

let testApp: TestApp;
let staff: Agent;
beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  staff = await demoAgent(testApp, 'agency staff');
});
afterAll(async () => {
  await testApp.close();
});

const db = () => testApp.database.db;

const verify = () =>
  run('npm', ['run', '--silent', 'ledger:verify'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATABASE_URL: testApp.database.url,
    },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

async function projectWith(status: string) {
  return db()('projects')
    .where({ status })
    .orderBy('id')
    .first<{ id: number; projectNumber: string }>({ id: 'id', projectNumber: 'project_number' });
}

describe('the ledger check', () => {
  it('finds every demo project balanced, then names a broken one on the command line and on /beheer', async () => {
    const [counted] = await db()('projects').count<{ n: number }[]>('* as n');
    const projects = Number(counted?.n ?? 0);
    const good = await verify();
    expect(good.stdout).toBe(`${projects} projecten gecontroleerd: alle projectrekeningen kloppen.\n`);
    expect(good.code).toBe(0);
    const calm = await staff.get('/beheer').expect(200);
    expect(textOf(calm.text)).toContain('Alle projectrekeningen kloppen');
    const empty = await staff.get('/beheer/projecten/niet-in-evenwicht').expect(200);
    expect(textOf(empty.text)).toContain('De rekening van elk project klopt met zijn status.');

    // A settled project with a payment booked twice, and a waiting one with a deposit but still Bevestigd.
    const settled = await projectWith('Afgewerkt');
    await db()('ledger_entries').insert({
      project_id: settled.id,
      kind: 'betaling_dienstverlener',
      amount_cents: -12_345,
      booked_on: '2026-11-01',
    });
    const waiting = await projectWith('Bevestigd');
    await db()('ledger_entries').insert({
      project_id: waiting.id,
      kind: 'eigen_bijdrage',
      amount_cents: 50_000,
      booked_on: '2026-11-01',
    });

    const broken = await verify();
    expect(broken.code).toBe(1);
    const lines = broken.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContain(
      `${settled.projectNumber} (Afgewerkt): Het saldo is negatief (€ -123,45): er ging meer uit dan er binnenkwam. Het project heeft de status "Afgewerkt" en is afgerekend: het saldo moet € 0,00 zijn, maar is € -123,45.`,
    );
    expect(lines).toContain(
      `${waiting.projectNumber} (Bevestigd): Het project is bevestigd en wacht op de eigen bijdrage: er hoort nog niets geboekt te zijn, maar er staat 1 boeking op de rekening.`,
    );
    expect(lines[2]).toBe(
      `${projects} projecten gecontroleerd: 2 projecten met een rekening die niet klopt.`,
    );

    const home = await staff.get('/beheer').expect(200);
    expect(textOf(home.text)).toContain('2 projecten met een rekening die niet klopt');
    expect(home.text).toContain('href="/beheer/projecten/niet-in-evenwicht"');
    const list = await staff.get('/beheer/projecten/niet-in-evenwicht').expect(200);
    const rows = bodyRowsOf(list.text).map(textOf);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.includes(settled.projectNumber))).toContain('€ -123,45');
    expect(list.text).toContain(`href="/beheer/projecten/${settled.projectNumber}"`);
  });

  it('shows the list to agency staff only', async () => {
    for (const role of ['head office', 'department user', 'entrepreneur'] as const) {
      const agent = await demoAgent(testApp, role);
      await agent.get('/beheer/projecten/niet-in-evenwicht').expect(403);
    }
    const signedOut = await demoAgent(testApp, 'signed out');
    const response = await signedOut.get('/beheer/projecten/niet-in-evenwicht');
    expect(response.status).toBe(302);
  });
});
