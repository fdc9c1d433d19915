/**
 * A small CSV reader for the tests (RFC 4180: quoted fields may hold the
 * separator, doubled quotes and line breaks; records end with CRLF or LF).
 * Kept apart from csv-stringify on purpose: the export is read back by code
 * that does not share its assumptions.
 */
export function parseCsv(text: string, separator = ';'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (index < text.length) {
    const character = text[index] as string;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (character === '"') quoted = false;
      else field += character;
      index += 1;
      continue;
    }
    if (character === '"' && field === '') {
      quoted = true;
    } else if (character === separator) {
      endField();
    } else if (character === '\r' && text[index + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      index += 1;
    } else if (character === '\n') {
      endField();
      records.push(record);
      record = [];
    } else {
      field += character;
    }
    index += 1;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}
