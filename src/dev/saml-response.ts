import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { signXml } from '@node-saml/node-saml/lib/xml.js';
import { DOMParser } from '@xmldom/xmldom';

/**
 * Builds the SAML 2.0 responses of the development IdP with node-saml's own
 * signing. Tests use the options to make expired, unsigned or foreign responses.
 */
export interface ResponseOptions {
  issuer: string;
  destination: string;
  audience: string;
  inResponseTo: string;
  nameId: string;
  attributes: Record<string, string[]>;
  key: { privateKey: string; certificate: string };
  now?: Date;
  validForSeconds?: number;
  signAssertion?: boolean;
  signResponse?: boolean;
  /** Signature and digest algorithm; SHA-256 unless a test wants a weaker one refused. */
  signatureAlgorithm?: 'sha1' | 'sha256' | 'sha512';
  digestAlgorithm?: 'sha1' | 'sha256' | 'sha512';
  /** The top-level StatusCode; Success unless a test says otherwise. */
  statusCode?: string;
  /** The response's Destination; `null` leaves it out. Defaults to `destination`. */
  responseDestination?: string | null;
  /** The SubjectConfirmationData's InResponseTo; `null` leaves it out. Defaults to `inResponseTo`. */
  subjectInResponseTo?: string | null;
  /** The assertion's ID; a fresh one unless a test reuses one. */
  assertionId?: string;
}

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const newId = () => `_${randomBytes(20).toString('hex')}`;

export function buildSamlResponse(options: ResponseOptions): string {
  const now = options.now ?? new Date();
  const validUntil = new Date(now.getTime() + (options.validForSeconds ?? 300) * 1000);
  const notBefore = new Date(now.getTime() - 60 * 1000);
  const at = (date: Date) => date.toISOString();
  const responseId = newId();
  const assertionId = options.assertionId ?? newId();
  const subjectInResponseTo =
    options.subjectInResponseTo === undefined ? options.inResponseTo : options.subjectInResponseTo;
  const responseDestination =
    options.responseDestination === undefined ? options.destination : options.responseDestination;
  const statusCode = options.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success';
  const attributes = Object.entries(options.attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${values
          .map((value) => `<saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');

  let assertion =
    `<saml:Assertion xmlns:saml="${ASSERTION}" ID="${assertionId}" Version="2.0" IssueInstant="${at(now)}">` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(options.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${subjectInResponseTo === null ? '' : ` InResponseTo="${escapeXml(subjectInResponseTo)}"`} NotOnOrAfter="${at(validUntil)}" Recipient="${escapeXml(options.destination)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at(notBefore)}" NotOnOrAfter="${at(validUntil)}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${at(now)}" SessionIndex="${newId()}"><saml:AuthnContext>` +
    `<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef>` +
    `</saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`;

  const signing = {
    privateKey: options.key.privateKey,
    publicCert: options.key.certificate,
    signatureAlgorithm: options.signatureAlgorithm ?? 'sha256',
    // node-saml takes the short name here; a URI silently falls back to SHA-1.
    digestAlgorithm: options.digestAlgorithm ?? 'sha256',
  };
  if (options.signAssertion ?? true) {
    assertion = signXml(
      assertion,
      `//*[local-name(.)='Assertion']`,
      { reference: `//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']`, action: 'after' },
      signing,
    );
  }

  let response =
    `<samlp:Response xmlns:samlp="${PROTOCOL}" xmlns:saml="${ASSERTION}" ID="${responseId}" Version="2.0" IssueInstant="${at(now)}" ` +
    `${responseDestination === null ? '' : `Destination="${escapeXml(responseDestination)}" `}InResponseTo="${escapeXml(options.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(statusCode)}"/></samlp:Status>` +
    assertion.replace(/^<\?xml[^>]*>/, '') +
    `</samlp:Response>`;
  if (options.signResponse ?? true) {
    response = signXml(
      response,
      `/*[local-name(.)='Response']`,
      { reference: `/*[local-name(.)='Response']/*[local-name(.)='Issuer']`, action: 'after' },
      signing,
    );
  }
  return Buffer.from(response, 'utf8').toString('base64');
}

export interface AuthnRequestInfo {
  id: string;
  issuer: string | null;
  assertionConsumerServiceUrl: string | null;
}

/** Reads an AuthnRequest sent with the HTTP-Redirect binding (deflated, base64). */
export function parseRedirectAuthnRequest(samlRequest: string): AuthnRequestInfo | undefined {
  try {
    const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
    const document = new DOMParser({
      errorHandler: { error: () => undefined, fatalError: () => undefined },
    }).parseFromString(xml, 'text/xml');
    const request = document.getElementsByTagNameNS(PROTOCOL, 'AuthnRequest')[0];
    const id = request?.getAttribute('ID');
    if (!request || !id) return undefined;
    const issuer = document.getElementsByTagNameNS(ASSERTION, 'Issuer')[0]?.textContent ?? null;
    return { id, issuer, assertionConsumerServiceUrl: request.getAttribute('AssertionConsumerServiceURL') };
  } catch {
    return undefined;
  }
}
