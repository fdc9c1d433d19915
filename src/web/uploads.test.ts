import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../domain/documents.js';
import { checkPdfDocument, checkProofDocument, safeFilename } from './uploads.js';

/** A file as multer's memory storage hands it over. */
function uploaded(content: Buffer, originalname: string, mimetype: string): Express.Multer.File {
  return {
    fieldname: 'bewijs',
    originalname,
    encoding: '7bit',
    mimetype,
    size: content.length,
    buffer: content,
  } as Express.Multer.File;
}

const pngSignature = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('safeFilename', () => {
  it.each([
    ['Bewijs stopzetting – été.pdf', 'pdf', 'Bewijs-stopzetting-ete.pdf'],
    ['C:\\Users\\jan\\scan 01.JPG', 'jpg', 'scan-01.jpg'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['.htaccess', 'png', 'bewijsstuk.png'],
    ['"><script>.pdf', 'pdf', 'script.pdf'],
    ['foto.png.exe', 'png', 'foto.png.png'],
    ['', 'pdf', 'bewijsstuk.pdf'],
  ])('%s → %s', (original, extension, expected) => {
    expect(safeFilename(original, extension)).toBe(expected);
  });

  it('keeps at most 80 characters before the extension', () => {
    expect(safeFilename(`${'a'.repeat(200)}.pdf`, 'pdf')).toBe(`${'a'.repeat(80)}.pdf`);
  });
});

describe('checkProofDocument', () => {
  it('types a file by its content, not by its name or claimed type', async () => {
    const result = await checkProofDocument(uploaded(pngSignature, 'scan.pdf', 'application/pdf'));
    expect(result).toEqual({
      document: { filename: 'scan.png', contentType: 'image/png', content: pngSignature },
    });
  });

  it('refuses no file, an empty file, text and a file over the limit, in Dutch', async () => {
    expect(await checkProofDocument(undefined)).toEqual({
      error: 'Voeg een bewijsstuk toe: een PDF, JPEG of PNG van maximaal 10 MB.',
    });
    expect(await checkProofDocument(uploaded(Buffer.alloc(0), 'leeg.pdf', 'application/pdf'))).toEqual({
      error: 'Het gekozen bestand is leeg.',
    });
    expect(
      await checkProofDocument(uploaded(Buffer.from('gewone tekst'), 'tekst.pdf', 'application/pdf')),
    ).toEqual({ error: 'Het bestand is geen PDF, JPEG of PNG. Kies een bestand van een van die soorten.' });
    const large = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    pngSignature.copy(large);
    expect(await checkProofDocument(uploaded(large, 'groot.png', 'image/png'))).toEqual({
      error: 'Het bestand is groter dan 10 MB. Kies een kleiner bestand.',
    });
  });

  it('refuses other types that file-type recognises, such as a GIF', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    expect(await checkProofDocument(uploaded(gif, 'bewijs.png', 'image/png'))).toEqual({
      error: 'Het bestand is geen PDF, JPEG of PNG. Kies een bestand van een van die soorten.',
    });
  });
});

describe('checkPdfDocument', () => {
  const what = {
    missing: 'Voeg het auditrapport toe: een PDF van maximaal 10 MB.',
    fallbackName: 'auditrapport',
  };
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n', 'latin1');

  it('accepts a PDF by its content and names it safely', async () => {
    expect(
      await checkPdfDocument(uploaded(pdf, 'Rapport (définitif).PDF', 'application/octet-stream'), what),
    ).toEqual({
      document: { filename: 'Rapport-definitif.pdf', contentType: 'application/pdf', content: pdf },
    });
    expect(await checkPdfDocument(uploaded(pdf, '...', 'application/pdf'), what)).toMatchObject({
      document: { filename: 'auditrapport.pdf' },
    });
  });

  it('refuses an image, even one named .pdf, and says what is missing', async () => {
    expect(await checkPdfDocument(uploaded(pngSignature, 'rapport.pdf', 'application/pdf'), what)).toEqual({
      error: 'Het bestand is geen PDF. Kies een PDF-bestand.',
    });
    expect(await checkPdfDocument(undefined, what)).toEqual({ error: what.missing });
  });
});
