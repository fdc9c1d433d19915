import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { loadDevelopmentSecrets } from './dev/secrets.js';
import { isValidBic, isValidIban, normaliseBic, normaliseIban } from './domain/belgian-identifiers.js';

/**
 * The environment, read once at start-up and validated. In production every
 * external setting must be given; in development and test the missing ones get
 * defaults (secrets are generated once and kept in DATA_DIR).
 */

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url().optional());

/** A duration in milliseconds, 100 ms to 10 minutes; anything else (a unit, a blank, a sign) is refused. */
const milliseconds = (fallback: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'is a number of milliseconds (digits only)')
    .transform(Number)
    .pipe(z.number().int().min(100).max(600_000))
    .default(fallback);

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATA_DIR: z.string().default('.data'),

  DATABASE_URL: optionalUrl,
  DATABASE_EMBEDDED_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** A read-only copy (streaming replica) for the projects overview, its export and the public search. */
  DATABASE_READ_URL: z.preprocess(
    blankToUndefined,
    z
      .url()
      .refine((url) => /^postgres(ql)?:\/\/[^/]/.test(url), 'is not a postgres:// or postgresql:// URL')
      .optional(),
  ),
  // Timeouts in milliseconds: no request waits longer than these for a database that is away.
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(5_000),
  DATABASE_ACQUIRE_TIMEOUT_MS: milliseconds(10_000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(30_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(60_000),

  SESSION_SECRET: z.preprocess(blankToUndefined, z.string().min(32).optional()),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),

  SMTP_URL: optionalUrl,
  SMTP_FROM: z.string().default('kmo-portefeuille <noreply@kmo-portefeuille.vlaanderen.test>'),
  AGENCY_EMAIL: z.email().default('kmo-portefeuille@vlaio.test'),

  SAML_ENTRY_POINT: optionalUrl,
  SAML_ISSUER: optionalString,
  SAML_CALLBACK_URL: optionalUrl,
  SAML_IDP_CERT: optionalString,
  /** The IdP's entity id; when given, a response from any other issuer is refused. */
  SAML_IDP_ISSUER: optionalString,
  SAML_SP_KEY: optionalString,
  SAML_SP_CERT: optionalString,

  /** Whose X-Forwarded-For to believe for the client's address: see parseTrustProxy. */
  TRUST_PROXY: z.preprocess(blankToUndefined, z.string().optional()),

  /** Requests per API token per minute (/api/v1); digits only, 1 to 100000. */
  API_RATE_LIMIT_PER_MINUTE: z
    .string()
    .regex(/^[0-9]+$/, 'is a number of requests per minute (digits only)')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100_000))
    .default(120),

  PAYMENT_INSTITUTION_NAME: z.string().default('Pluxee Belgium nv'),
  PAYMENT_INSTITUTION_ADDRESS: z.string().default('Vorstlaan 165, 1160 Oudergem'),
  // Printed on every deposit instruction: a wrong account would send companies' money astray.
  PAYMENT_INSTITUTION_IBAN: z
    .string()
    .default('BE68539007547034')
    .refine(isValidIban, 'is not a valid SEPA IBAN (length and check digits)')
    .transform((iban) => normaliseIban(iban) as string),
  PAYMENT_INSTITUTION_BIC: z
    .string()
    .default('BBRUBEBB')
    .refine(isValidBic, 'is not a valid BIC (8 or 11 letters and digits)')
    .transform(normaliseBic),
});

/** Settings that production must receive from its environment. */
const requiredInProduction = [
  'DATABASE_URL',
  'SESSION_SECRET',
  'SMTP_URL',
  'PUBLIC_URL',
  'SAML_ENTRY_POINT',
  'SAML_ISSUER',
  'SAML_CALLBACK_URL',
  'SAML_IDP_CERT',
  'SAML_IDP_ISSUER',
  'SAML_SP_KEY',
  'SAML_SP_CERT',
  'PAYMENT_INSTITUTION_NAME',
  'PAYMENT_INSTITUTION_ADDRESS',
  'PAYMENT_INSTITUTION_IBAN',
  'PAYMENT_INSTITUTION_BIC',
] as const;

/**
 * Together these name the IdP and our SP's key pair: all given, or (outside
 * production) none, for the development IdP. A partial set is a mistake that
 * must not fall back to the development IdP, which lets anyone sign in.
 */
const samlSet = ['SAML_ENTRY_POINT', 'SAML_IDP_CERT', 'SAML_SP_KEY', 'SAML_SP_CERT'] as const;

export type Environment = Record<string, string | undefined>;

export interface Config {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  publicUrl: string;
  logLevel: string;
  dataDir: string;
  database: {
    /** Absent: the embedded PostgreSQL in DATA_DIR is used. */
    url: string | undefined;
    embeddedPort: number;
    poolMax: number;
    /** Absent: every query reads from the primary. */
    readUrl: string | undefined;
    timeouts: DatabaseTimeouts;
  };
  session: { secret: string; idleMinutes: number; absoluteHours: number; secureCookie: boolean };
  mail: {
    /** Absent: the in-process development mail catcher is started. */
    smtpUrl: string | undefined;
    from: string;
    agencyAddress: string;
  };
  saml: {
    /** Absent: the development IdP at /dev/idp is the identity provider. */
    entryPoint: string | undefined;
    issuer: string;
    callbackUrl: string;
    idpCert: string | undefined;
    idpIssuer: string | undefined;
    spKey: string | undefined;
    spCert: string | undefined;
  };
  paymentInstitution: { name: string; address: string; iban: string; bic: string };
  /** Development conveniences (/dev/idp, /dev/mailbox); never in production. */
  devTools: boolean;
  /** Express's `trust proxy`: false (the socket's address), a number of hops, or addresses and ranges. */
  trustProxy: TrustProxy;
  /** The providers' API: each token's quota per window. */
  api: { rateLimit: { points: number; windowSeconds: number } };
}

