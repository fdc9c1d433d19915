/** The largest document a user may upload (the `documents` table allows the same). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The types a proof document may have, recognised from its content, with the extension we give it. */
export const documentTypes = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
} as const;

export type DocumentContentType = keyof typeof documentTypes;

/** An uploaded file that passed the checks: type from its content, size, a safe name. */
export interface UploadedDocument {
  filename: string;
  contentType: DocumentContentType;
  content: Buffer;
}
