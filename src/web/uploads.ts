import { csrfProtectionAfterUpload } from './csrf.js';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import multer from 'multer';
import { refuseBadBytes } from './bad-bytes.js';
import {
  documentTypes,
  MAX_DOCUMENT_BYTES,
  type DocumentContentType,
  type UploadedDocument,
} from '../domain/documents.js';

/** multer's refusals, as the form shows them beside the file field. */
const uploadErrorMessages: Partial<Record<multer.ErrorCode, string>> = {
  LIMIT_FILE_SIZE: 'Het bestand is groter dan 10 MB. Kies een kleiner bestand.',
  LIMIT_FILE_COUNT: 'Voeg precies één bestand toe.',
  LIMIT_UNEXPECTED_FILE: 'Voeg precies één bestand toe.',
  LIMIT_PART_COUNT:
    'Het formulier kon niet gelezen worden. Kies het bestand opnieuw en verstuur het nog eens.',
};

/**
 * Parses a multipart form with one file field into memory (`req.file`,
 * `req.body`). A file over the limit, a second file or too many fields is not
 * an error page but a message for the form, left in `res.locals.uploadError`:
 * the route shows it beside the field. Anything else that breaks the parsing
 * (a malformed body) answers 400. Then the CSRF token the form posted with the
 * file is checked (the global check leaves multipart upload routes to this
 * point, see web/csrf.ts): a route that takes a file cannot forget it.
 */
export function singleFileUpload(field: string): RequestHandler[] {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, fieldSize: 20_000, parts: 11 },
    // Browsers send the file name as UTF-8; busboy would read it as latin1.
    defParamCharset: 'utf8',
  }).single(field);
  const parseForm = (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        res.locals.uploadError = uploadErrorMessages[error.code] ?? uploadErrorMessages.LIMIT_PART_COUNT;
        return next();
      }
      next(Object.assign(new Error('malformed multipart body', { cause: error }), { status: 400 }));
    });
  };
  return [parseForm, csrfProtectionAfterUpload, refuseBadBytes];
}

/** What a form asks for, and what it says when the file is missing or of another kind. */
interface DocumentRequirement {
  accepted: readonly DocumentContentType[];
  missing: string;
  wrongType: string;
  /** The name a file gets when its own name leaves nothing usable. */
  fallbackName: string;
}

/**
 * Checks an uploaded document: not empty, of an accepted type by its content
 * (the browser's claimed type and the file name's extension are not trusted),
 * and gives it a safe name with the extension of its real type. Returns the
 * document, or a Dutch message for the form.
 */
async function checkDocument(
  file: Express.Multer.File | undefined,
  requirement: DocumentRequirement,
): Promise<{ document: UploadedDocument } | { error: string }> {
  if (!file) return { error: requirement.missing };
  if (file.size === 0 || file.buffer.length === 0) return { error: 'Het gekozen bestand is leeg.' };
  if (file.buffer.length > MAX_DOCUMENT_BYTES)
    return { error: 'Het bestand is groter dan 10 MB. Kies een kleiner bestand.' };
  const detected = await fileTypeFromBuffer(file.buffer);
  const contentType = detected?.mime;
  if (!contentType || !(requirement.accepted as readonly string[]).includes(contentType))
    return { error: requirement.wrongType };
  const type = contentType as DocumentContentType;
  return {
    document: {
      filename: safeFilename(file.originalname, documentTypes[type], requirement.fallbackName),
      contentType: type,
      content: file.buffer,
    },
  };
}

/** A proof document: a PDF, JPEG or PNG. */
export function checkProofDocument(
  file: Express.Multer.File | undefined,
): Promise<{ document: UploadedDocument } | { error: string }> {
  return checkDocument(file, {
    accepted: ['application/pdf', 'image/jpeg', 'image/png'],
    missing: 'Voeg een bewijsstuk toe: een PDF, JPEG of PNG van maximaal 10 MB.',
    wrongType: 'Het bestand is geen PDF, JPEG of PNG. Kies een bestand van een van die soorten.',
    fallbackName: 'bewijsstuk',
  });
}

/** A document that must be a PDF (a signed declaration, an audit report); `what` names it in the messages. */
export function checkPdfDocument(
  file: Express.Multer.File | undefined,
  what: { missing: string; fallbackName: string },
): Promise<{ document: UploadedDocument } | { error: string }> {
  return checkDocument(file, {
    accepted: ['application/pdf'],
    missing: what.missing,
    wrongType: 'Het bestand is geen PDF. Kies een PDF-bestand.',
    fallbackName: what.fallbackName,
  });
}

/**
 * A file name that is safe to store and to send back in Content-Disposition:
 * no folders, no accents or control characters, only letters, digits, dot,
 * hyphen and underscore, at most 80 characters before the extension, and the
 * extension of the type found in the content.
 */
export function safeFilename(original: string, extension: string, fallbackName = 'bewijsstuk'): string {
  const lastSegment = original.split(/[\\/]/).pop() ?? '';
  const base = lastSegment
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 80)
    .replace(/[.-]+$/, '');
  return `${base || fallbackName}.${extension}`;
}
