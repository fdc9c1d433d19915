import { ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { Strategy as SamlStrategy, type VerifiedCallback } from '@node-saml/passport-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { Knex } from 'knex';
import type { Config } from '../config.js';
import { paths } from '../paths.js';
import { PostgresSamlCache } from './saml-cache.js';
import { identityFromProfile } from './saml-identity.js';
import { loadOrCreateKeyPair } from './saml-keys.js';

export const DEV_IDP_ENTITY_ID = 'urn:kmo-portefeuille:dev-idp';
const REQUEST_EXPIRY_MS = 10 * 60 * 1000;

export interface SamlSettings {
  entryPoint: string;
  issuer: string;
  callbackUrl: string;
  idpCert: string;
  idpIssuer: string | undefined;
  spKey: string;
  spCert: string;
  /** Present in development only: the key the development IdP signs with. */
  devIdp: { privateKey: string; certificate: string; entityId: string } | undefined;
}

/** Production: the settings as given. Development: our /dev/idp with key pairs generated into DATA_DIR. */
export async function resolveSamlSettings(config: Config): Promise<SamlSettings> {
  const { saml } = config;
  if (saml.entryPoint && saml.idpCert && saml.spKey && saml.spCert) {
    return {
      entryPoint: saml.entryPoint,
      issuer: saml.issuer,
      callbackUrl: saml.callbackUrl,
      idpCert: saml.idpCert,
      idpIssuer: saml.idpIssuer,
      spKey: saml.spKey,
      spCert: saml.spCert,
      devIdp: undefined,
    };
  }
  if (config.isProduction) throw new Error('SAML settings are incomplete');
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
    devIdp: { ...idp, entityId: DEV_IDP_ENTITY_ID },
  };
}

/**
 * The SAML strategy: signed response and assertion required, audience, validity
 * window and InResponseTo (cached in Postgres) checked by node-saml. The
 * recipient and the issuer are checked by `checkAddressing` before the strategy runs.
 */
export function createSamlStrategy(settings: SamlSettings, db: Knex): SamlStrategy {
  const verify = (profile: Profile | null, done: VerifiedCallback) => {
    const identity = profile ? identityFromProfile(profile) : undefined;
    if (!identity) return done(null, undefined, { message: 'missing attributes' });
    return done(null, { identity });
  };
  return new SamlStrategy(
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
      cacheProvider: new PostgresSamlCache(db, REQUEST_EXPIRY_MS),
      acceptedClockSkewMs: 5000,
      maxAssertionAgeMs: 10 * 60 * 1000,
      identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      disableRequestedAuthnContext: true,
    },
    verify,
    verify,
  );
}

/**
 * node-saml does not compare the response's Destination and the assertion's
 * Recipient with our ACS, nor the Issuer of a sign-in response with the IdP's.
 * Every occurrence must be right; the signature check that follows makes sure
 * they are the IdP's words.
 */
export function checkAddressing(
  samlResponse: unknown,
  expected: { callbackUrl: string; idpIssuer: string | undefined },
): boolean {
  if (typeof samlResponse !== 'string' || samlResponse.length > 200_000) return false;
  let document;
  try {
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    document = new DOMParser({
      errorHandler: { error: () => undefined, fatalError: () => undefined },
    }).parseFromString(xml, 'text/xml');
  } catch {
    return false;
  }
  const protocol = 'urn:oasis:names:tc:SAML:2.0:protocol';
  const assertion = 'urn:oasis:names:tc:SAML:2.0:assertion';
  const responses = Array.from(document.getElementsByTagNameNS(protocol, 'Response'));
  const confirmations = Array.from(document.getElementsByTagNameNS(assertion, 'SubjectConfirmationData'));
  if (responses.length !== 1 || confirmations.length === 0) return false;
  const destination = responses[0]?.getAttribute('Destination');
  if (destination && destination !== expected.callbackUrl) return false;
  if (!confirmations.every((confirmation) => confirmation.getAttribute('Recipient') === expected.callbackUrl))
    return false;
  if (expected.idpIssuer) {
    const issuers = Array.from(document.getElementsByTagNameNS(assertion, 'Issuer'));
    if (issuers.length === 0 || !issuers.every((issuer) => issuer.textContent?.trim() === expected.idpIssuer))
      return false;
  }
  return true;
}
