import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminQuery } from '../../support/database.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(async () => {
  await testApp.close();
});

describe('/readyz when the database is gone', () => {
  it('answers 503 while /healthz still answers 200', async () => {
    // Drop the connections and forbid new ones, as when the database goes away.
    const { db, name } = testApp.database;
    const serverUrl = inject('databaseServerUrl');
    await db.destroy();
    await adminQuery(serverUrl, `alter database "${name}" with allow_connections false`);
    await adminQuery(
      serverUrl,
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`,
    );
    db.initialize();
    try {
      const response = await request(testApp.app).get('/readyz').expect(503);
      expect(response.body).toEqual({ status: 'unavailable', database: 'unreachable' });
      await request(testApp.app).get('/healthz').expect(200);
    } finally {
      await db.destroy();
    }
  });
});
