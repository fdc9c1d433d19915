import { createHash, randomBytes } from 'node:crypto';
import { ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { Strategy as SamlStrategy, type VerifiedCallback } from '@node-saml/passport-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { paths } from '../paths.js';
import { PostgresSamlCache } from './saml-cache.js';
import { identityFromProfile } from './saml-identity.js';
import { loadOrCreateKeyPair } from './saml-keys.js';

export const DEV_IDP_ENTITY_ID = 'urn:kmo-portefeuille:dev-idp';
const REQUEST_EXPIRY_MS = 10 * 60 * 1000;
const MAX_ASSERTION_AGE_MS = 10 * 60 * 1000;

export interface SamlSettings {
  entryPoint: string;
  issuer: string;
  callbackUrl: string;
  idpCert: string;
  idpIssuer: string | undefined;
  spKey: string;
  spCert: string;
  /** Production (https): the browser-binding cookie is `SameSite=None; Secure`. */
  secureCookie: boolean;
  /** Present in development only: the key the development IdP signs with. */
  devIdp: { privateKey: string; certificate: string; entityId: string } | undefined;
}

/** The settings that together name an IdP and our SP's key: all given, or none. */
export const samlSettingNames = {
  entryPoint: 'SAML_ENTRY_POINT',
  idpCert: 'SAML_IDP_CERT',
  spKey: 'SAML_SP_KEY',
  spCert: 'SAML_SP_CERT',
} as const;

/**
 * Production: the settings as given, the IdP's issuer included. Development and
 * test without any of them: our /dev/idp with key pairs generated into DATA_DIR.
 * A partial set fails in every mode, naming what is missing: falling back to
 * the development IdP would let anyone sign in as agency staff.
 */
export async function resolveSamlSettings(config: Config): Promise<SamlSettings> {
  const { saml } = config;
  const given = (Object.keys(samlSettingNames) as (keyof typeof samlSettingNames)[]).filter(
    (key) => saml[key] !== undefined,
  );
  const missing = (Object.keys(samlSettingNames) as (keyof typeof samlSettingNames)[])
    .filter((key) => saml[key] === undefined)
    .map((key) => samlSettingNames[key]);
  if (given.length > 0 && missing.length > 0) {
    throw new Error(`SAML settings are incomplete: ${missing.join(', ')} missing`);
  }
  if (saml.entryPoint && saml.idpCert && saml.spKey && saml.spCert) {
    if (config.isProduction && !saml.idpIssuer) {
      throw new Error('SAML settings are incomplete: SAML_IDP_ISSUER missing');
    }
    return {
      entryPoint: saml.entryPoint,
      issuer: saml.issuer,
      callbackUrl: saml.callbackUrl,
      idpCert: saml.idpCert,
      idpIssuer: saml.idpIssuer,
      spKey: saml.spKey,
      spCert: saml.spCert,
      secureCookie: config.session.secureCookie,
      devIdp: undefined,
    };
  }
  if (config.isProduction) throw new Error(`SAML settings are incomplete: ${missing.join(', ')} missing`);
  const sp = await loadOrCreateKeyPair(config.dataDir, 'saml-sp', 'kmo-portefeuille SP (development)');
  const idp = await loadOrCreateKeyPair(config.dataDir, 'dev-idp', 'kmo-portefeuille development IdP');
  return {
    entryPoint: `${config.publicUrl}${paths.dev.idp()}`,
    issuer: saml.issuer,
    callbackUrl: saml.callbackUrl,
    idpCert: idp.certificate,
    idpIssuer: DEV_IDP_ENTITY_ID,
    spKey: sp.privateKey,
    spCert: sp.certificate,
    secureCookie: config.session.secureCookie,
    devIdp: { ...idp, entityId: DEV_IDP_ENTITY_ID },
  };
}

/** Starting a login: per IP address, at most this many in the window, then blocked for the window. */
export const SAML_LOGIN_STARTS = { points: 100, windowSeconds: 10 * 60 } as const;
/** The longest SAMLResponse (base64 characters) we read; a real one is a few kilobytes. */
export const MAX_SAML_RESPONSE_LENGTH = 100_000;
/** The cookie that binds a login to the browser that started it. */
export const BINDING_COOKIE = 'kmo.saml';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
/** SHA-256 and stronger only: RSA-SHA1 and SHA-1 digests are refused (node-saml accepts them). */
const ALLOWED_SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
const ALLOWED_DIGEST_METHODS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512',
]);

/** What the ACS reads from a response before any signature is checked. */
export interface InspectedResponse {
  requestId: string;
  assertionId: string;
}

