import type { ParsedStatement } from './statement.js';
import { StatementFileError } from './statement-file-error.js';

export function parseCamt053(_content: Buffer): ParsedStatement[] {
  throw new StatementFileError('Document', 'camt.053 wordt nog niet ondersteund.');
}