export interface DatabaseTimeouts {
  /** Opening a connection (TCP and start-up). */
  connectMs: number;
  /** Waiting for a pooled connection. */
  acquireMs: number;
  /** PostgreSQL's statement_timeout. */
  statementMs: number;
  /** PostgreSQL's idle_in_transaction_session_timeout. */
  idleInTransactionMs: number;
}

export type TrustProxy = false | number | string[];

const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: absent, empty or `0` trusts no proxy (the client's address is the
 * socket's, whatever X-Forwarded-For says); a number N trusts the N nearest
 * hops; otherwise a comma-separated list of addresses, CIDR ranges or the names
 * loopback, linklocal, uniquelocal. Anything else (`true`, a typo) is refused:
 * trusting every hop would let a client choose its own address.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | { problem: string } {
  if (value === undefined) return false;
  const trimmed = value.trim();
  if (/^[0-9]{1,2}$/.test(trimmed)) return Number(trimmed) === 0 ? false : Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => {
    if (namedRanges.has(entry)) return false;
    const [address = '', prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^[0-9]{1,3}$/.test(prefix) || Number(prefix) > (version === 4 ? 32 : 128);
  });
  if (bad.length > 0)
    return {
      problem: `TRUST_PROXY: "${bad.join('", "')}" is not a hop count, an address, a CIDR range or one of loopback, linklocal, uniquelocal`,
    };
  return entries;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment. Collects every problem before failing so that an
 * operator sees all missing or malformed settings at once.
 */
export function parseConfig(environment: Environment): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  const isProduction = values.NODE_ENV === 'production';

  const isMissing = (name: string) => blankToUndefined(environment[name]) === undefined;
  if (isProduction) {
    const missing = requiredInProduction.filter(isMissing);
    if (missing.length > 0) {
      throw new ConfigError(missing.map((name) => `${name} is required in production`));
    }
  }
  const samlMissing = samlSet.filter(isMissing);
  if (samlMissing.length > 0 && samlMissing.length < samlSet.length) {
    throw new ConfigError(
      samlMissing.map(
        (name) =>
          `${name} is missing: the SAML settings ${samlSet.join(', ')} are given all together or not at all`,
      ),
    );
  }

  const trustProxy = parseTrustProxy(values.TRUST_PROXY);
  if (typeof trustProxy === 'object' && !Array.isArray(trustProxy))
    throw new ConfigError([trustProxy.problem]);

  const dataDir = path.resolve(values.DATA_DIR);
  const publicUrl = (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/$/, '');

  return {
    env: values.NODE_ENV,
    isProduction,
    port: values.PORT,
    publicUrl,
    logLevel: values.LOG_LEVEL ?? (values.NODE_ENV === 'test' ? 'silent' : 'info'),
    dataDir,
    database: {
      url: values.DATABASE_URL,
      embeddedPort: values.DATABASE_EMBEDDED_PORT,
      poolMax: values.DATABASE_POOL_MAX,
      readUrl: values.DATABASE_READ_URL,
      timeouts: {
        connectMs: values.DATABASE_CONNECT_TIMEOUT_MS,
        acquireMs: values.DATABASE_ACQUIRE_TIMEOUT_MS,
        statementMs: values.DATABASE_STATEMENT_TIMEOUT_MS,
        idleInTransactionMs: values.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
    },
    session: {
      secret: values.SESSION_SECRET ?? loadDevelopmentSecrets(dataDir).sessionSecret,
      idleMinutes: values.SESSION_IDLE_MINUTES,
      absoluteHours: values.SESSION_ABSOLUTE_HOURS,
      secureCookie: isProduction,
    },
    mail: {
      smtpUrl: values.SMTP_URL,
      from: values.SMTP_FROM,
      agencyAddress: values.AGENCY_EMAIL,
    },
    saml: {
      entryPoint: values.SAML_ENTRY_POINT,
      issuer: values.SAML_ISSUER ?? `${publicUrl}/auth/saml/metadata`,
      callbackUrl: values.SAML_CALLBACK_URL ?? `${publicUrl}/auth/saml/acs`,
      idpCert: values.SAML_IDP_CERT,
      idpIssuer: values.SAML_IDP_ISSUER,
      spKey: values.SAML_SP_KEY,
      spCert: values.SAML_SP_CERT,
    },
    paymentInstitution: {
      name: values.PAYMENT_INSTITUTION_NAME,
      address: values.PAYMENT_INSTITUTION_ADDRESS,
      iban: values.PAYMENT_INSTITUTION_IBAN,
      bic: values.PAYMENT_INSTITUTION_BIC,
    },
    devTools: !isProduction,
    trustProxy,
    api: { rateLimit: { points: values.API_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 } },
  };
}