/**
 * Our own checks of a posted response, on top of node-saml's (which does not
 * make them): the response is one well-formed, signed-shape SAML Response with
 * a Destination equal to our ACS, the top-level StatusCode is Success, every
 * SubjectConfirmationData names our ACS and the response's InResponseTo, the
 * issuer is the IdP's, and every signature uses SHA-256 or stronger. The
 * response signature node-saml requires covers the whole document, so these
 * words are the IdP's once that signature holds.
 */
export function inspectResponse(
  samlResponse: unknown,
  expected: { callbackUrl: string; idpIssuer: string | undefined },
): InspectedResponse | { refused: string } {
  if (typeof samlResponse !== 'string' || samlResponse.trim() === '') return { refused: 'no SAMLResponse' };
  if (samlResponse.length > MAX_SAML_RESPONSE_LENGTH) return { refused: 'SAMLResponse too long' };
  if (!/^[A-Za-z0-9+/\s]+={0,2}\s*$/.test(samlResponse)) return { refused: 'SAMLResponse is not base64' };
  let document: Document;
  try {
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    let malformed = false;
    const flag = () => {
      malformed = true;
    };
    document = new DOMParser({
      errorHandler: { warning: () => undefined, error: flag, fatalError: flag },
    }).parseFromString(xml, 'text/xml');
    if (malformed) return { refused: 'SAMLResponse is not well-formed XML' };
  } catch {
    return { refused: 'SAMLResponse is not XML' };
  }
  const root = document.documentElement;
  if (!root || root.namespaceURI !== PROTOCOL || root.localName !== 'Response') {
    return { refused: 'not a SAML Response' };
  }
  const all = (namespace: string, name: string) =>
    Array.from(document.getElementsByTagNameNS(namespace, name));
  if (all(PROTOCOL, 'Response').length !== 1) return { refused: 'more than one Response' };
  const assertions = all(ASSERTION, 'Assertion');
  if (assertions.length !== 1 || all(ASSERTION, 'EncryptedAssertion').length > 0) {
    return { refused: 'not exactly one assertion' };
  }
  const assertionId = assertions[0]?.getAttribute('ID');
  if (!assertionId) return { refused: 'assertion without ID' };

  if (root.getAttribute('Destination') !== expected.callbackUrl)
    return { refused: 'wrong or missing Destination' };
  const status = childrenOf(root, PROTOCOL, 'Status');
  const statusCode = status.length === 1 && status[0] ? childrenOf(status[0], PROTOCOL, 'StatusCode') : [];
  if (statusCode.length !== 1 || statusCode[0]?.getAttribute('Value') !== SUCCESS) {
    return { refused: 'top-level StatusCode is not Success' };
  }

  const requestId = root.getAttribute('InResponseTo');
  if (!requestId) return { refused: 'response without InResponseTo' };
  const confirmations = all(ASSERTION, 'SubjectConfirmationData');
  if (confirmations.length === 0) return { refused: 'no SubjectConfirmationData' };
  for (const confirmation of confirmations) {
    if (confirmation.getAttribute('Recipient') !== expected.callbackUrl)
      return { refused: 'wrong Recipient' };
    if (confirmation.getAttribute('InResponseTo') !== requestId) {
      return { refused: 'SubjectConfirmationData InResponseTo missing or not the response’s' };
    }
  }
  if (expected.idpIssuer) {
    const issuers = all(ASSERTION, 'Issuer');
    if (issuers.length === 0 || !issuers.every((issuer) => issuer.textContent?.trim() === expected.idpIssuer))
      return { refused: 'wrong issuer' };
  }
  const signatureMethods = all(DSIG, 'SignatureMethod');
  const digestMethods = all(DSIG, 'DigestMethod');
  if (
    signatureMethods.length === 0 ||
    !signatureMethods.every((method) =>
      ALLOWED_SIGNATURE_METHODS.has(method.getAttribute('Algorithm') ?? ''),
    ) ||
    !digestMethods.every((method) => ALLOWED_DIGEST_METHODS.has(method.getAttribute('Algorithm') ?? ''))
  ) {
    return { refused: 'signature or digest weaker than SHA-256' };
  }
  return { requestId, assertionId };
}

function childrenOf(element: Element, namespace: string, name: string): Element[] {
  return Array.from(element.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 &&
      (node as Element).namespaceURI === namespace &&
      (node as Element).localName === name,
  );
}

/** The value of the browser-binding cookie the request carries, if well-formed. */
export function bindingValueOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === BINDING_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Sign-in through SAML with passport-saml's strategy, which checks the
 * signatures, audience, validity window and InResponseTo (node-saml), around
 * our own steps: the login start is rate-limited per IP and bound to the
 * browser that started it; a response passes `inspectResponse` and the binding
 * check before the strategy runs, and once it is valid the request and the
 * assertion are claimed atomically, so one response signs in at most once.
 */
