import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

const productionEnvironment = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://portal:secret@db.internal:5432/kmo',
  SESSION_SECRET: 'a'.repeat(48),
  SMTP_URL: 'smtp://mail.internal:25',
  PUBLIC_URL: 'https://www.kmo-portefeuille.be',
  SAML_ENTRY_POINT: 'https://idp.example.be/saml/sso',
  SAML_ISSUER: 'https://www.kmo-portefeuille.be/auth/saml/metadata',
  SAML_CALLBACK_URL: 'https://www.kmo-portefeuille.be/auth/saml/acs',
  SAML_IDP_CERT: 'MIIC-idp-cert',
  SAML_IDP_ISSUER: 'https://idp.example.be/saml',
  SAML_SP_KEY: '-----BEGIN PRIVATE KEY-----',
  SAML_SP_CERT: '-----BEGIN CERTIFICATE-----',
  PAYMENT_INSTITUTION_NAME: 'Pluxee Belgium nv',
  PAYMENT_INSTITUTION_ADDRESS: 'Vorstlaan 165, 1160 Oudergem',
  PAYMENT_INSTITUTION_IBAN: 'BE68539007547034',
  PAYMENT_INSTITUTION_BIC: 'BBRUBEBB',
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('accepts a complete production environment and uses it as given', () => {
    const config = parseConfig(productionEnvironment);
    expect(config.isProduction).toBe(true);
    expect(config.database.url).toBe('postgres://portal:secret@db.internal:5432/kmo');
    expect(config.session.secureCookie).toBe(true);
    expect(config.devTools).toBe(false);
    expect(config.saml.entryPoint).toBe('https://idp.example.be/saml/sso');
  });

  it.each([
    'DATABASE_URL',
    'SESSION_SECRET',
    'SMTP_URL',
    'SAML_ENTRY_POINT',
    'SAML_IDP_CERT',
    'SAML_IDP_ISSUER',
    'SAML_SP_KEY',
    'SAML_SP_CERT',
    'PAYMENT_INSTITUTION_IBAN',
  ])('stops production start-up without %s and names it', (name) => {
    const environment: Record<string, string | undefined> = { ...productionEnvironment, [name]: undefined };
    expect(problemsOf(() => parseConfig(environment))).toEqual([`${name} is required in production`]);
  });

  it('names every missing production setting at once, blank values counting as missing', () => {
    const problems = problemsOf(() =>
      parseConfig({ NODE_ENV: 'production', SESSION_SECRET: '   ', DATABASE_URL: '' }),
    );
    expect(problems).toContain('DATABASE_URL is required in production');
    expect(problems).toContain('SESSION_SECRET is required in production');
    expect(problems).toContain('SMTP_URL is required in production');
    expect(problems).toContain('SAML_SP_CERT is required in production');
    expect(problems.length).toBeGreaterThanOrEqual(10);
  });

  it.each(['development', 'test'])(
    'stops %s start-up on a partial set of SAML settings, naming each missing one (no fallback to the development IdP)',
    (mode) => {
      const problems = problemsOf(() =>
        parseConfig({
          NODE_ENV: mode,
          SESSION_SECRET: 'a'.repeat(48),
          SAML_ENTRY_POINT: 'https://idp.example.be/saml/sso',
          SAML_SP_CERT: '-----BEGIN CERTIFICATE-----',
        }),
      );
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^SAML_IDP_CERT is missing: /);
      expect(problems[1]).toMatch(/^SAML_SP_KEY is missing: /);
    },
  );

  it('accepts the full SAML set outside production, and none of it (the development IdP)', () => {
    const full = parseConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'a'.repeat(48),
      SAML_ENTRY_POINT: 'https://idp.example.be/saml/sso',
      SAML_IDP_CERT: 'MIIC-idp-cert',
      SAML_SP_KEY: '-----BEGIN PRIVATE KEY-----',
      SAML_SP_CERT: '-----BEGIN CERTIFICATE-----',
    });
    expect(full.saml.entryPoint).toBe('https://idp.example.be/saml/sso');
    const none = parseConfig({ NODE_ENV: 'test', SESSION_SECRET: 'a'.repeat(48), SAML_SP_KEY: '  ' });
    expect(none.saml.entryPoint).toBeUndefined();
    expect(none.saml.spKey).toBeUndefined();
  });

  it('refuses malformed values with the name of the setting', () => {
    const problems = problemsOf(() => parseConfig({ PORT: 'drieduizend', DATABASE_URL: 'not a url' }));
    expect(problems.some((problem) => problem.startsWith('PORT:'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('DATABASE_URL:'))).toBe(true);
  });

  it('refuses a payment institution account that is not a valid IBAN or BIC, naming the setting', () => {
    const problems = problemsOf(() =>
      parseConfig({
        ...productionEnvironment,
        // One check digit off, and a BIC one letter short.
        PAYMENT_INSTITUTION_IBAN: 'BE68539007547035',
        PAYMENT_INSTITUTION_BIC: 'BBRUBEB',
      }),
    );
    expect(problems).toEqual([
      'PAYMENT_INSTITUTION_IBAN: is not a valid SEPA IBAN (length and check digits)',
      'PAYMENT_INSTITUTION_BIC: is not a valid BIC (8 or 11 letters and digits)',
    ]);
  });

  it('keeps the payment institution account in its compact form, however it was written', () => {
    const config = parseConfig({
      ...productionEnvironment,
      PAYMENT_INSTITUTION_IBAN: 'be68 5390 0754 7034',
      PAYMENT_INSTITUTION_BIC: 'bbru be bb',
    });
    expect(config.paymentInstitution).toMatchObject({ iban: 'BE68539007547034', bic: 'BBRUBEBB' });
  });

  it('refuses a session secret shorter than 32 characters', () => {
    const problems = problemsOf(() => parseConfig({ SESSION_SECRET: 'short' }));
    expect(problems.some((problem) => problem.startsWith('SESSION_SECRET:'))).toBe(true);
  });

  it('gives development defaults and keeps a generated session secret in DATA_DIR', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-config-'));
    try {
      const first = parseConfig({ DATA_DIR: dataDir });
      expect(first.env).toBe('development');
      expect(first.port).toBe(3000);
      expect(first.publicUrl).toBe('http://localhost:3000');
      expect(first.database.url).toBeUndefined();
      expect(first.saml.callbackUrl).toBe('http://localhost:3000/auth/saml/acs');
      expect(first.session.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(first.devTools).toBe(true);
      const second = parseConfig({ DATA_DIR: dataDir, PORT: '4000' });
      expect(second.session.secret).toBe(first.session.secret);
      expect(second.publicUrl).toBe('http://localhost:4000');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told, in production too', () => {
    expect(parseConfig(productionEnvironment).trustProxy).toBe(false);
    expect(parseConfig({ ...productionEnvironment, TRUST_PROXY: ' ' }).trustProxy).toBe(false);
    expect(parseConfig({ ...productionEnvironment, TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes a hop count, addresses, CIDR ranges and the named ranges', () => {
    expect(parseConfig({ ...productionEnvironment, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(
      parseConfig({ ...productionEnvironment, TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1, fd00::/8' })
        .trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1', 'fd00::/8']);
  });

  it.each(['true', 'yes', '10.0.0.0/33', '10.0.0', 'loopback,', 'fd00::/129', '1.2.3.4/8/1', '-1', '100'])(
    'stops the process on the malformed value %j, naming it',
    (value) => {
      const problems = problemsOf(() => parseConfig({ ...productionEnvironment, TRUST_PROXY: value }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TRUST_PROXY: ".*" is not a hop count, an address, a CIDR range/);
    },
  );
});

describe('database settings', () => {
  it('has timeouts by default and no read replica', () => {
    const { database } = parseConfig(productionEnvironment);
    expect(database.readUrl).toBeUndefined();
    expect(database.timeouts).toEqual({
      connectMs: 5000,
      acquireMs: 10000,
      statementMs: 30000,
      idleInTransactionMs: 60000,
    });
  });

  it('takes a read replica and timeouts from the environment', () => {
    const { database } = parseConfig({
      ...productionEnvironment,
      DATABASE_READ_URL: 'postgres://reader:secret@replica.internal:5432/kmo',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_ACQUIRE_TIMEOUT_MS: '3000',
      DATABASE_STATEMENT_TIMEOUT_MS: '4000',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
    });
    expect(database.readUrl).toBe('postgres://reader:secret@replica.internal:5432/kmo');
    expect(database.timeouts).toEqual({
      connectMs: 2000,
      acquireMs: 3000,
      statementMs: 4000,
      idleInTransactionMs: 5000,
    });
    expect(
      parseConfig({ ...productionEnvironment, DATABASE_READ_URL: ' ' }).database.readUrl,
    ).toBeUndefined();
  });

  it('refuses a malformed read replica URL', () => {
    for (const url of ['replica.internal:5432', 'http://replica.internal/kmo', 'postgres:///kmo']) {
      const problems = problemsOf(() => parseConfig({ ...productionEnvironment, DATABASE_READ_URL: url }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^DATABASE_READ_URL: /);
    }
  });

  it('refuses malformed or unreasonable timeouts', () => {
    for (const value of ['', '5s', '-1', '1.5', '0', '99', '600001', 'abc']) {
      const problems = problemsOf(() =>
        parseConfig({ ...productionEnvironment, DATABASE_STATEMENT_TIMEOUT_MS: value }),
      );
      expect(problems, value).toHaveLength(1);
      expect(problems[0]).toMatch(/^DATABASE_STATEMENT_TIMEOUT_MS: /);
    }
    expect(
      problemsOf(() => parseConfig({ ...productionEnvironment, DATABASE_CONNECT_TIMEOUT_MS: '2 s' }))[0],
    ).toMatch(/^DATABASE_CONNECT_TIMEOUT_MS: /);
  });
});

describe('API_RATE_LIMIT_PER_MINUTE', () => {
  it('is 120 requests per token per minute unless told', () => {
    expect(parseConfig(productionEnvironment).api.rateLimit).toEqual({ points: 120, windowSeconds: 60 });
    expect(
      parseConfig({ ...productionEnvironment, API_RATE_LIMIT_PER_MINUTE: '600' }).api.rateLimit.points,
    ).toBe(600);
  });

  it('refuses anything but a whole number from 1 to 100000 (fails closed: no limit is never the fallback)', () => {
    for (const value of ['', '0', '-5', '1.5', '10/min', '100001', 'onbeperkt']) {
      const problems = problemsOf(() =>
        parseConfig({ ...productionEnvironment, API_RATE_LIMIT_PER_MINUTE: value }),
      );
      expect(problems, value).toHaveLength(1);
      expect(problems[0]).toMatch(/^API_RATE_LIMIT_PER_MINUTE: /);
    }
  });
});
