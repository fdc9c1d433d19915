import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface KeyPair {
  privateKey: string;
  certificate: string;
}

/**
 * A signing key pair for development, generated once into DATA_DIR: one for our
 * service provider, one for the development IdP. Production passes its own
 * through SAML_SP_KEY and SAML_SP_CERT and never reaches this code.
 */
export async function loadOrCreateKeyPair(
  dataDir: string,
  name: string,
  commonName: string,
): Promise<KeyPair> {
  const keyFile = path.join(dataDir, `${name}.key`);
  const certFile = path.join(dataDir, `${name}.crt`);
  if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
    return { privateKey: fs.readFileSync(keyFile, 'utf8'), certificate: fs.readFileSync(certFile, 'utf8') };
  }
  const generated = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000),
  });
  fs.mkdirSync(dataDir, { recursive: true });
  // Written under temporary names, then renamed: a concurrent start never reads half a key.
  const suffix = `.${process.pid}.tmp`;
  fs.writeFileSync(keyFile + suffix, generated.private, { mode: 0o600 });
  fs.writeFileSync(certFile + suffix, generated.cert);
  fs.renameSync(keyFile + suffix, keyFile);
  fs.renameSync(certFile + suffix, certFile);
  return { privateKey: generated.private, certificate: generated.cert };
}