export class SamlService {
  readonly cache: PostgresSamlCache;
  readonly strategy: SamlStrategy;
  private readonly startLimiter: RateLimiterPostgres;

  constructor(
    readonly settings: SamlSettings,
    db: Knex,
  ) {
    this.cache = new PostgresSamlCache(db, REQUEST_EXPIRY_MS);
    const verify = (profile: Profile | null, done: VerifiedCallback) => {
      const identity = profile ? identityFromProfile(profile) : undefined;
      if (!identity) return done(null, undefined, { message: 'missing attributes' });
      return done(null, { identity });
    };
    this.strategy = new SamlStrategy(
      {
        name: 'saml',
        entryPoint: settings.entryPoint,
        issuer: settings.issuer,
        callbackUrl: settings.callbackUrl,
        idpCert: settings.idpCert,
        ...(settings.idpIssuer ? { idpIssuer: settings.idpIssuer } : {}),
        privateKey: settings.spKey,
        publicCert: settings.spCert,
        signatureAlgorithm: 'sha256',
        digestAlgorithm: 'sha256',
        wantAssertionsSigned: true,
        wantAuthnResponseSigned: true,
        audience: settings.issuer,
        validateInResponseTo: ValidateInResponseTo.always,
        requestIdExpirationPeriodMs: REQUEST_EXPIRY_MS,
        cacheProvider: this.cache,
        generateUniqueId: this.cache.generateUniqueId,
        acceptedClockSkewMs: 5000,
        maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
        identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        disableRequestedAuthnContext: true,
      },
      verify,
      verify,
    );
    this.startLimiter = new RateLimiterPostgres({
      storeClient: db,
      storeType: 'knex',
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix: 'saml-login-ip',
      points: SAML_LOGIN_STARTS.points,
      duration: SAML_LOGIN_STARTS.windowSeconds,
      blockDuration: SAML_LOGIN_STARTS.windowSeconds,
    });
  }

  metadata(): string {
    return this.strategy.generateServiceProviderMetadata(null, this.settings.spCert);
  }

  /**
   * Admits a login start from this IP (or says how many seconds to wait) and
   * gives the browser-binding value: the browser's own when it has one.
   */
  async admitStart(
    ip: string,
    bindingValue: string | undefined,
  ): Promise<{ ok: true; bindingValue: string } | { ok: false; secondsToWait: number }> {
    try {
      await this.startLimiter.consume(ip);
    } catch (error) {
      if (error instanceof RateLimiterRes)
        return { ok: false, secondsToWait: Math.ceil(error.msBeforeNext / 1000) };
      throw error;
    }
    return { ok: true, bindingValue: bindingValue ?? randomBytes(32).toString('base64url') };
  }

  /** Runs `start` (the strategy building the AuthnRequest) so that the request it saves is bound to this browser. */
  bindRequestsTo<T>(bindingValue: string, start: () => T): T {
    return this.cache.bindRequestsTo(hashOf(bindingValue), start);
  }

  /**
   * Our checks of a posted response before the strategy runs: `inspectResponse`,
   * then that this browser started the request it answers (login CSRF) — refused
   * before it can use the request up.
   */
  async precheck(
    samlResponse: unknown,
    bindingValue: string | undefined,
  ): Promise<CheckedResponse | { refused: string }> {
    const inspected = inspectResponse(samlResponse, this.settings);
    if ('refused' in inspected) return inspected;
    if (!bindingValue) return { refused: 'no binding cookie' };
    const bindingHash = hashOf(bindingValue);
    if (!(await this.cache.isBoundTo(inspected.requestId, bindingHash))) {
      return { refused: 'request unknown, expired, used, or started by another browser' };
    }
    return { ...inspected, bindingHash };
  }

  /** This browser's own request got an invalid answer from the strategy: it is used up. */
  async reject(checked: CheckedResponse): Promise<void> {
    await this.cache.discard(checked.requestId);
  }

  /** The strategy accepted the response: uses the request and the assertion up; true for exactly one caller. */
  async claim(checked: CheckedResponse): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (!(await this.cache.claim(checked.requestId, checked.bindingHash))) {
      return { ok: false, reason: 'request already used (concurrent post)' };
    }
    if (!(await this.cache.claimAssertion(checked.assertionId, MAX_ASSERTION_AGE_MS * 2))) {
      return { ok: false, reason: 'assertion already used' };
    }
    return { ok: true };
  }
}

/** A response that passed our checks, with the hash of the browser's binding cookie. */
export interface CheckedResponse extends InspectedResponse {
  bindingHash: string;
}
