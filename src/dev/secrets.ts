import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets for development and test, generated on first use and kept in
 * DATA_DIR so that sessions survive a restart. Production never reads this file.
 */
export interface DevelopmentSecrets {
  sessionSecret: string;
}

export function loadDevelopmentSecrets(dataDir: string): DevelopmentSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DevelopmentSecrets;
  }
  const secrets: DevelopmentSecrets = { sessionSecret: randomBytes(32).toString('hex') };
  fs.mkdirSync(dataDir, { recursive: true });
  // Written whole under a temporary name, then linked into place: linking fails when another
  // process was first, and nobody ever reads a half-written file.
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as DevelopmentSecrets;
    }
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
