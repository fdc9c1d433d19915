import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../config.js';
import { resolveSamlSettings } from './saml.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmo-saml-settings-'));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const base = () => parseConfig({ NODE_ENV: 'test', SESSION_SECRET: 'a'.repeat(48), DATA_DIR: dataDir });
const withSaml = (config: Config, saml: Partial<Config['saml']>, isProduction = false): Config => ({
  ...config,
  isProduction,
  saml: { ...config.saml, ...saml },
});
const full = {
  entryPoint: 'https://idp.example.be/saml/sso',
  idpCert: 'MIIC-idp-cert',
  spKey: '-----BEGIN PRIVATE KEY-----',
  spCert: '-----BEGIN CERTIFICATE-----',
};

describe('resolveSamlSettings fails closed', () => {
  it('refuses a partial set in any mode, naming what is missing, instead of using the development IdP', async () => {
    for (const isProduction of [false, true]) {
      await expect(
        resolveSamlSettings(withSaml(base(), { entryPoint: full.entryPoint }, isProduction)),
      ).rejects.toThrow('SAML settings are incomplete: SAML_IDP_CERT, SAML_SP_KEY, SAML_SP_CERT missing');
    }
    expect(fs.readdirSync(dataDir)).not.toContain('dev-idp.key');
  });

  it('requires the IdP issuer in production', async () => {
    await expect(resolveSamlSettings(withSaml(base(), full, true))).rejects.toThrow(
      'SAML settings are incomplete: SAML_IDP_ISSUER missing',
    );
    const settings = await resolveSamlSettings(withSaml(base(), { ...full, idpIssuer: 'urn:idp' }, true));
    expect(settings.devIdp).toBeUndefined();
    expect(settings.idpIssuer).toBe('urn:idp');
  });

  it('uses the given settings outside production, without the development IdP', async () => {
    const settings = await resolveSamlSettings(withSaml(base(), full));
    expect(settings.entryPoint).toBe(full.entryPoint);
    expect(settings.devIdp).toBeUndefined();
  });
});
